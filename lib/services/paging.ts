import { setMaxListeners } from "node:events";
import type { RequestOptions } from "../client/http";
import { MAX_CONCURRENCY, parseConcurrency } from "../client/settings";

export { MAX_CONCURRENCY, parseConcurrency };
import { ApiError, PagingError, ValidationError, type ServiceName } from "../errors";

/** Default number of page requests in flight at once for one listing. */
export const DEFAULT_CONCURRENCY = 20;
/** Default page size asked for on the first page; servers may cap it silently. */
export const DEFAULT_FIRST_PAGE_SIZE = 1000;

/** Most pages one listing fetches; a larger total is taken as a broken server. */
export const MAX_PAGES = 100_000;

/** Page size asked for next when a server refuses the first, larger one (400 or 5xx). */
export const FALLBACK_PAGE_SIZE = 100;

/** True for an answer that may mean "page too large": 400, or a server error after its retries. */
function refusesPageSize(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 400 || err.status >= 500);
}

/** Options of every `listAll...` function. */
export interface ListAllOptions {
  /** Page requests in flight at once after the first page. @default `NCLOUD_LOOKUPS_CONCURRENCY`, else 20 */
  readonly concurrency?: number;
  /** Page size to ask for; the server's actual page size is learned from the first page. @default 1000 */
  readonly pageSize?: number;
  /** Called after each page with items received so far and the total. */
  readonly onProgress?: (received: number, total: number) => void;
  /** Environment read for `NCLOUD_LOOKUPS_CONCURRENCY`. @default `process.env` */
  readonly env?: NodeJS.ProcessEnv;
  /** Stops the listing: no request goes out after it is aborted. */
  readonly signal?: AbortSignal;
  /**
   * What an earlier listing found (a lock entry): its item count and the page size the server served.
   * Every page is then asked for at once (one round trip), and only a grown list costs a second; a
   * server that answers otherwise (another page size, a changed total) still gives the complete list.
   */
  readonly hint?: PagingHint;
  /** Called with the page size the server served (recorded in the lock file for the next listing). */
  readonly onPageSize?: (size: number) => void;
}

/** An earlier listing's outline. */
export interface PagingHint {
  readonly total: number;
  readonly pageSize: number;
}

/** One page as the pager needs it. */
export interface PageResult<T> {
  readonly items: readonly T[];
  /** Total matching items the server reports. */
  readonly total: number;
  /** Page index the server says it returned, when it says one. */
  readonly index?: number;
}

/** What the pager needs from a service. */
export interface PagerSpec<T> {
  readonly service: ServiceName;
  readonly path: string;
  /** Fetches page `index` (0-based) of `size` items; offset-based APIs use offset = index * size. */
  readonly fetchPage: (index: number, size: number, request: RequestOptions) => Promise<PageResult<T>>;
  /** The API's documented default page size: the last size tried when larger ones are refused. */
  readonly defaultPageSize?: number;
  /**
   * Where the page size that worked after a larger one was refused is remembered: the owner's map (a
   * client's `pageSizes`) and the listing's key in it (origin and path).
   */
  readonly memory?: { readonly sizes: Map<string, number>; readonly key: string };
  /** Unique identity of an item (its id), to detect repeated pages. */
  readonly identity: (item: T) => string;
}

