// The public surface of cdktf-ncloud-lookups: the constructs, the settings construct, the errors, and
// the item and props types, and for lists of your own `registerList`, `NcloudListLookup` and the
// definition types. Named exports only; the one effect of loading it: when a synth will most likely
// fetch (online with no lock file yet, or refresh), the lookup worker starts now, beside the app's own
// loading (lookups/early-start.ts). The signed client and the
// list services are under `cdktf-ncloud-lookups/client`, the emulator under `cdktf-ncloud-lookups/testing`.
// This root is compiled with jsii too (`npm run build:jsii`): everything here must be jsii-compatible,
// or marked `@jsii ignore` (the error classes, which extend Error).

import { prestartWhenLikelyToFetch } from "./lookups/early-start";

prestartWhenLikelyToFetch();

export {
  CloudFunctionsPackages,
  type CloudFunctionsPackagesProps,
  SubAccountPolicies,
  type SubAccountPoliciesProps,
  ApiGatewayProducts,
  type ApiGatewayProductsProps,
  ExternalAccessProfiles,
  type ExternalAccessProfilesProps,
} from "./constructs/built-in";
export { NcloudListLookup, type NcloudListLookupProps, type TypedListLookup } from "./constructs/lookup";
export { registerList } from "./lists";
export type {
  ListDefinition,
  ParamDefinition,
  PagingDefinition,
  FilterDefinition,
  EmulatorDefinition,
  ItemFieldType,
} from "./lists/definition";
export { SelectionCount, type IItemPredicate, type NcloudLookupProps } from "./constructs/lookup";
export { NcloudLookups } from "./constructs/settings";
export { ResolveAt } from "./lookups/resolve-at";
export type { ConnectionSettings } from "./lookups/key";
export type { ResolveSettings } from "./lookups/store";

export {
  NcloudLookupsError,
  ValidationError,
  CredentialsError,
  ApiError,
  RequestFailedError,
  NetworkError,
  TimeoutError,
  ResponseTooLargeError,
  ResponseShapeError,
  PagingError,
  LookupNotFoundError,
  AmbiguousLookupError,
  SelectionError,
  LockFileError,
  FrozenLookupError,
  BridgeError,
} from "./errors";

export type { CloudFunctionsPackage, PackagesQuery } from "./lists/packages";
export type { SubAccountPolicy, PoliciesQuery } from "./lists/policies";
export type { ApiGatewayProduct, ProductsQuery } from "./lists/products";
export type { ExternalAccessProfile, ProfilesQuery } from "./lists/profiles";
export type { LookupFixtures } from "./lookups/fixtures";
