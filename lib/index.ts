// The public surface of cdktf-ncloud-lookups: named exports only, no side effects on import.
// The emulator and fixtures for tests are under `cdktf-ncloud-lookups/testing`; the list services
// (listAllPolicies, ...) under `cdktf-ncloud-lookups/client`.

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

// Item and query types are free to export; the listing functions and schemas (zod) live under
// `cdktf-ncloud-lookups/client` so that importing the constructs stays light.
export type { CloudFunctionsPackage, PackagesQuery } from "./services/packages";
export type { SubAccountPolicy, PoliciesQuery } from "./services/policies";
export type { ApiGatewayProduct, ProductsQuery } from "./services/products";
export type { ExternalAccessProfile, ProfilesQuery } from "./services/profiles";
export {
  LIST_KINDS,
  LIST_META,
  isListKind,
  type ListKind,
  type ListItems,
  type ListQueries,
  type ListMeta,
  type QueryParamInfo,
  type ItemFieldType,
} from "./services/meta";
export type { ListAllOptions } from "./services/paging";

export { LookupStore, PendingLookup, type ResolveSettings, type LookupResult } from "./lookups/store";
export { lookupKey, parseLookupKey, type ConnectionSettings, type LookupSpec } from "./lookups/key";
export { LOCK_FILE_NAME, readLockFile, type LockEntry, type LockFileData } from "./lookups/lockfile";
export { resolveMode, type LookupMode } from "./lookups/mode";
export type { LookupFixtures } from "./lookups/fixtures";
