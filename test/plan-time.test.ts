/**
 * Plan-time lookups (issue 21), at synth: what the construct emits and what its members do. The real
 * `terraform plan` against two accounts is in terraform-plan.test.ts.
 */
import { TerraformStack, Testing } from "cdktf";
import { ApiGatewayProducts, NcloudLookups, ResolveAt, SubAccountPolicies, ValidationError } from "../lib";
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

type Json = {
  data: { external: Record<string, { program: string[]; query: Record<string, string> }> };
  output: Record<string, { value: unknown }>;
  resource?: unknown;
  terraform: { required_providers: Record<string, { source: string; version: string }> };
};

function planStack(context?: Record<string, unknown>): TerraformStack {
  const app = Testing.app({ outdir: dirs.make("plan-out-"), ...(context !== undefined ? { context } : {}) });
  return new TerraformStack(app, "s");
}

describe("resolveAt: ResolveAt.PLAN", () => {
  it("emits one external data source for many byName calls, with tokens into its result", () => {
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
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const sources = Object.values(json.data.external);
    expect(sources).toHaveLength(1);
    const source = sources[0]!;
    expect(source.program).toEqual(["ncloud-lookups", "external"]);
    expect(source.query.list).toBe("policies");
    expect(source.query.type).toBe("USER_CREATED");
    expect(JSON.parse(source.query.names ?? "[]")).toEqual([
      "deploy-bot",
      ...Array.from({ length: 20 }, (_, i) => `p${i}`),
    ]);
    expect(json.terraform.required_providers.external).toEqual({
      source: "hashicorp/external",
      version: "~> 2.3",
    });
    const name = Object.keys(json.data.external)[0];
    expect(JSON.stringify(json.output)).toContain(`data.external.${name}.result`);
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

  it("a non-string field throws when read, saying why", () => {
    const stack = planStack();
    const products = new ApiGatewayProducts(stack, "products", { resolveAt: ResolveAt.PLAN });
    const item = products.byName("주문-API") as unknown as Record<string, unknown>;
    expect(typeof item.productId).toBe("string");
    expect(() => item.isPublished).toThrow(/is a boolean field, which a plan-time lookup cannot give/);
  });

  it("comes from NcloudLookups.configure or cdktf.json context too; a bad value is refused", () => {
    const stack = planStack({
      "ncloud-lookups": { resolveAt: "plan", planProgram: "./node_modules/.bin/ncloud-lookups" },
    });
    new SubAccountPolicies(stack, "policies").byName("deploy-bot");
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(Object.values(json.data.external)[0]?.program).toEqual([
      "./node_modules/.bin/ncloud-lookups",
      "external",
    ]);

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
