import type { z } from "zod";
import type { NcloudClient } from "../client/http";
import type { ServiceName } from "../errors";
import {
  listAllPackages,
  packageSchema,
  packagesQuerySchema,
  type CloudFunctionsPackage,
  type PackagesQuery,
} from "./packages";
import type { ListAllOptions } from "./paging";
import {
  listAllPolicies,
  policiesQuerySchema,
  policySchema,
  type PoliciesQuery,
  type SubAccountPolicy,
} from "./policies";
import {
  listAllProducts,
  productSchema,
  productsQuerySchema,
  type ApiGatewayProduct,
  type ProductsQuery,
} from "./products";
import {
  listAllProfiles,
  profileSchema,
  profilesQuerySchema,
  type ExternalAccessProfile,
  type ProfilesQuery,
} from "./profiles";
import { parseQueryInput } from "./shape";

/** The four lists this library looks up. */
export type ListKind = "packages" | "policies" | "products" | "profiles";

/** Every list kind, in a fixed order. */
export const LIST_KINDS: readonly ListKind[] = ["packages", "policies", "products", "profiles"];

/** Item type of each list. */
export interface ListItems {
  packages: CloudFunctionsPackage;
  policies: SubAccountPolicy;
  products: ApiGatewayProduct;
  profiles: ExternalAccessProfile;
}

/** Query (filter) type of each list. */
export interface ListQueries {
  packages: PackagesQuery;
  policies: PoliciesQuery;
  products: ProductsQuery;
  profiles: ProfilesQuery;
}

/** A query parameter as the CLI and docs show it. */
export interface QueryParamInfo {
  /** API name, e.g. `searchColumn`. */
  readonly name: string;
  readonly type: "string" | "boolean" | "enum";
  /** Allowed values of an enum. */
  readonly values?: readonly string[];
  readonly description: string;
}

/** Everything generic code (lookups, CLI) needs to know about one list. */
export interface ListDefinition<K extends ListKind> {
  readonly kind: K;
  readonly service: ServiceName;
  /** Human title, e.g. "Sub Account policies". */
  readonly title: string;
  /** Request path shown in docs and errors. */
  readonly path: string;
  /** Field holding the item's name (what `byName` matches). */
  readonly nameField: keyof ListItems[K] & string;
  /** Field holding the item's id. */
  readonly idField: keyof ListItems[K] & string;
  /** Field holding the item's NRN, where the API has one. */
  readonly nrnField?: keyof ListItems[K] & string;
  /** Query parameters besides paging. */
  readonly params: readonly QueryParamInfo[];
  /** Schema of one item. */
  readonly itemSchema: z.ZodType<ListItems[K]>;
  /** @throws ValidationError naming the bad value and the allowed ones. */
  validateQuery(input: unknown): ListQueries[K];
  /** Lists every item matching the query. */
  listAll(client: NcloudClient, query: ListQueries[K], options?: ListAllOptions): Promise<ListItems[K][]>;
}

const bool = (name: string, description: string): QueryParamInfo => ({ name, type: "boolean", description });

/** The four list definitions. */
export const LISTS: { readonly [K in ListKind]: ListDefinition<K> } = {
  packages: {
    kind: "packages",
    service: "cloudfunctions",
    title: "Cloud Functions packages",
    path: "GET /ncf/api/v2/packages",
    nameField: "name",
    idField: "name",
    params: [
      {
        name: "platform",
        type: "enum",
        values: ["vpc", "classic"],
        description: "platform (API default vpc)",
      },
    ],
    itemSchema: packageSchema,
    validateQuery: (input) => parseQueryInput(packagesQuerySchema, input, "packages"),
    listAll: (client, query, options) => listAllPackages(client, query, options),
  },
  policies: {
    kind: "policies",
    service: "subaccount",
    title: "Sub Account policies",
    path: "GET /api/v1/policies",
    nameField: "policyName",
    idField: "policyId",
    nrnField: "nrn",
    params: [
      { name: "type", type: "enum", values: ["SYSTEM_MANAGED", "USER_CREATED"], description: "policy type" },
      {
        name: "searchColumn",
        type: "enum",
        values: ["policyName"],
        description: "column searchWord applies to",
      },
      { name: "searchWord", type: "string", description: "search keyword" },
    ],
    itemSchema: policySchema,
    validateQuery: (input) => parseQueryInput(policiesQuerySchema, input, "policies"),
    listAll: (client, query, options) => listAllPolicies(client, query, options),
  },
  products: {
    kind: "products",
    service: "apigateway",
    title: "API Gateway products",
    path: "GET /api/v1/products",
    nameField: "productName",
    idField: "productId",
    params: [
      { name: "productName", type: "string", description: "product name to search (0-100 characters)" },
      bool("isPublished", "published (true) or not (false)"),
      {
        name: "subscriptionCode",
        type: "enum",
        values: ["PUBLIC", "PROTECTED"],
        description: "subscription type",
      },
      bool("hasDeployedStage", "with (true) or without (false) a deployed stage"),
      {
        name: "hasStageNotAssociatedWithUsagePlanId",
        type: "string",
        description: "leave out products whose stages use this usage plan id",
      },
    ],
    itemSchema: productSchema,
    validateQuery: (input) => parseQueryInput(productsQuerySchema, input, "products"),
    listAll: (client, query, options) => listAllProducts(client, query, options),
  },
  profiles: {
    kind: "profiles",
    service: "externalaccess",
    title: "External Access profiles",
    path: "GET /api/v1/profiles",
    nameField: "name",
    idField: "profileId",
    nrnField: "profileNrn",
    params: [
      {
        name: "searchColumn",
        type: "enum",
        values: ["name", "profileNrn"],
        description: "column searchWord applies to",
      },
      { name: "searchWord", type: "string", description: "search keyword" },
    ],
    itemSchema: profileSchema,
    validateQuery: (input) => parseQueryInput(profilesQuerySchema, input, "profiles"),
    listAll: (client, query, options) => listAllProfiles(client, query, options),
  },
};

/** True for one of the four list kinds. */
export function isListKind(value: string): value is ListKind {
  return (LIST_KINDS as readonly string[]).includes(value);
}

/**
 * Lists every item of any list: validates the raw filters, then pages through the API.
 *
 * @throws ValidationError for bad filters; the list's own errors otherwise.
 */
export function listAny<K extends ListKind>(
  kind: K,
  client: NcloudClient,
  filters: unknown,
  options?: ListAllOptions,
): Promise<ListItems[K][]> {
  const def = LISTS[kind] as unknown as ListDefinition<K>;
  return def.listAll(client, def.validateQuery(filters), options);
}
