// `cdktf-ncloud-lookups/client`: the four list services over the signed client. Use them from async
// code (scripts, tools); stack code uses the constructs from the package root.

export { NcloudClient, type NcloudClientOptions, type AttemptEvent } from "../client/http";
export {
  listAllPackages,
  packageSchema,
  packagesQuerySchema,
  type CloudFunctionsPackage,
  type PackagesQuery,
} from "./packages";
export {
  listAllPolicies,
  fetchPoliciesPage,
  policySchema,
  policiesPageSchema,
  policiesQuerySchema,
  type SubAccountPolicy,
  type PoliciesQuery,
} from "./policies";
export {
  listAllProducts,
  fetchProductsPage,
  productSchema,
  productsPageSchema,
  productsQuerySchema,
  type ApiGatewayProduct,
  type ProductsQuery,
} from "./products";
export {
  listAllProfiles,
  fetchProfilesPage,
  profileSchema,
  profilesPageSchema,
  profilesQuerySchema,
  type ExternalAccessProfile,
  type ProfilesQuery,
} from "./profiles";
export { listAny, listAllOf, listClientOf, validateQueryOf, type ListClient } from "./lists";
export { listDefinition, listKinds, registerList, type ListDefinition } from "../lists";
export { DEFAULT_CONCURRENCY, DEFAULT_FIRST_PAGE_SIZE, type ListAllOptions } from "./paging";
