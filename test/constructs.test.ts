/**
 * The four lookup constructs against an emulator in a child process (lookups block this thread),
 * and with in-memory fixtures.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { TerraformStack, Testing, type App } from "cdktf";
import { Construct } from "constructs";
import { ApiGatewayProducts, type ApiGatewayProductsProps } from "../lib/constructs/built-in";
import { CloudFunctionsPackages } from "../lib/constructs/built-in";
import { ExternalAccessProfiles } from "../lib/constructs/built-in";
import { NcloudListLookup } from "../lib/constructs/lookup";
import { NcloudLookups } from "../lib/constructs/settings";
import { SubAccountPolicies, type SubAccountPoliciesProps } from "../lib/constructs/built-in";
import {
  AmbiguousLookupError,
  ApiError,
  FrozenLookupError,
  LookupNotFoundError,
  SelectionError,
  ValidationError,
} from "../lib/errors";
import { LookupBridge } from "../lib/lookups/bridge";
import type { LookupFixtures } from "../lib/lookups/fixtures";
import { readLockFile } from "../lib/lookups/lockfile";
import type { ResolveSettings } from "../lib/lookups/store";
import {
  startEmulatorProcess,
  type CompleteDataSet,
  type EmulatorDataSet,
  type EmulatorProcess,
  type PolicyItem,
  type ProductItem,
  type ProfileItem,
} from "../lib/testing";
import { connectionTo, isolateLookupEnv, TempDirs, thrownBy, withProcessEnv } from "./helpers/lookup-harness";

const dirs = new TempDirs();
let emu: EmulatorProcess;
let data: CompleteDataSet;
let restoreEnv: () => void;

/** Data with duplicate names, served by a second emulator. */
const DUP_POLICIES: PolicyItem[] = [
  policy("11111111-0000-4000-8000-000000000001", "DUPLICATE_POLICY", "USER_CREATED"),
  policy("11111111-0000-4000-8000-000000000002", "DUPLICATE_POLICY", "USER_CREATED"),
  policy("11111111-0000-4000-8000-000000000003", "UNIQUE_POLICY", "SYSTEM_MANAGED"),
];
const DUP_PROFILES: ProfileItem[] = [
  profile("p-1", "개발-배포-프로필"),
  profile("p-2", "개발-배포-프로필"),
  profile("p-3", "운영"),
];
let dupEmu: EmulatorProcess;

function policy(id: string, name: string, type: PolicyItem["policyType"]): PolicyItem {
  return {
    policyId: id,
    policyName: name,
    policyType: type,
    policyDesc: "",
    nrn: `nrn:PUB:IAM::1:Policy/${id}`,
  };
}
function product(
  id: string,
  name: string,
  isPublished: boolean,
  code: ProductItem["subscriptionCode"],
): ProductItem {
  return {
    productId: id,
    invokeId: id,
    tenantId: "t",
    productName: name,
    productDescription: "",
    isPublished,
    subscriptionCode: code,
    modifier: "m",
    domainCode: "PUB",
    hasDeployedStage: false,
  };
}
function profile(id: string, name: string): ProfileItem {
  return {
    profileId: id,
    profileNrn: `nrn:PUB:ExternalAccess::1:Profile/${id}`,
    name,
    description: "",
    enabled: true,
    durationSeconds: 3600,
    roleNrnList: [],
    createTime: "2024-01-01T00:00:00.000+09:00",
    updateTime: "2024-01-01T00:00:00.000+09:00",
  };
}

beforeAll(async () => {
  restoreEnv = isolateLookupEnv();
  const dupData: EmulatorDataSet = { policies: DUP_POLICIES, profiles: DUP_PROFILES };
  [emu, dupEmu] = await Promise.all([startEmulatorProcess(), startEmulatorProcess({ data: dupData })]);
  data = (await emu.control.data()) as CompleteDataSet;
});

afterAll(async () => {
  await LookupBridge.stopShared();
  await Promise.all([emu.stop(), dupEmu.stop()]);
  restoreEnv();
  dirs.cleanup();
});

beforeEach(async () => {
  await Promise.all([emu.control.clearFaults(), emu.control.clearRequests()]);
});

function settings(extra: ResolveSettings = {}, target: EmulatorProcess = emu): ResolveSettings {
  return { ...connectionTo(target), lockFile: dirs.lockFile(), ...extra };
}

