/**
 * How a server answers a list request, derived from the list's definition: query validation, the
 * server-side filters, paging and the response body. The emulator (`lib/testing`) serves it over HTTP;
 * fixtures (`lookups/fixtures.ts`) filter with it in memory. Runtime code imports this, never the
 * emulator.
 */
import {
  filterValueOf,
  markerPath,
  type CompleteListDefinition as ListDefinition,
  type FilterDefinition,
} from "./definition";

/** A client error in a request: answered 400 in the service's error shape. */
export class BadQueryError extends Error {}

/** A data set: items per list (packages: per platform), and any tables filters use. */
export type ServedData = Readonly<Record<string, unknown>>;

/** Per-request modifiers applied by faults. */
export interface PageModifiers {
  /** Ignore page/offset: always the first page. */
  readonly stuck?: boolean;
  /** Added to the reported totals. */
  readonly totalsBump?: number;
  /** Value of a bucket parameter (packages' platform) when the query names none. */
  readonly defaultBucket?: string;
}

/** A computed 200 answer: the body object and the path (inside it) of the item list. */
export interface ListAnswer {
  readonly body: Record<string, unknown>;
  /** The items array of this page (the same array referenced by body). */
  readonly items: Record<string, unknown>[];
  /** Where the items sit in the body, e.g. `productPage.content`. */
  readonly itemsPath: string;
}

/** Filtered-list memo: filtering 100,000 items on every page request would dominate benchmarks. */
export class FilterCache {
  private readonly entries = new Map<string, readonly unknown[]>();
  /** The cached list for `key`, computed (and kept, up to 32 entries) on a miss. */
  get<T>(key: string, compute: () => T[]): T[] {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit as T[];
    const value = compute();
    if (this.entries.size >= 32) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, value);
    return value;
  }
  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
  }
}

const INT_MAX = 2147483647n;
const LONG_MAX = 9223372036854775807n;

function param(query: Readonly<Record<string, string>>, name: string): string | undefined {
  const v = query[name];
  return v === undefined || v === "" ? undefined : v;
}

function intParam(
  query: Readonly<Record<string, string>>,
  name: string,
  dflt: number,
  min: number,
  max: bigint,
): number {
  const v = param(query, name);
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || BigInt(v) > max || BigInt(v) < BigInt(min)) {
    throw new BadQueryError(`Invalid value '${v}' for '${name}': expected an integer from ${min} to ${max}.`);
  }
  return Number(v);
}

function contains(value: unknown, word: string): boolean {
  return typeof value === "string" && value.toLowerCase().includes(word.toLowerCase());
}

/** The query's filter values, checked as a server checks them. @throws BadQueryError */
function filterValues(
  def: ListDefinition,
  query: Readonly<Record<string, string>>,
): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const p of def.params) {
    const v = param(query, p.name);
    if (v === undefined) continue;
    if (p.type === "enum" || p.type === "boolean") {
      const allowed = p.type === "boolean" ? ["true", "false"] : (p.values ?? []);
      if (!allowed.includes(v)) {
        throw new BadQueryError(
          `Invalid value '${v}' for '${p.name}': expected one of ${allowed.join(", ")}.`,
        );
      }
      out[p.name] = filterValueOf(p, v) as string | boolean;
    } else {
      if (p.maxLength !== undefined && [...v].length > p.maxLength) {
        throw new BadQueryError(`Invalid value for '${p.name}': at most ${p.maxLength} characters.`);
      }
      out[p.name] = v;
    }
  }
  return out;
}

/** True when an item passes one filter. */
function passes(
  f: FilterDefinition,
  item: Record<string, unknown>,
  values: Readonly<Record<string, string | boolean>>,
  data: ServedData,
  idField: string,
): boolean {
  const v = values[f.param];
  if (v === undefined) return true;
  switch (f.kind) {
    case "equals":
      return item[f.field] === v;
    case "contains":
      return contains(item[f.field], String(v));
    case "containsIn":
      return contains(item[String(values[f.columnParam] ?? f.defaultColumn)], String(v));
    case "notListedIn": {
      const table = (data[f.table] ?? {}) as Record<string, readonly string[] | undefined>;
      return !(table[String(item[idField])] ?? []).includes(String(v));
    }
    case "bucket":
      return true;
  }
}

/** Fills a response template's markers. */
function fill(template: unknown, values: Readonly<Record<string, unknown>>): unknown {
  if (typeof template === "string" && template.startsWith("$")) return values[template];
  if (typeof template === "object" && template !== null) {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, values)]));
  }
  return template;
}

/**
 * Validates a list request's query and computes its 200 answer: filters as the definition says, then
 * one page at the requested index and size (at most `cap` items a page).
 *
 * @throws BadQueryError for an invalid query value.
 */
