/* eslint-disable @typescript-eslint/no-explicit-any -- jsii: maps of any (`{ [key: string]: any }`) and fields of undocumented type */
import { z } from "zod";
import type { NcloudClient, RequestOptions } from "../client/http";
import { buildQueryString, requestUri, type QueryPair } from "../client/signer";
import { listAllPages, type ListAllOptions } from "./paging";
import { isWellFormedText } from "./meta";
import { parseQueryInput, parseResponse } from "./shape";

const text = (max: number, min = 0) =>
  z
    .string()
    .min(min)
    .max(max, `must be at most ${max} characters`)
    .refine(isWellFormedText, { message: "holds a lone surrogate (not valid Unicode text)" });

/** Query of `GET /api/v1/profiles` (External Access), paging aside. */
export interface ProfilesQuery {
  /** Column `searchWord` applies to. @default "name" when `searchWord` is set */
  readonly searchColumn?: "name" | "profileNrn";
  /** Search keyword. */
  readonly searchWord?: string;
}

/** Validation of {@link ProfilesQuery}. */
export const profilesQuerySchema = z.strictObject({
  searchColumn: z.enum(["name", "profileNrn"]).optional(),
  searchWord: text(1000).optional(),
});

/**
 * An External Access profile. Fields NCP adds later are kept on the object as they came (read them
 * with `rawItem(name)` of the construct, or as extra properties in TypeScript); documented fields may
 * be missing or null.
 */
export interface ExternalAccessProfile {
  readonly profileId: string;
  readonly name: string;
  readonly profileNrn?: string;
  readonly description?: string;
  readonly enabled?: boolean;
  readonly durationSeconds?: number;
  /** Role NRNs; the docs do not state the element type, so any JSON value is kept as it came. */
  readonly roleNrnList?: any;
  readonly createTime?: string;
  readonly updateTime?: string;
}

/** An External Access profile. Fields the docs do not list are kept. */
export const profileSchema = z.looseObject({
  profileId: z.string(),
  name: z.string(),
  profileNrn: z.string().nullish(),
  description: z.string().nullish(),
  enabled: z.boolean().nullish(),
  durationSeconds: z.number().int().nullish(),
  /** Role NRNs; the docs do not state the element type, so any JSON value is kept as it came. */
  roleNrnList: z.unknown(),
  createTime: z.string().nullish(),
  updateTime: z.string().nullish(),
}) as unknown as z.ZodType<ExternalAccessProfile>;

/** One page of the profiles API. */
export const profilesPageSchema = z.looseObject({
  pageNo: z.number().int().nonnegative().optional(),
  totalElements: z.number().int().nonnegative(),
  pageSize: z.number().int().nonnegative().optional(),
  content: z.array(profileSchema),
});
/** One page of the profiles API. */
export type ProfilesPage = z.output<typeof profilesPageSchema>;

/** Path of the profiles API under the service's base path. */
export const PROFILES_PATH = "/profiles";

/** Wire order of the query parameters (the documented order). */
export function profilesQueryPairs(query: ProfilesQuery, page?: number, size?: number): QueryPair[] {
  const pairs: QueryPair[] = [];
  const column = query.searchColumn ?? (query.searchWord !== undefined ? "name" : undefined);
  if (column !== undefined) pairs.push(["searchColumn", column]);
  if (query.searchWord !== undefined) pairs.push(["searchWord", query.searchWord]);
  if (page !== undefined) pairs.push(["page", String(page)]);
  if (size !== undefined) pairs.push(["size", String(size)]);
  return pairs;
}

/** Fetches one page of profiles as the server returns it. */
export async function fetchProfilesPage(
  client: NcloudClient,
  query: ProfilesQuery,
  page: number,
  size: number,
  request: RequestOptions = {},
): Promise<ProfilesPage> {
  const pairs = profilesQueryPairs(query, page, size);
  const body = await client.getJson("externalaccess", PROFILES_PATH, pairs, request);
  const info = {
    service: "externalaccess" as const,
    method: "GET",
    path: requestUri(`/api/v1${PROFILES_PATH}`, buildQueryString(pairs)),
  };
  return parseResponse(profilesPageSchema, body, info);
}

/**
 * Lists every External Access profile matching the query, across all pages, in server order.
 *
 * @throws ValidationError for a bad query; ApiError, NetworkError, TimeoutError, ResponseShapeError, PagingError.
 */
export async function listAllProfiles(
  client: NcloudClient,
  query: ProfilesQuery = {},
  options: ListAllOptions = {},
): Promise<ExternalAccessProfile[]> {
  const q = parseQueryInput(profilesQuerySchema, query, "profiles");
  return listAllPages(
    {
      service: "externalaccess",
      path: `/api/v1${PROFILES_PATH}`,
      identity: (p) => p.profileId,
      defaultPageSize: 20,
      memoryKey: `${client.originOf("externalaccess")}${client.basePathOf("externalaccess")}`,
      fetchPage: async (index, size, request) => {
        const r = await fetchProfilesPage(client, q, index, size, request);
        return {
          items: r.content,
          total: r.totalElements,
          ...(r.pageNo !== undefined ? { index: r.pageNo } : {}),
        };
      },
    },
    options,
  );
}
