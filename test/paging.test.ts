import { ApiError, PagingError, ValidationError } from "../lib/errors";
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_FIRST_PAGE_SIZE,
  FALLBACK_PAGE_SIZE,
  listAllPages,
  MAX_PAGES,
  mapBounded,
  resolveConcurrency,
  type PageResult,
  type PagerSpec,
} from "../lib/services/paging";

/** Page sizes remembered by the tests that pass a memory (a client owns one in real use). */
const remembered = new Map<string, number>();

interface Item {
  readonly id: string;
}

const items = (n: number, prefix = "i"): Item[] =>
  Array.from({ length: n }, (_, k) => ({ id: `${prefix}${k}` }));

/** Resolves after the current macrotask so that concurrent page fetches really overlap. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface FakeServer {
  readonly spec: PagerSpec<Item>;
  readonly calls: Array<{ index: number; size: number }>;
  maxInFlight: number;
}

/**
 * An in-memory paged list: serves `data` with pages of at most `cap` items (the server's silent
 * cap), reporting `data.length` as the total; `tweak` may rewrite any page.
 */
function fakeServer(
  data: readonly Item[],
  cap: number,
  tweak?: (index: number, size: number, page: PageResult<Item>) => PageResult<Item>,
): FakeServer {
  const calls: Array<{ index: number; size: number }> = [];
  let inFlight = 0;
  const server: FakeServer = {
    calls,
    maxInFlight: 0,
    spec: {
      service: "subaccount",
      path: "/api/v1/policies",
      identity: (item) => item.id,
      fetchPage: async (index, size) => {
        calls.push({ index, size });
        inFlight++;
        server.maxInFlight = Math.max(server.maxInFlight, inFlight);
        try {
          await tick();
          await tick();
          const eff = Math.min(size, cap);
          const page: PageResult<Item> = {
            items: data.slice(index * eff, index * eff + eff),
            total: data.length,
            index,
          };
          return tweak ? tweak(index, size, page) : page;
        } finally {
          inFlight--;
        }
      },
    },
  };
  return server;
}

async function pagingError(p: Promise<unknown>): Promise<PagingError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PagingError);
  expect((err as PagingError).code).toBe("PAGING");
  expect((err as PagingError).message).toContain("the list was not returned because it would be incomplete");
  return err as PagingError;
}

