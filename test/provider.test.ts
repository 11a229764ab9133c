/**
 * The native provider as users run it (issue 27): `npm run build:provider` builds the binary, a
 * filesystem mirror installs it, and `terraform init` + `terraform plan` run with no Node.js on
 * PATH against the emulator. Also: the definitions it embeds are the registry's (a stale export fails).
 * The provider's own tests (Go, acceptance tests included) run in `npm run test:provider`.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { completeDefinition } from "../lib/lists/complete";
import type { ListDefinition } from "../lib/lists/definition";
import { PROVIDER_DEFINITIONS_FILE, providerDefinitionsText } from "../lib/lists/export";
import { defaultDataSet, generateDataSet, NcloudEmulator } from "../lib/testing";
import { TempDirs } from "./helpers/lookup-harness";

const ROOT = path.resolve(__dirname, "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require("../provider/scripts/build.js") as {
  build(o?: { quiet?: boolean }): string;
  installMirror(dir: string): string;
  version: string;
};
const SUB = JSON.parse(
  readFileSync(path.join(ROOT, "examples", "provider", "sub-accounts.json"), "utf8"),
) as ListDefinition;
completeDefinition(SUB);

const terraformPath = spawnSync("sh", ["-c", "command -v terraform"], { encoding: "utf8" }).stdout.trim();
const goMissing = spawnSync("go", ["version"], { stdio: "ignore" }).error !== undefined;
const withTools = terraformPath !== "" && !goMissing ? describe : describe.skip;

describe("the definitions the provider embeds", () => {
  it("are the registry's built-in definitions (npm run generate writes them)", () => {
    expect(readFileSync(path.join(ROOT, PROVIDER_DEFINITIONS_FILE), "utf8")).toBe(providerDefinitionsText());
  });
});

withTools("terraform-provider-ncloudlookups from a filesystem mirror, no Node.js on PATH", () => {
  const dirs = new TempDirs();
  let emu: NcloudEmulator;
  let work: string;
  let env: NodeJS.ProcessEnv;
  const data = defaultDataSet();
  const second = generateDataSet({ policies: 5, products: 2, profiles: 2, packages: 2, seed: 3 });
  second.policies[0]!.policyName = "second-account-only";
  const SECOND = { accessKey: "NCPSECOND0ACCESS0KEY", secretKey: "second-account-secret-value" };

  beforeAll(async () => {
    const subAccounts = Array.from({ length: 12 }, (_, i) => ({
      subAccountNo: String(500 + i),
      loginId: i < 4 ? `ci-${i}` : `user-${i}`,
      active: true,
      loginCount: i,
      groupNames: [],
    }));
    emu = await NcloudEmulator.start({
      data: { ...data, "sub-accounts": subAccounts } as never,
      lists: [SUB],
      pageSizeCaps: { policies: 25 },
      accounts: [{ ...SECOND, data: second }],
    });
    work = dirs.make("ncloud-provider-");
    const binary = build.build({ quiet: true });
    expect(path.basename(binary)).toBe(`terraform-provider-ncloudlookups_v${build.version}`);
    const mirror = build.installMirror(path.join(work, "mirror"));
    writeFileSync(
      path.join(work, "cli.tfrc"),
      `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`,
    );
    // PATH holds terraform and nothing else: no node, no npm.
    mkdirSync(path.join(work, "bin"));
    symlinkSync(terraformPath, path.join(work, "bin", "terraform"));
    mkdirSync(path.join(work, "home", ".ncloud"), { recursive: true });
    writeFileSync(
      path.join(work, "home", ".ncloud", "configure"),
      `[second]\nncloud_access_key_id = ${SECOND.accessKey}\nncloud_secret_access_key = ${SECOND.secretKey}\n`,
    );
    env = {
      PATH: path.join(work, "bin"),
      HOME: path.join(work, "home"),
      TF_CLI_CONFIG_FILE: path.join(work, "cli.tfrc"),
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      NCLOUD_LOOKUPS_ENDPOINT: emu.url,
      NCLOUD_ACCESS_KEY: emu.accessKey,
      NCLOUD_SECRET_KEY: emu.secretKey,
      NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
    };
  }, 600_000);

  afterAll(async () => {
    await emu?.stop();
    dirs.cleanup();
  });

  /** Runs terraform without blocking this process (the emulator answers from it). */
  function run(
    dir: string,
    args: string[],
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((done, fail) => {
      const child = spawn("terraform", args, { cwd: dir, env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.once("error", fail);
      child.once("close", (code) => done({ code, stdout, stderr }));
    });
  }

  async function terraform(dir: string, args: string[]): Promise<string> {
    const r = await run(dir, args);
    if (r.code !== 0) throw new Error(`terraform ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  }

  /** init, plan -out, show -json: the planned outputs, and every byte Terraform wrote or printed. */
  async function plan(dir: string): Promise<{ outputs: Record<string, unknown>; written: string }> {
    let written = await terraform(dir, ["init", "-input=false", "-no-color"]);
    written += await terraform(dir, ["plan", "-input=false", "-no-color", "-out", "tfplan"]);
    const shown = await terraform(dir, ["show", "-json", "tfplan"]);
    written += shown + readFileSync(path.join(dir, "tfplan")).toString("latin1");
    const outputs = (JSON.parse(shown) as { planned_values: { outputs: Record<string, { value: unknown }> } })
      .planned_values.outputs;
    return { outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value])), written };
  }

  it("plans examples/provider: typed values, a list of one's own over capped pages", async () => {
    const dir = path.join(work, "example");
    cpSync(path.join(ROOT, "examples", "provider"), dir, { recursive: true });
    const { outputs, written } = await plan(dir);
    const viewer = data.policies.find((p) => p.policyName === "NCP_NCLOUD_STORAGE_VIEWER")!;
    const manager = data.policies.find((p) => p.policyName === "NCP_SERVER_MANAGER")!;
    const profile = data.profiles.find((p) => p.name === "profile003")!;
    expect(outputs.storage_viewer_policy_id).toBe(viewer.policyId);
    expect(outputs.server_manager_nrn).toBe(manager.nrn);
    expect(JSON.parse(outputs.deploy_profile as string)).toEqual({
      enabled: profile.enabled,
      duration_seconds: profile.durationSeconds,
      roles: profile.roleNrnList,
    });
    expect(outputs.published_products).toBe(data.products.filter((p) => p.isPublished).length);
    expect(outputs.ci_sub_accounts).toEqual(["ci-0", "ci-1", "ci-2", "ci-3"]);
    expect(written).not.toContain(emu.secretKey);
  });

  it("two provider blocks, two accounts: each reads its own; no secret in the plan; a misspelt name fails with a suggestion", async () => {
    const dir = path.join(work, "accounts");
    mkdirSync(dir);
    const config = (name: string): string => `
terraform {
  required_providers {
    ncloudlookups = { source = "ncloud-lookups/ncloudlookups", version = "${build.version}" }
  }
}
provider "ncloudlookups" {}
provider "ncloudlookups" {
  alias   = "second"
  profile = "second"
}
data "ncloudlookups_policies" "main" {}
data "ncloudlookups_policy" "second" {
  provider = ncloudlookups.second
  name     = "${name}"
}
output "main_count" { value = length(data.ncloudlookups_policies.main.items) }
output "main_has_it" { value = contains(keys(data.ncloudlookups_policies.main.ids), "second-account-only") }
output "second_id" { value = data.ncloudlookups_policy.second.policy_id }
`;
    writeFileSync(path.join(dir, "main.tf"), config("second-account-only"));
    const { outputs, written } = await plan(dir);
    expect(outputs).toEqual({
      main_count: data.policies.length,
      main_has_it: false,
      second_id: second.policies[0]!.policyId,
    });
    expect(written).not.toContain(SECOND.secretKey);
    expect(written).not.toContain(emu.secretKey);
    for (const f of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      const full = path.join(f.parentPath, f.name);
      if (f.isFile() && !full.includes(`${path.sep}providers${path.sep}`)) {
        expect(readFileSync(full, "latin1")).not.toContain(SECOND.secretKey);
      }
    }
    writeFileSync(path.join(dir, "main.tf"), config("second-acount-only"));
    const r = await run(dir, ["plan", "-input=false", "-no-color"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.replace(/\s+/g, " ")).toContain('Did you mean "second-account-only"?');
  });
});
