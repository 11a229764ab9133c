/**
 * Fuzzing (fast-check) of everything that reads bytes from outside: the page parsers of the three paged
 * lists (`parseResponse` with each page schema), the packages response (through a loopback server, as
 * the client reads it), `parseNcpErrorBody`, and the lock file reader. Inputs are arbitrary JSON and,
 * more to the point, valid pages and lock files with one field dropped, replaced or renamed. The
 * contract: a typed result (checked field by field, and equal to the input where the input was valid)
 * or the one documented error type, never another.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import type { z } from "zod";
import { NcloudClient } from "../lib/client/http";
import { parseNcpErrorBody } from "../lib/client/answers";
import { LockFileError, PagingError, ResponseShapeError, type RequestInfo } from "../lib/errors";
import {
  LOCK_FORMAT_VERSION,
  parseLockFile,
  serializeLockFile,
  type LockEntry,
} from "../lib/lookups/lockfile";
import { LIST_KINDS } from "../lib/services/meta";
import { listAllPackages } from "../lib/services/packages";
import { listAllPolicies, policiesPageSchema } from "../lib/services/policies";
import { listAllProducts, productsPageSchema } from "../lib/services/products";
import { listAllProfiles, profilesPageSchema } from "../lib/services/profiles";
import { parseResponse } from "../lib/services/shape";
import { DEFAULT_PAGE_SIZE_CAPS, generateDataSet } from "../lib/testing";
import { answerList, FilterCache } from "../lib/testing/responses";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;
type PagedKind = "policies" | "products" | "profiles";

const DATA = generateDataSet({ policies: 8, products: 8, profiles: 8, packages: 6, seed: 31337 });
const INFO: RequestInfo = { service: "subaccount", method: "GET", path: "/api/v1/policies?page=0&size=6" };
const RUNS = 300;

/** A real page of each list, as the emulator answers it (6 items, so paging is needed for 8). */
function validPage(kind: PagedKind | "packages"): Json {
  const query: Record<string, string> =
    kind === "products" ? { offset: "0", limit: "6" } : kind === "packages" ? {} : { page: "0", size: "6" };
  const { body } = answerList(kind, query, DATA, DEFAULT_PAGE_SIZE_CAPS, new FilterCache());
  return JSON.parse(JSON.stringify(body)) as Json;
}

const SCHEMAS: Record<PagedKind, z.ZodType> = {
  policies: policiesPageSchema,
  products: productsPageSchema,
  profiles: profilesPageSchema,
};

// ---------------------------------------------------------------------------------------------
// Mutations

/** Every path in a JSON value, the root included. */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  }
  return out;
}

/** True when a JSON value holds a `__proto__` key anywhere (covered by its own test below). */
function hasProtoKey(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, "__proto__")) return true;
  return Object.values(value).some(hasProtoKey);
}

const jsonValue = (): fc.Arbitrary<Json> =>
  fc.jsonValue({ maxDepth: 3 }).filter((v) => !hasProtoKey(v)) as fc.Arbitrary<Json>;

interface Mutation {
  readonly op: "delete" | "replace" | "rename";
  readonly pick: number;
  readonly replacement: Json;
  readonly newKey: string;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom("delete", "replace", "rename"),
  pick: fc.nat(),
  replacement: fc.oneof(
    jsonValue(),
    fc.constantFrom<Json>(null, -1, 1.5, 2 ** 53, "", "x", true, [], {}, [1], { a: 1 }),
  ),
  newKey: fc.string({ maxLength: 8 }).filter((k) => k !== "__proto__"),
});

/**
 * `value` with mutation `m` applied at one of its paths; `path` is that path, `changed` every path whose
 * value changed (a rename onto a key its object has already replaces that key's value too).
 */
