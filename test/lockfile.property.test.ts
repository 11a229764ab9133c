import fc from "fast-check";
import { LockFileError } from "../lib/errors";
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

/** An entry that may be valid or broken in one or more fields. */
const maybeEntry = fc.record(
  {
    kind: fc.oneof(fc.constantFrom(...LIST_KINDS), fc.jsonValue({ maxDepth: 1 })),
    site: fc.oneof(fc.constantFrom("public", "gov", "fin"), fc.jsonValue({ maxDepth: 1 })),
    endpoint: fc.oneof(fc.constant("http://127.0.0.1:1"), fc.jsonValue({ maxDepth: 1 })),
    query: fc.oneof(jsonRecord, fc.jsonValue({ maxDepth: 2 })),
    fetchedAt: fc.oneof(isoDate, fc.string(), fc.jsonValue({ maxDepth: 1 })),
    itemCount: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.jsonValue({ maxDepth: 1 })),
    items: fc.oneof(fc.array(jsonRecord, { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })),
    extra: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);

describe("parseLockFile (property)", () => {
  it("on any JSON value returns data or throws LockFileError", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        parsesOrLockError(JSON.stringify(value) ?? "null");
      }),
      { numRuns: 500 },
    );
  });

  it("on any string (full Unicode, control characters) returns data or throws LockFileError", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "binary-ascii" }), fc.string()),
        (text) => {
          parsesOrLockError(text);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("on near-valid lock files (right version, entries of random shape) returns data or throws LockFileError", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(1), fc.jsonValue({ maxDepth: 0 })),
        fc.dictionary(fc.string({ maxLength: 20 }), fc.oneof(maybeEntry, fc.jsonValue({ maxDepth: 2 })), {
          maxKeys: 4,
        }),
        (formatVersion, entries) => {
          const result = parsesOrLockError(JSON.stringify({ formatVersion, entries }));
          if (!(result instanceof LockFileError)) {
            // what it accepted is a lock file it can write back and read again unchanged
            expect(parseLockFile(serializeLockFile(result.entries), FILE)).toEqual(result);
          }
        },
      ),
      { numRuns: 500 },
    );
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
