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

/** Query of `GET /api/v1/policies` (Sub Account), paging aside. */
export interface PoliciesQuery {
  /** Policy type. */
  readonly type?: "SYSTEM_MANAGED" | "USER_CREATED";
  /** Column `searchWord` applies to. @default "policyName" when `searchWord` is set */
  readonly searchColumn?: "policyName";
  /** Search keyword (the server matches part of the name). */
  readonly searchWord?: string;
}

/** Validation of {@link PoliciesQuery}. */
export const policiesQuerySchema = z.strictObject({
  type: z.enum(["SYSTEM_MANAGED", "USER_CREATED"]).optional(),
  searchColumn: z.enum(["policyName"]).optional(),
  searchWord: text(1000).optional(),
});

/**
 * A Sub Account policy. Fields NCP adds later are kept on the object as they came (read them with
 * `rawItem(name)` of the construct, or as extra properties in TypeScript); documented fields may be
 * missing or null.
 */
export interface SubAccountPolicy {
  readonly policyId: string;
  readonly policyName: string;
  /** `SYSTEM_MANAGED` or `USER_CREATED`. */
  readonly policyType?: string;
  readonly policyDesc?: string;
  readonly nrn?: string;
}

/** A Sub Account policy. Fields the docs do not list are kept. */
export const policySchema = z.looseObject({
  policyId: z.string(),
  policyName: z.string(),
  policyType: z.string().nullish(),
  policyDesc: z.string().nullish(),
  nrn: z.string().nullish(),
}) as unknown as z.ZodType<SubAccountPolicy>;

/** One page of the policies API. */
export const policiesPageSchema = z.looseObject({
  page: z.number().int().nonnegative().optional(),
  totalPages: z.number().int().nonnegative().optional(),
  totalItems: z.number().int().nonnegative(),
  hasPrevious: z.boolean().optional(),
  hasNext: z.boolean().optional(),
  isFirst: z.boolean().optional(),
  isLast: z.boolean().optional(),
  items: z.array(policySchema),
});
/** One page of the policies API. */
export type PoliciesPage = z.output<typeof policiesPageSchema>;

/** Path of the policies API under the service's base path. */
export const POLICIES_PATH = "/policies";

/** Wire order of the query parameters (the documented order). */
export function policiesQueryPairs(query: PoliciesQuery, page?: number, size?: number): QueryPair[] {
  const pairs: QueryPair[] = [];
  if (page !== undefined) pairs.push(["page", String(page)]);
  if (size !== undefined) pairs.push(["size", String(size)]);
  const column = query.searchColumn ?? (query.searchWord !== undefined ? "policyName" : undefined);
  if (column !== undefined) pairs.push(["searchColumn", column]);
  if (query.searchWord !== undefined) pairs.push(["searchWord", query.searchWord]);
  if (query.type !== undefined) pairs.push(["type", query.type]);
  return pairs;
}

/** Fetches one page of policies as the server returns it. */
export async function fetchPoliciesPage(
  client: NcloudClient,
  query: PoliciesQuery,
  page: number,
  size: number,
  request: RequestOptions = {},
): Promise<PoliciesPage> {
  const pairs = policiesQueryPairs(query, page, size);
  const body = await client.getJson("subaccount", POLICIES_PATH, pairs, request);
  const info = {
    service: "subaccount" as const,
    method: "GET",
    path: requestUri(`/api/v1${POLICIES_PATH}`, buildQueryString(pairs)),
  };
  return parseResponse(policiesPageSchema, body, info);
}

/**
 * Lists every Sub Account policy matching the query, across all pages, in server order.
 *
 * @throws ValidationError for a bad query; ApiError, NetworkError, TimeoutError, ResponseShapeError, PagingError.
 */
export async function listAllPolicies(
  client: NcloudClient,
  query: PoliciesQuery = {},
  options: ListAllOptions = {},
): Promise<SubAccountPolicy[]> {
  const q = parseQueryInput(policiesQuerySchema, query, "policies");
  return listAllPages(
    {
      service: "subaccount",
      path: `/api/v1${POLICIES_PATH}`,
      identity: (p) => p.policyId,
      defaultPageSize: 10,
      memoryKey: `${client.originOf("subaccount")}${client.basePathOf("subaccount")}`,
      fetchPage: async (index, size, request) => {
        const r = await fetchPoliciesPage(client, q, index, size, request);
        return { items: r.items, total: r.totalItems, ...(r.page !== undefined ? { index: r.page } : {}) };
      },
    },
    options,
  );
}
