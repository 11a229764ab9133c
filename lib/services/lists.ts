/**
 * Everything derived from a list's definition that needs the schemas (zod) or the network: item,
 * query and page schemas, query pairs in wire order, one generic pager for the three paging styles,
 * and the runtime view of each list. The fast checks in `meta.ts` derive from the same definition.
 */
import type { z } from "zod";
import type { NcloudClient, RequestOptions } from "../client/http";
import { buildQueryString, requestUri, type QueryPair } from "../client/query";
import {
  basePathOn,
  checkRegionValues,
  markerPath,
  valueAtPath,
  withSiteFixedParams,
  type ListDefinition,
} from "../lists/definition";
import { checkFilters, isValidPage, listDefinition, type ListItems, type ListKind } from "./meta";
import { listAllPages, type ListAllOptions } from "./paging";
import { parseRegion, regionHostPrefix } from "../lists/regions";
import { isUnconfirmedHost } from "../lists/services";
import { dropProtoKeys, parseQueryInput, parseResponse } from "./shape";
import type * as SchemasModule from "./schemas";

/** The zod schemas, loaded when first needed: a page or query the fast checks accept needs none. */
function schemas(): typeof SchemasModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("./schemas") as typeof SchemasModule;
}

/** The schema of one item: the name and id required, other documented fields null, missing or typed. */
export function itemSchemaOf(def: ListDefinition): z.ZodType {
  return schemas().itemSchemaOf(def);
}

/** The schema of the query (filters): exactly the definition's parameters. */
export function querySchemaOf(def: ListDefinition): z.ZodType {
  return schemas().querySchemaOf(def);
}

/** The schema of one response body (one page), from the definition's response template. */
export function pageSchemaOf(def: ListDefinition): z.ZodType {
  return schemas().pageSchemaOf(def);
}

/** The query pairs of a request in the definition's wire order; paging first or last as it says. */
export function queryPairsOf(
  def: ListDefinition,
  query: Readonly<Record<string, unknown>>,
  index?: number,
  size?: number,
): QueryPair[] {
  const paging: QueryPair[] = [];
  if (index !== undefined && def.paging.indexParam !== undefined)
    paging.push([def.paging.indexParam, String(index)]);
  if (size !== undefined && def.paging.sizeParam !== undefined)
    paging.push([def.paging.sizeParam, String(size)]);
  const filters: QueryPair[] = [];
  for (const name of def.wireOrder ?? def.params.map((p) => p.name)) {
    const p = def.params.find((x) => x.name === name);
    let value = query[name];
    if (value === undefined && p?.defaultWhen !== undefined && query[p.defaultWhen.param] !== undefined) {
      value = p.defaultWhen.value;
    }
    if (value !== undefined) filters.push([name, String(value)]);
  }
  return def.paging.paramsFirst === true ? [...paging, ...filters] : [...filters, ...paging];
}

/** The base path of a list on a client's site. */
function basePathOf(def: ListDefinition, client: NcloudClient): string {
  return basePathOn(def, client.site);
}

/**
 * The region a regional list's requests go to (the client's region setting, checked against the
 * site's regions); undefined for a list with one host per site.
 *
 * @throws ValidationError for a region the site does not have.
 */
export function listRegionOf(def: ListDefinition, client: NcloudClient): string | undefined {
  if (def.regional !== true) return undefined;
  const { value, source } = client.regionSetting;
  return parseRegion(value, client.site, source);
}

/** The origin a list's requests go to on a client (a regional list: its region's hosts). */
export function listOriginOf(def: ListDefinition, client: NcloudClient): string {
  return client.originOf(def.service, regionHostPrefix(listRegionOf(def, client)));
}

/** One response of a list, parsed: its items, total and page index where the response has them. */
export async function fetchPageOf(
  client: NcloudClient,
  def: ListDefinition,
  query: Readonly<Record<string, unknown>>,
  index?: number,
  size?: number,
  request: RequestOptions = {},
): Promise<{ items: unknown[]; total: number; index?: number }> {
  const pairs = queryPairsOf(def, query, index, size);
  const basePath = basePathOf(def, client);
  const service = def.service;
  const body = await client.getJson(service, `${basePath}${def.path}`, pairs, {
    ...request,
    regionPrefix: regionHostPrefix(listRegionOf(def, client)),
    unconfirmedHost: isUnconfirmedHost(service, client.site),
  });
  const info = {
    service,
    method: "GET",
    path: requestUri(`${basePath}${def.path}`, buildQueryString(pairs)),
  };
  // The fast check passes a well-formed page as it is (zod not even loaded); the schema explains a refusal.
  dropProtoKeys(body);
  const page = isValidPage(def.kind, body) ? body : (parseResponse(pageSchemaOf(def), body, info) as unknown);
  const template = def.paging.response;
  const items = valueAtPath(page, markerPath(template, "$items") ?? "") as unknown[];
  const totalPath = markerPath(template, "$total");
  const indexPath = markerPath(template, "$index");
  const at = indexPath !== undefined ? valueAtPath(page, indexPath) : undefined;
  return {
    items,
    total: totalPath !== undefined ? (valueAtPath(page, totalPath) as number) : items.length,
    ...(typeof at === "number" ? { index: at } : {}),
  };
}

