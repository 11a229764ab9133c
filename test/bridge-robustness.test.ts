/**
 * The synchronous bridge where real use breaks it (issue 10): jest's fake timers, a worker that
 * crashes or exits, an emulator in the same thread, and a listing whose page failed. Real worker
 * threads, real loopback HTTP.
 */
import { writeFileSync } from "node:fs";
import { hostname } from "node:os";
import * as path from "node:path";
import { NcloudClient } from "../lib/client/http";
import { BridgeError, ApiError } from "../lib/errors";
import { LookupBridge } from "../lib/lookups/bridge";
import { lookupSpec } from "../lib/lookups/key";
import { readLockFile, updateLockFile } from "../lib/lookups/lockfile";
import { LookupStore } from "../lib/lookups/store";
import { listAllPolicies } from "../lib/services";
import { NcloudEmulator, generateDataSet, startEmulatorProcess, type EmulatorProcess } from "../lib/testing";
import {
  connectionTo,
  distFile,
  isolateLookupEnv,
  policiesEntry,
  policyItem,
  TempDirs,
  thrownBy,
} from "./helpers/lookup-harness";

/** The lookup store of the tests that resolve without constructs (a fresh one where they say so). */
let store = new LookupStore();

jest.setTimeout(30_000);

const dirs = new TempDirs();
let emu: EmulatorProcess;
let restoreEnv: () => void;

beforeAll(async () => {
  restoreEnv = isolateLookupEnv();
  emu = await startEmulatorProcess();
});
afterAll(async () => {
  await LookupBridge.stopShared();
  await emu.stop();
  restoreEnv();
  dirs.cleanup();
});
afterEach(async () => {
  jest.useRealTimers();
  store = new LookupStore();
  await emu.control.clearFaults();
});

describe("under jest's fake timers (Date, performance.now and hrtime stopped)", () => {
  it("a 2 s bridge deadline fails a hanging lookup within seconds, not after the request timeout", async () => {
    await emu.control.injectFault({ type: "hang", kind: "policies" });
    jest.useFakeTimers();
    const err = thrownBy(() =>
      store.resolve(
        "policies",
        {},
        { ...connectionTo(emu), lockFile: dirs.lockFile(), timeoutMs: 60_000 },
        { NCLOUD_LOOKUPS_BRIDGE_TIMEOUT_MS: "2000" },
      ),
    );
    expect(err).toBeInstanceOf(BridgeError);
    expect((err as Error).message).toContain("did not finish within 2000 ms");
  });

  it("records the real fetch time, not the frozen one", () => {
    jest.useFakeTimers({ now: new Date("2001-02-03T04:05:06Z") });
    const file = dirs.lockFile();
    const r = store.resolve("packages", {}, { ...connectionTo(emu), lockFile: file });
    expect(new Date().getUTCFullYear()).toBe(2001);
    expect(new Date(r.fetchedAt).getUTCFullYear()).toBeGreaterThan(2020);
    expect(readLockFile(file)?.entries["local:packages@public"]?.fetchedAt).toBe(r.fetchedAt);
  });

  it("a lock held unchanged past the stale limit is taken over (no hang)", () => {
    const file = dirs.lockFile();
    // held by a live process of this host (our parent), which never lets go
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.ppid, host: hostname(), token: "t" }));
    jest.useFakeTimers();
    const prev = process.env.NCLOUD_LOOKUPS_LOCK_STALE_MS;
    process.env.NCLOUD_LOOKUPS_LOCK_STALE_MS = "500";
    try {
      updateLockFile(file, (e) => {
        e["local:policies@public"] = policiesEntry([policyItem(1)]);
      });
    } finally {
      if (prev === undefined) delete process.env.NCLOUD_LOOKUPS_LOCK_STALE_MS;
      else process.env.NCLOUD_LOOKUPS_LOCK_STALE_MS = prev;
    }
    expect(Object.keys(readLockFile(file)?.entries ?? {})).toEqual(["local:policies@public"]);
  });
});

describe("a worker that dies", () => {
  const realWorker = distFile("lookups", "worker.js");

  function workerThat(behaviour: string): string {
    const file = path.join(dirs.make("ncloud-worker-"), "worker.js");
    writeFileSync(
      file,
      `require(${JSON.stringify(realWorker)});
const { workerData } = require("node:worker_threads");
workerData.port.on("message", () => { ${behaviour} });`,
    );
    return file;
  }

  const request = (): Parameters<LookupBridge["fetchSync"]>[0] => [
    {
      spec: lookupSpec("policies", {}, { endpoint: emu.url }, {}),
      connection: { accessKey: emu.accessKey, secretKey: emu.secretKey },
      env: {},
    },
  ];

  it("by an uncaught exception: a BridgeError naming it at once, and no unhandled 'error' event", () => {
    const bridge = LookupBridge.withWorkerFile(workerThat('throw new Error("boom in the worker");'));
    const err = thrownBy(() => bridge.fetchSync(request(), 60_000));
    expect(err).toBeInstanceOf(BridgeError);
    expect((err as Error).message).toContain("the lookup worker crashed: uncaught Error: boom in the worker");
  });

  it("by exiting: a BridgeError saying so", () => {
    const bridge = LookupBridge.withWorkerFile(workerThat("process.exit(3);"));
    const err = thrownBy(() => bridge.fetchSync(request(), 60_000));
    expect(err).toBeInstanceOf(BridgeError);
    expect((err as Error).message).toContain("it exited (code 3)");
  });
});

describe("an emulator in the same thread", () => {
  it("a lookup against it says so at once instead of timing out", async () => {
    const local = await NcloudEmulator.start();
    try {
      const err = thrownBy(() =>
        store.resolve("policies", {}, { ...connectionTo(local), lockFile: dirs.lockFile() }),
      );
      expect(err).toBeInstanceOf(BridgeError);
      expect((err as Error).message).toContain("is an emulator running in this thread");
      expect((err as Error).message).toContain("startEmulatorProcess");
      expect(local.requests).toHaveLength(0);
    } finally {
      await local.stop();
    }
  });
});

describe("a listing whose page failed", () => {
  it("sends no request after it has rejected", async () => {
    const local = await NcloudEmulator.start({
      data: generateDataSet({ policies: 2000 }),
      pageSizeCaps: { policies: 10 },
      latencyMs: 30,
    });
    // page 3 fails for good (400 is not retried); 200 pages to go at 2 in flight
    local.injectFault({ kind: "policies", type: "status", status: 400, afterRequests: 3 });
    const c = new NcloudClient({
      endpoint: local.url,
      credentials: { accessKey: local.accessKey, secretKey: local.secretKey },
      env: {},
    });
    try {
      const err = await listAllPolicies(c, {}, { concurrency: 2 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      const atRejection = local.requests.length;
      await new Promise((r) => setTimeout(r, 300));
      expect(local.requests.length).toBe(atRejection);
      expect(atRejection).toBeLessThan(10);
    } finally {
      c.close();
      await local.stop();
    }
  });
});
