// The products list's client functions, derived from its one definition in `lib/lists/products.ts`.
import type { NcloudClient, RequestOptions } from "../client/http";
import type { QueryPair } from "../client/signer";
import { PRODUCTS, type ApiGatewayProduct, type ProductsQuery } from "../lists/products";
import { fetchPageOf, itemSchemaOf, listAllOf, pageSchemaOf, queryPairsOf, querySchemaOf } from "./lists";
import type { ListAllOptions } from "./paging";
import type { z } from "zod";

export type { ApiGatewayProduct, ProductsQuery };

/** Validation of {@link ProductsQuery}. */
export const productsQuerySchema = querySchemaOf(PRODUCTS);
/** One item, as the schema checks it (fields NCP adds later are kept). */
export const productSchema = itemSchemaOf(PRODUCTS) as z.ZodType<ApiGatewayProduct>;
/** One response body. */
export const productsPageSchema = pageSchemaOf(PRODUCTS);

/** Wire order of the query parameters. */
export function productsQueryPairs(query: ProductsQuery, index?: number, size?: number): QueryPair[] {
  return queryPairsOf(PRODUCTS, query as Record<string, unknown>, index, size);
}

/** Fetches one response as the server returns it: its items, total and page index. */
export function fetchProductsPage(
  client: NcloudClient,
  query: ProductsQuery,
  index?: number,
  size?: number,
  request: RequestOptions = {},
): Promise<{ items: unknown[]; total: number; index?: number }> {
  return fetchPageOf(client, PRODUCTS, query as Record<string, unknown>, index, size, request);
}

/**
 * Lists every item matching the query, across all pages, in server order.
 *
 * @throws ValidationError for a bad query; ApiError, NetworkError, TimeoutError, ResponseShapeError, PagingError.
 */
export function listAllProducts(
  client: NcloudClient,
  query: ProductsQuery = {},
  options: ListAllOptions = {},
): Promise<ApiGatewayProduct[]> {
  return listAllOf(client, PRODUCTS, query, options) as Promise<ApiGatewayProduct[]>;
}