function newApp(): App {
  return Testing.app({ outdir: dirs.make("cdktf-out-") });
}

function newStack(id = "stack"): TerraformStack {
  return new TerraformStack(newApp(), id);
}

interface SynthJson {
  output?: Record<string, { value: unknown; description?: string }>;
  resource?: Record<string, Record<string, { input?: unknown }>>;
}

function synth(stack: TerraformStack): SynthJson {
  return JSON.parse(Testing.synth(stack)) as SynthJson;
}

describe("byName and friends", () => {
  it("byName returns the emulator's item; idOf and has agree", () => {
    const policies = new SubAccountPolicies(newStack(), "policies", {
      ...settings(),
      type: "SYSTEM_MANAGED",
    });
    const expected = data.policies.find((p) => p.policyName === "NCP_NCLOUD_STORAGE_VIEWER");
    expect(expected).toBeDefined();
    expect(policies.byName("NCP_NCLOUD_STORAGE_VIEWER")).toEqual(expected);
    expect(policies.idOf("NCP_NCLOUD_STORAGE_VIEWER")).toBe(expected?.policyId);
    expect(policies.has("NCP_NCLOUD_STORAGE_VIEWER")).toBe(true);
    expect(policies.has("ncp_ncloud_storage_viewer")).toBe(false);
    expect(policies.items).toEqual(data.policies.filter((p) => p.policyType === "SYSTEM_MANAGED"));
  });

  it("matches non-ASCII (Korean) names exactly, in every list", () => {
    const stack = newStack();
    const s = settings();
    const products = new ApiGatewayProducts(stack, "products", s);
    const profiles = new ExternalAccessProfiles(stack, "profiles", s);
    const packages = new CloudFunctionsPackages(stack, "packages", { ...s, platform: "vpc" });
    expect(products.byName("결제 API")).toEqual(data.products.find((p) => p.productName === "결제 API"));
    expect(products.idOf("결제 API")).toBe(
      data.products.find((p) => p.productName === "결제 API")?.productId,
    );
    expect(profiles.byName("개발-배포-프로필")).toEqual(
      data.profiles.find((p) => p.name === "개발-배포-프로필"),
    );
    expect(packages.byName("알림-발송")).toEqual(data.packages.vpc.find((p) => p.name === "알림-발송"));
    // a package's id is its name
    expect(packages.idOf("알림-발송")).toBe("알림-발송");
    // a Korean filter reaches the server intact
    const filtered = new ApiGatewayProducts(stack, "paid", { ...s, productName: "결제" });
    expect(filtered.names).toEqual(
      data.products.filter((p) => p.productName.includes("결제")).map((p) => p.productName),
    );
    expect(filtered.names).toContain("결제 API");
  });

  it("byName of a misspelt name throws LookupNotFoundError naming the path, filters, count and the right name", () => {
    const group = new Construct(newStack(), "group");
    const policies = new SubAccountPolicies(group, "policies", { ...settings(), type: "SYSTEM_MANAGED" });
    const err = thrownBy(() => policies.byName("NCP_NCLOUD_STORAGE_VIEWR"));
    expect(err).toBeInstanceOf(LookupNotFoundError);
    const e = err as LookupNotFoundError;
    const count = data.policies.filter((p) => p.policyType === "SYSTEM_MANAGED").length;
    expect(e.constructPath).toBe("stack/group/policies");
    expect(e.itemCount).toBe(count);
    expect(e.suggestions[0]).toBe("NCP_NCLOUD_STORAGE_VIEWER");
    expect(e.message).toContain("stack/group/policies");
    expect(e.message).toContain('"NCP_NCLOUD_STORAGE_VIEWR"');
    expect(e.message).toContain(`among ${count} item(s)`);
    expect(e.message).toContain('filters: type="SYSTEM_MANAGED"');
    expect(e.message).toContain('Did you mean "NCP_NCLOUD_STORAGE_VIEWER"');
    expect(policies.tryByName("NCP_NCLOUD_STORAGE_VIEWR")).toBeUndefined();
  });

  it("suggests the right Korean name for a misspelt one, and the exact name for a wrong case", () => {
    const stack = newStack();
    const products = new ApiGatewayProducts(stack, "products", settings());
    expect(() => products.byName("결재 API")).toThrow(/Did you mean "결제 API"/);
    const policies = new SubAccountPolicies(stack, "policies", settings());
    expect(() => policies.byName("ncp_ncloud_storage_viewer")).toThrow(
      /Did you mean "NCP_NCLOUD_STORAGE_VIEWER"/,
    );
  });

  it("a name with no near match says to check the name and filters and mentions refresh", () => {
    const policies = new SubAccountPolicies(newStack(), "policies", { ...settings(), type: "USER_CREATED" });
    const err = thrownBy(() => policies.byName("zzzzzzzzzzzzzzzzzzzzzzzzzz"));
    expect(err).toBeInstanceOf(LookupNotFoundError);
    expect((err as LookupNotFoundError).suggestions).toEqual([]);
    expect((err as Error).message).toContain("ncloud-lookups refresh");
  });

  it("duplicate names make byName and tryByName throw AmbiguousLookupError with both ids", () => {
    const stack = newStack();
    const policies = new SubAccountPolicies(stack, "policies", settings({}, dupEmu));
    const profiles = new ExternalAccessProfiles(stack, "profiles", settings({}, dupEmu));
    for (const call of [
      () => policies.byName("DUPLICATE_POLICY"),
      () => policies.tryByName("DUPLICATE_POLICY"),
    ]) {
      const err = thrownBy(call);
      expect(err).toBeInstanceOf(AmbiguousLookupError);
      expect((err as AmbiguousLookupError).matchCount).toBe(2);
      expect((err as AmbiguousLookupError).constructPath).toBe("stack/policies");
      expect((err as Error).message).toContain(DUP_POLICIES[0]?.policyId);
      expect((err as Error).message).toContain(DUP_POLICIES[1]?.policyId);
    }
    expect(() => policies.idOf("DUPLICATE_POLICY")).toThrow(AmbiguousLookupError);
    expect(() => profiles.byName("개발-배포-프로필")).toThrow(AmbiguousLookupError);
    expect(policies.byName("UNIQUE_POLICY")).toEqual(DUP_POLICIES[2]);
    expect(profiles.byName("운영")).toEqual(DUP_PROFILES[2]);
    expect(policies.has("DUPLICATE_POLICY")).toBe(true);
  });

  it("tryByName is undefined for a real miss, but a failed lookup throws its typed error", async () => {
    const ok = new SubAccountPolicies(newStack(), "policies", settings());
    expect(ok.tryByName("NO_SUCH_POLICY")).toBeUndefined();

    await emu.control.injectFault({ type: "status", status: 403, kind: "policies", times: Infinity });
    const err = thrownBy(() =>
      new SubAccountPolicies(newStack(), "failing", settings()).tryByName("NO_SUCH_POLICY"),
    );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(403);
    expect((err as Error).message.startsWith("stack/failing: ")).toBe(true);
    // a frozen miss is an error too, never "not found"
    const frozen = thrownBy(() =>
      new SubAccountPolicies(newStack(), "frozen", settings({ mode: "frozen" })).tryByName("X"),
    );
    expect(frozen).toBeInstanceOf(FrozenLookupError);
  });

  it("names lists every name in server order", () => {
    const profiles = new ExternalAccessProfiles(newStack(), "profiles", settings());
    expect(profiles.names).toEqual(data.profiles.map((p) => p.name));
    const dup = new SubAccountPolicies(newStack(), "dup", settings({}, dupEmu));
    expect(dup.names).toEqual(["DUPLICATE_POLICY", "DUPLICATE_POLICY", "UNIQUE_POLICY"]);
  });

  it("isNcloudListLookup recognises the constructs by brand", () => {
    const stack = newStack();
    const p = new SubAccountPolicies(stack, "policies", { fixtures: {} });
    expect(NcloudListLookup.isNcloudListLookup(p)).toBe(true);
    expect(NcloudListLookup.isNcloudListLookup(new Construct(stack, "plain"))).toBe(false);
    expect(NcloudListLookup.isNcloudListLookup({})).toBe(false);
  });
});

