// The packages list's client functions, derived from its one definition in `lib/lists/packages.ts`.
import type { NcloudClient, RequestOptions } from "../client/http";
import type { QueryPair } from "../client/signer";
import { PACKAGES, type CloudFunctionsPackage, type PackagesQuery } from "../lists/packages";
import { fetchPageOf, itemSchemaOf, listAllOf, pageSchemaOf, queryPairsOf, querySchemaOf } from "./lists";
import type { ListAllOptions } from "./paging";
import type { z } from "zod";

export type { CloudFunctionsPackage, PackagesQuery };

/** Validation of {@link PackagesQuery}. */
export const packagesQuerySchema = querySchemaOf(PACKAGES);
/** One item, as the schema checks it (fields NCP adds later are kept). */
export const packageSchema = itemSchemaOf(PACKAGES) as z.ZodType<CloudFunctionsPackage>;
/** One response body. */
export const packagesPageSchema = pageSchemaOf(PACKAGES);

/** Wire order of the query parameters. */
export function packagesQueryPairs(query: PackagesQuery, index?: number, size?: number): QueryPair[] {
  return queryPairsOf(PACKAGES, query as Record<string, unknown>, index, size);
}

/** Fetches one response as the server returns it: its items, total and page index. */
export function fetchPackagesPage(
  client: NcloudClient,
  query: PackagesQuery,
  index?: number,
  size?: number,
  request: RequestOptions = {},
): Promise<{ items: unknown[]; total: number; index?: number }> {
  return fetchPageOf(client, PACKAGES, query as Record<string, unknown>, index, size, request);
}

/**
 * Lists every item matching the query, across all pages, in server order.
 *
 * @throws ValidationError for a bad query; ApiError, NetworkError, TimeoutError, ResponseShapeError, PagingError.
 */
export function listAllPackages(
  client: NcloudClient,
  query: PackagesQuery = {},
  options: ListAllOptions = {},
): Promise<CloudFunctionsPackage[]> {
  return listAllOf(client, PACKAGES, query, options) as Promise<CloudFunctionsPackage[]>;
}