function checkInt(value: number | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** Resolves the concurrency setting from options and environment. */
export function resolveConcurrency(options: ListAllOptions, env: NodeJS.ProcessEnv = process.env): number {
  return (
    parseConcurrency(options.concurrency, "concurrency") ??
    parseConcurrency(env.NCLOUD_LOOKUPS_CONCURRENCY, "NCLOUD_LOOKUPS_CONCURRENCY") ??
    DEFAULT_CONCURRENCY
  );
}

/** Runs `task(i)` for i in [0, count) with at most `limit` in flight; rejects on the first failure. */
export async function mapBounded<R>(
  count: number,
  limit: number,
  task: (i: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(count);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < count) {
      const i = next++;
      try {
        results[i] = await task(i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, () => worker()));
  return results;
}

/**
 * Lists every item across all pages, in server order. The first page tells the total and the page
 * size the server really uses; the remaining pages are then fetched concurrently with that size.
 *
 * @throws PagingError when the server repeats a page, changes its total, or returns too few items.
 */
export async function listAllPages<T>(spec: PagerSpec<T>, options: ListAllOptions = {}): Promise<T[]> {
  const hint = options.hint;
  if (
    hint !== undefined &&
    Number.isSafeInteger(hint.total) &&
    hint.total >= 0 &&
    Number.isSafeInteger(hint.pageSize) &&
    hint.pageSize > 0 &&
    Math.ceil(hint.total / hint.pageSize) <= MAX_PAGES
  ) {
    const all = await listWithHint(spec, hint, options);
    if (all !== undefined) return all;
  }
  return listFromFirstPage(spec, options);
}

/**
 * The controller of one listing: it aborts every page request in flight (when a page fails, or when
 * the caller's signal aborts).
 */
function listingController(outer: AbortSignal | undefined): AbortController {
  const controller = new AbortController();
  // Every page request in flight listens to it: as many as the concurrency, by design.
  setMaxListeners(0, controller.signal);
  if (outer !== undefined) {
    if (outer.aborted) controller.abort(outer.reason);
    else outer.addEventListener("abort", () => controller.abort(outer.reason), { once: true });
  }
  return controller;
}

/**
 * Every page at once, sized as the hint says; the pages a grown list needs beyond it next. Undefined
 * when the server answered otherwise (another page size, totals that disagree, a page that does not
 * fit): the caller then lists from the first page, as with no hint.
 *
 * @throws the first failed request (the others are aborted), or PagingError for an invalid total.
 */
async function listWithHint<T>(
  spec: PagerSpec<T>,
  hint: PagingHint,
  options: ListAllOptions,
): Promise<T[] | undefined> {
  const concurrency = resolveConcurrency(options, options.env);
  const size = hint.pageSize;
  const controller = listingController(options.signal);
  const signal = controller.signal;
  const fetchRange = async (from: number, count: number): Promise<PageResult<T>[]> => {
    try {
      return await mapBounded(count, concurrency, async (i) => {
        signal.throwIfAborted();
        return spec.fetchPage(from + i, size, { signal });
      });
    } catch (err) {
      controller.abort(err);
      throw err;
    }
  };
  let pages = await fetchRange(0, Math.max(1, Math.ceil(hint.total / size)));
  const total = (pages[0] as PageResult<T>).total;
  if (!Number.isInteger(total) || total < 0) {
    throw new PagingError(spec.service, spec.path, `the server reported an invalid total ${String(total)}`);
  }
  const needed = Math.max(1, Math.ceil(total / size));
  if (needed > MAX_PAGES) return undefined;
  // The list grew: the missing pages, in a second round trip.
  if (needed > pages.length) pages = [...pages, ...(await fetchRange(pages.length, needed - pages.length))];
  const seen = new Set<string>();
  const all: T[] = [];
  for (const [index, page] of pages.entries()) {
    if (page.total !== total) return undefined; // changed during the listing
    if (page.index !== undefined && page.index !== index) return undefined;
    const expected = index < needed - 1 ? size : index === needed - 1 ? total - index * size : 0;
    if (page.items.length !== expected) return undefined; // another page size, or a shrunk list's extra page
    for (const item of page.items) {
      const id = spec.identity(item);
      if (seen.has(id)) return undefined;
      seen.add(id);
    }
    all.push(...page.items);
  }
  options.onPageSize?.(size);
  options.onProgress?.(all.length, total);
  return all;
}

/** The listing without a hint: the first page, then the rest at once with the page size it showed. */
/**
 * The first page: at the remembered or requested size, then 100, then the API's default, each smaller
 * size tried when a server refuses the larger (400 or 5xx); the size that worked is remembered.
 */
async function fetchFirstPage<T>(
  spec: PagerSpec<T>,
  requested: number,
  signal: AbortSignal,
  fail: (problem: string) => never,
): Promise<{ first: PageResult<T>; asked: number }> {
  const start = spec.memory?.sizes.get(spec.memory.key) ?? requested;
  const sizes = [...new Set([start, FALLBACK_PAGE_SIZE, spec.defaultPageSize ?? FALLBACK_PAGE_SIZE])].filter(
    (s) => s <= start,
  );
  for (const [i, s] of sizes.entries()) {
    const last = i === sizes.length - 1;
    try {
      // A larger size gets one retry only: a server that fails it every time costs little before stepping down.
      const first = await spec.fetchPage(0, s, { signal, ...(last ? {} : { maxRetries: 1 }) });
      if (s !== requested) spec.memory?.sizes.set(spec.memory.key, s);
      return { first, asked: s };
    } catch (err) {
      if (last || !refusesPageSize(err)) throw err;
    }
  }
  return fail("no page size was accepted");
}

/** Checks a later page against the first: the same total, the index asked for, the count expected. */
function checkLaterPage<T>(
  page: PageResult<T>,
  index: number,
  { total, size, pageCount }: { total: number; size: number; pageCount: number },
  fail: (problem: string) => never,
): void {
  if (page.total !== total) {
    fail(`the total changed from ${total} to ${page.total} during the listing (page ${index})`);
  }
  if (page.index !== undefined && page.index !== index) {
    fail(`asked for page ${index} but the server answered page ${page.index}`);
  }
  const expected = index === pageCount - 1 ? total - index * size : size;
  if (page.items.length !== expected) {
    fail(
      `page ${index} holds ${page.items.length} items, expected ${expected} of ${total} at ${size} a page`,
    );
  }
}

async function listFromFirstPage<T>(spec: PagerSpec<T>, options: ListAllOptions): Promise<T[]> {
  const concurrency = resolveConcurrency(options, options.env);
  const requested = checkInt(options.pageSize, "pageSize", 1, 100_000) ?? DEFAULT_FIRST_PAGE_SIZE;
  const fail = (problem: string): never => {
    throw new PagingError(spec.service, spec.path, problem);
  };
  // Ids seen so far, across pages as they arrive: a repeated page stops the listing at once.
  const seen = new Set<string>();
  const checkUnique = (items: readonly T[]): void => {
    for (const item of items) {
      const id = spec.identity(item);
      if (seen.has(id)) fail(`the item ${JSON.stringify(id)} came twice: the server repeated items`);
      seen.add(id);
    }
  };
  const controller = listingController(options.signal);
  const signal = controller.signal;
  const { first, asked } = await fetchFirstPage(spec, requested, signal, fail);
  const total = first.total;
  if (!Number.isInteger(total) || total < 0) fail(`the server reported an invalid total ${String(total)}`);
  const size = first.items.length;
  options.onProgress?.(size, total);
  // The page size the server served: its cap when the list is longer than one page, else what was
  // asked for (the whole list fit).
  if (size > 0) options.onPageSize?.(size < total ? size : asked);
  if (size > total) fail(`the first page holds ${size} items but the server's total is ${total}`);
  checkUnique(first.items);
  if (size === total) return [...first.items];
  if (size === 0) fail(`the first page is empty but the server's total is ${total}`);
  const pageCount = Math.ceil(total / size);
  if (pageCount > MAX_PAGES) {
    fail(
      `the server reports ${total} items, ${pageCount} pages of ${size}: more than the ${MAX_PAGES} pages this library lists`,
    );
  }
  let received = size;
  let rest: (readonly T[])[];
  try {
    rest = await mapBounded(pageCount - 1, concurrency, async (i) => {
      const index = i + 1;
      signal.throwIfAborted();
      const page = await spec.fetchPage(index, size, { signal });
      checkLaterPage(page, index, { total, size, pageCount }, fail);
      checkUnique(page.items);
      received += page.items.length;
      options.onProgress?.(received, total);
      return page.items;
    });
  } catch (err) {
    // One failed page cancels the rest of the listing: no request goes out after it rejected.
    controller.abort(err);
    throw err;
  }
  const all: T[] = [...first.items];
  for (const items of rest) all.push(...items);
  return all;
}
