/**
 * A big lock file read for lookups: everything but the items is checked as the eager reader checks it,
 * items are parsed on first use, and a name in ASCII is found reading only the lines that hold it.
 * Read lazily or eagerly, a lookup sees the same items, the same errors and the same objects.
 */
import fc from "fast-check";
import { writeFileSync } from "node:fs";
import { TerraformStack, Testing } from "cdktf";
import { SubAccountPolicies } from "../lib/constructs/built-in";
import { AmbiguousLookupError, LockFileError, LookupNotFoundError } from "../lib/errors";
import { lookupKey, lookupSpec } from "../lib/lookups/key";
import { lazyItemsOf, readLazily } from "../lib/lookups/lock-lazy";
import {
  readLockFile,
  readLockFileForLookups,
  serializeLockFile,
  type LockEntry,
} from "../lib/lookups/lockfile";
import { LAZY_FROM_BYTES } from "../lib/lookups/lock-lazy";
import { isolateLookupEnv, TempDirs, thrownBy } from "./helpers/lookup-harness";

isolateLookupEnv();
const dirs = new TempDirs();
afterAll(() => dirs.cleanup());

const KEY = lookupKey(lookupSpec("policies", {}, {}, {}));
const DEV_KEY = lookupKey(lookupSpec("policies", { type: "USER_CREATED" }, {}, {}));

function policy(n: number, name = `policy-${n}`, desc = `desc ${n}`): Record<string, unknown> {
  return {
    policyId: `id-${n}`,
    policyName: name,
    policyType: "USER_CREATED",
    policyDesc: desc,
    nrn: `nrn:PUB:IAM::1:Policy/id-${n}`,
  };
}

function entryOf(items: Array<Record<string, unknown>>, query: Record<string, unknown> = {}): LockEntry {
  return { kind: "policies", site: "public", query, fetchedAt: "2024-01-01T00:00:00.000Z", items };
}

/** A lock file holding `entries`, written as the library writes it; its path. */
function lockWith(entries: Record<string, LockEntry>, edit: (text: string) => string = (t) => t): string {
  const file = dirs.lockFile();
  writeFileSync(file, edit(serializeLockFile(entries)));
  return file;
}

/** The entries of `file` read lazily (whatever its size), the items of each read in full. */
function lazilyRead(file: string): Record<string, LockEntry> | undefined {
  return readLockFileForLookups(file, 0)?.entries as Record<string, LockEntry> | undefined;
}