export function serveList(
  def: ListDefinition,
  query: Readonly<Record<string, string>>,
  data: ServedData,
  cap: number | undefined,
  cache: FilterCache,
  mods: PageModifiers = {},
): ListAnswer {
  const paging = def.paging;
  const max = paging.intRange === "long" ? LONG_MAX : INT_MAX;
  const index = paging.indexParam !== undefined ? intParam(query, paging.indexParam, 0, 0, max) : 0;
  const asked =
    paging.sizeParam !== undefined
      ? intParam(query, paging.sizeParam, def.emulator.defaultSize ?? 10, 1, max)
      : Number.MAX_SAFE_INTEGER;
  const size = Math.min(asked, cap ?? def.emulator.cap ?? Number.MAX_SAFE_INTEGER);
  const values = filterValues(def, query);
  const bucket = def.filters.find((f) => f.kind === "bucket");
  let source = data[def.kind] as unknown;
  if (bucket?.kind === "bucket") {
    const key = String(values[bucket.param] ?? mods.defaultBucket ?? bucket.defaultValue);
    source = ((source ?? {}) as Record<string, unknown>)[key];
  }
  const pool = (Array.isArray(source) ? source : []) as Record<string, unknown>[];
  const cacheKey = `${def.kind}\0${JSON.stringify(values)}\0${bucket !== undefined ? String(values[bucket.param] ?? mods.defaultBucket ?? "") : ""}`;
  const all = cache.get(cacheKey, () =>
    pool.filter((item) => def.filters.every((f) => passes(f, item, values, data, def.idField))),
  );
  const bump = mods.totalsBump ?? 0;
  let items: Record<string, unknown>[];
  let pageIndex = 0;
  if (paging.style === "none") {
    items = [...all];
  } else if (paging.style === "offset") {
    const start = mods.stuck === true ? 0 : index;
    items = all.slice(start, start + size);
  } else {
    pageIndex = mods.stuck === true ? 0 : index;
    items = all.slice(pageIndex * size, pageIndex * size + size);
  }
  const total = all.length + bump;
  const pages = Math.ceil(total / size);
  const hasNext = pageIndex + 1 < pages;
  const body = fill(paging.response, {
    $items: items,
    $total: total,
    $index: pageIndex,
    $size: size,
    $pages: pages,
    $hasNext: hasNext,
    $hasPrevious: pageIndex > 0,
    $isFirst: pageIndex === 0,
    $isLast: !hasNext,
    $unfiltered: pool.length,
  }) as Record<string, unknown>;
  return { body, items, itemsPath: markerPath(paging.response, "$items") ?? "" };
}

/**
 * The shape a data set takes for these lists, as a JSON example: items under each list's kind (per
 * value of its bucket parameter, if it has one), and each table a filter reads.
 */
export function dataSetExample(defs: readonly ListDefinition[]): string {
  const parts = defs.map((def) => {
    const bucket = def.filters.find((f) => f.kind === "bucket");
    if (bucket === undefined) return `"${def.kind}": [...]`;
    return `"${def.kind}": {${bucketValues(def, bucket.param)
      .map((v) => `"${v}": [...]`)
      .join(", ")}}`;
  });
  return `{${parts.join(", ")}}`;
}

/** The values a bucket parameter takes (its enum values, else the bucket's default alone). */
function bucketValues(def: ListDefinition, param: string): readonly string[] {
  const p = def.params.find((x) => x.name === param);
  if (p?.type === "enum" && p.values !== undefined) return p.values;
  const bucket = def.filters.find((f) => f.kind === "bucket" && f.param === param);
  return bucket?.kind === "bucket" ? [bucket.defaultValue] : [];
}

/** The tables filters of these lists read (`notListedIn`), by name. */
function tablesOf(defs: readonly ListDefinition[]): Set<string> {
  const tables = new Set<string>();
  for (const def of defs) for (const f of def.filters) if (f.kind === "notListedIn") tables.add(f.table);
  return tables;
}

/**
 * What is wrong with the outline of a data set for these lists (items are objects, in arrays under
 * each list's kind or per bucket value; tables are objects), or undefined when nothing is.
 */
export function dataSetProblem(data: unknown, defs: readonly ListDefinition[]): string | undefined {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return "not a JSON object";
  const set = data as Record<string, unknown>;
  const tables = tablesOf(defs);
  const kinds = new Set(defs.map((d) => d.kind));
  const unknown = Object.keys(set).filter((k) => !kinds.has(k) && !tables.has(k));
  if (unknown.length > 0) return `unknown key(s) ${unknown.join(", ")}`;
  const isObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);
  const isObjectArray = (v: unknown): boolean => Array.isArray(v) && v.every(isObject);
  for (const def of defs) {
    const value = set[def.kind];
    if (value === undefined) continue;
    const bucket = def.filters.find((f) => f.kind === "bucket");
    if (bucket === undefined) {
      if (!isObjectArray(value)) return `"${def.kind}" must be an array of objects`;
      continue;
    }
    const values = bucketValues(def, bucket.param);
    if (!isObject(value))
      return `"${def.kind}" must be an object keyed by ${bucket.param} (${values.join(", ")})`;
    for (const [key, list] of Object.entries(value as Record<string, unknown>)) {
      if (!values.includes(key)) return `"${def.kind}" has unknown ${bucket.param} "${key}"`;
      if (!isObjectArray(list)) return `"${def.kind}.${key}" must be an array of objects`;
    }
  }
  for (const table of tables) {
    if (set[table] !== undefined && !isObject(set[table])) return `"${table}" must be a JSON object`;
  }
  return undefined;
}
