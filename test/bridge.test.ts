/**
 * The synchronous bridge: a worker thread fetches while this thread blocks in Atomics.wait. The
 * emulator runs in a child process (this thread cannot serve HTTP while it blocks).
 */
import { isMainThread } from "node:worker_threads";
import { TerraformStack, Testing } from "cdktf";
import { SubAccountPolicies } from "../lib/constructs/built-in";
import { ExternalAccessProfiles } from "../lib/constructs/built-in";
import {
  ApiError,
  BridgeError,
  CredentialsError,
  NcloudLookupsError,
  TimeoutError,
  ValidationError,
} from "../lib/errors";
import { bridgeTimeoutMs, LookupBridge, lookupEnv } from "../lib/lookups/bridge";
import { lookupSpec } from "../lib/lookups/key";
import { LookupStore, type ResolveSettings } from "../lib/lookups/store";
import { startEmulatorProcess, type EmulatorDataSet, type EmulatorProcess } from "../lib/testing";
import {
  childPids,
  connectionTo,
  HAS_PROC,
  isolateLookupEnv,
  TempDirs,
  thrownBy,
  visibleCommandLines,
  withProcessEnv,
} from "./helpers/lookup-harness";

/** The lookup store of the tests that resolve without constructs (a fresh one where they say so). */
let store = new LookupStore();

const ACCESS_KEY = "AKBRIDGETEST000KEY02";
const SECRET_KEY = "sk-bridge-test-secret-QWERTY-9876543210";

const dirs = new TempDirs();
let emu: EmulatorProcess;
let data: EmulatorDataSet;
let restoreEnv: () => void;

beforeAll(async () => {
  restoreEnv = isolateLookupEnv();
  emu = await startEmulatorProcess({
    accessKey: ACCESS_KEY,
    secretKey: SECRET_KEY,
    generate: { policies: 120, profiles: 30, products: 20, packages: 8 },
  });
  data = await emu.control.data();
});

afterAll(async () => {
  await LookupBridge.stopShared();
  await emu.stop();
  restoreEnv();
  dirs.cleanup();
});

beforeEach(async () => {
  store = new LookupStore();
  await emu.control.clearFaults();
  await emu.control.clearRequests();
});

function settings(extra: ResolveSettings = {}): ResolveSettings {
  return { ...connectionTo(emu), lockFile: dirs.lockFile(), ...extra };
}

function newStack(): TerraformStack {
  return new TerraformStack(Testing.app({ outdir: dirs.make("cdktf-out-") }), "stack");
}