describe("reading lazily gives what reading eagerly gives", () => {
  const text = fc.string({ unit: "grapheme", maxLength: 10 });
  const item = fc.record({
    policyId: fc.uuid(),
    policyName: text,
    policyType: fc.constantFrom("SYSTEM_MANAGED", "USER_CREATED"),
    policyDesc: fc.option(text, { nil: undefined }),
    tags: fc.option(fc.array(text, { maxLength: 2 }), { nil: undefined }),
  });
  const entries = fc.dictionary(fc.constantFrom(KEY, DEV_KEY), fc.array(item, { maxLength: 5 }), {
    minKeys: 1,
  });

  it("for any entries the library writes", () => {
    fc.assert(
      fc.property(entries, (byKey) => {
        const all: Record<string, LockEntry> = {};
        for (const [key, items] of Object.entries(byKey)) {
          all[key] = entryOf(items, key === DEV_KEY ? { type: "USER_CREATED" } : {});
        }
        const file = lockWith(all);
        const lazy = lazilyRead(file);
        expect(JSON.parse(JSON.stringify(lazy))).toEqual(
          JSON.parse(JSON.stringify(readLockFile(file)?.entries)),
        );
      }),
      { numRuns: 100 },
    );
  });

  it("leaves the items unread until used, then parses them once", () => {
    const file = lockWith({ [KEY]: entryOf([policy(1), policy(2)]) });
    const entry = lazilyRead(file)?.[KEY] as LockEntry;
    const lazy = lazyItemsOf(entry);
    expect(lazy?.count).toBe(2);
    expect(entry.items).toBe(entry.items);
    expect(entry.items.map((i) => (i as Record<string, unknown>).policyName)).toEqual([
      "policy-1",
      "policy-2",
    ]);
  });

  it("reads eagerly what it does not know the layout of: minified, CRLF, a byte order mark, a small file", () => {
    const all = { [KEY]: entryOf([policy(1), policy(2)]) };
    const minified = lockWith(all, (t) => JSON.stringify(JSON.parse(t)));
    const crlf = lockWith(all, (t) => t.replace(/\n/g, "\r\n"));
    const bom = lockWith(all, (t) => `\ufeff${t}`);
    for (const file of [minified, crlf, bom]) {
      const entry = lazilyRead(file)?.[KEY] as LockEntry;
      expect(lazyItemsOf(entry)).toBeUndefined();
      expect(entry.items).toHaveLength(2);
    }
    const strings = lockWith({ [KEY]: entryOf([policy(1), policy(2)]) }, (t) =>
      t.replace(/^ {8}\{"nrn":"nrn:PUB:IAM::1:Policy\/id-2".*$/m, '        "not an item"'),
    );
    // Read eagerly, which refuses it in its own words.
    const refusal = thrownBy(() => lazilyRead(strings));
    expect(refusal).toBeInstanceOf(LockFileError);
    expect((refusal as Error).message).toBe((thrownBy(() => readLockFile(strings)) as Error).message);
    const small = lockWith(all);
    expect(lazyItemsOf(readLockFileForLookups(small)?.entries[KEY] as LockEntry)).toBeUndefined();
    expect(LAZY_FROM_BYTES).toBeGreaterThan(1024 * 1024);
  });

  it("checks itemCount against the lines at once, with the eager reader's message", () => {
    const file = lockWith({ [KEY]: entryOf([policy(1), policy(2)]) }, (t) =>
      t.replace('"itemCount": 2', '"itemCount": 3'),
    );
    const eager = thrownBy(() => readLockFile(file));
    const lazy = thrownBy(() => lazilyRead(file));
    expect(lazy).toBeInstanceOf(LockFileError);
    expect((lazy as Error).message).toBe((eager as Error).message);
  });

  it("reports a broken item when the items are used, naming the entry", () => {
    const file = lockWith({ [KEY]: entryOf([policy(1), policy(2), policy(3)]) }, (t) =>
      t.replace('"policyName":"policy-2"', '"policyName":policy-2'),
    );
    expect(thrownBy(() => readLockFile(file))).toBeInstanceOf(LockFileError);
    const entry = lazilyRead(file)?.[KEY] as LockEntry;
    const lazy = lazyItemsOf(entry);
    // The name asked for is on a sound line: it is found without reading the broken one.
    expect(lazy?.findExact("policyName", "policy-3")).toEqual([policy(3)]);
    const err = thrownBy(() => entry.items);
    expect(err).toBeInstanceOf(LockFileError);
    expect((err as Error).message).toContain(`is not valid JSON in the items of entry ${KEY}`);
  });
});

describe("LazyItems.findExact", () => {
  function lazyOf(items: Array<Record<string, unknown>>, edit?: (t: string) => string) {
    const file = lockWith({ [KEY]: entryOf(items) }, edit);
    const entry = lazilyRead(file)?.[KEY] as LockEntry;
    return { entry, lazy: lazyItemsOf(entry) };
  }

  it("finds every item of an ASCII name, and only items of that name", () => {
    const { lazy } = lazyOf([
      policy(1, "a"),
      policy(2, "b", "a"), // "a" in another field
      policy(3, "a"),
      policy(4, 'q"uote\\d'),
    ]);
    expect(lazy?.findExact("policyName", "a")).toEqual([policy(1, "a"), policy(3, "a")]);
    expect(lazy?.findExact("policyName", "b")).toEqual([policy(2, "b", "a")]);
    expect(lazy?.findExact("policyName", 'q"uote\\d')).toEqual([policy(4, 'q"uote\\d')]);
    expect(lazy?.findExact("policyName", "none")).toEqual([]);
  });

  it("does not answer for a name outside ASCII (other spellings normalize to it)", () => {
    const { lazy } = lazyOf([policy(1, "개발팀"), policy(2, "개발팀".normalize("NFD"))]);
    expect(lazy?.findExact("policyName", "개발팀")).toBeUndefined();
  });

  it("does not answer when a \\u or \\/ escape could spell a name another way", () => {
    const escaped = lazyOf([policy(1, "a"), policy(2, "b")], (t) =>
      t.replace('"policyName":"b"', '"policyName":"\\u0061"'),
    );
    expect(escaped.lazy?.findExact("policyName", "a")).toBeUndefined();
    expect(escaped.entry.items.filter((i) => (i as Record<string, unknown>).policyName === "a")).toHaveLength(
      2,
    );
    const slash = lazyOf([policy(1, "a/b")], (t) => t.replace('"a/b"', '"a\\/b"'));
    expect(slash.lazy?.findExact("policyName", "a/b")).toBeUndefined();
  });

  it("does not answer for K, ; or ` while the items hold a character that normalizes to it", () => {
    const { lazy } = lazyOf([policy(1, "NCP_KMS"), policy(2, "NCP_\u212aMS")]);
    expect(lazy?.findExact("policyName", "NCP_KMS")).toBeUndefined();
    expect(lazy?.findExact("policyName", "policy")).toEqual([]);
    const plain = lazyOf([policy(1, "NCP_KMS")]);
    expect(plain.lazy?.findExact("policyName", "NCP_KMS")).toEqual([policy(1, "NCP_KMS")]);
  });

  it("hands out the objects that the items hold once read, and leaves names to them afterwards", () => {
    const { entry, lazy } = lazyOf([policy(1), policy(2), policy(3)]);
    const [found] = lazy?.findExact("policyName", "policy-2") ?? [];
    expect(entry.items[1]).toBe(found);
    expect(lazy?.findExact("policyName", "policy-2")).toBeUndefined();
  });
});

describe("a construct over a big lock file (frozen)", () => {
  /** 20,000 policies (~3.5 MiB, past LAZY_FROM_BYTES): some Korean, two sharing a name, one with NFD text. */
  const items = Array.from({ length: 20_000 }, (_, n) =>
    n % 3 === 0 ? policy(n, `개발팀-${n}`, `개발팀 설명 ${n}`) : policy(n),
  );
  items[100] = policy(100, "twin");
  items[9_000] = policy(9_000, "twin");
  items[19_999] = policy(19_999, "last-one");
  items[500] = policy(500, "한글이름".normalize("NFD"));
  let file: string;
  beforeAll(() => {
    file = lockWith({ [KEY]: entryOf(items) });
  });

  const lookup = () =>
    new SubAccountPolicies(new TerraformStack(Testing.app(), "s"), "p", { lockFile: file, mode: "frozen" });

  it("finds a name, and its item is the one in items", () => {
    const p = lookup();
    const item = p.byName("last-one");
    expect(item).toEqual(items[19_999]);
    expect(p.items).toHaveLength(20_000);
    expect(p.items[19_999]).toBe(item);
    expect(p.idOf("policy-1")).toBe("id-1");
  });

  it("finds a Korean name, also one stored decomposed (NFD)", () => {
    const p = lookup();
    expect(p.byName("개발팀-3")).toEqual(items[3]);
    expect(p.byName("한글이름")).toEqual(items[500]);
  });

  it("says a shared name is ambiguous and a missing one is missing, with suggestions", () => {
    const p = lookup();
    expect(thrownBy(() => p.byName("twin"))).toBeInstanceOf(AmbiguousLookupError);
    const missing = thrownBy(() => p.byName("last-on"));
    expect(missing).toBeInstanceOf(LookupNotFoundError);
    expect((missing as Error).message).toContain("last-one");
    expect(p.has("twin")).toBe(true);
    expect(p.has("nothing-like-it")).toBe(false);
  });

  it("reads only the lines of the name asked for: a broken line elsewhere shows when the items are used", () => {
    const broken = lockWith({ [KEY]: entryOf(items) }, (t) =>
      t.replace('"policyName":"policy-7"', '"policyName":policy-7'),
    );
    const p = new SubAccountPolicies(new TerraformStack(Testing.app(), "s"), "p", {
      lockFile: broken,
      mode: "frozen",
    });
    expect(p.byName("last-one")).toEqual(items[19_999]);
    const err = thrownBy(() => p.items);
    expect(err).toBeInstanceOf(LockFileError);
    expect((err as Error).message).toContain("is not valid JSON in the items of entry");
  });

  it("reads the same file eagerly below the size limit (same answers)", () => {
    const data = readLazily(Buffer.from(serializeLockFile({ [KEY]: entryOf(items) })), file, Date.now());
    expect(lazyItemsOf(data?.entries[KEY] as LockEntry)?.count).toBe(20_000);
  });
});