describe("select", () => {
  let policies: SubAccountPolicies;
  beforeEach(() => {
    policies = new SubAccountPolicies(newStack(), "policies", settings({}, dupEmu));
  });

  it('"one" returns the single match, and fails for none or several', () => {
    expect(policies.select((p) => p.policyType === "SYSTEM_MANAGED", "one")).toEqual(DUP_POLICIES[2]);
    const none = thrownBy(() => policies.select((p) => p.policyName === "nope", "one"));
    expect(none).toBeInstanceOf(SelectionError);
    expect((none as Error).message).toContain("stack/policies");
    expect((none as Error).message).toContain("matched none");
    expect((none as Error).message).toContain("exactly one of 3");
    const many = thrownBy(() => policies.select((p) => p.policyType === "USER_CREATED", "one"));
    expect(many).toBeInstanceOf(AmbiguousLookupError);
    expect((many as AmbiguousLookupError).matchCount).toBe(2);
  });

  it('"atMostOne" returns undefined for none, the item for one, and fails for several', () => {
    expect(policies.select((p) => p.policyName === "nope", "atMostOne")).toBeUndefined();
    expect(policies.select((p) => p.policyName === "UNIQUE_POLICY", "atMostOne")).toEqual(DUP_POLICIES[2]);
    expect(() => policies.select((p) => p.policyName === "DUPLICATE_POLICY", "atMostOne")).toThrow(
      AmbiguousLookupError,
    );
  });

  it('"any" (the default) returns every match in order, possibly none', () => {
    expect(policies.select((p) => p.policyName === "DUPLICATE_POLICY", "any")).toEqual(
      DUP_POLICIES.slice(0, 2),
    );
    expect(policies.select((p) => p.policyType === "USER_CREATED")).toEqual(DUP_POLICIES.slice(0, 2));
    expect(policies.select(() => false)).toEqual([]);
  });
});

