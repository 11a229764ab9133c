import { hostname } from "node:os";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { LockFileError } from "../lib/errors";
import {
  LOCK_FORMAT_VERSION,
  parseLockFile,
  readLockFile,
  serializeLockFile,
  updateLockFile,
  type LockEntry,
} from "../lib/lookups/lockfile";
import { bytesOf, distFile, policyItem, strayFiles, TempDirs, thrownBy } from "./helpers/lookup-harness";
import { entryA, entryB, KEY_A, KEY_B } from "./helpers/lock-fixtures";

function reverseKeys<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).reverse()) as T;
}

const dirs = new TempDirs();
afterAll(() => dirs.cleanup());

const LOCKFILE_JS = distFile("lookups", "lockfile.js");

describe("serializeLockFile / parseLockFile", () => {
  it("round-trips entries through text", () => {
    const text = serializeLockFile({ [KEY_A]: entryA, [KEY_B]: entryB });
    const parsed = parseLockFile(text, "ncloud.lookups.json");
    expect(parsed.formatVersion).toBe(LOCK_FORMAT_VERSION);
    expect(parsed.entries).toEqual({ [KEY_A]: entryA, [KEY_B]: entryB });
    // and once more: parse(serialize(parse(x))) is the same bytes
    expect(serializeLockFile(parsed.entries)).toBe(text);
  });

  it("records the item count beside the items", () => {
    const json = JSON.parse(serializeLockFile({ [KEY_A]: entryA })) as {
      entries: Record<string, { itemCount: number }>;
    };
    expect(json.entries[KEY_A]?.itemCount).toBe(2);
  });

  it("gives the same bytes for the same data whatever the insertion order of keys", () => {
    const reordered: LockEntry = {
      items: [reverseKeys(policyItem(2, "zeta")), reverseKeys(policyItem(1, "alpha"))],
      fetchedAt: entryA.fetchedAt,
      query: { type: "USER_CREATED" },
      site: "public",
      kind: "policies",
    };
    const one = serializeLockFile({ [KEY_A]: entryA, [KEY_B]: entryB });
    const two = serializeLockFile({ [KEY_B]: entryB, [KEY_A]: reordered });
    expect(two).toBe(one);
  });

  it("sorts entry keys and object keys at every depth, but keeps items in server order", () => {
    const text = serializeLockFile({ [KEY_B]: entryB, [KEY_A]: entryA });
    expect(text.indexOf(JSON.stringify(KEY_A))).toBeLessThan(text.indexOf(JSON.stringify(KEY_B)));
    // top level: entries before formatVersion
    expect(Object.keys(JSON.parse(text) as object)).toEqual(["entries", "formatVersion"]);
    const entry = (JSON.parse(text) as { entries: Record<string, Record<string, unknown>> }).entries[KEY_A];
    expect(Object.keys(entry ?? {})).toEqual(["fetchedAt", "itemCount", "items", "kind", "query", "site"]);
    const items = entry?.items as Array<Record<string, unknown>>;
    expect(items.map((i) => i.policyName)).toEqual(["zeta", "alpha"]);
    expect(Object.keys(items[0] ?? {})).toEqual([
      "nrn",
      "policyDesc",
      "policyId",
      "policyName",
      "policyType",
    ]);
  });

  it("is pretty-printed with two spaces and ends with exactly one newline", () => {
    const text = serializeLockFile({ [KEY_A]: entryA });
    expect(text.startsWith('{\n  "entries": {\n    "policies@public?type=USER_CREATED": {\n')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.endsWith("\n\n")).toBe(false);
    expect(serializeLockFile({})).toBe('{\n  "entries": {},\n  "formatVersion": 2\n}\n');
  });

  it("writes non-ASCII text as is (UTF-8), not as \\u escapes", () => {
    const text = serializeLockFile({ [KEY_B]: entryB });
    expect(text).toContain('"결제 API"');
    expect(text).not.toMatch(/\\u[0-9a-f]{4}/i);
  });
});

