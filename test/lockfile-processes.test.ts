/**
 * The lock file's writes under crashes and concurrent writers: real processes running the compiled
 * library. (Split from lockfile.test.ts, which stays in process for mutation testing.)
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { LockFileError } from "../lib/errors";
import {
  parseLockFile,
  readLockFile,
  serializeLockFile,
  updateLockFile,
  writeFileAtomic,
  type LockEntry,
} from "../lib/lookups/lockfile";
import {
  distFile,
  policiesEntry,
  policyItem,
  strayFiles,
  TempDirs,
  thrownBy,
} from "./helpers/lookup-harness";
import { entryA, entryB, KEY_A, KEY_B } from "./helpers/lock-fixtures";

const dirs = new TempDirs();
afterAll(() => dirs.cleanup());

const LOCKFILE_JS = distFile("lookups", "lockfile.js");

describe("crash safety of the write", () => {
  function runChild(script: string): {
    signal: NodeJS.Signals | null;
    status: number | null;
    stderr: string;
  } {
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 30_000 });
    return { signal: r.signal, status: r.status, stderr: r.stderr };
  }

  function prepare(): { dir: string; file: string; before: Buffer } {
    const dir = dirs.make();
    const file = path.join(dir, "ncloud.lookups.json");
    updateLockFile(file, (e) => {
      e[KEY_A] = entryA;
    });
    return { dir, file, before: readFileSync(file) };
  }

  it("a process killed (SIGKILL) between writing the temp file and renaming it leaves the old file whole", () => {
    const { dir, file, before } = prepare();
    // The child runs the real updateLockFile; its rename is replaced by SIGKILL to itself, so it dies
    // after the temp file was written and fsynced, exactly before the rename.
    const r = runChild(`
      const fs = require("node:fs");
      const { updateLockFile } = require(${JSON.stringify(LOCKFILE_JS)});
      fs.renameSync = () => process.kill(process.pid, "SIGKILL");
      updateLockFile(${JSON.stringify(file)}, (e) => { e[${JSON.stringify(KEY_B)}] = ${JSON.stringify(entryB)}; });
      process.exit(3); // not reached
    `);
    expect(r.signal).toBe("SIGKILL");
    expect(readFileSync(file)).toEqual(before);
    expect(readLockFile(file)?.entries).toEqual({ [KEY_A]: entryA });
    // The crash really happened after the write: the new content sits in a temp file.
    const temps = readdirSync(dir).filter((n) => n.endsWith(".tmp"));
    expect(temps).toHaveLength(1);
    expect(readFileSync(path.join(dir, temps[0] ?? ""), "utf8")).toBe(
      serializeLockFile({ [KEY_A]: entryA, [KEY_B]: entryB }),
    );
    // It also left its .lock behind; once that is stale, the next writer takes over and succeeds.
    expect(readdirSync(dir)).toContain("ncloud.lookups.json.lock");
    const old = new Date(Date.now() - 45_000);
    utimesSync(`${file}.lock`, old, old);
    const third: LockEntry = policiesEntry([policyItem(3)], { query: { type: "SYSTEM_MANAGED" } });
    updateLockFile(file, (e) => {
      e["policies@public?type=SYSTEM_MANAGED"] = third;
    });
    expect(Object.keys(readLockFile(file)?.entries ?? {}).sort()).toEqual(
      [KEY_A, "policies@public?type=SYSTEM_MANAGED"].sort(),
    );
  });

  it("a process that wrote half a temp file and exited before renaming leaves the old file whole", () => {
    const { dir, file, before } = prepare();
    const r = runChild(`
      const fs = require("node:fs");
      const fd = fs.openSync(${JSON.stringify(path.join(dir, ".ncloud.lookups.json.424242.abc.tmp"))}, "wx");
      fs.writeSync(fd, '{"formatVersion": 1, "entries": {"policies@pub');
      process.exit(9);
    `);
    expect(r.status).toBe(9);
    expect(readFileSync(file)).toEqual(before);
    expect(readLockFile(file)?.entries).toEqual({ [KEY_A]: entryA });
    // and the next writer is not disturbed by the leftover
    updateLockFile(file, (e) => {
      e[KEY_B] = entryB;
    });
    expect(Object.keys(readLockFile(file)?.entries ?? {}).sort()).toEqual([KEY_A, KEY_B]);
  });

  it("writeFileAtomic killed before its rename leaves the old file whole", () => {
    const { file, before } = prepare();
    const r = runChild(`
      const fs = require("node:fs");
      const { writeFileAtomic } = require(${JSON.stringify(LOCKFILE_JS)});
      fs.renameSync = () => process.kill(process.pid, "SIGKILL");
      writeFileAtomic(${JSON.stringify(file)}, "garbage that must never be seen");
    `);
    expect(r.signal).toBe("SIGKILL");
    expect(readFileSync(file)).toEqual(before);
  });

  it("writeFileAtomic replaces the file and leaves no temp file", () => {
    const dir = dirs.make();
    const file = path.join(dir, "x.json");
    writeFileSync(file, "old");
    writeFileAtomic(file, "new");
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["x.json"]);
  });

  it("writeFileAtomic onto a directory throws LockFileError and cleans its temp file", () => {
    const dir = dirs.make();
    const target = path.join(dir, "a-directory");
    mkdirSync(target);
    mkdirSync(path.join(target, "inside"));
    const err = thrownBy(() => writeFileAtomic(target, "x"));
    expect(err).toBeInstanceOf(LockFileError);
    expect((err as LockFileError).message).toContain("could not be written");
    expect(readdirSync(dir)).toEqual(["a-directory"]);
    expect(statSync(target).isDirectory()).toBe(true);
  });
});

describe("concurrent writers (real processes)", () => {
  /**
   * Starts `workers` node processes that each add `rounds` entries with keys of their own, one
   * updateLockFile call per entry. They start together: each prints "ready" and waits for "go".
   */
  async function race(workers: number, rounds: number): Promise<{ file: string; dir: string }> {
    const dir = dirs.make();
    const file = path.join(dir, "ncloud.lookups.json");
    const script = path.join(dirs.make(), "writer.js");
    writeFileSync(
      script,
      `
      const { updateLockFile } = require(${JSON.stringify(LOCKFILE_JS)});
      const [file, worker, rounds] = [process.argv[2], process.argv[3], Number(process.argv[4])];
      process.stdout.write("ready\\n");
      process.stdin.once("data", () => {
        for (let r = 0; r < rounds; r++) {
          updateLockFile(file, (entries) => {
            for (let p = 0; p < r; p++) {
              const mine = "policies@public?searchWord=w" + worker + "-" + p;
              if (!(mine in entries)) { console.error("lost " + mine); process.exit(4); }
            }
            entries["policies@public?searchWord=w" + worker + "-" + r] = {
              kind: "policies", site: "public", query: { searchWord: "w" + worker + "-" + r },
              fetchedAt: new Date().toISOString(),
              items: [{ policyId: worker + "-" + r, policyName: "n" + worker + "-" + r }],
            };
          });
        }
        process.exit(0);
      });
      `,
    );
    const children = Array.from({ length: workers }, (_, w) =>
      spawn(process.execPath, [script, file, String(w), String(rounds)], { stdio: ["pipe", "pipe", "pipe"] }),
    );
    const stderr = children.map(() => "");
    const results = children.map(
      (c, i) =>
        new Promise<number | null>((resolve) => {
          c.stderr.setEncoding("utf8");
          c.stderr.on("data", (d: string) => (stderr[i] += d));
          c.once("exit", (code) => resolve(code));
        }),
    );
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve, reject) => {
            c.stdout.setEncoding("utf8");
            c.stdout.once("data", () => resolve());
            c.once("exit", (code) => reject(new Error(`writer exited early (${String(code)})`)));
          }),
      ),
    );
    for (const c of children) c.stdin.write("go\n");
    const codes = await Promise.all(results);
    expect({ codes, stderr }).toEqual({ codes: codes.map(() => 0), stderr: stderr.map(() => "") });
    return { file, dir };
  }

  it.each([
    [2, 15],
    [8, 8],
  ])("%i processes writing %i entries each lose nothing and leave valid JSON", async (workers, rounds) => {
    const { file, dir } = await race(workers, rounds);
    const text = readFileSync(file, "utf8");
    expect(() => JSON.parse(text) as unknown).not.toThrow();
    const entries = parseLockFile(text, file).entries;
    const expected: string[] = [];
    for (let w = 0; w < workers; w++) {
      for (let r = 0; r < rounds; r++) expected.push(`policies@public?searchWord=w${w}-${r}`);
    }
    expect(Object.keys(entries).sort()).toEqual(expected.sort());
    // stable: re-serialising gives the same bytes
    expect(serializeLockFile(entries)).toBe(text);
    expect(strayFiles(dir, ["ncloud.lookups.json"])).toEqual([]);
  });
});
