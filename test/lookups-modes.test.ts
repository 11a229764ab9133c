/**
 * Lookup modes (online, frozen, refresh, CI default, maxAge) and failure handling, through
 * `LookupStore.resolve` and the constructs, against an emulator running in a child process (the
 * lookups block this thread in Atomics.wait, so the emulator cannot live in it).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { TerraformStack, Testing } from "cdktf";
import { SubAccountPolicies } from "../lib/constructs/built-in";
import { ExternalAccessProfiles } from "../lib/constructs/built-in";
import { ApiGatewayProducts } from "../lib/constructs/built-in";
import { CloudFunctionsPackages } from "../lib/constructs/built-in";
import {
  ApiError,
  FrozenLookupError,
  LockFileError,
  NcloudLookupsError,
  NetworkError,
  ResponseShapeError,
  ValidationError,
} from "../lib/errors";
import { LookupBridge } from "../lib/lookups/bridge";
import { readLockFile, serializeLockFile, type LockEntry } from "../lib/lookups/lockfile";
import { LookupStore, type ResolveSettings } from "../lib/lookups/store";
import {
  DEFAULT_PAGE_SIZE_CAPS,
  startEmulatorProcess,
  type EmulatorDataSet,
  type EmulatorProcess,
} from "../lib/testing";
import {
  bytesOf,
  connectionTo,
  isolateLookupEnv,
  TempDirs,
  thrownBy,
  withProcessEnv,
} from "./helpers/lookup-harness";

/** The lookup store of the tests that resolve without constructs (a fresh one where they say so). */
let store = new LookupStore();

const ACCESS_KEY = "AKMODESTEST0000KEY01";
const SECRET_KEY = "sk-modes-test-secret-ZXCVBNM-0123456789";

const dirs = new TempDirs();
let emu: EmulatorProcess;
let data: EmulatorDataSet;
let restoreEnv: () => void;

