// The policies list's client functions, derived from its one definition in `lib/lists/policies.ts`.
import type { NcloudClient, RequestOptions } from "../client/http";
import type { QueryPair } from "../client/signer";
import { POLICIES, type SubAccountPolicy, type PoliciesQuery } from "../lists/policies";
import { fetchPageOf, itemSchemaOf, listAllOf, pageSchemaOf, queryPairsOf, querySchemaOf } from "./lists";
import type { ListAllOptions } from "./paging";
import type { z } from "zod";

export type { SubAccountPolicy, PoliciesQuery };

/** Validation of {@link PoliciesQuery}. */
export const policiesQuerySchema = querySchemaOf(POLICIES);
/** One item, as the schema checks it (fields NCP adds later are kept). */
export const policySchema = itemSchemaOf(POLICIES) as z.ZodType<SubAccountPolicy>;
/** One response body. */
export const policiesPageSchema = pageSchemaOf(POLICIES);

/** Wire order of the query parameters. */
export function policiesQueryPairs(query: PoliciesQuery, index?: number, size?: number): QueryPair[] {
  return queryPairsOf(POLICIES, query as Record<string, unknown>, index, size);
}

/** Fetches one response as the server returns it: its items, total and page index. */
export function fetchPoliciesPage(
  client: NcloudClient,
  query: PoliciesQuery,
  index?: number,
  size?: number,
  request: RequestOptions = {},
): Promise<{ items: unknown[]; total: number; index?: number }> {
  return fetchPageOf(client, POLICIES, query as Record<string, unknown>, index, size, request);
}

/**
 * Lists every item matching the query, across all pages, in server order.
 *
 * @throws ValidationError for a bad query; ApiError, NetworkError, TimeoutError, ResponseShapeError, PagingError.
 */
export function listAllPolicies(
  client: NcloudClient,
  query: PoliciesQuery = {},
  options: ListAllOptions = {},
): Promise<SubAccountPolicy[]> {
  return listAllOf(client, POLICIES, query, options) as Promise<SubAccountPolicy[]>;
}