function mutate(value: Json, m: Mutation): { value: Json; path: Path; changed: Path[] } {
  const copy = JSON.parse(JSON.stringify(value)) as Json;
  const paths = pathsOf(copy);
  const path = paths[m.pick % paths.length] as Path;
  if (path.length === 0) return { value: m.replacement, path, changed: [path] };
  let parent: Json = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key] as Json;
  const last = path[path.length - 1] as string | number;
  if (Array.isArray(parent)) {
    if (m.op === "delete") parent.splice(last as number, 1);
    else parent[last as number] = m.replacement;
  } else {
    const obj = parent as Record<string, Json>;
    const old = obj[last as string] as Json;
    if (m.op !== "replace") delete obj[last as string];
    if (m.op === "replace") obj[last as string] = m.replacement;
    if (m.op === "rename")
      Object.defineProperty(obj, m.newKey, {
        value: old,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  const renamedOnto = m.op === "rename" && !Array.isArray(parent) ? [[...path.slice(0, -1), m.newKey]] : [];
  return { value: copy, path, changed: [path, ...renamedOnto] };
}

/** `$.items[3].policyName` -> ["items", 3, "policyName"]. */
function parseJsonPath(p: string): Path {
  const out: Path = [];
  const re = /\.([^.[]+)|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(p.slice(1))) !== null) out.push(m[1] !== undefined ? m[1] : Number(m[2]));
  return out;
}

const isPrefix = (a: Path, b: Path): boolean => a.length <= b.length && a.every((k, i) => k === b[i]);

// ---------------------------------------------------------------------------------------------
// What a typed page is

const isInt = (v: unknown): boolean => typeof v === "number" && Number.isInteger(v);
const optString = (v: unknown): boolean => v === undefined || v === null || typeof v === "string";
const optBool = (v: unknown): boolean => v === undefined || v === null || typeof v === "boolean";

function expectTypedItems(kind: PagedKind | "packages", items: unknown): void {
  expect(Array.isArray(items)).toBe(true);
  for (const item of items as Array<Record<string, unknown>>) {
    expect(typeof item).toBe("object");
    const ok = ((): boolean => {
      switch (kind) {
        case "packages":
          return typeof item.name === "string" && optString(item.description);
        case "policies":
          return (
            typeof item.policyId === "string" &&
            typeof item.policyName === "string" &&
            optString(item.policyType) &&
            optString(item.policyDesc) &&
            optString(item.nrn)
          );
        case "products":
          return (
            typeof item.productId === "string" &&
            typeof item.productName === "string" &&
            [
              "invokeId",
              "tenantId",
              "productDescription",
              "subscriptionCode",
              "modifier",
              "domainCode",
            ].every((f) => optString(item[f])) &&
            ["isPublished", "hasDeployedStage", "isDeleted", "disabled"].every((f) => optBool(item[f]))
          );
        case "profiles":
          return (
            typeof item.profileId === "string" &&
            typeof item.name === "string" &&
            optString(item.profileNrn) &&
            optString(item.description) &&
            optBool(item.enabled) &&
            (item.durationSeconds === undefined ||
              item.durationSeconds === null ||
              isInt(item.durationSeconds))
            // roleNrnList: the docs do not state its element type, so any JSON value is kept.
          );
      }
    })();
    expect({ kind, item, typed: ok }).toEqual({ kind, item, typed: true });
  }
}

function expectTypedPage(kind: PagedKind, page: unknown): void {
  const p = page as Record<string, unknown>;
  switch (kind) {
    case "policies":
      expect(isInt(p.totalItems) && (p.totalItems as number) >= 0).toBe(true);
      expectTypedItems(kind, p.items);
      break;
    case "products": {
      const pp = p.productPage as Record<string, unknown>;
      expect(isInt(pp.total) && (pp.total as number) >= 0).toBe(true);
      expectTypedItems(kind, pp.content);
      break;
    }
    case "profiles":
      expect(isInt(p.totalElements) && (p.totalElements as number) >= 0).toBe(true);
      expectTypedItems(kind, p.content);
      break;
  }
}

/** Runs parseResponse; returns the result, or the ResponseShapeError (anything else fails the test). */
function parseOrShapeError(kind: PagedKind, body: unknown): { ok: unknown } | { err: ResponseShapeError } {
  try {
    return { ok: parseResponse(SCHEMAS[kind], body, INFO) };
  } catch (err) {
    if (!(err instanceof ResponseShapeError)) throw err;
    expect(err.message).toContain(`unexpected response at ${err.jsonPath}: `);
    expect(err.jsonPath.startsWith("$")).toBe(true);
    return { err };
  }
}

const PAGED: readonly PagedKind[] = ["policies", "products", "profiles"];

/**
 * Whether `body` has the outline of a page of `kind` (its items array where the list keeps it); decided
 * without the parser: a body without it must be refused.
 */
function hasPageOutline(kind: PagedKind, body: unknown): boolean {
  const o = (v: unknown): Record<string, unknown> | undefined =>
    typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  const b = o(body);
  if (b === undefined) return false;
  if (kind === "policies") return Array.isArray(b.items);
  if (kind === "products") return Array.isArray(o(b.productPage)?.content);
  return Array.isArray(b.content);
}

/** Parses and checks: a typed page, or an error when the body has no page outline. */
function expectPageOrRefusal(kind: PagedKind, body: unknown): void {
  const r = parseOrShapeError(kind, body);
  if ("ok" in r) expectTypedPage(kind, r.ok);
  if (!hasPageOutline(kind, body)) expect("err" in r).toBe(true);
}

describe("parseResponse with the page schemas", () => {
  it.each(PAGED)("%s: the valid page parses to itself", (kind) => {
    const page = validPage(kind);
    expect(parseResponse(SCHEMAS[kind], page, INFO)).toEqual(page);
  });

  it.each(PAGED)("%s: arbitrary JSON values give a typed page or a ResponseShapeError", (kind) => {
    fc.assert(
      fc.property(fc.oneof(jsonValue(), fc.constant(validPage(kind))), (body) => {
        expectPageOrRefusal(kind, body);
      }),
      { numRuns: RUNS },
    );
  });

  it.each(PAGED)("%s: fc.anything() made JSON gives a typed page or a ResponseShapeError", (kind) => {
    fc.assert(
      fc.property(
        fc
          .anything()
          .map((v) => JSON.parse(JSON.stringify(v) ?? "null") as unknown)
          .filter((v) => !hasProtoKey(v)),
        (body) => {
          expectPageOrRefusal(kind, body);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it.each(PAGED)(
    "%s: a valid page with one field dropped, replaced or renamed: the same page back, or an error at that field",
    (kind) => {
      const page = validPage(kind);
      fc.assert(
        fc.property(mutationArb, (m) => {
          const { value, path, changed } = mutate(page, m);
          const r = parseOrShapeError(kind, value);
          if ("ok" in r) {
            expectTypedPage(kind, r.ok);
            expect(r.ok).toEqual(value);
          } else {
            const at = parseJsonPath(r.err.jsonPath);
            // The error is at a changed field, inside it, or (a dropped array element) at its array.
            const related = changed.some((c) => isPrefix(c, at) || isPrefix(at, c));
            expect({ changed: path, reported: r.err.jsonPath, related }).toEqual({
              changed: path,
              reported: r.err.jsonPath,
              related: true,
            });
          }
        }),
        // A rename onto a key the object has (profiles: `enabled` onto `name`) changes that key too.
        { numRuns: RUNS, examples: [[{ op: "rename", pick: 10, replacement: "", newKey: "name" }]] },
      );
    },
  );

  it("names the field path of a wrong-typed field, as the emulator's wrong-shape fault breaks it", () => {
    const page = validPage("products") as { productPage: { content: Array<Record<string, Json>> } };
    const item = page.productPage.content[4] as Record<string, Json>;
    item.productName = 12345;
    expect(() => parseResponse(productsPageSchema, page, INFO)).toThrow(
      "unexpected response at $.productPage.content[4].productName: expected string, got number 12345",
    );
  });

  it("an item with a __proto__ key does not inherit wrong-typed fields from it", () => {
    const body = JSON.parse(
      '{"totalItems":1,"items":[{"policyId":"p-1","policyName":"one","__proto__":{"nrn":12345,"policyType":["SYSTEM_MANAGED"]}}]}',
    ) as unknown;
    const page = parseResponse(policiesPageSchema, body, INFO) as unknown as {
      items: Array<Record<string, unknown>>;
    };
    expectTypedItems("policies", page.items);
  });
});

// ---------------------------------------------------------------------------------------------
// Through the client: bodies served by a loopback server

describe("listings of served bodies", () => {
  let server: http.Server;
  let client: NcloudClient;
  let body: Buffer = Buffer.alloc(0);
  let requests = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests++;
      req.resume();
      res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    client = new NcloudClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credentials: { accessKey: "AK-fuzz", secretKey: "SK-fuzz-not-checked" },
      timeoutMs: 5000,
      maxRetries: 0,
    });
  });

  afterAll(async () => {
    client.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** listAllPackages of `served`: the typed list or a ResponseShapeError, nothing else. */
  async function packagesOf(served: Buffer): Promise<unknown[] | ResponseShapeError> {
    body = served;
    try {
      return await listAllPackages(client);
    } catch (err) {
      if (!(err instanceof ResponseShapeError)) throw err;
      return err;
    }
  }

  it("packages: arbitrary JSON, strings and bytes give a typed list or a ResponseShapeError", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          jsonValue().map((v) => Buffer.from(JSON.stringify(v))),
          fc.string({ unit: "binary", maxLength: 200 }).map((s) => Buffer.from(s)),
          fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
        ),
        async (served) => {
          const r = await packagesOf(served);
          if (!(r instanceof ResponseShapeError)) expectTypedItems("packages", r);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("packages: a valid answer with one field changed: the same list back, or an error at that field", async () => {
    const page = validPage("packages");
    await fc.assert(
      fc.asyncProperty(mutationArb, async (m) => {
        const { value, changed } = mutate(page, m);
        const r = await packagesOf(Buffer.from(JSON.stringify(value)));
        if (r instanceof ResponseShapeError) {
          const at = parseJsonPath(r.jsonPath);
          expect(changed.some((c) => isPrefix(c, at) || isPrefix(at, c))).toBe(true);
        } else {
          expectTypedItems("packages", r);
          expect(r).toEqual((value as { content: unknown[] }).content);
        }
      }),
      { numRuns: RUNS },
    );
  });

  const LISTERS: Record<PagedKind, (c: NcloudClient) => Promise<unknown[]>> = {
    policies: (c) => listAllPolicies(c),
    products: (c) => listAllProducts(c),
    profiles: (c) => listAllProfiles(c),
  };

  it.each(PAGED)(
    "%s: a server answering every page with the same mutated page: a typed list, a ResponseShapeError or a PagingError",
    async (kind) => {
      const page = validPage(kind);
      await fc.assert(
        fc.asyncProperty(mutationArb, async (m) => {
          const { value } = mutate(page, m);
          // Totals beyond a few pages are the subject of reliability-faults.test.ts (they page on and on).
          const total = JSON.stringify(value).match(/"(?:totalItems|total|totalElements)":(-?[\d.e+]+)/)?.[1];
          fc.pre(total === undefined || Number(total) <= 30);
          body = Buffer.from(JSON.stringify(value));
          requests = 0;
          try {
            expectTypedItems(kind, await LISTERS[kind](client));
          } catch (err) {
            if (!(err instanceof ResponseShapeError) && !(err instanceof PagingError)) throw err;
          }
          expect(requests).toBeLessThanOrEqual(31);
        }),
        { numRuns: 150 },
      );
    },
  );
});

// ---------------------------------------------------------------------------------------------
// parseNcpErrorBody

describe("parseNcpErrorBody", () => {
  const expectFields = (out: unknown): void => {
    expect(typeof out).toBe("object");
    for (const [k, v] of Object.entries(out as object)) {
      expect(["code", "message", "details", "requestId"]).toContain(k);
      expect(typeof v).toBe("string");
    }
  };
  const errorish = fc.record(
    {
      error: fc.oneof(
        jsonValue(),
        fc.record(
          {
            errorCode: jsonValue(),
            code: jsonValue(),
            message: jsonValue(),
            details: jsonValue(),
            requestId: jsonValue(),
          },
          { requiredKeys: [] },
        ),
      ),
      errorCode: jsonValue(),
      code: jsonValue(),
      message: jsonValue(),
      errorMessage: jsonValue(),
      requestId: jsonValue(),
    },
    { requiredKeys: [] },
  );

  it("never throws on arbitrary strings, bytes, JSON and NCP-like error shapes; fields are strings", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.string({ unit: "grapheme" }),
          fc.json(),
          errorish.map((e) => JSON.stringify(e)),
          fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
          errorish.map((e) => Buffer.from(JSON.stringify(e))),
        ),
        (input) => {
          expectFields(parseNcpErrorBody(input));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("reads the fields it finds, whatever the shape", () => {
    fc.assert(
      fc.property(fc.string(), fc.oneof(fc.string(), fc.integer()), fc.boolean(), (message, code, nested) => {
        const inner = { errorCode: code, message, details: "d", requestId: "r-1" };
        const out = parseNcpErrorBody(JSON.stringify(nested ? { error: inner } : inner));
        expect(out).toEqual({ code: String(code), message, details: "d", requestId: "r-1" });
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The lock file reader

describe("parseLockFile on mutations of a valid lock file", () => {
  const FILE = "/fuzz/ncloud.lookups.json";
  const entries: Record<string, LockEntry> = {
    "packages@public?platform=classic": {
      kind: "packages",
      site: "public",
      query: { platform: "classic" },
      fetchedAt: "2024-05-01T10:20:30.000Z",
      items: DATA.packages.classic,
    },
    "policies@gov?type=USER_CREATED": {
      kind: "policies",
      site: "gov",
      source: "https://subaccount.apigw.ntruss.com",
      query: { type: "USER_CREATED" },
      fetchedAt: "2024-05-01T10:20:30.123+09:00",
      items: DATA.policies.slice(0, 3),
    },
    "products@public?isPublished=true": {
      kind: "products",
      site: "public",
      query: { isPublished: true },
      fetchedAt: "2024-05-02T00:00:00Z",
      items: DATA.products.slice(0, 2),
    },
    "profiles@fin": {
      kind: "profiles",
      site: "fin",
      query: {},
      fetchedAt: "2024-05-03T00:00:00.000Z",
      items: DATA.profiles.slice(0, 2),
    },
  };
  const text = serializeLockFile(entries);
  const json = JSON.parse(text) as Json;

  /** Data or LockFileError naming the file; the data checked field by field. */
  function read(t: string): { data: ReturnType<typeof parseLockFile> } | { err: LockFileError } {
    try {
      const data = parseLockFile(t, FILE);
      expect(data.formatVersion).toBe(LOCK_FORMAT_VERSION);
      for (const e of Object.values(data.entries)) {
        expect(LIST_KINDS).toContain(e.kind);
        expect(typeof e.site).toBe("string");
        expect(typeof e.query === "object" && e.query !== null && !Array.isArray(e.query)).toBe(true);
        expect(Number.isNaN(Date.parse(e.fetchedAt))).toBe(false);
        expect(Array.isArray(e.items)).toBe(true);
        for (const item of e.items)
          expect(typeof item === "object" && item !== null && !Array.isArray(item)).toBe(true);
      }
      return { data };
    } catch (err) {
      if (!(err instanceof LockFileError)) throw err;
      expect(err.file).toBe(FILE);
      expect(err.message.startsWith(`${FILE}: `)).toBe(true);
      return { err };
    }
  }

  it("the valid lock file reads back as written", () => {
    const r = read(text);
    expect("data" in r && r.data.entries).toEqual(entries);
  });

  it("one field dropped, replaced or renamed anywhere: data or LockFileError", () => {
    fc.assert(
      fc.property(mutationArb, (m) => {
        const { value, path } = mutate(json, m);
        const r = read(`${JSON.stringify(value, null, 2)}\n`);
        // Inside an item any change is data: items are kept as the API sent them.
        const inItem = path.length >= 5 && path[0] === "entries" && path[2] === "items";
        if (inItem) {
          expect("data" in r).toBe(true);
          if ("data" in r) {
            const key = path[1] as string;
            // Compared as the file holds them (JSON has no -0).
            const written = JSON.parse(JSON.stringify(value)) as { entries: Record<string, LockEntry> };
            expect(r.data.entries[key]?.items).toEqual(written.entries[key]?.items);
          }
        }
        // A required field of an entry removed: refused, naming the entry.
        const field = path[2];
        if (
          m.op === "delete" &&
          path.length === 3 &&
          path[0] === "entries" &&
          ["kind", "site", "query", "fetchedAt", "items"].includes(String(field))
        ) {
          expect("err" in r && r.err.message).toContain(`entries.${String(path[1])}.${String(field)}`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("two mutations at once, then cut at a random length: data or LockFileError", () => {
    fc.assert(
      fc.property(mutationArb, mutationArb, fc.nat(), fc.boolean(), (m1, m2, cut, doCut) => {
        const once = mutate(json, m1).value;
        const twice = `${JSON.stringify(mutate(once, m2).value, null, 2)}\n`;
        const at = cut % (twice.length + 1);
        const r = read(doCut ? twice.slice(0, at) : twice);
        // cut before the last closing bracket: never JSON, so refused
        if (doCut && at <= twice.trimEnd().length - 1) expect("err" in r).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
