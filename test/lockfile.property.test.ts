import fc from "fast-check";
import { LockFileError } from "../lib/errors";
import { stableJson, stableJsonLines } from "../lib/lookups/json";
import { lookupKey, lookupSpec } from "../lib/lookups/key";
import { parseLockFile, serializeLockFile, type LockEntry, type LockFileData } from "../lib/lookups/lockfile";
import { LIST_KINDS } from "../lib/services/meta";

const FILE = "/app/ncloud.lookups.json";

/** parseLockFile either returns data or throws LockFileError naming the file: never anything else. */
function parsesOrLockError(text: string): LockFileData | LockFileError {
  try {
    return parseLockFile(text, FILE);
  } catch (err) {
    if (!(err instanceof LockFileError)) {
      throw new Error(
        `parseLockFile threw ${(err as Error)?.name ?? typeof err} instead of LockFileError: ${String(err)}`,
      );
    }
    if (err.file !== FILE || !err.message.startsWith(`${FILE}: `)) {
      throw new Error(`LockFileError does not name the file: ${err.message}`);
    }
    return err;
  }
}

const isoDate = fc
  .date({
    min: new Date("2000-01-01T00:00:00Z"),
    max: new Date() /* a fetch time is never in the future */,
    noInvalidDate: true,
  })
  .map((d) => d.toISOString());

const jsonRecord = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 });

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * What the parser must do with a parsed JSON value, decided without the parser: `refuse` when the
 * outline is wrong (not an object, a version it does not read, no entries object, an unsafe key),
 * `accept` for an empty entries object; undefined where the entries decide (other tests).
 */
function outlineVerdict(value: unknown): "accept" | "refuse" | undefined {
  if (!isPlainObject(value)) return "refuse";
  if (value.formatVersion !== 1 && value.formatVersion !== 2) return "refuse";
  if (!isPlainObject(value.entries)) return "refuse";
  const keys = Object.keys(value.entries);
  if (keys.some((k) => k === "" || k === "__proto__")) return "refuse";
  return keys.length === 0 ? "accept" : undefined;
}

/** Runs the parser and checks its answer against the verdict; returns what it gave. */
function expectVerdict(text: string, verdict: "accept" | "refuse" | undefined): LockFileData | LockFileError {
  const result = parsesOrLockError(text);
  if (verdict === "refuse") expect(result).toBeInstanceOf(LockFileError);
  if (verdict === "accept") expect(result).not.toBeInstanceOf(LockFileError);
  return result;
}

/** A field value that the parser must accept (`ok`), or that makes its entry invalid. */
type Tagged = { readonly ok: boolean; readonly v: unknown };
/** A field: valid (one of `goods`) eight times in nine, so that whole valid entries are common. */
function field(goods: fc.Arbitrary<unknown>[], bads: fc.Arbitrary<unknown>[]): fc.Arbitrary<Tagged> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.oneof(...goods).map((v): Tagged => ({ ok: true, v })) },
    { weight: 1, arbitrary: fc.oneof(...bads).map((v): Tagged => ({ ok: false, v })) },
  );
}
const notString = fc.jsonValue({ maxDepth: 1 }).filter((v) => typeof v !== "string");
const notObject = fc.jsonValue({ maxDepth: 1 }).filter((v) => !isPlainObject(v));
const KINDS: readonly string[] = LIST_KINDS;

/** An entry whose every field is valid or broken, and the parser's verdict on it known in advance. */
const taggedEntry = fc
  .record({
    kind: field(
      [fc.constantFrom(...LIST_KINDS)],
      [fc.jsonValue({ maxDepth: 1 }).filter((v) => !(typeof v === "string" && KINDS.includes(v)))],
    ),
    site: field([fc.constantFrom("public", "gov", "fin"), fc.string()], [notString]),
    endpoint: field(
      [fc.constant(undefined), fc.constant("http://127.0.0.1:1")],
      [notString.filter((v) => v !== null)],
    ),
    source: field([fc.constant(undefined), fc.constant("https://example.invalid")], [fc.integer()]),
    query: field([jsonRecord], [notObject]),
    // a bad time: a string with no digit (never a date), or no string at all
    fetchedAt: field([isoDate], [fc.string().filter((t) => !/\d/.test(t)), notString]),
    itemCount: field(
      [fc.constant(undefined), fc.constant("count")],
      [fc.integer({ max: -1 }), fc.constant(1.5)],
    ),
    pageSize: field([fc.constant(undefined), fc.integer({ min: 1, max: 1000 })], [fc.integer({ max: 0 })]),
    items: field(
      [fc.array(jsonRecord, { maxLength: 3 })],
      [notObject.filter((v) => !Array.isArray(v)), fc.array(notObject, { minLength: 1, maxLength: 2 })],
    ),
    extra: field([fc.constant(undefined)], [fc.jsonValue({ maxDepth: 1 }).filter((v) => v !== null)]),
  })
  .map((fields) => {
    const entry: Record<string, unknown> = {};
    let ok = true;
    for (const [name, { ok: fieldOk, v }] of Object.entries(fields)) {
      if (v === undefined) continue;
      ok &&= fieldOk;
      entry[name] = v;
    }
    // "count" stands for the right item count (the items are only known here)
    if (entry.itemCount === "count") entry.itemCount = Array.isArray(entry.items) ? entry.items.length : 0;
    return { ok, entry };
  });