describe("LookupBridge", () => {
  it("fetches synchronously under jest, from the main thread", async () => {
    expect(isMainThread).toBe(true);
    const spec = lookupSpec("policies", {}, { endpoint: emu.url }, {});
    const [result] = LookupBridge.shared().fetchSync(
      [{ spec, connection: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY }, env: {} }],
      30_000,
    );
    expect(result).toEqual({
      items: data.policies,
      source: emu.url,
      keyFingerprint: "d7529ba3af49", // SHA-256 of the access key, first 12 hex digits (openssl dgst)
      pageSize: 100,
      fetchedAt: expect.any(String) as unknown,
    });
    expect((await emu.control.requests()).length).toBeGreaterThan(0);
  });

  it("answers a batch in order, each lookup with its own result or typed error", async () => {
    await emu.control.injectFault({ type: "status", status: 403, kind: "profiles", times: Infinity });
    const connection = { accessKey: ACCESS_KEY, secretKey: SECRET_KEY };
    const results = LookupBridge.shared().fetchSync(
      [
        { spec: lookupSpec("policies", { type: "USER_CREATED" }, { endpoint: emu.url }, {}), connection },
        { spec: lookupSpec("profiles", {}, { endpoint: emu.url }, {}), connection },
        { spec: lookupSpec("packages", { platform: "classic" }, { endpoint: emu.url }, {}), connection },
      ],
      30_000,
    );
    expect(results).toHaveLength(3);
    expect(results[0]).toMatchObject({
      items: data.policies?.filter((p) => p.policyType === "USER_CREATED"),
      source: emu.url,
    });
    const failed = results[1] as { error: Error };
    expect(failed.error).toBeInstanceOf(ApiError);
    expect((failed.error as ApiError).status).toBe(403);
    expect((failed.error as ApiError).service).toBe("externalaccess");
    expect(NcloudLookupsError.isNcloudLookupsError(failed.error)).toBe(true);
    expect(results[2]).toMatchObject({ items: data.packages?.classic, source: emu.url });
  });

  it("passes NCLOUD_* variables to the worker: credentials from the given environment work", () => {
    const r = store.resolve(
      "policies",
      { type: "SYSTEM_MANAGED" },
      { endpoint: emu.url, lockFile: dirs.lockFile() },
      { NCLOUD_ACCESS_KEY: ACCESS_KEY, NCLOUD_SECRET_KEY: SECRET_KEY, HOME: dirs.make() },
    );
    expect(r.source).toBe("network");
    expect(r.items).toEqual(data.policies?.filter((p) => p.policyType === "SYSTEM_MANAGED"));
  });

  it("missing credentials are a CredentialsError from the worker, revived with what was searched", () => {
    const err = thrownBy(() =>
      store.resolve("policies", {}, { endpoint: emu.url, lockFile: dirs.lockFile() }, { HOME: dirs.make() }),
    );
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as CredentialsError).searched.length).toBeGreaterThan(0);
  });

  it("lookupEnv passes only NCLOUD_* and HOME on", () => {
    expect(
      lookupEnv({ NCLOUD_SITE: "gov", HOME: "/h", PATH: "/bin", AWS_SECRET_ACCESS_KEY: "x", CI: "true" }),
    ).toEqual({
      NCLOUD_SITE: "gov",
      HOME: "/h",
    });
  });

  it("bridgeTimeoutMs: NCLOUD_LOOKUPS_BRIDGE_TIMEOUT_MS wins, else it follows the request timeout", () => {
    expect(bridgeTimeoutMs({ NCLOUD_LOOKUPS_BRIDGE_TIMEOUT_MS: "1234" }, 99_999)).toBe(1234);
    expect(bridgeTimeoutMs({}, 1000)).toBeGreaterThan(1000 * 5);
    expect(bridgeTimeoutMs({ NCLOUD_LOOKUPS_TIMEOUT_MS: "2000" })).toBeGreaterThan(bridgeTimeoutMs({}, 1000));
    expect(() => bridgeTimeoutMs({ NCLOUD_LOOKUPS_BRIDGE_TIMEOUT_MS: "soon" })).toThrow(ValidationError);
  });
});

