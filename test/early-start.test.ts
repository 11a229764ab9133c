/**
 * The lookup worker starts while the app loads when its synth will most likely fetch (a first synth:
 * online with no lock file yet; refresh), and not otherwise; the worker file in use is the one-file
 * bundle when `npm run build` wrote it after `worker.js`.
 */
import { execFileSync } from "node:child_process";
import { utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { BridgeError } from "../lib/errors";
import { resolveWorkerFile } from "../lib/lookups/bridge";
import { prestartWhenLikelyToFetch } from "../lib/lookups/early-start";
import { LOOPBACK_METADATA, TempDirs, thrownBy } from "./helpers/lookup-harness";

const dirs = new TempDirs();
afterAll(() => dirs.cleanup());

const DIST = path.resolve(__dirname, "..", "dist");

describe("prestartWhenLikelyToFetch", () => {
  it("starts the worker for a first online synth (no lock file yet) and for refresh", () => {
    const absent = dirs.lockFile();
    expect(prestartWhenLikelyToFetch({ NCLOUD_LOOKUPS_LOCK_FILE: absent })).toBe(true);
    expect(
      prestartWhenLikelyToFetch({ NCLOUD_LOOKUPS_MODE: "online", NCLOUD_LOOKUPS_LOCK_FILE: absent }),
    ).toBe(true);
    const present = dirs.lockFile();
    writeFileSync(present, '{"formatVersion":2,"entries":{}}\n');
    expect(
      prestartWhenLikelyToFetch({ NCLOUD_LOOKUPS_MODE: "refresh", NCLOUD_LOOKUPS_LOCK_FILE: present }),
    ).toBe(true);
  });

  it("starts nothing when the lock file exists, the mode is frozen (or CI), or the mode is unreadable", () => {
    const present = dirs.lockFile();
    writeFileSync(present, '{"formatVersion":2,"entries":{}}\n');
    const absent = dirs.lockFile();
    expect(prestartWhenLikelyToFetch({ NCLOUD_LOOKUPS_LOCK_FILE: present })).toBe(false);
    expect(
      prestartWhenLikelyToFetch({ NCLOUD_LOOKUPS_MODE: "frozen", NCLOUD_LOOKUPS_LOCK_FILE: absent }),
    ).toBe(false);
    expect(prestartWhenLikelyToFetch({ CI: "true", NCLOUD_LOOKUPS_LOCK_FILE: absent })).toBe(false);
    expect(
      prestartWhenLikelyToFetch({ NCLOUD_LOOKUPS_MODE: "sideways", NCLOUD_LOOKUPS_LOCK_FILE: absent }),
    ).toBe(false);
  });

  it("starts nothing from a worker thread", async () => {
    const absent = dirs.lockFile();
    const worker = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
       const { prestartWhenLikelyToFetch } = require(workerData.module);
       parentPort.postMessage(prestartWhenLikelyToFetch({ NCLOUD_LOOKUPS_LOCK_FILE: workerData.lock }));`,
      { eval: true, workerData: { module: path.join(DIST, "lookups", "early-start.js"), lock: absent } },
    );
    const started = await new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    await worker.terminate();
    expect(started).toBe(false);
  });

  /** Whether loading the package root in a fresh process in `cwd` loaded the bridge (and so started the worker). */
  function rootLoadStartsWorker(cwd: string, extra: Record<string, string> = {}): boolean {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: cwd,
      NCLOUD_METADATA_API_ENDPOINT: LOOPBACK_METADATA,
      ...extra,
    };
    const out = execFileSync(
      process.execPath,
      [
        "-e",
        `require(${JSON.stringify(DIST)});
         process.stdout.write(String(Object.keys(require.cache).some((k) => k.endsWith(${JSON.stringify(path.join("lookups", "bridge.js"))}))));`,
      ],
      { cwd, env, encoding: "utf8" },
    );
    return out === "true";
  }

  it("runs when the package root loads: a first synth starts the worker, a synth from a lock file does not", () => {
    const fresh = dirs.make();
    expect(rootLoadStartsWorker(fresh)).toBe(true);
    const locked = dirs.make();
    writeFileSync(path.join(locked, "ncloud.lookups.json"), '{"formatVersion":2,"entries":{}}\n');
    expect(rootLoadStartsWorker(locked)).toBe(false);
    expect(rootLoadStartsWorker(fresh, { CI: "1" })).toBe(false);
  });
});

describe("resolveWorkerFile", () => {
  function dirWith(files: Record<string, number>): string {
    const dir = dirs.make();
    for (const [name, mtime] of Object.entries(files)) {
      const file = path.join(dir, name);
      writeFileSync(file, "// worker\n");
      utimesSync(file, mtime, mtime);
    }
    return dir;
  }

  it("takes the bundle when there is one, else worker.js", () => {
    const both = dirWith({ "worker.js": 1_000, "worker-lean.js": 1_000 });
    expect(resolveWorkerFile([both])).toBe(path.join(both, "worker-lean.js"));
    const plain = dirWith({ "worker.js": 1_000 });
    expect(resolveWorkerFile([plain])).toBe(path.join(plain, "worker.js"));
  });

  it("looks beside itself first, then in dist/, and names both when neither has a worker", () => {
    const empty = dirs.make();
    const built = dirWith({ "worker.js": 1_000, "worker-lean.js": 1_000 });
    expect(resolveWorkerFile([empty, built])).toBe(path.join(built, "worker-lean.js"));
    const alsoEmpty = dirs.make();
    const err = thrownBy(() => resolveWorkerFile([empty, alsoEmpty]));
    expect(err).toBeInstanceOf(BridgeError);
    expect((err as Error).message).toContain(path.join(empty, "worker.js"));
    expect((err as Error).message).toContain(path.join(alsoEmpty, "worker.js"));
    expect((err as Error).message).toContain("npm run build");
  });

  it("the build wrote the bundle, and the package's own bridge uses it", () => {
    expect(resolveWorkerFile([path.join(DIST, "lookups")])).toBe(
      path.join(DIST, "lookups", "worker-lean.js"),
    );
  });
});