/** Keys that are not lookup keys (no `@`), so entries are not checked against them. */
const entryKey = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.string({ maxLength: 20 }).filter((k) => !k.includes("@") && !k.startsWith("local:")),
  },
  { weight: 1, arbitrary: fc.constantFrom("", "__proto__") },
);

describe("parseLockFile (property)", () => {
  it("on any JSON value: refuses with LockFileError unless it is a lock file; an empty one is accepted", () => {
    const arb = fc.oneof(
      fc.jsonValue(),
      fc.record({ formatVersion: fc.constantFrom(1, 2), entries: fc.constant({}) }),
      fc.record({ formatVersion: fc.constantFrom(1, 2), entries: notObject }),
    );
    fc.assert(
      fc.property(arb, (value) => {
        expectVerdict(JSON.stringify(value) ?? "null", outlineVerdict(value));
      }),
      { numRuns: 500 },
    );
  });

  it("on any string (full Unicode, control characters): refuses with LockFileError what is not a lock file", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "binary-ascii" }), fc.string()),
        (text) => {
          let value: unknown;
          try {
            value = JSON.parse(text.replace(/^\uFEFF/, ""));
          } catch {
            expectVerdict(text, "refuse");
            return;
          }
          expectVerdict(text, outlineVerdict(value));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("on near-valid lock files (entries valid or broken field by field): accepts exactly the valid ones, and reads back what it accepted", () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(1, 2), fc.jsonValue({ maxDepth: 0 })),
        fc.dictionary(
          entryKey,
          fc.oneof(
            { weight: 5, arbitrary: taggedEntry },
            { weight: 1, arbitrary: notObject.map((entry) => ({ ok: false, entry })) },
          ),
          { maxKeys: 4 },
        ),
        (formatVersion, tagged) => {
          const entries = Object.fromEntries(Object.entries(tagged).map(([k, t]) => [k, t.entry]));
          const keysOk = Object.keys(entries).every((k) => k !== "" && k !== "__proto__");
          const valid =
            (formatVersion === 1 || formatVersion === 2) &&
            keysOk &&
            Object.values(tagged).every((t) => t.ok);
          const result = expectVerdict(
            JSON.stringify({ formatVersion, entries }),
            valid ? "accept" : "refuse",
          );
          accepted += result instanceof LockFileError ? 0 : 1;
          if (!(result instanceof LockFileError)) {
            expect(Object.keys(result.entries)).toHaveLength(Object.keys(entries).length);
            // what it accepted is a lock file it can write back and read again unchanged
            expect(parseLockFile(serializeLockFile(result.entries), FILE)).toEqual(result);
          }
        },
      ),
      {
        numRuns: 500,
        // A key that Object.prototype also has (a version-1 file is upgraded entry by entry).
        examples: [
          [
            1,
            {
              valueOf: {
                ok: true,
                entry: {
                  kind: "packages",
                  site: "",
                  source: "https://example.invalid",
                  query: {},
                  fetchedAt: "2000-01-01T00:00:00.000Z",
                  itemCount: 0,
                  items: [],
                },
              },
            },
          ],
        ],
      },
    );
    // both verdicts were tried (about a third of the files are valid)
    expect(accepted).toBeGreaterThan(0);
  });

  it.each([
    ["an empty key", ""],
    ["a key that is no lookup key", "policies"],
  ])("a version-1 entry under %s recorded from a loopback endpoint reads back unchanged", (_what, key) => {
    const text = JSON.stringify({
      formatVersion: 1,
      entries: {
        [key]: {
          kind: "policies",
          site: "public",
          endpoint: "http://127.0.0.1:1",
          query: {},
          fetchedAt: "2024-01-01T00:00:00.000Z",
          items: [],
        },
      },
    });
    const result = parsesOrLockError(text);
    if (key === "") {
      expect(result).toBeInstanceOf(LockFileError);
      expect((result as LockFileError).message).toContain('under the key ""');
      return;
    }
    const data = result as LockFileData;
    expect(Object.keys(data.entries)).toEqual([`local:${key}`]);
    expect(parseLockFile(serializeLockFile(data.entries), FILE)).toEqual(data);
  });

  it("on JSON of a valid lock file with one character changed returns data or throws LockFileError", () => {
    const text = serializeLockFile({
      "policies@public": {
        kind: "policies",
        site: "public",
        query: {},
        fetchedAt: "2024-01-01T00:00:00.000Z",
        items: [{ policyId: "1", policyName: "개발팀-읽기전용" }],
      },
    });
    fc.assert(
      fc.property(
        fc.nat({ max: text.length - 1 }),
        fc.string({ unit: "binary", minLength: 0, maxLength: 2 }),
        (at, s) => {
          parsesOrLockError(text.slice(0, at) + s + text.slice(at + 1));
        },
      ),
      { numRuns: 500 },
    );
  });
});

