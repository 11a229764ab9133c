// The profiles list's client functions, derived from its one definition in `lib/lists/profiles.ts`.
import type { NcloudClient, RequestOptions } from "../client/http";
import type { QueryPair } from "../client/signer";
import { PROFILES, type ExternalAccessProfile, type ProfilesQuery } from "../lists/profiles";
import { fetchPageOf, itemSchemaOf, listAllOf, pageSchemaOf, queryPairsOf, querySchemaOf } from "./lists";
import type { ListAllOptions } from "./paging";
import type { z } from "zod";

export type { ExternalAccessProfile, ProfilesQuery };

/** Validation of {@link ProfilesQuery}. */
export const profilesQuerySchema = querySchemaOf(PROFILES);
/** One item, as the schema checks it (fields NCP adds later are kept). */
export const profileSchema = itemSchemaOf(PROFILES) as z.ZodType<ExternalAccessProfile>;
/** One response body. */
export const profilesPageSchema = pageSchemaOf(PROFILES);

/** Wire order of the query parameters. */
export function profilesQueryPairs(query: ProfilesQuery, index?: number, size?: number): QueryPair[] {
  return queryPairsOf(PROFILES, query as Record<string, unknown>, index, size);
}

/** Fetches one response as the server returns it: its items, total and page index. */
export function fetchProfilesPage(
  client: NcloudClient,
  query: ProfilesQuery,
  index?: number,
  size?: number,
  request: RequestOptions = {},
): Promise<{ items: unknown[]; total: number; index?: number }> {
  return fetchPageOf(client, PROFILES, query as Record<string, unknown>, index, size, request);
}

/**
 * Lists every item matching the query, across all pages, in server order.
 *
 * @throws ValidationError for a bad query; ApiError, NetworkError, TimeoutError, ResponseShapeError, PagingError.
 */
export function listAllProfiles(
  client: NcloudClient,
  query: ProfilesQuery = {},
  options: ListAllOptions = {},
): Promise<ExternalAccessProfile[]> {
  return listAllOf(client, PROFILES, query, options) as Promise<ExternalAccessProfile[]>;
}