/**
 * Lists every item of a list matching the query, in server order: one request for a list that does
 * not page, else the first page, then the rest concurrently (see `listAllPages`).
 *
 * @throws ValidationError for a bad query; ApiError, NetworkError, TimeoutError, ResponseShapeError, PagingError.
 */
export async function listAllOf(
  client: NcloudClient,
  def: ListDefinition,
  query: unknown,
  options: ListAllOptions = {},
): Promise<unknown[]> {
  let q = validateQueryOf(def, query) as Record<string, unknown>;
  q = withSiteFixedParams(def, q, client.site);
  const region = listRegionOf(def, client);
  if (region !== undefined) q = checkRegionValues(def, q, region);
  if (def.paging.style === "none") {
    const { items } = await fetchPageOf(client, def, q, undefined, undefined, {
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
    options.onProgress?.(items.length, items.length);
    return items;
  }
  const offset = def.paging.style === "offset";
  return listAllPages(
    {
      service: def.service,
      path: `${basePathOf(def, client)}${def.path}`,
      identity: (item) => String((item as Record<string, unknown>)[def.idField]),
      ...(def.paging.defaultSize !== undefined ? { defaultPageSize: def.paging.defaultSize } : {}),
      memory: {
        sizes: client.pageSizes,
        key: `${listOriginOf(def, client)}${basePathOf(def, client)}${def.path}`,
      },
      fetchPage: async (index, size, request) =>
        fetchPageOf(client, def, q, offset ? index * size : index, size, request),
    },
    options,
  );
}

/** The query, validated: the fast check passes valid filters, the schema explains a refusal. */
export function validateQueryOf(def: ListDefinition, input: unknown): unknown {
  return checkFilters(def.kind, input) ?? parseQueryInput(querySchemaOf(def), input, def.kind);
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
  return listAllOf(client, listDefinition(kind), filters, options) as Promise<ListItems[K][]>;
}

/** The client functions of one list, typed with its item and query types. */
export interface ListClient<I, Q> {
  /** Validation of the query. */
  readonly querySchema: z.ZodType;
  /** One item, as the schema checks it (fields NCP adds later are kept). */
  readonly itemSchema: z.ZodType<I>;
  /** One response body. */
  readonly pageSchema: z.ZodType;
  /** The query pairs in wire order. */
  queryPairs(query: Q, index?: number, size?: number): QueryPair[];
  /** Fetches one response as the server returns it: its items, total and page index. */
  fetchPage(
    client: NcloudClient,
    query: Q,
    index?: number,
    size?: number,
    request?: RequestOptions,
  ): Promise<{ items: unknown[]; total: number; index?: number }>;
  /**
   * Lists every item matching the query, across all pages, in server order.
   *
   * @throws ValidationError for a bad query; ApiError, NetworkError, TimeoutError, ResponseShapeError, PagingError.
   */
  listAll(client: NcloudClient, query?: Q, options?: ListAllOptions): Promise<I[]>;
}

/** The client functions of a list, from its definition. */
export function listClientOf<I, Q>(def: ListDefinition): ListClient<I, Q> {
  const asRecord = (q: Q): Record<string, unknown> => q as unknown as Record<string, unknown>;
  return {
    get querySchema() {
      return querySchemaOf(def);
    },
    get itemSchema() {
      return itemSchemaOf(def) as z.ZodType<I>;
    },
    get pageSchema() {
      return pageSchemaOf(def);
    },
    queryPairs: (query, index, size) => queryPairsOf(def, asRecord(query), index, size),
    fetchPage: (client, query, index, size, request = {}) =>
      fetchPageOf(client, def, asRecord(query), index, size, request),
    listAll: (client, query = {} as Q, options = {}) =>
      listAllOf(client, def, query, options) as Promise<I[]>,
  };
}