describe("outputs", () => {
  it("by default the output holds only the items the stack picked out; reading items adds none", () => {
    const stack = newStack();
    const p = new SubAccountPolicies(stack, "policies", { ...settings(), type: "SYSTEM_MANAGED" });
    expect(p.items.length).toBeGreaterThan(100);
    expect(p.names).toContain("NCP_NCLOUD_STORAGE_VIEWER");
    expect(p.has("NCP_SERVER_VIEWER")).toBe(true);
    const viewer = p.byName("NCP_NCLOUD_STORAGE_VIEWER");
    expect(p.tryByName("NO_SUCH_POLICY")).toBeUndefined();
    const vpc = p.select((x) => x.policyName.startsWith("NCP_VPC_"), "any");
    expect(vpc.length).toBeGreaterThan(1);
    const out = synth(stack).output?.policies;
    expect(Object.keys(out?.value as object).sort()).toEqual(
      ["NCP_NCLOUD_STORAGE_VIEWER", ...vpc.map((x) => x.policyName)].sort(),
    );
    expect((out?.value as Record<string, unknown>).NCP_NCLOUD_STORAGE_VIEWER).toEqual({
      id: viewer.policyId,
      nrn: viewer.nrn,
    });
    expect(out?.description).toContain("the items the stack picked out");
  });

  it("nothing picked: an empty output map (its name stays for consumers)", () => {
    const stack = newStack();
    const p = new SubAccountPolicies(stack, "policies", { ...settings(), type: "SYSTEM_MANAGED" });
    expect(p.items.length).toBeGreaterThan(0);
    expect(synth(stack).output?.policies?.value).toEqual({});
  });

  it("with outputAll, an output named by the construct path maps each name to {id, nrn}", () => {
    const stack = newStack();
    const group = new Construct(stack, "group");
    const p = new SubAccountPolicies(group, "v1.policies", {
      ...settings(),
      type: "SYSTEM_MANAGED",
      outputAll: true,
    });
    expect(p.outputName).toBe("group_v1_policies");
    const out = synth(stack).output?.group_v1_policies;
    const expected = Object.fromEntries(
      data.policies
        .filter((x) => x.policyType === "SYSTEM_MANAGED")
        .map((x) => [x.policyName, { id: x.policyId, nrn: x.nrn }]),
    );
    expect(out?.value).toEqual(expected);
    expect(out?.description).toContain("policies@public?type=SYSTEM_MANAGED");
  });

  it("lists without an NRN output {id} only; profiles output their NRN", () => {
    const stack = newStack();
    new ApiGatewayProducts(stack, "products", { ...settings(), productName: "결제", outputAll: true });
    new ExternalAccessProfiles(stack, "profiles", { ...settings(), searchWord: "운영", outputAll: true });
    new CloudFunctionsPackages(stack, "packages", { ...settings(), platform: "classic", outputAll: true });
    const json = synth(stack);
    const product = data.products.find((p) => p.productName === "결제 API");
    expect((json.output?.products?.value as Record<string, unknown>)["결제 API"]).toEqual({
      id: product?.productId,
    });
    const profiles = data.profiles.filter((p) => p.name.toLowerCase().includes("운영"));
    expect(profiles.length).toBeGreaterThan(0);
    expect(json.output?.profiles?.value).toEqual(
      Object.fromEntries(profiles.map((p) => [p.name, { id: p.profileId, nrn: p.profileNrn }])),
    );
    expect(json.output?.packages?.value).toEqual(
      Object.fromEntries(data.packages.classic.map((p) => [p.name, { id: p.name }])),
    );
  });

  it("a construct id that starts with a digit gets a leading _", () => {
    const stack = newStack();
    const p = new SubAccountPolicies(stack, "1st", { fixtures: { policies: [] } });
    expect(p.outputName).toBe("_1st");
    expect(synth(stack).output?._1st?.value).toEqual({});
  });

  it("outputName and outputFields change the name and the fields", () => {
    const stack = newStack();
    new SubAccountPolicies(stack, "policies", {
      ...settings(),
      type: "SYSTEM_MANAGED",
      outputName: "system_policies",
      outputFields: ["policyId", "policyType"],
      outputAll: true,
    });
    const out = synth(stack).output;
    expect(Object.keys(out ?? {})).toEqual(["system_policies"]);
    const viewer = data.policies.find((p) => p.policyName === "NCP_NCLOUD_STORAGE_VIEWER");
    expect((out?.system_policies?.value as Record<string, unknown>).NCP_NCLOUD_STORAGE_VIEWER).toEqual({
      policyId: viewer?.policyId,
      policyType: "SYSTEM_MANAGED",
    });
  });

  it("outputs: false adds no output", () => {
    const stack = newStack();
    const p = new SubAccountPolicies(stack, "policies", { ...settings(), outputs: false });
    expect(p.outputName).toBeUndefined();
    expect(synth(stack).output).toBeUndefined();
  });

  it("an invalid outputName is a ValidationError at construction", () => {
    const err = thrownBy(
      () => new SubAccountPolicies(newStack(), "policies", { fixtures: {}, outputName: "1 bad" }),
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toContain('"1 bad"');
    expect((err as Error).message).toContain("stack/policies");
  });

  it("duplicate names get distinct output keys (name#id)", () => {
    const stack = newStack();
    new SubAccountPolicies(stack, "dup", { ...settings({}, dupEmu), outputAll: true });
    const [a, b, c] = DUP_POLICIES;
    expect(synth(stack).output?.dup?.value).toEqual({
      DUPLICATE_POLICY: { id: a?.policyId, nrn: a?.nrn },
      [`DUPLICATE_POLICY#${b?.policyId}`]: { id: b?.policyId, nrn: b?.nrn },
      UNIQUE_POLICY: { id: c?.policyId, nrn: c?.nrn },
    });
  });

  it("the synthesized JSON holds neither the endpoint override nor the keys", () => {
    const stack = newStack();
    new SubAccountPolicies(stack, "policies", { ...settings(), pin: true });
    const text = Testing.synth(stack);
    expect(text).not.toContain(emu.url);
    expect(text).not.toContain(emu.secretKey);
    expect(text).not.toContain(emu.accessKey);
  });

  it("synth of a stack whose lookup fails throws the typed error naming the construct", async () => {
    await emu.control.injectFault({ type: "status", status: 403, kind: "profiles", times: Infinity });
    const stack = newStack();
    new ExternalAccessProfiles(stack, "profiles", settings());
    const err = thrownBy(() => Testing.synth(stack));
    expect(err).toBeInstanceOf(ApiError);
    expect((err as Error).message).toContain("stack/profiles: ");
  });

  // Default output names come from construct paths; two lookups that would share one are refused.
  it.each<[string, (stack: TerraformStack) => [SubAccountPolicies, SubAccountPolicies], string, string]>([
    [
      'default names of "a/b" and "a_b"',
      (stack) => [
        new SubAccountPolicies(new Construct(stack, "a"), "b", {
          fixtures: { policies: [DUP_POLICIES[0] as PolicyItem] },
        }),
        new SubAccountPolicies(stack, "a_b", { fixtures: { policies: [DUP_POLICIES[2] as PolicyItem] } }),
      ],
      "a_b",
      "stack/a/b",
    ],
    [
      'two outputName "same"',
      (stack) => [
        new SubAccountPolicies(stack, "x", {
          fixtures: { policies: [DUP_POLICIES[0] as PolicyItem] },
          outputName: "same",
        }),
        new SubAccountPolicies(stack, "y", {
          fixtures: { policies: [DUP_POLICIES[2] as PolicyItem] },
          outputName: "same",
        }),
      ],
      "same",
      "stack/x",
    ],
  ])(
    "clashing output names (%s) are refused at construction, naming the holder",
    (_name, make, output, holder) => {
      const stack = newStack();
      const err = thrownBy(() => make(stack)) as ValidationError;
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.message).toContain(`output name "${output}" is already used by ${holder};`);
      expect(err.message).toContain("give one of them another outputName");
    },
  );

  it("fullSynth writes the outputs into the stack's cdk.tf.json", () => {
    const stack = newStack("full");
    new CloudFunctionsPackages(stack, "packages", { ...settings(), platform: "vpc", outputAll: true });
    const outdir = Testing.fullSynth(stack);
    const file = path.join(outdir, "stacks", "full", "cdk.tf.json");
    expect(existsSync(file)).toBe(true);
    const json = JSON.parse(readFileSync(file, "utf8")) as SynthJson;
    expect(Object.keys(json.output?.packages?.value as object).sort()).toEqual(
      data.packages.vpc.map((p) => p.name).sort(),
    );
  });
});

