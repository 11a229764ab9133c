/**
 * Plan-time lookups (issues 21, 28), at synth: the native provider's data sources the construct emits
 * and what its members do. The real `terraform plan` is in plan-time-provider.test.ts.
 */
import { Fn, TerraformOutput, TerraformStack, Testing, Token } from "cdktf";
import {
  ApiGatewayProducts,
  ExternalAccessProfiles,
  NcloudListLookup,
  NcloudLookups,
  registerList,
  ResolveAt,
  SubAccountPolicies,
  ValidationError,
} from "../lib";
import { packageVersion } from "../lib/cli/version";
import { SUB_ACCOUNTS } from "../examples/plan-time/sub-accounts";
import { isolateLookupEnv, TempDirs } from "./helpers/lookup-harness";

let restore: () => void;
const dirs = new TempDirs();
beforeAll(() => {
  restore = isolateLookupEnv();
  // Nothing is reachable: a synth that tried the network or the lock file would fail.
  process.env.NCLOUD_LOOKUPS_ENDPOINT = "http://127.0.0.1:9";
  process.env.NCLOUD_LOOKUPS_MODE = "frozen";
});
afterAll(() => {
  restore();
  dirs.cleanup();
});

type Source = Record<string, unknown> & { names?: string[]; provider?: string };
type Json = {
  data: Record<string, Record<string, Source>>;
  output: Record<string, { value: unknown }>;
  provider?: Record<string, Array<Record<string, string>>>;
  resource?: unknown;
  terraform: { required_providers: Record<string, { source: string; version: string }> };
};

function planStack(context?: Record<string, unknown>): TerraformStack {
  const app = Testing.app({ outdir: dirs.make("plan-out-"), ...(context !== undefined ? { context } : {}) });
  return new TerraformStack(app, "s");
}