describe("timeouts", () => {
  it("a hung server with timeoutMs 300 gives TimeoutError (no hang), and the worker keeps serving", async () => {
    await emu.control.injectFault({ type: "hang", kind: "policies" });
    const err = thrownBy(() => store.resolve("policies", {}, settings({ timeoutMs: 300 })));
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(300);
    expect((err as Error).message).toContain("timed out after 300 ms");
    const recorded = await emu.control.requests();
    expect(recorded[0]?.fault).toBe("hang");
    // the same worker serves the next lookup
    expect(store.resolve("policies", {}, settings()).items).toEqual(data.policies);
  }, 20_000);

  it("from a construct, the TimeoutError names the construct path", async () => {
    await emu.control.injectFault({ type: "hang", kind: "profiles" });
    const err = thrownBy(
      () => new ExternalAccessProfiles(newStack(), "profiles", settings({ timeoutMs: 300 })).items,
    );
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message.startsWith("stack/profiles: ")).toBe(true);
    expect((err as Error).message).toContain("timed out");
  }, 20_000);

  it("NCLOUD_LOOKUPS_BRIDGE_TIMEOUT_MS below a hung request gives BridgeError; the next lookup gets a new worker", async () => {
    await emu.control.injectFault({ type: "hang", kind: "policies" });
    const err = thrownBy(() =>
      store.resolve("policies", {}, settings({ timeoutMs: 60_000 }), {
        NCLOUD_LOOKUPS_BRIDGE_TIMEOUT_MS: "400",
      }),
    );
    expect(err).toBeInstanceOf(BridgeError);
    expect((err as Error).message).toContain("did not finish within 400 ms");
    expect((err as Error).message).toContain("NCLOUD_LOOKUPS_BRIDGE_TIMEOUT_MS");
    // a failed batch is not cached: the same lookup is tried again, on a fresh worker
    const again = store.resolve("policies", {}, settings());
    expect(again.source).toBe("network");
    expect(again.items).toEqual(data.policies);
  }, 20_000);

  it("the bridge timeout from process.env reaches constructs, with the construct path in the error", async () => {
    await emu.control.injectFault({ type: "hang", kind: "policies" });
    const err = withProcessEnv({ NCLOUD_LOOKUPS_BRIDGE_TIMEOUT_MS: "400" }, () =>
      thrownBy(() => new SubAccountPolicies(newStack(), "policies", settings({ timeoutMs: 60_000 })).items),
    );
    expect(err).toBeInstanceOf(BridgeError);
    expect((err as Error).message.startsWith("stack/policies: ")).toBe(true);
    expect(new SubAccountPolicies(newStack(), "policies", settings()).items).toEqual(data.policies);
  }, 20_000);

  // An invalid NCLOUD_LOOKUPS_BRIDGE_TIMEOUT_MS (or NCLOUD_LOOKUPS_TIMEOUT_MS) reaches every lookup of the batch.
  it("an invalid NCLOUD_LOOKUPS_BRIDGE_TIMEOUT_MS is a ValidationError for every lookup of the batch", () => {
    const errors = withProcessEnv({ NCLOUD_LOOKUPS_BRIDGE_TIMEOUT_MS: "soon" }, () => {
      const stack = newStack();
      const a = new SubAccountPolicies(stack, "a", settings());
      const b = new ExternalAccessProfiles(stack, "b", settings());
      return [thrownBy(() => a.items), thrownBy(() => b.items)];
    });
    for (const err of errors) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as Error).message).toContain("NCLOUD_LOOKUPS_BRIDGE_TIMEOUT_MS");
    }
  });
});

describe("credentials and processes", () => {
  (HAS_PROC ? it : it.skip)(
    "lookups start no child process and no process has the secret in its argv",
    async () => {
      await LookupBridge.stopShared();
      const before = childPids(process.pid);
      const stack = newStack();
      const lookups = [
        new SubAccountPolicies(stack, "policies", settings()),
        new ExternalAccessProfiles(stack, "profiles", settings()),
      ];
      expect(lookups.map((l) => l.items.length)).toEqual([data.policies?.length, data.profiles?.length]);
      expect(lookups.map((l) => l.source)).toEqual(["network", "network"]);
      // the worker is a thread of this process, not a child process
      expect(childPids(process.pid)).toEqual(before);
      const lines = visibleCommandLines();
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).not.toContain(SECRET_KEY);
      expect([...process.argv, ...process.execArgv].join(" ")).not.toContain(SECRET_KEY);
      // every request the emulator saw carried the access key as a header
      const recorded = await emu.control.requests();
      expect(recorded.length).toBeGreaterThan(0);
      expect(recorded.every((r) => r.accessKey === ACCESS_KEY && !r.target.includes(SECRET_KEY))).toBe(true);
    },
  );

  it("after stopShared a new lookup starts a new worker", () => {
    return LookupBridge.stopShared().then(() => {
      expect(store.resolve("profiles", {}, settings()).items).toEqual(data.profiles);
    });
  });
});