describe("lazy resolution", () => {
  it("constructing makes no request; the first use (or synth) resolves every pending lookup in one batch", async () => {
    const file = dirs.lockFile();
    const stack = newStack();
    const s = { ...connectionTo(emu), lockFile: file };
    const a = new SubAccountPolicies(stack, "a", { ...s, type: "USER_CREATED" });
    const b = new ExternalAccessProfiles(stack, "b", s);
    const c = new CloudFunctionsPackages(stack, "c", s);
    expect((await emu.control.requests()).length).toBe(0);
    expect(existsSync(file)).toBe(false);
    synth(stack);
    expect(new Set((await emu.control.requests()).map((r) => r.kind))).toEqual(
      new Set(["policies", "profiles", "packages"]),
    );
    expect(Object.keys(readLockFile(file)?.entries ?? {}).sort()).toEqual(
      [a.lookupKey, b.lookupKey, c.lookupKey].sort(),
    );
    await emu.control.clearRequests();
    expect([a.source, b.source, c.source]).toEqual(["network", "network", "network"]);
    expect((await emu.control.requests()).length).toBe(0);
  });
});

describe("pin", () => {
  function pinOf(stack: TerraformStack): { lookup: string; digest: string } {
    const data = synth(stack).resource?.terraform_data ?? {};
    const pins = Object.values(data);
    expect(pins).toHaveLength(1);
    return pins[0]?.input as { lookup: string; digest: string };
  }

  it("adds a terraform_data whose input holds the lookup key (no endpoint) and the digest", () => {
    const stack = newStack();
    const p = new SubAccountPolicies(stack, "policies", { ...settings(), type: "SYSTEM_MANAGED", pin: true });
    const pin = pinOf(stack);
    expect(pin.lookup).toBe("local:policies@public?type=SYSTEM_MANAGED"); // no port: the realm only
    expect(pin.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(pin.digest).toBe(p.digest);
  });

  it("no terraform_data without pin", () => {
    const stack = newStack();
    new SubAccountPolicies(stack, "policies", settings());
    expect(synth(stack).resource?.terraform_data).toBeUndefined();
  });

  it("the digest follows the data: same data same digest, changed data another digest", () => {
    const base = DUP_POLICIES.map((p) => ({ ...p }));
    const digestOf = (policies: PolicyItem[], id = "p"): string => {
      const stack = newStack();
      new SubAccountPolicies(stack, id, { fixtures: { policies }, pin: true, outputs: false });
      return pinOf(stack).digest;
    };
    const d0 = digestOf(base);
    // same items with keys in another order: same digest
    expect(
      digestOf(base.map((p) => Object.fromEntries(Object.entries(p).reverse()) as unknown as PolicyItem)),
    ).toBe(d0);
    expect(digestOf(base, "other-id")).toBe(d0);
    const renamed = base.map((p, i) => (i === 2 ? { ...p, policyName: "RENAMED" } : p));
    expect(digestOf(renamed)).not.toBe(d0);
    expect(digestOf(base.slice(0, 2))).not.toBe(d0);
    expect(digestOf([...base].reverse())).not.toBe(d0);
    // and it is the SHA-256 of the items' stable JSON, not of anything else
    const stable = JSON.stringify(base.map((p) => Object.fromEntries(Object.entries(p).sort())));
    expect(d0).toBe(createHash("sha256").update(stable).digest("hex"));
  });

  it("the digest differs between two servers with different lists", () => {
    const a = newStack();
    const b = newStack();
    new SubAccountPolicies(a, "p", { ...settings(), pin: true });
    new SubAccountPolicies(b, "p", { ...settings({}, dupEmu), pin: true });
    const [pa, pb] = [pinOf(a), pinOf(b)];
    expect(pa.lookup).toBe(pb.lookup);
    expect(pa.digest).not.toBe(pb.digest);
  });
});

describe("NcloudLookups.configure", () => {
  it("app and stack settings apply in order, and props override them", () => {
    const app = newApp();
    const appLock = dirs.lockFile();
    const propLock = dirs.lockFile();
    NcloudLookups.configure(app, { ...connectionTo(emu), lockFile: appLock, mode: "frozen" });
    const online = new TerraformStack(app, "online");
    NcloudLookups.configure(online, { mode: "online" });
    const frozen = new TerraformStack(app, "frozen");

    const a = new SubAccountPolicies(online, "a", { type: "SYSTEM_MANAGED" });
    const b = new SubAccountPolicies(online, "b", { type: "USER_CREATED", lockFile: propLock });
    const c = new SubAccountPolicies(frozen, "c", { searchWord: "NCP" });
    const d = new ExternalAccessProfiles(frozen, "d", { mode: "online" });

    expect(NcloudLookups.settingsFor(online)).toMatchObject({
      mode: "online",
      lockFile: appLock,
      endpoint: emu.url,
    });
    expect(a.source).toBe("network");
    expect(b.source).toBe("network");
    expect(d.source).toBe("network");
    const err = thrownBy(() => c.items);
    expect(err).toBeInstanceOf(FrozenLookupError);
    expect((err as FrozenLookupError).file).toBe(appLock);
    expect((err as Error).message.startsWith("frozen/c: ")).toBe(true);
    expect(Object.keys(readLockFile(appLock)?.entries ?? {}).sort()).toEqual(
      [a.lookupKey, d.lookupKey].sort(),
    );
    expect(Object.keys(readLockFile(propLock)?.entries ?? {})).toEqual([b.lookupKey]);
  });

  it("configure merges repeated calls and undefined props do not mask settings", () => {
    const app = newApp();
    NcloudLookups.configure(app, { site: "gov" });
    NcloudLookups.configure(app, { fixtures: { policies: DUP_POLICIES } });
    const stack = new TerraformStack(app, "stack");
    const p = new SubAccountPolicies(stack, "p", { site: undefined, type: "SYSTEM_MANAGED" });
    expect(p.lookupKey).toBe("policies@gov?type=SYSTEM_MANAGED");
    expect(p.items).toEqual([DUP_POLICIES[2]]);
  });
});

describe("fixtures", () => {
  const fixtures: LookupFixtures = {
    policies: [
      policy("f-1", "NCP_SERVER_VIEWER", "SYSTEM_MANAGED"),
      policy("f-2", "NCP_SERVER_MANAGER", "SYSTEM_MANAGED"),
      policy("f-3", "개발팀-읽기전용", "USER_CREATED"),
    ],
    packages: {
      vpc: [{ name: "vpc-pkg", description: "" }],
      classic: [{ name: "classic-pkg", description: "" }],
    },
    products: [
      product("x1", "결제 API", true, "PUBLIC"),
      product("x2", "결제 API v2", false, "PROTECTED"),
      product("x3", "주문 API", true, "PUBLIC"),
    ],
    profiles: [profile("pr-1", "개발-배포"), profile("pr-2", "운영-배포")],
  };

  it("need no emulator, apply the filters like NCP and write no lock file", () => {
    const lockFile = dirs.lockFile();
    const stack = newStack();
    const s = { fixtures, lockFile, endpoint: "http://127.0.0.1:1" };
    const system = new SubAccountPolicies(stack, "system", { ...s, type: "SYSTEM_MANAGED" });
    const viewer = new SubAccountPolicies(stack, "viewer", { ...s, searchWord: "viewer" });
    const korean = new SubAccountPolicies(stack, "korean", { ...s, searchWord: "개발" });
    const classic = new CloudFunctionsPackages(stack, "classic", { ...s, platform: "classic" });
    const vpc = new CloudFunctionsPackages(stack, "vpc", s);
    const paid = new ApiGatewayProducts(stack, "paid", { ...s, productName: "결제", isPublished: true });
    const prod = new ExternalAccessProfiles(stack, "prod", { ...s, searchWord: "운영" });
    expect(system.names).toEqual(["NCP_SERVER_VIEWER", "NCP_SERVER_MANAGER"]);
    expect(viewer.names).toEqual(["NCP_SERVER_VIEWER"]);
    expect(korean.names).toEqual(["개발팀-읽기전용"]);
    expect(classic.names).toEqual(["classic-pkg"]);
    expect(vpc.names).toEqual(["vpc-pkg"]);
    expect(paid.names).toEqual(["결제 API"]);
    paid.byName("결제 API");
    expect(prod.names).toEqual(["운영-배포"]);
    expect(system.source).toBe("fixtures");
    expect(existsSync(lockFile)).toBe(false);
    expect(synth(stack).output?.paid?.value).toEqual({ "결제 API": { id: "x1" } });
  });

  it("work in CI (frozen by default) and give the same helpful errors", () => {
    withProcessEnv({ CI: "true" }, () => {
      const policies = new SubAccountPolicies(newStack(), "policies", { fixtures });
      expect(policies.byName("NCP_SERVER_VIEWER").policyId).toBe("f-1");
      expect(() => policies.byName("NCP_SERVER_VIEWR")).toThrow(/Did you mean "NCP_SERVER_VIEWER"/);
    });
  });
});

describe("invalid props", () => {
  const fixtures: LookupFixtures = {};
  it.each<[string, () => unknown, string[]]>([
    [
      'type "FOO"',
      () =>
        new SubAccountPolicies(newStack(), "c", {
          fixtures,
          type: "FOO",
        } as unknown as SubAccountPoliciesProps),
      ['"FOO"', "SYSTEM_MANAGED, USER_CREATED"],
    ],
    [
      "a productName of 101 characters",
      () =>
        new ApiGatewayProducts(newStack(), "c", {
          fixtures,
          productName: "가".repeat(101),
        } as ApiGatewayProductsProps),
      ["productName", "가".repeat(101), "100"],
    ],
    [
      'site "mars"',
      () => new SubAccountPolicies(newStack(), "c", { fixtures, site: "mars" }),
      ['"mars"', "public, gov, fin"],
    ],
    [
      'endpoint "http://10.1.2.3"',
      () => new SubAccountPolicies(newStack(), "c", { endpoint: "http://10.1.2.3" }),
      ["10.1.2.3", "https://", "127.0.0.1, localhost or ::1"],
    ],
    [
      'mode "sometimes"',
      () =>
        new SubAccountPolicies(newStack(), "c", { mode: "sometimes" } as unknown as SubAccountPoliciesProps),
      ['"sometimes"', "online, frozen, refresh"],
    ],
    [
      'maxAge "soon"',
      () => new SubAccountPolicies(newStack(), "c", { maxAge: "soon" }),
      ['"soon"', "12h, 7d"],
    ],
    [
      'platform "arm"',
      () =>
        new CloudFunctionsPackages(newStack(), "c", { platform: "arm" } as unknown as { platform: "vpc" }),
      ['"arm"', "vpc, classic"],
    ],
  ])(
    "%s is a ValidationError at construction naming the value and the allowed ones",
    (_name, make, fragments) => {
      const err = thrownBy(make);
      expect(err).toBeInstanceOf(ValidationError);
      const message = (err as Error).message;
      expect(message.startsWith("stack/c: ")).toBe(true);
      for (const f of fragments) expect(message).toContain(f);
    },
  );
});