describe("parseLockFile errors", () => {
  const FILE = "/some/app/ncloud.lookups.json";
  const valid = (entries: Record<string, unknown>): string => JSON.stringify({ formatVersion: 1, entries });

  function expectLockError(text: string, ...fragments: Array<string | RegExp>): LockFileError {
    const err = thrownBy(() => parseLockFile(text, FILE));
    expect(err).toBeInstanceOf(LockFileError);
    const e = err as LockFileError;
    expect(e.file).toBe(FILE);
    expect(e.code).toBe("LOCK_FILE");
    expect(e.message.startsWith(`${FILE}: `)).toBe(true);
    for (const f of fragments) expect(e.message).toMatch(f);
    return e;
  }

  it.each([
    ["truncated JSON", '{"formatVersion": 1, "entries": {'],
    ["empty text", ""],
  ])("%s is not valid JSON and the message says how to fix it", (_name, text) => {
    expectLockError(text, "is not valid JSON", "ncloud-lookups fill");
  });

  it("git conflict markers are named, with their line, the command that resolves them and the driver set-up", () => {
    const text =
      '{\n  "entries": {\n<<<<<<< HEAD\n    "a": 1\n=======\n    "b": 2\n>>>>>>> feature\n  }\n}\n';
    const e = expectLockError(text, "git conflict markers (line 3)", "merge-driver --resolve");
    expect(e.message).toContain("merge=ncloud-lookups");
    expect(e.message).toContain('merge.ncloud-lookups.driver "npx ncloud-lookups merge-driver %O %A %B"');
  });

  it.each([["[]"], ["null"], ["42"], ['"text"'], ["true"]])("top level %s is not a lock file", (text) => {
    expectLockError(text, "expected an object", "ncloud-lookups fill");
  });

  it.each([[3], [0], ["1"], [null]])("format version %j is refused, naming the versions it reads", (v) => {
    expectLockError(
      JSON.stringify({ formatVersion: v, entries: {} }),
      JSON.stringify(v),
      "reads versions 1 and 2",
    );
  });

  it("a missing format version is refused", () => {
    expectLockError(JSON.stringify({ entries: {} }), "format version undefined");
  });

  it.each([
    ["an unknown kind", { k: { ...entryA, kind: "widgets" } }, "entries.k.kind"],
    ["no fetchedAt", { k: { ...entryA, fetchedAt: undefined } }, "entries.k.fetchedAt"],
    ["a fetchedAt that is not a date", { k: { ...entryA, fetchedAt: "yesterday" } }, "entries.k.fetchedAt"],
    ["items that are not an array", { k: { ...entryA, items: {} } }, "entries.k.items"],
    ["an item that is not an object", { k: { ...entryA, items: [1] } }, "entries.k.items.0"],
    ["a negative item count", { k: { ...entryA, itemCount: -1 } }, "entries.k.itemCount"],
    ["an entry that is a string", { k: "policies" }, "entries.k"],
  ])("an entry with %s is malformed, and the message names where", (_name, entries, at) => {
    expectLockError(valid(entries), `is malformed at ${at}`, "ncloud-lookups fill");
  });

  it("entries that are not an object are malformed", () => {
    expectLockError(JSON.stringify({ formatVersion: 1, entries: [] }), "is malformed at entries");
  });

  it("an unknown entry field is reported as written by a newer version, naming the entry and field", () => {
    expectLockError(
      valid({ k: { ...entryA, signedBy: "x" } }),
      "entry k",
      '"signedBy"',
      "written by a newer version?",
    );
  });

  it("accepts unknown top-level fields (a newer minor writer) and keeps them on write", () => {
    const parsed = parseLockFile(JSON.stringify({ formatVersion: 2, entries: {}, comment: "hi" }), FILE);
    expect(parsed).toEqual({ formatVersion: 2, entries: {}, extra: { comment: "hi" } });
    const dir = dirs.make();
    const file = path.join(dir, "ncloud.lookups.json");
    writeFileSync(file, JSON.stringify({ formatVersion: 2, entries: {}, comment: "hi", future: { a: [1] } }));
    updateLockFile(file, (entries) => {
      entries[KEY_A] = entryA;
    });
    const written = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    expect(written.comment).toBe("hi");
    expect(written.future).toEqual({ a: [1] });
    expect(Object.keys(written.entries as object)).toEqual([KEY_A]);
  });
});

describe("readLockFile", () => {
  it("returns undefined for a missing file", () => {
    expect(readLockFile(path.join(dirs.make(), "nope.json"))).toBeUndefined();
  });

  it("throws LockFileError for a path it cannot read", () => {
    const dir = dirs.make();
    const err = thrownBy(() => readLockFile(dir));
    expect(err).toBeInstanceOf(LockFileError);
    expect((err as LockFileError).message).toContain(dir);
    expect((err as LockFileError).message).toContain("is a directory, not a lock file");
  });

  it("reads what updateLockFile wrote", () => {
    const file = dirs.lockFile();
    updateLockFile(file, (e) => {
      e[KEY_A] = entryA;
    });
    expect(readLockFile(file)?.entries).toEqual({ [KEY_A]: entryA });
  });
});