beforeAll(async () => {
  restoreEnv = isolateLookupEnv();
  emu = await startEmulatorProcess({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY });
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

function settings(lockFile: string, extra: ResolveSettings = {}): ResolveSettings {
  return { ...connectionTo(emu), lockFile, ...extra };
}

function newStack(id = "stack"): TerraformStack {
  return new TerraformStack(Testing.app({ outdir: dirs.make("cdktf-out-") }), id);
}

const policies = (): NonNullable<EmulatorDataSet["policies"]> => data.policies ?? [];
const systemManaged = (): NonNullable<EmulatorDataSet["policies"]> =>
  policies().filter((p) => p.policyType === "SYSTEM_MANAGED");
const pagesFor = (n: number): number => Math.max(1, Math.ceil(n / DEFAULT_PAGE_SIZE_CAPS.policies));

async function requestCount(): Promise<number> {
  return (await emu.control.requests()).length;
}

/** A lock file holding `entries`, written by hand. */
function writeLock(file: string, entries: Record<string, LockEntry>): Buffer {
  writeFileSync(file, serializeLockFile(entries));
  return readFileSync(file);
}

describe("online mode", () => {
  it("without a lock entry fetches every page, records the entry and returns the emulator's items", async () => {
    const file = dirs.lockFile();
    const r = store.resolve("policies", { type: "SYSTEM_MANAGED" }, settings(file));
    expect(r.source).toBe("network");
    expect(r.key).toBe(`local:policies@public?type=SYSTEM_MANAGED`);
    expect(r.items).toEqual(systemManaged());
    expect(r.lockFile).toBe(file);

    const recorded = await emu.control.requests();
    expect(recorded).toHaveLength(pagesFor(systemManaged().length));
    expect(
      recorded.every((q) => q.kind === "policies" && q.status === 200 && q.query.type === "SYSTEM_MANAGED"),
    ).toBe(true);

    expect(readLockFile(file)?.entries).toEqual({
      [r.key]: {
        kind: "policies",
        site: "public",
        account: "default",
        source: emu.url,
        // Pinned: a committed lock file depends on the format (first 12 hex digits of SHA-256, openssl dgst).
        keyFingerprint: "4dbc434ef0b7",
        query: { type: "SYSTEM_MANAGED" },
        fetchedAt: r.fetchedAt,
        // The page size the emulator served (its cap of 100): the next refresh asks for every page at once.
        pageSize: 100,
        items: systemManaged(),
      },
    });
    expect(Date.parse(r.fetchedAt)).not.toBeNaN();
  });

  it("with an entry uses it without any request and does not rewrite the file", async () => {
    const file = dirs.lockFile();
    const first = store.resolve("policies", { type: "SYSTEM_MANAGED" }, settings(file));
    const bytes = bytesOf(file);
    store = new LookupStore();
    await emu.control.clearRequests();

    const again = store.resolve("policies", { type: "SYSTEM_MANAGED" }, settings(file));
    expect(again.source).toBe("lock");
    expect(again.items).toEqual(first.items);
    expect(again.fetchedAt).toBe(first.fetchedAt);
    expect(await requestCount()).toBe(0);
    expect(bytesOf(file)).toEqual(bytes);
  });

  it("serves what the lock file says, even when NCP would answer differently", async () => {
    const file = dirs.lockFile();
    const key = `local:policies@public?type=USER_CREATED`;
    const marker = { policyId: "lock-only", policyName: "ONLY_IN_THE_LOCK_FILE", policyType: "USER_CREATED" };
    writeLock(file, {
      [key]: {
        kind: "policies",
        site: "public",
        source: emu.url,
        query: { type: "USER_CREATED" },
        fetchedAt: new Date().toISOString(),
        items: [marker],
      },
    });
    const r = store.resolve("policies", { type: "USER_CREATED" }, settings(file));
    expect(r.key).toBe(key);
    expect(r.items).toEqual([marker]);
    expect(await requestCount()).toBe(0);
  });

  it("ten constructs with the same filters make exactly one listing", async () => {
    const file = dirs.lockFile();
    const stack = newStack();
    const lookups = Array.from(
      { length: 10 },
      (_, i) => new SubAccountPolicies(stack, `policies${i}`, { ...settings(file), type: "SYSTEM_MANAGED" }),
    );
    // and one more in another app of the same process: apps own their lookup state, so it is served
    // from the lock file the first app's batch wrote, with no request of its own
    const other = new SubAccountPolicies(newStack("other"), "p", {
      ...settings(file),
      type: "SYSTEM_MANAGED",
    });
    // lookups resolve on first use, not on construction
    expect(await requestCount()).toBe(0);
    for (const l of [...lookups, other]) expect(l.items).toEqual(systemManaged());
    expect(await requestCount()).toBe(pagesFor(systemManaged().length));
    expect(lookups.filter((l) => l.source === "network")).toHaveLength(10);
    expect(other.source).toBe("lock");
    expect(Object.keys(readLockFile(file)?.entries ?? {})).toEqual([lookups[0]?.lookupKey]);
  });

  it("different filters are separate lookups with separate entries", async () => {
    const file = dirs.lockFile();
    const stack = newStack();
    const s = settings(file);
    const a = new SubAccountPolicies(stack, "system", { ...s, type: "SYSTEM_MANAGED" });
    const b = new SubAccountPolicies(stack, "user", { ...s, type: "USER_CREATED" });
    const c = new SubAccountPolicies(stack, "all", s);
    const d = new ExternalAccessProfiles(stack, "dev", { ...s, searchWord: "개발" });
    const e = new ApiGatewayProducts(stack, "paid", { ...s, productName: "결제" });
    const f = new CloudFunctionsPackages(stack, "classic", { ...s, platform: "classic" });
    expect(new Set([a, b, c, d, e, f].map((l) => l.lookupKey)).size).toBe(6);
    expect([a, b, c, d, e, f].map((l) => l.source)).toEqual(Array(6).fill("network"));
    const entries = readLockFile(file)?.entries ?? {};
    expect(Object.keys(entries).sort()).toEqual([a, b, c, d, e, f].map((l) => l.lookupKey).sort());
    expect(a.items).toEqual(systemManaged());
    expect(b.items).toEqual(policies().filter((p) => p.policyType === "USER_CREATED"));
    expect(c.items).toEqual(policies());
    expect(d.items.length).toBeGreaterThan(0);
    expect(d.items.every((p) => p.name.includes("개발"))).toBe(true);
    expect(d.items).toEqual((data.profiles ?? []).filter((p) => p.name.includes("개발")));
    expect(e.items.length).toBeGreaterThan(0);
    expect(e.items.every((p) => p.productName.includes("결제"))).toBe(true);
    expect(f.items).toEqual(data.packages?.classic);
    expect(entries[e.lookupKey]?.query).toEqual({ productName: "결제" });
  });

  it("a corrupt lock file is reported (LockFileError) and neither fetched over nor replaced", async () => {
    const file = dirs.lockFile();
    writeFileSync(file, '{"formatVersion": 1, "entries": {');
    const before = bytesOf(file);
    const err = thrownBy(() => new SubAccountPolicies(newStack(), "policies", settings(file)).items);
    expect(err).toBeInstanceOf(LockFileError);
    expect((err as Error).message).toContain("stack/policies: ");
    expect((err as Error).message).toContain(file);
    expect(bytesOf(file)).toEqual(before);
    expect(await requestCount()).toBe(0);
  });

  it("a lock entry whose items do not fit the list is reported, naming the key and the fix", () => {
    const file = dirs.lockFile();
    const key = `local:policies@public`;
    writeLock(file, {
      [key]: {
        kind: "policies",
        site: "public",
        source: emu.url,
        query: {},
        fetchedAt: new Date().toISOString(),
        items: [{ policyName: "no id" }],
      },
    });
    const err = thrownBy(() => store.resolve("policies", {}, settings(file)));
    expect(err).toBeInstanceOf(LockFileError);
    expect((err as Error).message).toContain(key);
    expect((err as Error).message).toContain("items[0].policyId");
    expect((err as Error).message).toContain("ncloud-lookups");
  });
});

describe("refresh mode", () => {
  it("fetches again although the entry exists, rewrites it and keeps the other entries", async () => {
    const file = dirs.lockFile();
    const key = `local:policies@public?type=SYSTEM_MANAGED`;
    const otherKey = `local:profiles@public?searchWord=nothing`;
    const other: LockEntry = {
      kind: "profiles",
      site: "public",
      source: emu.url,
      query: { searchWord: "nothing" },
      fetchedAt: "2020-01-01T00:00:00.000Z",
      items: [],
    };
    writeLock(file, {
      [key]: {
        kind: "policies",
        site: "public",
        source: emu.url,
        query: { type: "SYSTEM_MANAGED" },
        fetchedAt: "2020-01-01T00:00:00.000Z",
        items: [{ policyId: "stale", policyName: "STALE" }],
      },
      [otherKey]: other,
    });
    const stack = newStack();
    const looked = Array.from(
      { length: 3 },
      (_, i) =>
        new SubAccountPolicies(stack, `p${i}`, {
          ...settings(file, { mode: "refresh" }),
          type: "SYSTEM_MANAGED",
        }),
    );
    expect(looked.map((l) => l.source)).toEqual(["network", "network", "network"]);
    expect(looked[0]?.items).toEqual(systemManaged());
    // refreshed once per process, not once per construct
    expect(await requestCount()).toBe(pagesFor(systemManaged().length));
    const entries = readLockFile(file)?.entries ?? {};
    expect(entries[key]?.items).toEqual(systemManaged());
    expect(Date.parse(entries[key]?.fetchedAt ?? "")).toBeGreaterThan(Date.parse("2020-01-01T00:00:00.000Z"));
    expect(entries[otherKey]).toEqual(other);
  });
});

describe("frozen mode", () => {
  it("with a missing entry throws FrozenLookupError listing the key and the fix, without any request", async () => {
    const file = dirs.lockFile();
    const err = thrownBy(() =>
      store.resolve("policies", { type: "SYSTEM_MANAGED" }, settings(file, { mode: "frozen" })),
    );
    expect(err).toBeInstanceOf(FrozenLookupError);
    const e = err as FrozenLookupError;
    const key = `local:policies@public?type=SYSTEM_MANAGED`;
    expect(e.missingKeys).toEqual([key]);
    expect(e.file).toBe(file);
    expect(e.message).toContain(key);
    expect(e.message).toContain(file);
    expect(e.message).toContain(`npx ncloud-lookups fill '${key}'`);
    expect(await requestCount()).toBe(0);
    expect(bytesOf(file)).toBeUndefined();
  });

  it("from a construct names the construct path too", async () => {
    const file = dirs.lockFile();
    const err = thrownBy(
      () =>
        new ExternalAccessProfiles(newStack(), "profiles", {
          ...settings(file),
          mode: "frozen",
          searchWord: "운영",
        }).items,
    );
    expect(err).toBeInstanceOf(FrozenLookupError);
    expect((err as Error).message.startsWith("stack/profiles: ")).toBe(true);
    expect((err as Error).message).toContain("ncloud-lookups");
    expect((err as Error).message).toContain("searchWord=%EC%9A%B4%EC%98%81");
    expect(await requestCount()).toBe(0);
  });

  it("lists every missing lookup of the batch in one error, for each construct", async () => {
    const file = dirs.lockFile();
    const stack = newStack();
    const s = { ...settings(file), mode: "frozen" as const };
    const a = new SubAccountPolicies(stack, "a", { ...s, type: "SYSTEM_MANAGED" });
    const b = new ApiGatewayProducts(stack, "b", { ...s, productName: "결제" });
    const c = new CloudFunctionsPackages(stack, "c", s);
    const errors = [a, b, c].map((l) => thrownBy(() => l.items) as FrozenLookupError);
    const keys = [a.lookupKey, b.lookupKey, c.lookupKey].sort();
    errors.forEach((e, i) => {
      expect(e).toBeInstanceOf(FrozenLookupError);
      expect(e.missingKeys).toEqual(keys);
      expect(e.message.startsWith(`stack/${"abc"[i]}: `)).toBe(true);
      expect(e.message).toContain(`npx ncloud-lookups fill ${keys.map((k) => `'${k}'`).join(" ")}`);
    });
    expect(await requestCount()).toBe(0);
  });

  // Keys filled since an earlier frozen miss are not reported again.
  it("a key filled since an earlier frozen miss is not reported missing again", () => {
    const file = dirs.lockFile();
    const a = () => store.resolve("policies", { type: "SYSTEM_MANAGED" }, settings(file, { mode: "frozen" }));
    expect(a).toThrow(FrozenLookupError);
    store.resolve("policies", { type: "SYSTEM_MANAGED" }, settings(file, { mode: "online" }));
    expect(a().source).toBe("lock");
    const err = thrownBy(() =>
      store.resolve("policies", { type: "USER_CREATED" }, settings(file, { mode: "frozen" })),
    ) as FrozenLookupError;
    expect(err).toBeInstanceOf(FrozenLookupError);
    expect(err.missingKeys).toEqual([`local:policies@public?type=USER_CREATED`]);
  });

  it("with the entries present works while the emulator is stopped", async () => {
    const second = await startEmulatorProcess({
      generate: { policies: 40, profiles: 10, products: 10, packages: 5 },
    });
    const file = dirs.lockFile();
    const s: ResolveSettings = { ...connectionTo(second), lockFile: file };
    let online: { policies: readonly unknown[]; packages: readonly unknown[] };
    try {
      online = {
        policies: store.resolve("policies", {}, s).items,
        packages: store.resolve("packages", { platform: "vpc" }, s).items,
      };
    } finally {
      await second.stop();
    }
    store = new LookupStore();
    const frozen = store.resolve("policies", {}, { ...s, mode: "frozen" });
    expect(frozen.source).toBe("lock");
    expect(frozen.items).toEqual(online.policies);
    const construct = new CloudFunctionsPackages(newStack(), "pkgs", {
      ...s,
      mode: "frozen",
      platform: "vpc",
    });
    expect(construct.items).toEqual(online.packages);
    // online mode also needs no network for entries it has
    store = new LookupStore();
    expect(store.resolve("policies", {}, { ...s, mode: "online" }).source).toBe("lock");
    // but a missing entry online is a network error, never an empty list
    const err = thrownBy(() =>
      store.resolve("policies", { type: "USER_CREATED" }, { ...s, mode: "online", timeoutMs: 2000 }),
    );
    expect(err).toBeInstanceOf(NetworkError);
    expect(Object.keys(readLockFile(file)?.entries ?? {})).toHaveLength(2);
  });
});

describe("the default mode", () => {
  it.each([["true"], ["TRUE"], ["1"]])("is frozen when CI=%s", async (ci) => {
    const file = dirs.lockFile();
    expect(() => store.resolve("policies", {}, settings(file), { CI: ci })).toThrow(FrozenLookupError);
    expect(await requestCount()).toBe(0);
  });

  it("is online when CI is unset or false, or NCLOUD_LOOKUPS_MODE=online overrides CI", () => {
    for (const env of [{}, { CI: "false" }, { CI: "0" }, { CI: "true", NCLOUD_LOOKUPS_MODE: "online" }]) {
      store = new LookupStore();
      const file = dirs.lockFile();
      expect(store.resolve("policies", { type: "SYSTEM_MANAGED" }, settings(file), env).source).toBe(
        "network",
      );
    }
  });

  it("for constructs follows process.env.CI, and a mode prop wins over it", () => {
    const file = dirs.lockFile();
    withProcessEnv({ CI: "true" }, () => {
      const stack = newStack();
      expect(() => new SubAccountPolicies(stack, "frozen", settings(file)).items).toThrow(FrozenLookupError);
      const online = new SubAccountPolicies(stack, "online", { ...settings(file), mode: "online" });
      expect(online.source).toBe("network");
    });
  });

  it("NCLOUD_LOOKUPS_MODE=frozen is honoured and an unknown mode is a ValidationError", () => {
    const file = dirs.lockFile();
    expect(() => store.resolve("policies", {}, settings(file), { NCLOUD_LOOKUPS_MODE: "frozen" })).toThrow(
      FrozenLookupError,
    );
    expect(() => store.resolve("policies", {}, settings(file), { NCLOUD_LOOKUPS_MODE: "sometimes" })).toThrow(
      /NCLOUD_LOOKUPS_MODE "sometimes" is not a lookup mode; use one of: online, frozen, refresh/,
    );
  });
});

describe("maxAge", () => {
  function agedLock(ageMs: number): { file: string; key: string; fetchedAt: string } {
    const file = dirs.lockFile();
    const key = `local:policies@public?type=SYSTEM_MANAGED`;
    const fetchedAt = new Date(Date.now() - ageMs).toISOString();
    writeLock(file, {
      [key]: {
        kind: "policies",
        site: "public",
        source: emu.url,
        query: { type: "SYSTEM_MANAGED" },
        fetchedAt,
        items: [{ policyId: "old", policyName: "OLD" }],
      },
    });
    return { file, key, fetchedAt };
  }
  const TWO_HOURS = 2 * 3600_000;

  it("an entry older than maxAge is fetched again online and rewritten", async () => {
    const { file, key, fetchedAt } = agedLock(TWO_HOURS);
    const r = store.resolve("policies", { type: "SYSTEM_MANAGED" }, settings(file, { maxAge: "1h" }));
    expect(r.source).toBe("network");
    expect(r.items).toEqual(systemManaged());
    expect(await requestCount()).toBeGreaterThan(0);
    const entry = readLockFile(file)?.entries[key];
    expect(entry?.items).toEqual(systemManaged());
    expect(entry?.fetchedAt).not.toBe(fetchedAt);
  });

  it("an entry older than maxAge fails frozen, saying why", async () => {
    const { file, key } = agedLock(TWO_HOURS);
    const before = bytesOf(file);
    const err = thrownBy(() =>
      store.resolve("policies", { type: "SYSTEM_MANAGED" }, settings(file, { maxAge: 3600, mode: "frozen" })),
    );
    expect(err).toBeInstanceOf(FrozenLookupError);
    expect((err as FrozenLookupError).missingKeys).toEqual([key]);
    expect((err as Error).message).toContain("older than the maximum age");
    expect(await requestCount()).toBe(0);
    expect(bytesOf(file)).toEqual(before);
  });

  it("NCLOUD_LOOKUPS_MAX_AGE applies too; a younger entry is used", async () => {
    const { file } = agedLock(TWO_HOURS);
    expect(() =>
      store.resolve("policies", { type: "SYSTEM_MANAGED" }, settings(file, { mode: "frozen" }), {
        NCLOUD_LOOKUPS_MAX_AGE: "90m",
      }),
    ).toThrow(FrozenLookupError);
    store = new LookupStore();
    const young = store.resolve("policies", { type: "SYSTEM_MANAGED" }, settings(file, { mode: "frozen" }), {
      NCLOUD_LOOKUPS_MAX_AGE: "1d",
    });
    expect(young.source).toBe("lock");
    expect(young.items).toEqual([{ policyId: "old", policyName: "OLD" }]);
    expect(await requestCount()).toBe(0);
  });

  it("a maxAge that is not a duration is a ValidationError", () => {
    expect(() => store.resolve("policies", {}, settings(dirs.lockFile(), { maxAge: "soon" }))).toThrow(
      /maxAge "soon" is not a duration/,
    );
  });
});

describe("failed lookups", () => {
  function lockWithOneEntry(): { file: string; bytes: Buffer } {
    const file = dirs.lockFile();
    const bytes = writeLock(file, {
      [`local:profiles@public`]: {
        kind: "profiles",
        site: "public",
        source: emu.url,
        query: {},
        fetchedAt: "2024-01-01T00:00:00.000Z",
        items: [],
      },
    });
    return { file, bytes };
  }

  it("a 403 is an ApiError naming the construct, never cached, and the lock file is untouched", async () => {
    const { file, bytes } = lockWithOneEntry();
    await emu.control.injectFault({ type: "status", status: 403, kind: "policies", times: Infinity });
    const err = thrownBy(() => new SubAccountPolicies(newStack(), "policies", settings(file)).items);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(403);
    expect(e.ncpCode).toBe("230");
    expect(e.service).toBe("subaccount");
    expect(e.message.startsWith("stack/policies: ")).toBe(true);
    expect(e.message).toContain("HTTP 403");
    expect(NcloudLookupsError.isNcloudLookupsError(e)).toBe(true);
    expect(bytesOf(file)).toEqual(bytes);

    // not cached: the same lookup asks again (and fails again while the fault lasts)
    await emu.control.clearRequests();
    expect(() => store.resolve("policies", {}, settings(file))).toThrow(ApiError);
    expect(await requestCount()).toBe(1);

    await emu.control.clearFaults();
    const ok = new SubAccountPolicies(newStack(), "policies", settings(file));
    expect(ok.source).toBe("network");
    expect(ok.items).toEqual(policies());
    expect(Object.keys(readLockFile(file)?.entries ?? {})).toHaveLength(2);
  });

  it("one failed listing fails every construct sharing it, each error naming its own construct", async () => {
    const { file, bytes } = lockWithOneEntry();
    await emu.control.injectFault({ type: "status", status: 403, kind: "policies", times: Infinity });
    const stack = newStack();
    const first = new SubAccountPolicies(stack, "first", settings(file));
    const second = new SubAccountPolicies(stack, "second", settings(file));
    const errors = [first, second].map((l) => thrownBy(() => l.items) as ApiError);
    expect(errors.map((e) => e.message.split(":")[0])).toEqual(["stack/first", "stack/second"]);
    expect(errors.every((e) => e instanceof ApiError && e.status === 403)).toBe(true);
    // each construct keeps its own failure: asking twice gives the same error again without a request
    await emu.control.clearRequests();
    expect(() => first.items).toThrow(ApiError);
    expect(await requestCount()).toBe(0);
    expect(bytesOf(file)).toEqual(bytes);
  });

  it("no permission on packages is ApiError 403 / 80002", async () => {
    const { file, bytes } = lockWithOneEntry();
    await emu.control.injectFault({ type: "no-permission", kind: "packages" });
    const err = thrownBy(() => new CloudFunctionsPackages(newStack(), "pkgs", settings(file)).items);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(403);
    expect((err as ApiError).ncpCode).toBe("80002");
    expect((err as Error).message.startsWith("stack/pkgs: ")).toBe(true);
    expect(bytesOf(file)).toEqual(bytes);
  });

  it("a wrong secret is an ApiError 401 that does not show the secret; the right one then works", async () => {
    const { file, bytes } = lockWithOneEntry();
    const wrong = "sk-this-is-the-WRONG-secret-987654321";
    const err = thrownBy(
      () => new ApiGatewayProducts(newStack(), "products", { ...settings(file), secretKey: wrong }).items,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect((err as ApiError).ncpCode).toBe("200");
    expect((err as Error).message.startsWith("stack/products: ")).toBe(true);
    expect((err as Error).message).not.toContain(wrong);
    expect((err as Error).message).not.toContain(SECRET_KEY);
    expect(JSON.stringify(err)).not.toContain(wrong);
    expect(bytesOf(file)).toEqual(bytes);
    const ok = new ApiGatewayProducts(newStack(), "products", settings(file));
    expect(ok.items).toEqual(data.products);
  });

  it("a malformed answer is a ResponseShapeError and nothing is recorded", async () => {
    const { file, bytes } = lockWithOneEntry();
    await emu.control.injectFault({ type: "wrong-shape", kind: "policies" });
    const err = thrownBy(() => store.resolve("policies", { type: "SYSTEM_MANAGED" }, settings(file)));
    expect(err).toBeInstanceOf(ResponseShapeError);
    expect((err as ResponseShapeError).jsonPath).toMatch(/^\$\.items\[\d+\]\.policyName$/);
    expect(bytesOf(file)).toEqual(bytes);
  });

  it("filters are validated before anything is read or fetched", async () => {
    const file = dirs.lockFile();
    expect(() => store.resolve("policies", { type: "FOO" }, settings(file))).toThrow(ValidationError);
    expect(await requestCount()).toBe(0);
    expect(bytesOf(file)).toBeUndefined();
  });
});

describe("credentials", () => {
  it("never appear in the lock file or the synthesized JSON", () => {
    const file = dirs.lockFile();
    const stack = newStack();
    const s = settings(file);
    new SubAccountPolicies(stack, "policies", { ...s, pin: true });
    new ApiGatewayProducts(stack, "products", { ...s, pin: true });
    new ExternalAccessProfiles(stack, "profiles", s);
    new CloudFunctionsPackages(stack, "packages", s);
    LookupStore.of(stack).resolve("policies", { searchWord: "NCP" }, s);
    const text = readFileSync(file, "utf8");
    expect(Object.keys(readLockFile(file)?.entries ?? {})).toHaveLength(5);
    for (const secret of [SECRET_KEY, ACCESS_KEY]) {
      expect(text).not.toContain(secret);
      expect(Testing.synth(stack)).not.toContain(secret);
    }
    expect(text).not.toMatch(/"(accessKey|secretKey)":/);
  });
});
