// The public surface of cdktf-ncloud-lookups: named exports only, no side effects on import.
// The emulator and fixtures for tests are under `cdktf-ncloud-lookups/testing`.

export {
  CloudFunctionsPackages,
  type CloudFunctionsPackagesProps,
} from "./constructs/cloud-functions-packages";
export { SubAccountPolicies, type SubAccountPoliciesProps } from "./constructs/sub-account-policies";
export { ApiGatewayProducts, type ApiGatewayProductsProps } from "./constructs/api-gateway-products";
export {
  ExternalAccessProfiles,
  type ExternalAccessProfilesProps,
} from "./constructs/external-access-profiles";
export { NcloudListLookup, type NcloudLookupProps, type SelectionCount } from "./constructs/lookup";
export { NcloudLookups } from "./constructs/settings";

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
  type ServiceName,
  type ApiErrorDetails,
  type RequestInfo,
} from "./errors";

export { NcloudClient, type NcloudClientOptions, type AttemptEvent } from "./client/http";
export { Credentials, resolveCredentials, type CredentialsOptions } from "./client/credentials";
export { resolveEndpoint, type Site, type ServiceEndpoint } from "./client/endpoints";
export {
  signV2,
  buildQueryString,
  encodeRfc3986,
  type SignatureInput,
  type QueryPair,
} from "./client/signer";

export {
  listAllPackages,
  packageSchema,
  type CloudFunctionsPackage,
  type PackagesQuery,
} from "./services/packages";
export {
  listAllPolicies,
  fetchPoliciesPage,
  policySchema,
  type SubAccountPolicy,
  type PoliciesQuery,
} from "./services/policies";
export {
  listAllProducts,
  fetchProductsPage,
  productSchema,
  type ApiGatewayProduct,
  type ProductsQuery,
} from "./services/products";
export {
  listAllProfiles,
  fetchProfilesPage,
  profileSchema,
  type ExternalAccessProfile,
  type ProfilesQuery,
} from "./services/profiles";
export {
  LISTS,
  LIST_KINDS,
  type ListKind,
  type ListItems,
  type ListQueries,
  type ListDefinition,
  type QueryParamInfo,
} from "./services/lists";
export type { ListAllOptions } from "./services/paging";

export { LookupStore, PendingLookup, type ResolveSettings, type LookupResult } from "./lookups/store";
export { lookupKey, parseLookupKey, type ConnectionSettings, type LookupSpec } from "./lookups/key";
export { LOCK_FILE_NAME, readLockFile, type LockEntry, type LockFileData } from "./lookups/lockfile";
export { resolveMode, type LookupMode } from "./lookups/mode";
export type { LookupFixtures } from "./lookups/fixtures";
