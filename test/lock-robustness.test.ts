/**
 * The lock file where real use breaks it (issue 10): writers killed, interrupted or paused while they
 * hold the lock, symlinked and read-only lock files, and hand-edited content. Real processes.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import * as path from "node:path";
import { LockFileError } from "../lib/errors";
import {
  parseLockFile,
  readLockFile,
  serializeLockFile,
  updateLockFile,
  type LockEntry,
} from "../lib/lookups/lockfile";
import { distFile, policiesEntry, policyItem, TempDirs, thrownBy } from "./helpers/lookup-harness";

jest.setTimeout(30_000);

const dirs = new TempDirs();
afterAll(() => dirs.cleanup());
const LOCKFILE_JS = distFile("lookups", "lockfile.js");

const KEY_A = "policies@public?type=USER_CREATED";
const KEY_B = "policies@public?type=SYSTEM_MANAGED";
const entryA: LockEntry = policiesEntry([policyItem(1)], { query: { type: "USER_CREATED" } });
const entryB: LockEntry = policiesEntry([policyItem(2)], { query: { type: "SYSTEM_MANAGED" } });

/** A stale limit far beyond the jest timeout: a test that waited for it would time out instead. */
const NEVER_STALE = { NCLOUD_LOOKUPS_LOCK_STALE_MS: "600000" };

function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function childScript(file: string, key: string, entry: LockEntry, beforeRename: string): string {
  return `
    const { updateLockFile } = require(${JSON.stringify(LOCKFILE_JS)});
    updateLockFile(${JSON.stringify(file)}, (e) => { e[${JSON.stringify(key)}] = ${JSON.stringify(entry)}; }, {
      beforeRename: () => { ${beforeRename} },
    });
    process.stdout.write("written");
  `;
}

function prepare(): { dir: string; file: string } {
  const dir = dirs.make("ncloud-lock-robust-");
  const file = path.join(dir, "ncloud.lookups.json");
  updateLockFile(file, (e) => {
    e[KEY_A] = entryA;
  });
  return { dir, file };
}

describe("a writer killed while it holds the lock", () => {
  it("SIGKILL mid-write: the file stays valid, the next writer neither waits nor leaves any other file", () => {
    const { dir, file } = prepare();
    const before = readFileSync(file);
    const r = spawnSync(
      process.execPath,
      ["-e", childScript(file, KEY_B, entryB, 'process.kill(process.pid, "SIGKILL");')],
      { encoding: "utf8" },
    );
    expect(r.signal).toBe("SIGKILL");
    expect(readFileSync(file)).toEqual(before);
    // it left its lock and its temp file
    expect(readdirSync(dir).sort()).toEqual(
      expect.arrayContaining(["ncloud.lookups.json", "ncloud.lookups.json.lock"]),
    );
    expect(readdirSync(dir).some((n) => n.endsWith(".tmp"))).toBe(true);

    withEnv(NEVER_STALE, () =>
      updateLockFile(file, (e) => {
        e[KEY_B] = entryB;
      }),
    );
    expect(readdirSync(dir)).toEqual(["ncloud.lookups.json"]);
    expect(Object.keys(readLockFile(file)?.entries ?? {}).sort()).toEqual([KEY_B, KEY_A].sort());
  });

  it("SIGINT mid-write: the write completes first, then the process ends by the signal, leaving nothing", () => {
    const { dir, file } = prepare();
    const r = spawnSync(
      process.execPath,
      ["-e", childScript(file, KEY_B, entryB, 'process.kill(process.pid, "SIGINT");')],
      { encoding: "utf8" },
    );
    expect(r.signal).toBe("SIGINT");
    expect(r.stdout).toBe("written");
    expect(readdirSync(dir)).toEqual(["ncloud.lookups.json"]);
    expect(readLockFile(file)?.entries[KEY_B]).toEqual(entryB);
  });
});