// Valid entries keyed by their real lookup keys: serialize then parse is the identity.
const validEntry = fc
  .record({
    kind: fc.constantFrom("policies" as const, "profiles" as const),
    searchWord: fc.option(fc.string({ unit: "grapheme", maxLength: 10 }), { nil: undefined }),
    site: fc.constantFrom("public", "gov", "fin"),
    fetchedAt: isoDate,
    items: fc.array(
      fc.record({
        policyId: fc.uuid(),
        policyName: fc.string({ unit: "grapheme", maxLength: 12 }),
        n: fc.integer(),
      }),
      { maxLength: 4 },
    ),
  })
  .map(({ kind, searchWord, site, fetchedAt, items }): [string, LockEntry] => {
    const spec = lookupSpec(kind, searchWord === undefined ? {} : { searchWord }, { site }, {});
    return [lookupKey(spec), { kind, site, query: spec.query as Record<string, unknown>, fetchedAt, items }];
  });

describe("serializeLockFile (property)", () => {
  it("round-trips any valid entries and is stable", () => {
    fc.assert(
      fc.property(fc.array(validEntry, { maxLength: 6 }), (pairs) => {
        const entries = Object.fromEntries(pairs);
        const text = serializeLockFile(entries);
        const parsed = parseLockFile(text, FILE);
        expect(parsed.entries).toEqual(entries);
        expect(serializeLockFile(parsed.entries)).toBe(text);
        // insertion order does not matter
        expect(serializeLockFile(Object.fromEntries(Object.entries(entries).reverse()))).toBe(text);
        expect(text.endsWith("}\n")).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe("stableJsonLines (property): the lock file's item lines, written faster", () => {
  /** Items of a few shapes in a row, as lists come: keys in any order, some integer-like or `__proto__`. */
  const key = fc.oneof(
    fc.constantFrom("policyId", "name", "b", "a", "10", "2", "__proto__", ""),
    fc.string({ maxLength: 4 }),
  );
  const shape = fc.uniqueArray(key, { maxLength: 6 });
  const value = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 6 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.jsonValue({ maxDepth: 2 }),
  );
  /** Defined, not assigned, so that `__proto__` is an own key as JSON.parse makes it. */
  const itemOf = (keys: readonly string[], values: readonly unknown[]): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    keys.forEach((k, i) =>
      Object.defineProperty(o, k, { value: values[i], enumerable: true, writable: true, configurable: true }),
    );
    return o;
  };
  const items = fc
    .array(fc.tuple(shape, fc.array(value, { minLength: 6, maxLength: 6 }), fc.nat({ max: 4 })), {
      maxLength: 6,
    })
    .map((runs) =>
      runs.flatMap(([keys, values, repeat]) =>
        Array.from({ length: repeat + 1 }, () => itemOf(keys, values)),
      ),
    );

  it("is stableJson of each item, for items of any shapes in any order", () => {
    fc.assert(
      fc.property(items, (list) => {
        expect(stableJsonLines(list)).toEqual(list.map((item) => stableJson(item)));
      }),
      { numRuns: 500 },
    );
  });

  it("sorts the keys of same-shaped items whose keys come out of order, and leaves nested values to stableJson", () => {
    const list = [
      { policyId: "p1", policyName: "a", nrn: "n1" },
      { policyId: "p2", policyName: "b", nrn: "n2" },
      { policyId: "p3", policyName: "c", nrn: { z: 1, a: 2 } },
    ];
    expect(stableJsonLines(list)).toEqual([
      '{"nrn":"n1","policyId":"p1","policyName":"a"}',
      '{"nrn":"n2","policyId":"p2","policyName":"b"}',
      '{"nrn":{"a":2,"z":1},"policyId":"p3","policyName":"c"}',
    ]);
  });
});
