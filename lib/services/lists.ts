import type { z } from "zod";
import type { NcloudClient } from "../client/http";
import { listAllPackages, packageSchema, packagesQuerySchema } from "./packages";
import type { ListAllOptions } from "./paging";
import { listAllPolicies, policiesQuerySchema, policySchema } from "./policies";
import { listAllProducts, productSchema, productsQuerySchema } from "./products";
import { listAllProfiles, profileSchema, profilesQuerySchema } from "./profiles";
import {
  checkFilters,
  LIST_META,
  type ListItems,
  type ListKind,
  type ListMeta,
  type ListQueries,
} from "./meta";
import { parseQueryInput } from "./shape";

/** Everything generic code (lookups, CLI) needs to know about one list, schemas and listing included. */
export interface ListDefinition<K extends ListKind> extends ListMeta<K> {
  /** Schema of one item. */
  readonly itemSchema: z.ZodType<ListItems[K]>;
  /** @throws ValidationError naming the bad value and the allowed ones. */
  validateQuery(input: unknown): ListQueries[K];
  /** Lists every item matching the query. */
  listAll(client: NcloudClient, query: ListQueries[K], options?: ListAllOptions): Promise<ListItems[K][]>;
}

function validator<K extends ListKind>(kind: K, schema: z.ZodType): (input: unknown) => ListQueries[K] {
  // The fast check accepts exactly what the schema accepts; the schema explains a refusal.
  return (input) => checkFilters(kind, input) ?? (parseQueryInput(schema, input, kind) as ListQueries[K]);
}

/** The four list definitions. */
export const LISTS: { readonly [K in ListKind]: ListDefinition<K> } = {
  packages: {
    ...LIST_META.packages,
    itemSchema: packageSchema,
    validateQuery: validator("packages", packagesQuerySchema),
    listAll: (client, query, options) => listAllPackages(client, query, options),
  },
  policies: {
    ...LIST_META.policies,
    itemSchema: policySchema,
    validateQuery: validator("policies", policiesQuerySchema),
    listAll: (client, query, options) => listAllPolicies(client, query, options),
  },
  products: {
    ...LIST_META.products,
    itemSchema: productSchema,
    validateQuery: validator("products", productsQuerySchema),
    listAll: (client, query, options) => listAllProducts(client, query, options),
  },
  profiles: {
    ...LIST_META.profiles,
    itemSchema: profileSchema,
    validateQuery: validator("profiles", profilesQuerySchema),
    listAll: (client, query, options) => listAllProfiles(client, query, options),
  },
};

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