describe("listAllPages", () => {
  it("returns everything in server order with one request when the first page holds all", async () => {
    const data = items(42);
    const s = fakeServer(data, 1000);
    await expect(listAllPages(s.spec)).resolves.toEqual(data);
    expect(s.calls).toEqual([{ index: 0, size: DEFAULT_FIRST_PAGE_SIZE }]);
  });

  it("returns an empty list for an empty server", async () => {
    const s = fakeServer([], 10);
    await expect(listAllPages(s.spec)).resolves.toEqual([]);
    expect(s.calls).toHaveLength(1);
  });

  it("learns the server's capped page size from the first page and asks for the rest with it", async () => {
    const data = items(103);
    const s = fakeServer(data, 10);
    const progress: Array<[number, number]> = [];
    const got = await listAllPages(s.spec, {
      pageSize: 50,
      concurrency: 3,
      onProgress: (r, t) => progress.push([r, t]),
    });
    expect(got).toEqual(data);
    expect(s.calls).toHaveLength(11);
    expect(s.calls[0]).toEqual({ index: 0, size: 50 });
    expect(s.calls.slice(1).every((c) => c.size === 10)).toBe(true);
    expect(s.calls.map((c) => c.index).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(progress[0]).toEqual([10, 103]);
    expect(progress[progress.length - 1]).toEqual([103, 103]);
    expect(progress).toHaveLength(11);
  });

  it("keeps server order even when later pages finish first", async () => {
    const data = items(30);
    const s = fakeServer(data, 5);
    const spec: PagerSpec<Item> = {
      ...s.spec,
      fetchPage: async (index, size, request) => {
        // later pages answer sooner
        for (let k = 0; k < 10 - index; k++) await tick();
        return s.spec.fetchPage(index, size, request);
      },
    };
    await expect(listAllPages(spec, { concurrency: 6 })).resolves.toEqual(data);
  });

  it.each([1, 2, 4, 7])("never has more than %i page requests in flight", async (limit) => {
    const s = fakeServer(items(200), 5);
    const got = await listAllPages(s.spec, { concurrency: limit });
    expect(got).toHaveLength(200);
    expect(s.maxInFlight).toBeLessThanOrEqual(limit);
    // and it really uses the concurrency it is given
    expect(s.maxInFlight).toBe(limit);
  });

  it("fails on an early short page instead of returning a partial list", async () => {
    const s = fakeServer(items(50), 10, (index, _size, page) =>
      index === 2 ? { ...page, items: page.items.slice(0, 7) } : page,
    );
    const err = await pagingError(listAllPages(s.spec));
    expect(err.message).toContain("page 2 holds 7 items, expected 10 of 50");
    expect(err.service).toBe("subaccount");
  });

  it("fails on a short last page", async () => {
    const s = fakeServer(items(45), 10, (index, _size, page) =>
      index === 4 ? { ...page, items: page.items.slice(0, 3) } : page,
    );
    const err = await pagingError(listAllPages(s.spec));
    expect(err.message).toContain("page 4 holds 3 items, expected 5");
  });

  it("fails when the first page holds more items than the total", async () => {
    const s = fakeServer(items(12), 1000, (_i, _s, page) => ({ ...page, total: 10 }));
    const err = await pagingError(listAllPages(s.spec));
    expect(err.message).toContain("the first page holds 12 items but the server's total is 10");
  });

  it("fails when a later page holds more items than expected", async () => {
    const s = fakeServer(items(30), 10, (index, _size, page) =>
      index === 1 ? { ...page, items: [...page.items, { id: "extra" }] } : page,
    );
    const err = await pagingError(listAllPages(s.spec));
    expect(err.message).toContain("page 1 holds 11 items, expected 10");
  });

  it("fails when the first page is empty but the total is not", async () => {
    const s = fakeServer(items(5), 10, (_i, _s, page) => ({ ...page, items: [] }));
    const err = await pagingError(listAllPages(s.spec));
    expect(err.message).toContain("the first page is empty but the server's total is 5");
  });

  it("fails on an invalid total", async () => {
    const s = fakeServer(items(5), 10, (_i, _s, page) => ({ ...page, total: -1 }));
    const err = await pagingError(listAllPages(s.spec));
    expect(err.message).toContain("invalid total -1");
  });

  it("fails when the server answers a different page than asked", async () => {
    const s = fakeServer(items(40), 10, (index, _size, page) => (index === 3 ? { ...page, index: 0 } : page));
    const err = await pagingError(listAllPages(s.spec));
    expect(err.message).toContain("asked for page 3 but the server answered page 0");
  });

  it("fails when the total changes during the listing", async () => {
    const s = fakeServer(items(40), 10, (index, _size, page) =>
      index === 2 ? { ...page, total: 41 } : page,
    );
    const err = await pagingError(listAllPages(s.spec));
    expect(err.message).toContain("the total changed from 40 to 41");
  });

  it("fails on duplicate ids (a repeated page without a page index)", async () => {
    const data = items(30);
    const s = fakeServer(data, 10, (index, _size, page) =>
      index === 2 ? { items: data.slice(10, 20), total: 30 } : { items: page.items, total: page.total },
    );
    const err = await pagingError(listAllPages(s.spec));
    expect(err.message).toContain('the item "i10" came twice');
  });

  it("fails on a duplicate id on the first page of a multi-page listing", async () => {
    const data = [{ id: "a" }, { id: "b" }, { id: "a" }, { id: "c" }];
    const s = fakeServer(data, 3);
    const err = await pagingError(listAllPages(s.spec));
    expect(err.message).toContain('the item "a" came twice');
  });

  // Duplicates are refused whether they span pages or fit on the first one.
  it("fails on a duplicate id when the first page holds the whole list", async () => {
    const s = fakeServer([{ id: "a" }, { id: "b" }, { id: "a" }], 1000);
    await pagingError(listAllPages(s.spec));
  });

  it("stops issuing page requests after a failure", async () => {
    const s = fakeServer(items(500), 5, (index, _size, page) => (index === 1 ? { ...page, total: 1 } : page));
    await pagingError(listAllPages(s.spec, { concurrency: 2 }));
    // 100 pages exist; after page 1 fails at most the other worker's in-flight page completes
    expect(s.calls.length).toBeLessThan(10);
  });

  it("aborts the page requests already in flight when one fails: none of them completes afterwards", async () => {
    const data = items(100);
    const started: number[] = [];
    const aborted: number[] = [];
    const completed: number[] = [];
    const boom = new Error("page 3 failed");
    const spec: PagerSpec<Item> = {
      service: "subaccount",
      path: "/api/v1/policies",
      identity: (item) => item.id,
      fetchPage: (index, size, request) => {
        if (index === 0) return Promise.resolve({ items: data.slice(0, 10), total: 100 });
        started.push(index);
        return new Promise((resolve, reject) => {
          if (index === 3) {
            setTimeout(() => reject(boom), 5);
            return;
          }
          // The other pages take long, unless their request is aborted.
          const timer = setTimeout(() => {
            completed.push(index);
            resolve({ items: data.slice(index * size, (index + 1) * size), total: 100 });
          }, 300);
          request.signal?.addEventListener("abort", () => {
            clearTimeout(timer);
            aborted.push(index);
            reject(request.signal?.reason);
          });
        });
      },
    };
    await expect(listAllPages(spec, { concurrency: 5 })).rejects.toBe(boom);
    await new Promise((r) => setTimeout(r, 400));
    // Pages 1-5 were in flight (concurrency 5); page 3 failed; the other four were aborted at once.
    expect(started.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(aborted.sort((a, b) => a - b)).toEqual([1, 2, 4, 5]);
    expect(completed).toEqual([]);
  });

  it("passes a fetchPage error through unchanged", async () => {
    const boom = new Error("network down");
    const spec: PagerSpec<Item> = { ...fakeServer(items(30), 10).spec };
    const failing: PagerSpec<Item> = {
      ...spec,
      fetchPage: (index, size, request) =>
        index === 2 ? Promise.reject(boom) : spec.fetchPage(index, size, request),
    };
    await expect(listAllPages(failing)).rejects.toBe(boom);
  });

  it.each([
    [{ pageSize: 0 }, "pageSize"],
    [{ pageSize: 1.5 }, "pageSize"],
    [{ pageSize: 100_001 }, "pageSize"],
    [{ concurrency: 0 }, "concurrency"],
    [{ concurrency: 257 }, "concurrency"],
  ])("validates options %p", async (options, name) => {
    const s = fakeServer(items(3), 10);
    const err = await listAllPages(s.spec, options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toContain(name);
    expect(s.calls).toHaveLength(0);
  });
});

describe("resolveConcurrency and mapBounded", () => {
  it("takes the option, then NCLOUD_LOOKUPS_CONCURRENCY, then the default", () => {
    expect(resolveConcurrency({ concurrency: 3 }, { NCLOUD_LOOKUPS_CONCURRENCY: "9" })).toBe(3);
    expect(resolveConcurrency({}, { NCLOUD_LOOKUPS_CONCURRENCY: "9" })).toBe(9);
    expect(resolveConcurrency({}, {})).toBe(DEFAULT_CONCURRENCY);
    expect(() => resolveConcurrency({}, { NCLOUD_LOOKUPS_CONCURRENCY: "many" })).toThrow(ValidationError);
  });

  it("mapBounded keeps result order and bounds in-flight tasks", async () => {
    let inFlight = 0;
    let max = 0;
    const out = await mapBounded(25, 4, async (i) => {
      inFlight++;
      max = Math.max(max, inFlight);
      for (let k = 0; k < (i % 3) + 1; k++) await tick();
      inFlight--;
      return i * 2;
    });
    expect(out).toEqual(Array.from({ length: 25 }, (_, i) => i * 2));
    expect(max).toBe(4);
  });

  it("mapBounded with zero tasks resolves to an empty array", async () => {
    await expect(mapBounded(0, 5, () => Promise.resolve(1))).resolves.toEqual([]);
  });
});

describe("listAllPages with a server that refuses large page sizes", () => {
  const badRequest = (): ApiError =>
    new ApiError({
      service: "subaccount",
      method: "GET",
      path: "/api/v1/policies?page=0&size=1000",
      status: 400,
      ncpCode: "100",
      attempts: 1,
    });

  function refusingServer(data: readonly Item[], maxSize: number): FakeServer {
    return fakeServer(data, maxSize, (_index, size, page) => {
      if (size > maxSize) throw badRequest();
      return page;
    });
  }

  it("asks again with the fallback size and still lists everything", async () => {
    const data = items(250);
    const s = refusingServer(data, 100);
    await expect(listAllPages(s.spec)).resolves.toEqual(data);
    expect(s.calls[0]).toEqual({ index: 0, size: DEFAULT_FIRST_PAGE_SIZE });
    expect(s.calls[1]).toEqual({ index: 0, size: FALLBACK_PAGE_SIZE });
    expect(s.calls).toHaveLength(2 + 2);
  });

  it("does not retry a 400 when the size asked for was already small", async () => {
    const s = refusingServer(items(50), 10);
    await expect(listAllPages(s.spec, { pageSize: 20 })).rejects.toBeInstanceOf(ApiError);
    expect(s.calls).toHaveLength(1);
  });

  it("passes on other errors of the first page unchanged", async () => {
    const s = fakeServer(items(5), 5, () => {
      throw new PagingError("subaccount", "/api/v1/policies", "boom");
    });
    await expect(listAllPages(s.spec)).rejects.toBeInstanceOf(PagingError);
    expect(s.calls).toHaveLength(1);
  });
});

describe("listAllPages with a hint (an earlier listing's total and page size)", () => {
  const sizes = (s: FakeServer): number[] => s.calls.map((c) => c.size);
  const indexes = (s: FakeServer): number[] => s.calls.map((c) => c.index);

  it("asks for every page at once with the hinted size, and reports size and progress once", async () => {
    const data = items(25);
    const s = fakeServer(data, 10);
    const pageSizes: number[] = [];
    const progress: Array<[number, number]> = [];
    const out = await listAllPages(s.spec, {
      hint: { total: 25, pageSize: 10 },
      onPageSize: (n) => pageSizes.push(n),
      onProgress: (r, t) => progress.push([r, t]),
    });
    expect(out).toEqual(data);
    expect(s.calls).toEqual([
      { index: 0, size: 10 },
      { index: 1, size: 10 },
      { index: 2, size: 10 },
    ]);
    expect(s.maxInFlight).toBe(3);
    expect(pageSizes).toEqual([10]);
    expect(progress).toEqual([[25, 25]]);
  });

  it("a list that grew: the missing pages in a second round", async () => {
    const data = items(36);
    const s = fakeServer(data, 10);
    await expect(listAllPages(s.spec, { hint: { total: 25, pageSize: 10 } })).resolves.toEqual(data);
    expect(indexes(s)).toEqual([0, 1, 2, 3]);
    expect(sizes(s)).toEqual([10, 10, 10, 10]);
  });

  it("a list that shrank: its empty extra page is fine, one round", async () => {
    const data = items(15);
    const s = fakeServer(data, 10);
    await expect(listAllPages(s.spec, { hint: { total: 25, pageSize: 10 } })).resolves.toEqual(data);
    expect(indexes(s)).toEqual([0, 1, 2]);
  });

  it("a list that shrank to a page boundary: the last page is full, the extra one empty", async () => {
    const data = items(20);
    const s = fakeServer(data, 10);
    await expect(listAllPages(s.spec, { hint: { total: 25, pageSize: 10 } })).resolves.toEqual(data);
    expect(s.calls).toHaveLength(3);
  });

  it("an empty list asked with a hint of 0 items: one request", async () => {
    const s = fakeServer([], 10);
    await expect(listAllPages(s.spec, { hint: { total: 0, pageSize: 10 } })).resolves.toEqual([]);
    expect(s.calls).toEqual([{ index: 0, size: 10 }]);
  });

  it("a server that now serves smaller pages: listed again from the first page", async () => {
    const data = items(25);
    const s = fakeServer(data, 5);
    const pageSizes: number[] = [];
    await expect(
      listAllPages(s.spec, { hint: { total: 25, pageSize: 10 }, onPageSize: (n) => pageSizes.push(n) }),
    ).resolves.toEqual(data);
    expect(s.calls.slice(0, 3)).toEqual([
      { index: 0, size: 10 },
      { index: 1, size: 10 },
      { index: 2, size: 10 },
    ]);
    expect(s.calls[3]).toEqual({ index: 0, size: DEFAULT_FIRST_PAGE_SIZE });
    expect(pageSizes).toEqual([5]);
  });

  /** A server whose first `n` answers are rewritten by `tweak`, the rest served as they are. */
  function tweakedFirst(
    data: readonly Item[],
    n: number,
    tweak: (page: PageResult<Item>) => PageResult<Item>,
  ): FakeServer {
    let answered = 0;
    return fakeServer(data, 10, (_i, _s, page) => (answered++ < n ? tweak(page) : page));
  }

  it.each<[string, (page: PageResult<Item>) => PageResult<Item>]>([
    ["a page with another total", (p) => (p.index === 1 ? { ...p, total: 26 } : p)],
    ["a page with another index", (p) => (p.index === 2 ? { ...p, index: 1 } : p)],
    ["a repeated page", (p) => (p.index === 1 ? { ...p, items: items(10) } : p)],
    ["a short middle page", (p) => (p.index === 1 ? { ...p, items: p.items.slice(1) } : p)],
    ["a long last page", (p) => (p.index === 2 ? { ...p, items: [...p.items, { id: "extra" }] } : p)],
  ])("%s in the hinted round: listed again from the first page", async (_what, tweak) => {
    const data = items(25);
    const s = tweakedFirst(data, 3, tweak);
    const pageSizes: number[] = [];
    await expect(
      listAllPages(s.spec, { hint: { total: 25, pageSize: 10 }, onPageSize: (n) => pageSizes.push(n) }),
    ).resolves.toEqual(data);
    expect(s.calls[3]).toEqual({ index: 0, size: DEFAULT_FIRST_PAGE_SIZE });
    expect(pageSizes).toEqual([10]);
  });

  it("a page without an index is taken as the one asked for", async () => {
    const data = items(25);
    const s = fakeServer(data, 10, (_i, _s, page) => ({ items: page.items, total: page.total }));
    await expect(listAllPages(s.spec, { hint: { total: 25, pageSize: 10 } })).resolves.toEqual(data);
    expect(s.calls).toHaveLength(3);
  });

  it.each([-1, 1.5, Number.NaN, null])(
    "an invalid total %p on the first hinted page is an error",
    async (total) => {
      const s = fakeServer(items(25), 10, (_i, _s, page) => ({ ...page, total: total as number }));
      const err = await pagingError(listAllPages(s.spec, { hint: { total: 25, pageSize: 10 } }));
      expect(err.message).toContain(`the server reported an invalid total ${String(total)}`);
      expect(s.calls).toHaveLength(3);
    },
  );

  it("a total past the most pages this library lists: listed from the first page, which refuses it", async () => {
    const huge = 10 * (MAX_PAGES + 1);
    const s = fakeServer(items(25), 10, (_i, _s, page) => ({ ...page, total: huge }));
    const err = await pagingError(listAllPages(s.spec, { hint: { total: 25, pageSize: 10 } }));
    expect(err.message).toContain(`more than the ${MAX_PAGES} pages`);
    expect(s.calls[3]).toEqual({ index: 0, size: DEFAULT_FIRST_PAGE_SIZE });
  });

  it.each<[string, { total: number; pageSize: number }]>([
    ["a negative total", { total: -1, pageSize: 10 }],
    ["a fractional total", { total: 2.5, pageSize: 10 }],
    ["a total past 2^53", { total: 2 ** 53, pageSize: 10 }],
    ["page size 0", { total: 25, pageSize: 0 }],
    ["a fractional page size", { total: 25, pageSize: 2.5 }],
    ["a negative page size", { total: 25, pageSize: -10 }],
    ["too many pages", { total: MAX_PAGES + 1, pageSize: 1 }],
  ])("a hint with %s is ignored: the first page comes first", async (_what, hint) => {
    const data = items(25);
    const s = fakeServer(data, 10);
    await expect(listAllPages(s.spec, { hint })).resolves.toEqual(data);
    expect(s.calls[0]).toEqual({ index: 0, size: DEFAULT_FIRST_PAGE_SIZE });
    expect(s.calls).toHaveLength(3);
  });

  it("a hint of exactly the most pages is used", async () => {
    const stop = new Error("stop");
    const calls: number[] = [];
    const spec: PagerSpec<Item> = {
      ...fakeServer([], 10).spec,
      fetchPage: (_index, size) => {
        calls.push(size);
        return Promise.reject(stop);
      },
    };
    await expect(listAllPages(spec, { hint: { total: MAX_PAGES, pageSize: 1 } })).rejects.toBe(stop);
    expect(calls[0]).toBe(1); // the hinted size, not the first page's 1000
  });

  it("a failed hinted page rejects with its error and aborts the requests in flight", async () => {
    const boom = new Error("network down");
    const signals: AbortSignal[] = [];
    const base = fakeServer(items(50), 10).spec;
    const spec: PagerSpec<Item> = {
      ...base,
      fetchPage: (index, size, request) => {
        if (request.signal !== undefined) signals.push(request.signal);
        return index === 1 ? Promise.reject(boom) : base.fetchPage(index, size, request);
      },
    };
    await expect(listAllPages(spec, { hint: { total: 50, pageSize: 10 } })).rejects.toBe(boom);
    expect(signals.length).toBeGreaterThan(1);
    expect(signals.every((sig) => sig.aborted && sig.reason === boom)).toBe(true);
  });

  it("an aborted caller's signal: no request goes out", async () => {
    const s = fakeServer(items(25), 10);
    const reason = new Error("cancelled");
    await expect(
      listAllPages(s.spec, { hint: { total: 25, pageSize: 10 }, signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    expect(s.calls).toHaveLength(0);
  });

  it("a caller's signal aborted during the listing aborts the requests in flight", async () => {
    const controller = new AbortController();
    const reason = new Error("cancelled");
    const seen: AbortSignal[] = [];
    const spec: PagerSpec<Item> = {
      ...fakeServer(items(25), 10).spec,
      fetchPage: (_index, _size, request) =>
        new Promise((_resolve, reject) => {
          seen.push(request.signal as AbortSignal);
          request.signal?.addEventListener("abort", () => reject(request.signal?.reason));
          if (seen.length === 3) controller.abort(reason);
        }),
    };
    await expect(
      listAllPages(spec, { hint: { total: 25, pageSize: 10 }, signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(seen).toHaveLength(3);
    expect(seen.every((sig) => sig.aborted)).toBe(true);
  });
});

describe("listAllPages: the first page's size", () => {
  it("reports the server's cap when the list is longer than one page", async () => {
    const pageSizes: number[] = [];
    await listAllPages(fakeServer(items(25), 10).spec, { onPageSize: (n) => pageSizes.push(n) });
    expect(pageSizes).toEqual([10]);
  });

  it("reports the size asked for when the whole list fit, and nothing for an empty list", async () => {
    const pageSizes: number[] = [];
    await listAllPages(fakeServer(items(7), 10).spec, { pageSize: 50, onPageSize: (n) => pageSizes.push(n) });
    expect(pageSizes).toEqual([50]);
    await listAllPages(fakeServer([], 10).spec, { pageSize: 50, onPageSize: (n) => pageSizes.push(n) });
    expect(pageSizes).toEqual([50]);
  });

  it("a larger first size gets one retry only; the last size tried gets the client's default retries", async () => {
    const requests: Array<[number, number | undefined]> = [];
    const refusal = new ApiError({
      service: "subaccount",
      method: "GET",
      path: "/api/v1/policies",
      status: 503,
      ncpCode: "",
      attempts: 2,
    });
    const spec: PagerSpec<Item> = {
      ...fakeServer(items(5), 10).spec,
      defaultPageSize: 20,
      fetchPage: (_index, size, request) => {
        requests.push([size, request.maxRetries]);
        return Promise.reject(refusal);
      },
    };
    await expect(listAllPages(spec)).rejects.toBe(refusal);
    expect(requests).toEqual([
      [DEFAULT_FIRST_PAGE_SIZE, 1],
      [FALLBACK_PAGE_SIZE, 1],
      [20, undefined],
    ]);
  });

  it("remembers a size that worked after a refusal, per memory key, until forgotten", async () => {
    const refusing = (maxSize: number, key: string | undefined): FakeServer => {
      const s = fakeServer(items(250), maxSize, (_i, size, page) => {
        if (size > maxSize)
          throw new ApiError({
            service: "subaccount",
            method: "GET",
            path: "/p",
            status: 400,
            ncpCode: "",
            attempts: 1,
          });
        return page;
      });
      return {
        ...s,
        spec: { ...s.spec, ...(key !== undefined ? { memory: { sizes: remembered, key } } : {}) },
      } as FakeServer;
    };
    const first = refusing(100, "http://127.0.0.1:1/p");
    await listAllPages(first.spec);
    expect(first.calls[0]?.size).toBe(DEFAULT_FIRST_PAGE_SIZE);
    const second = refusing(100, "http://127.0.0.1:1/p");
    await listAllPages(second.spec);
    expect(second.calls[0]?.size).toBe(FALLBACK_PAGE_SIZE);
    const other = refusing(100, "http://127.0.0.1:2/p");
    await listAllPages(other.spec);
    expect(other.calls[0]?.size).toBe(DEFAULT_FIRST_PAGE_SIZE);
    const noKey = refusing(100, undefined);
    await listAllPages(noKey.spec);
    expect(noKey.calls[0]?.size).toBe(DEFAULT_FIRST_PAGE_SIZE);
    remembered.clear();
    const afterForget = refusing(100, "http://127.0.0.1:1/p");
    await listAllPages(afterForget.spec);
    expect(afterForget.calls[0]?.size).toBe(DEFAULT_FIRST_PAGE_SIZE);
  });

  it("a size that worked as asked is not remembered as a step down", async () => {
    const s = fakeServer(items(25), 10);
    await listAllPages({ ...s.spec, memory: { sizes: remembered, key: "k" } }, { pageSize: 30 });
    const again = fakeServer(items(25), 10);
    await listAllPages({ ...again.spec, memory: { sizes: remembered, key: "k" } });
    expect(again.calls[0]?.size).toBe(DEFAULT_FIRST_PAGE_SIZE);
  });
});

describe("the pager's edges (mutation survivors of paging.ts)", () => {
  afterEach(() => remembered.clear());
  const apiError = (status: number): ApiError =>
    new ApiError({ service: "subaccount", method: "GET", path: "/p", status, ncpCode: "", attempts: 1 });

  it.each([
    [500, true],
    [503, true],
    [400, true],
    [403, false],
    [404, false],
    [499, false],
  ])("a first page refused with %i: a smaller page is tried next: %s", async (status, steps) => {
    const sizes: number[] = [];
    const spec: PagerSpec<Item> = {
      ...fakeServer(items(5), 10).spec,
      fetchPage: (_index, size) => {
        sizes.push(size);
        return Promise.reject(apiError(status));
      },
    };
    await expect(listAllPages(spec)).rejects.toBeInstanceOf(ApiError);
    expect(sizes).toEqual(steps ? [DEFAULT_FIRST_PAGE_SIZE, FALLBACK_PAGE_SIZE] : [DEFAULT_FIRST_PAGE_SIZE]);
  });

  it.each([1, 100_000])("page size %i is accepted", async (pageSize) => {
    const s = fakeServer(items(3), 10);
    await expect(listAllPages(s.spec, { pageSize })).resolves.toEqual(items(3));
    expect(s.calls[0]?.size).toBe(pageSize);
  });

  it("a bad NCLOUD_LOOKUPS_CONCURRENCY is named in the error", () => {
    expect(() => resolveConcurrency({}, { NCLOUD_LOOKUPS_CONCURRENCY: "0" })).toThrow(
      /NCLOUD_LOOKUPS_CONCURRENCY/,
    );
  });

  it("mapBounded takes no new task after one failed", async () => {
    const started: number[] = [];
    const boom = new Error("boom");
    await expect(
      mapBounded(10, 2, async (i) => {
        started.push(i);
        await tick();
        if (i === 0) throw boom;
        await tick();
        return i;
      }),
    ).rejects.toBe(boom);
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([0, 1]);
  });

  it("a hint of many pages within the limit is used: its pages asked at their size", async () => {
    // 40 pages of 500: the hint is taken (a product of total and size would be past the limit).
    const s = fakeServer(items(20_000), 500);
    await expect(listAllPages(s.spec, { hint: { total: 20_000, pageSize: 500 } })).resolves.toHaveLength(
      20_000,
    );
    expect(s.calls[0]).toEqual({ index: 0, size: 500 });
    expect(s.calls).toHaveLength(40);
  });
});