describe("updateLockFile", () => {
  it("adds to the existing entries and returns them", () => {
    const file = dirs.lockFile();
    updateLockFile(file, (e) => {
      e[KEY_A] = entryA;
    });
    const returned = updateLockFile(file, (e) => {
      e[KEY_B] = entryB;
    });
    expect(Object.keys(returned).sort()).toEqual([KEY_A, KEY_B]);
    expect(readFileSync(file, "utf8")).toBe(serializeLockFile({ [KEY_A]: entryA, [KEY_B]: entryB }));
    expect(strayFiles(path.dirname(file), [path.basename(file)])).toEqual([]);
  });

  it.each([
    ["corrupt JSON", '{"formatVersion": 1, "entries": {"policies@public": '],
    ["a newer format", '{"formatVersion": 7, "entries": {}}\n'],
    ["a malformed entry", '{"formatVersion": 1, "entries": {"k": {"kind": "policies"}}}'],
  ])("on %s throws LockFileError, never replaces the file and releases its lock", (_name, text) => {
    const file = dirs.lockFile();
    writeFileSync(file, text);
    const before = bytesOf(file);
    const mutate = jest.fn((e: Record<string, LockEntry>) => {
      e[KEY_A] = entryA;
    });
    const err = thrownBy(() => updateLockFile(file, mutate));
    expect(err).toBeInstanceOf(LockFileError);
    expect((err as LockFileError).file).toBe(file);
    expect((err as LockFileError).message).toContain(file);
    expect(mutate).not.toHaveBeenCalled();
    expect(bytesOf(file)).toEqual(before);
    expect(strayFiles(path.dirname(file), [path.basename(file)])).toEqual([]);
  });

  it("an exception in the mutation leaves the file as it was and releases the lock", () => {
    const file = dirs.lockFile();
    updateLockFile(file, (e) => {
      e[KEY_A] = entryA;
    });
    const before = bytesOf(file);
    expect(() =>
      updateLockFile(file, (e) => {
        e[KEY_B] = entryB;
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(bytesOf(file)).toEqual(before);
    expect(strayFiles(path.dirname(file), [path.basename(file)])).toEqual([]);
  });

  it("reports an unwritable directory as LockFileError", () => {
    const file = path.join(dirs.make(), "missing-dir", "ncloud.lookups.json");
    const err = thrownBy(() => updateLockFile(file, () => undefined));
    expect(err).toBeInstanceOf(LockFileError);
    expect((err as LockFileError).message).toMatch(/cannot create ncloud\.lookups\.json\.lock \(ENOENT\)/);
  });

  it("takes over at once a .lock left by a process that no longer runs (an earlier version's pid-only lock too)", () => {
    const file = dirs.lockFile();
    writeFileSync(`${file}.lock`, "99999999\n");
    updateLockFile(file, (e) => {
      e[KEY_A] = entryA;
    });
    expect(readLockFile(file)?.entries).toEqual({ [KEY_A]: entryA });
    expect(strayFiles(path.dirname(file), [path.basename(file)])).toEqual([]);
  });

  it("waits for a fresh .lock held by another process instead of taking it over", () => {
    const file = dirs.lockFile();
    const lock = `${file}.lock`;
    // The child plays a process holding the lock: after a while it writes the lock file (its own
    // read-modify-write) and only then releases the lock. If updateLockFile did not wait, the child
    // would overwrite our entry (or we would have written before it) and one entry would be lost.
    const child = `
      const { writeFileSync, rmSync } = require("node:fs");
      const { serializeLockFile } = require(${JSON.stringify(LOCKFILE_JS)});
      setTimeout(() => {
        writeFileSync(${JSON.stringify(file)}, serializeLockFile({ ${JSON.stringify(KEY_B)}: ${JSON.stringify(entryB)} }));
        rmSync(${JSON.stringify(lock)});
      }, 400);`;
    const proc = spawn(process.execPath, ["-e", child], { stdio: "ignore" });
    writeFileSync(lock, JSON.stringify({ pid: proc.pid, host: hostname(), token: "child" }));
    const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
    updateLockFile(file, (e) => {
      e[KEY_A] = entryA;
    });
    expect(Object.keys(readLockFile(file)?.entries ?? {}).sort()).toEqual([KEY_A, KEY_B]);
    return expect(exited).resolves.toBe(0);
  });
});