describe("resolveAt: ResolveAt.PLAN", () => {
  it("emits one ncloudlookups data source for many byName calls, with tokens into its by_name", () => {
    const stack = planStack();
    const policies = new SubAccountPolicies(stack, "policies", {
      resolveAt: ResolveAt.PLAN,
      type: "USER_CREATED",
      lockFile: dirs.make("no-lock-") + "/missing/ncloud.lookups.json",
    });
    const bot = policies.byName("deploy-bot");
    const ids = Array.from({ length: 20 }, (_, i) => policies.idOf(`p${i}`));
    expect(policies.byName("deploy-bot")).toBe(bot);
    expect(bot.policyId).toMatch(/\$\{TfToken\[/);
    expect(ids.every((t) => t.includes("TfToken"))).toBe(true);
    const text = Testing.synth(stack);
    expect(text).not.toContain("external");
    const json = JSON.parse(text) as Json;
    const sources = Object.values(json.data.ncloudlookups_policies ?? {});
    expect(Object.keys(json.data)).toEqual(["ncloudlookups_policies"]);
    expect(sources).toHaveLength(1);
    const source = sources[0]!;
    expect(source.type).toBe("USER_CREATED");
    expect(source.names).toEqual(["deploy-bot", ...Array.from({ length: 20 }, (_, i) => `p${i}`)].sort());
    expect(json.terraform.required_providers).toEqual({
      ncloudlookups: { source: "ncloud-lookups/ncloudlookups", version: `~> ${packageVersion()}` },
    });
    const name = Object.keys(json.data.ncloudlookups_policies!)[0];
    expect(JSON.stringify(json.output)).toContain(`data.ncloudlookups_policies.${name}.by_name`);
    // the tokens read the item's own attributes
    const ref = `data.ncloudlookups_policies.${name}.by_name[\\"p7\\"].policy_id`;
    expect(text).not.toContain('p7\\"].policy_id'); // not output: idOf tokens are used nowhere
    const out = new TerraformOutput(stack, "p7", { value: ids[7] });
    expect(out).toBeDefined();
    expect(Testing.synth(stack)).toContain(ref);
  });

  it("settings given as props configure a provider block (never keys); a list of one's own inlines its definition", () => {
    const stack = planStack();
    registerList(SUB_ACCOUNTS);
    new ExternalAccessProfiles(stack, "a", {
      resolveAt: ResolveAt.PLAN,
      profile: "staging",
      site: "gov",
    }).byName("x");
    new ExternalAccessProfiles(stack, "b", {
      resolveAt: ResolveAt.PLAN,
      profile: "staging",
      site: "gov",
      accessKey: "AKSECRETNEVER",
      secretKey: "SKSECRETNEVER",
    }).byName("y");
    new NcloudListLookup(stack, "subs", {
      list: "sub-accounts",
      query: { searchWord: "ci-" },
      resolveAt: ResolveAt.PLAN,
    }).idOf("ci-1");
    const text = Testing.synth(stack);
    expect(text).not.toContain("SECRETNEVER");
    const json = JSON.parse(text) as Json;
    expect(json.provider?.ncloudlookups).toEqual([
      {},
      { alias: "lookups_profile_staging_site_gov", profile: "staging", site: "gov" },
    ]);
    const profiles = Object.values(json.data.ncloudlookups_profiles ?? {});
    expect(profiles.map((p) => p.provider)).toEqual([
      "ncloudlookups.lookups_profile_staging_site_gov",
      "ncloudlookups.lookups_profile_staging_site_gov",
    ]);
    const own = Object.values(json.data.ncloudlookups_list ?? {})[0]!;
    expect(JSON.parse(own.definition as string)).toMatchObject({
      kind: "sub-accounts",
      idField: "subAccountNo",
    });
    expect(own.query).toEqual({ searchWord: "ci-" });
    expect(own.names).toEqual(["ci-1"]);
  });

  it("items, select, selectWhere and the other value members throw, naming the alternative", () => {
    const stack = planStack();
    const policies = new SubAccountPolicies(stack, "policies", { resolveAt: ResolveAt.PLAN });
    for (const [member, call] of [
      ["items", () => policies.items],
      ["select", () => policies.select(() => true)],
      ["selectWhere", () => policies.selectWhere({ matches: () => true })],
      ["tryByName", () => policies.tryByName("x")],
      ["names", () => policies.names],
      ["digest", () => policies.digest],
    ] as const) {
      expect(call).toThrow(ValidationError);
      expect(call).toThrow(
        new RegExp(
          `s/policies: ${member} cannot run at synth time in a plan-time lookup.*byName\\(name\\)\\.<field>`,
        ),
      );
    }
  });

  it("every field is a token of its own type: booleans and numbers usable where cdktf takes them", () => {
    const stack = planStack();
    const products = new ApiGatewayProducts(stack, "products", { resolveAt: ResolveAt.PLAN });
    const item = products.byName("주문-API") as unknown as Record<string, unknown>;
    expect(typeof item.productId).toBe("string");
    expect(Token.isUnresolved(item.isPublished)).toBe(true);
    const profiles = new ExternalAccessProfiles(stack, "profiles", { resolveAt: ResolveAt.PLAN });
    const p = profiles.byName("profile003");
    expect(typeof p.durationSeconds).toBe("number");
    expect(Token.isUnresolved(p.durationSeconds)).toBe(true);
    new TerraformOutput(stack, "typed", { value: Fn.jsonencode([p.enabled, p.durationSeconds]) });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(json.output.typed?.value).toMatch(
      /^\$\{jsonencode\(\[data\.ncloudlookups_profiles\.\w+\.by_name\["profile003"\]\.enabled, data\.ncloudlookups_profiles\.\w+\.by_name\["profile003"\]\.duration_seconds\]\)\}$/,
    );
  });

  it("comes from NcloudLookups.configure or cdktf.json context too; planProgram and a bad value are refused", () => {
    const stack = planStack({ "ncloud-lookups": { resolveAt: "plan" } });
    new SubAccountPolicies(stack, "policies").byName("deploy-bot");
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(Object.keys(json.data)).toEqual(["ncloudlookups_policies"]);
    const old = planStack({
      "ncloud-lookups": { resolveAt: "plan", planProgram: "./node_modules/.bin/ncloud-lookups" },
    });
    expect(() => new SubAccountPolicies(old, "p")).toThrow(
      /planProgram is no longer used: plan-time lookups read through the native provider/,
    );

    const other = planStack();
    NcloudLookups.configure(other, { resolveAt: "later" as ResolveAt });
    expect(() => new SubAccountPolicies(other, "p")).toThrow(
      /"later" is not a resolveAt value; use ResolveAt.SYNTH/,
    );
  });

  it("checks filters at synth as synth-time lookups do", () => {
    const stack = planStack();
    expect(() => new SubAccountPolicies(stack, "p", { resolveAt: ResolveAt.PLAN, type: "ALL" })).toThrow(
      ValidationError,
    );
  });
});