describe("a writer paused past the stale limit", () => {
  it("has its lock taken over, then merges again instead of dropping the entries written meanwhile", async () => {
    const { dir, file } = prepare();
    // The child holds the lock and pauses 2 s right before its rename (a laptop lid, Ctrl+Z).
    const child = spawn(
      process.execPath,
      [
        "-e",
        childScript(
          file,
          KEY_B,
          entryB,
          "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);",
        ),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    while (!existsSync(`${file}.lock`) || !readdirSync(dir).some((n) => n.endsWith(".tmp"))) {
      await new Promise((r) => setTimeout(r, 20));
    }
    // This writer takes the lock over after 300 ms of seeing it unchanged, and writes its own entry.
    const mine = "profiles@public";
    const mineEntry: LockEntry = {
      kind: "profiles",
      site: "public",
      query: {},
      fetchedAt: new Date().toISOString(),
      items: [],
    };
    withEnv({ NCLOUD_LOOKUPS_LOCK_STALE_MS: "300" }, () =>
      updateLockFile(file, (e) => {
        e[mine] = mineEntry;
      }),
    );
    expect(readLockFile(file)?.entries[mine]).toEqual(mineEntry);
    expect(await exited).toBe(0);
    expect(out).toBe("written");
    // The paused writer noticed and merged again: all three entries are there.
    expect(Object.keys(readLockFile(file)?.entries ?? {}).sort()).toEqual([KEY_B, KEY_A, mine].sort());
    expect(readdirSync(dir)).toEqual(["ncloud.lookups.json"]);
  });
});

describe("the lock file as users keep it", () => {
  it("a symlinked lock file stays a link and its target is written", () => {
    const root = dirs.make("ncloud-lock-link-");
    mkdirSync(path.join(root, "shared"));
    mkdirSync(path.join(root, "app"));
    const target = path.join(root, "shared", "ncloud.lookups.json");
    writeFileSync(target, serializeLockFile({ [KEY_A]: entryA }));
    const link = path.join(root, "app", "ncloud.lookups.json");
    symlinkSync("../shared/ncloud.lookups.json", link);
    updateLockFile(link, (e) => {
      e[KEY_B] = entryB;
    });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(Object.keys(readLockFile(target)?.entries ?? {}).sort()).toEqual([KEY_B, KEY_A].sort());
    expect(readdirSync(path.join(root, "app"))).toEqual(["ncloud.lookups.json"]);
    expect(readdirSync(path.join(root, "shared"))).toEqual(["ncloud.lookups.json"]);
  });

  it("keeps the file's mode", () => {
    const { file } = prepare();
    chmodSync(file, 0o640);
    updateLockFile(file, (e) => {
      e[KEY_B] = entryB;
    });
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it("a read-only lock file is an error naming it, and is left alone", () => {
    const { file } = prepare();
    chmodSync(file, 0o444);
    const before = readFileSync(file);
    const err = thrownBy(() =>
      updateLockFile(file, (e) => {
        e[KEY_B] = entryB;
      }),
    );
    expect(err).toBeInstanceOf(LockFileError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toContain("read-only");
    expect(readFileSync(file)).toEqual(before);
    chmodSync(file, 0o644);
  });

  it("temp files of writers that no longer run are removed by the next writer; a live one's are kept", () => {
    const { dir, file } = prepare();
    writeFileSync(path.join(dir, ".ncloud.lookups.json.99999999.abcd.tmp"), "{half");
    const live = `.ncloud.lookups.json.${process.ppid}.ef01.tmp`;
    writeFileSync(path.join(dir, live), "{half");
    updateLockFile(file, (e) => {
      e[KEY_B] = entryB;
    });
    expect(readdirSync(dir).sort()).toEqual([live, "ncloud.lookups.json"].sort());
  });

  it("a lock of another host (whose process cannot be checked) is taken over once older than the stale limit", () => {
    // A live holder of this host is waited for: lockfile.test.ts covers it with a real holder process.
    const { file } = prepare();
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: 1, host: `not-${hostname()}`, token: "x" }));
    withEnv({ NCLOUD_LOOKUPS_LOCK_STALE_MS: "200" }, () =>
      updateLockFile(file, (e) => {
        e[KEY_B] = entryB;
      }),
    );
    expect(readLockFile(file)?.entries[KEY_B]).toEqual(entryB);
  });
});

describe("hand-edited lock files", () => {
  const FILE = "/app/ncloud.lookups.json";
  const text = serializeLockFile({ [KEY_A]: entryA, [KEY_B]: entryB });

  it("a UTF-8 byte order mark is accepted", () => {
    expect(parseLockFile(`\uFEFF${text}`, FILE).entries[KEY_A]).toEqual(entryA);
  });

  it.each([
    [
      "an itemCount that disagrees with the items",
      text.replace('"itemCount": 1', '"itemCount": 7'),
      "itemCount 7",
    ],
    [
      "a fetchedAt in the future",
      text.replace(entryA.fetchedAt, "2999-01-01T00:00:00.000Z"),
      "in the future",
    ],
    ["a duplicate key", text.replace(`"${KEY_B}": {`, `"${KEY_A}": {`), `holds the entry ${KEY_A} twice`],
    [
      "a query that contradicts its key",
      text.replace('"type": "USER_CREATED"', '"type": "SYSTEM_MANAGED"'),
      "contradicts its key",
    ],
  ])("%s is refused, naming the entry and the fix", (_name, bad, what) => {
    expect(bad).not.toBe(text);
    const err = thrownBy(() => parseLockFile(bad, FILE));
    expect(err).toBeInstanceOf(LockFileError);
    expect((err as Error).message).toContain(what);
    expect((err as Error).message).toMatch(/ncloud-lookups (reset|fill)/);
  });
});
