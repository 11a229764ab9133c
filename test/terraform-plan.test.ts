/**
 * Real `terraform plan`s with real providers (issue 12): hashicorp/null and hashicorp/external built
 * from Go into a filesystem mirror. The plain HCL configuration examples/hcl-external looks a policy up
 * at plan time through `ncloud-lookups external`, online against the emulator and then frozen from its
 * lock file with nothing else; the example app's identity stack (null_resource triggers holding policy
 * ids looked up by name) plans with the null provider.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { defaultDataSet, startEmulatorProcess, type EmulatorProcess } from "../lib/testing";
import { SUB_ACCOUNTS } from "../examples/plan-time/sub-accounts";
import { buildProviderMirror, goMissing, type ProviderMirror } from "./helpers/providers";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const buildNative = require("../provider/scripts/build.js") as {
  build(o?: { quiet?: boolean }): string;
  installMirror(dir: string): string;
};

const ROOT = path.resolve(__dirname, "..");
const CLI = path.join(ROOT, "dist", "cli", "main.js");
const CDKTF_CLI = require.resolve("cdktf-cli/bundle/bin/cdktf", { paths: [ROOT] });
const skipReason =
  spawnSync("terraform", ["version"], { stdio: "ignore" }).error !== undefined
    ? "`terraform` is not on PATH"
    : goMissing();
const describeWithTools = skipReason !== undefined ? describe.skip : describe;

function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

describeWithTools(
  `terraform plan with real providers${skipReason !== undefined ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    const data = defaultDataSet();
    const viewer = data.policies.find((p) => p.policyName === "NCP_NCLOUD_STORAGE_VIEWER")!;
    let work: string;
    let mirror: ProviderMirror;
    let emulator: EmulatorProcess;
    let base: NodeJS.ProcessEnv;

    beforeAll(async () => {
      work = mkdtempSync(path.join(tmpdir(), "ncloud-lookups-tfplan-"));
      mirror = await buildProviderMirror(work, ROOT);
      base = Object.fromEntries(
        Object.entries(process.env).filter(
          ([k]) => !k.startsWith("NCLOUD_") && !k.startsWith("TF_") && k !== "CI",
        ),
      );
      Object.assign(base, {
        NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9", // never NCP's metadata address
        CHECKPOINT_DISABLE: "1",
        TF_IN_AUTOMATION: "1",
        TF_CLI_CONFIG_FILE: mirror.cliConfig,
        HOME: work,
        DISABLE_VERSION_CHECK: "true",
        CDKTF_HOME: path.join(work, "cdktf-home"),
        FORCE_COLOR: "0",
      });
      emulator = await startEmulatorProcess();
    }, 900_000);

    afterAll(async () => {
      await emulator?.stop();
      if (work !== undefined) rmSync(work, { recursive: true, force: true });
    });

    const terraform = (cwd: string, env: NodeJS.ProcessEnv, ...args: string[]) =>
      run("terraform", [...args, "-no-color"], cwd, env);

    it("examples/hcl-external plans a policy looked up by name, online and then frozen from its lock file", async () => {
      const dir = path.join(work, "hcl-external");
      cpSync(path.join(ROOT, "examples/hcl-external"), dir, { recursive: true });
      const program = `-var=lookups_program=${JSON.stringify([process.execPath, CLI, "external"])}`;
      const init = await terraform(dir, base, "init", "-input=false");
      expect(init.output).toContain("Terraform has been successfully initialized");

      const online = await terraform(
        dir,
        {
          ...base,
          NCLOUD_LOOKUPS_ENDPOINT: emulator.url,
          NCLOUD_ACCESS_KEY: emulator.accessKey,
          NCLOUD_SECRET_KEY: emulator.secretKey,
          NCLOUD_LOOKUPS_MODE: "online",
        },
        "plan",
        "-input=false",
        program,
      );
      if (online.code !== 0) throw new Error(online.output);
      expect(online.output).toContain(`"policy_id"  = "${viewer.policyId}"`);
      expect(online.output).toContain(`storage_viewer_policy_id = "${viewer.policyId}"`);
      expect(existsSync(path.join(dir, "ncloud.lookups.json"))).toBe(true);

      // Frozen (CI=true): no keys, a dead loopback endpoint (the entries are test data); the lock file answers.
      const offline = { ...base, CI: "true", NCLOUD_LOOKUPS_ENDPOINT: "http://127.0.0.1:9" };
      const frozen = await terraform(dir, offline, "plan", "-input=false", program);
      if (frozen.code !== 0) throw new Error(frozen.output);
      expect(frozen.output).toContain(`"policy_id"  = "${viewer.policyId}"`);

      // A misspelt name fails the plan, and Terraform shows the suggestion.
      writeFileSync(
        path.join(dir, "typo.tf"),
        'data "external" "typo" {\n  program = var.lookups_program\n  query = { list = "policies", type = "SYSTEM_MANAGED", name = "NCP_NCLOUD_STORAGE_VIEWR" }\n}\n',
      );
      const bad = await terraform(dir, offline, "plan", "-input=false", program);
      expect(bad.code).not.toBe(0);
      expect(bad.output.replace(/\s+/g, " ")).toContain('Did you mean "NCP_NCLOUD_STORAGE_VIEWER"');
    }, 300_000);

    it("the example app's identity stack plans its null_resource triggers with the looked-up policy ids", async () => {
      const out = path.join(work, "out");
      const lockFile = path.join(work, "app.lookups.json");
      const synth = await run(process.execPath, [CDKTF_CLI, "synth", "--output", out], ROOT, {
        ...base,
        NCLOUD_LOOKUPS_ENDPOINT: emulator.url,
        NCLOUD_ACCESS_KEY: emulator.accessKey,
        NCLOUD_SECRET_KEY: emulator.secretKey,
        NCLOUD_LOOKUPS_MODE: "online",
        NCLOUD_LOOKUPS_LOCK_FILE: lockFile,
      });
      if (synth.code !== 0) throw new Error(synth.output);
      const stack = path.join(out, "stacks", "identity");
      const init = await terraform(stack, base, "init", "-input=false");
      if (init.code !== 0) throw new Error(init.output);
      const plan = await terraform(stack, base, "plan", "-input=false");
      if (plan.code !== 0) throw new Error(plan.output);
      expect(plan.output).toContain("null_resource.storage-viewer-grant will be created");
      expect(plan.output).toContain(`"policy_id"  = "${viewer.policyId}"`);
      expect(JSON.parse(readFileSync(lockFile, "utf8"))).toHaveProperty("entries");
    }, 300_000);

    it("plan-time lookups through the native provider: offline byte-identical synth, no Node.js on the plan's PATH, typed values, outputs equal to a synth-time lookup's, each plan reads its own account, a typo fails the plan", async () => {
      // Two accounts whose deploy-bot policies have different ids.
      const policy = (id: string) => ({
        policyId: id,
        policyName: "deploy-bot",
        policyType: "USER_CREATED" as const,
        policyDesc: "deploys",
        nrn: `nrn:PUB:IAM::1:Policy/${id}`,
      });
      const profile = data.profiles.find((p) => p.name === "profile003")!;
      const B = { accessKey: "NCPSECONDACCOUNTKEY1", secretKey: "second-account-secret-0123456789" };
      const subAccounts = [
        { subAccountNo: "9001", loginId: "ci-deployer", active: true, loginCount: 3 },
        { subAccountNo: "9002", loginId: "ci-other", active: false, loginCount: 0 },
        { subAccountNo: "9003", loginId: "human", active: true, loginCount: 9 },
      ];
      const accounts = await startEmulatorProcess({
        data: {
          policies: [
            policy("pol-account-a"),
            { ...policy("x"), policyId: "pol-other", policyName: "deploy-bots" },
          ],
          profiles: [profile],
          "sub-accounts": subAccounts,
        } as never,
        lists: [SUB_ACCOUNTS],
        accounts: [
          {
            ...B,
            data: {
              policies: [policy("pol-account-b")],
              profiles: [profile],
              "sub-accounts": subAccounts,
            } as never,
          },
        ],
      });
      try {
        buildNative.build({ quiet: true });
        buildNative.installMirror(mirror.dir);
        // The plan's PATH holds terraform only: no node, no npm, no ncloud-lookups.
        const bin = path.join(work, "plan-bin");
        mkdirSync(bin, { recursive: true });
        const tfPath = spawnSync("sh", ["-c", "command -v terraform"], { encoding: "utf8" }).stdout.trim();
        if (!existsSync(path.join(bin, "terraform"))) symlinkSync(tfPath, path.join(bin, "terraform"));

        const app = (outdir: string, policyName: string, withSynthTime: boolean): string =>
          `const { App } = require("cdktf"); const { PlanTimeStack } = require(${JSON.stringify(path.join(ROOT, "examples/plan-time/stack"))});` +
          `const { SubAccountPolicies } = require("cdktf-ncloud-lookups");` +
          `const app = new App({ outdir: ${JSON.stringify(outdir)} }); const s = new PlanTimeStack(app, "plan-time", { policyName: ${JSON.stringify(policyName)} });` +
          (withSynthTime
            ? `new SubAccountPolicies(s, "synth_policies", { lockFile: ${JSON.stringify(path.join(work, "synth-lock", "ncloud.lookups.json"))} }).byName(${JSON.stringify(policyName)});`
            : "") +
          "app.synth();";
        const synth = async (
          outdir: string,
          env: NodeJS.ProcessEnv,
          policyName = "deploy-bot",
          withSynthTime = false,
        ) => {
          const r = await run(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", "-e", app(outdir, policyName, withSynthTime)],
            ROOT,
            env,
          );
          if (r.code !== 0) throw new Error(r.output);
          return readFileSync(path.join(outdir, "stacks", "plan-time", "cdk.tf.json"), "utf8");
        };
        // Synth of the plan-time stack: no keys, no configure file, a dead endpoint, CI=true (frozen), no lock file.
        const offline = { ...base, CI: "true", NCLOUD_LOOKUPS_ENDPOINT: "http://127.0.0.1:9" };
        const first = await synth(path.join(work, "plan-out"), offline);
        expect(await synth(path.join(work, "plan-out-again"), offline)).toBe(first);
        expect(first).not.toContain("pol-account");
        expect(first).not.toContain('"external"');
        expect(JSON.parse(first).terraform.required_providers.ncloudlookups.source).toBe(
          "ncloud-lookups/ncloudlookups",
        );
        expect(existsSync(path.join(ROOT, "ncloud.lookups.json"))).toBe(false);

        // The same app with a synth-time lookup of the same policies beside (online at synth).
        mkdirSync(path.join(work, "synth-lock"), { recursive: true });
        await synth(
          path.join(work, "both-out"),
          {
            ...base,
            NCLOUD_LOOKUPS_ENDPOINT: accounts.url,
            NCLOUD_ACCESS_KEY: accounts.accessKey,
            NCLOUD_SECRET_KEY: accounts.secretKey,
          },
          "deploy-bot",
          true,
        );
        const stack = path.join(work, "both-out", "stacks", "plan-time");
        const tfEnv = { ...base, PATH: bin, NCLOUD_LOOKUPS_ENDPOINT: accounts.url };
        const init = await terraform(stack, tfEnv, "init", "-input=false");
        if (init.code !== 0) throw new Error(init.output);

        const planned = async (keys: { accessKey: string; secretKey: string }) => {
          const env = { ...tfEnv, NCLOUD_ACCESS_KEY: keys.accessKey, NCLOUD_SECRET_KEY: keys.secretKey };
          const plan = await run(
            "terraform",
            ["plan", "-input=false", "-no-color", "-out", "tfplan"],
            stack,
            env,
          );
          if (plan.code !== 0) throw new Error(plan.output);
          const shown = await run("terraform", ["show", "-json", "tfplan"], stack, env);
          const j = JSON.parse(shown.output) as {
            planned_values: {
              outputs: Record<string, { value: unknown }>;
              root_module: {
                resources: Array<{ type: string; values: { triggers: Record<string, string> } }>;
              };
            };
          };
          const grant = j.planned_values.root_module.resources.find((r) => r.type === "null_resource")!;
          return {
            outputs: j.planned_values.outputs,
            triggers: grant.values.triggers,
            text: plan.output + shown.output,
          };
        };
        const a = await planned(accounts);
        expect(a.triggers).toEqual({
          policy_id: "pol-account-a",
          policy_nrn: "nrn:PUB:IAM::1:Policy/pol-account-a",
          profile: JSON.stringify([profile.enabled, profile.durationSeconds]),
          sub_account: "9001",
        });
        // The plan-time output plans to exactly the synth-time lookup's output.
        expect(a.outputs.policies?.value).toEqual({
          "deploy-bot": { id: "pol-account-a", nrn: "nrn:PUB:IAM::1:Policy/pol-account-a" },
        });
        expect(a.outputs.policies?.value).toEqual(a.outputs.synth_policies?.value);
        expect(a.text).not.toContain(accounts.secretKey);

        // The same cdk.tf.json, planned with the second account's keys (and CI=true: frozen is for synth).
        const b = await planned(B);
        expect(b.triggers.policy_id).toBe("pol-account-b");
        expect(b.outputs.policies?.value).toEqual({
          "deploy-bot": { id: "pol-account-b", nrn: "nrn:PUB:IAM::1:Policy/pol-account-b" },
        });
        expect(b.text).not.toContain(B.secretKey);
        expect(existsSync(path.join(stack, "ncloud.lookups.json"))).toBe(false);

        // A misspelt name fails the plan with the synth-time suggestion.
        await synth(path.join(work, "plan-typo"), offline, "deploy-bto");
        const typoStack = path.join(work, "plan-typo", "stacks", "plan-time");
        if ((await terraform(typoStack, tfEnv, "init", "-input=false")).code !== 0)
          throw new Error("init failed");
        const typo = await terraform(
          typoStack,
          { ...tfEnv, NCLOUD_ACCESS_KEY: accounts.accessKey, NCLOUD_SECRET_KEY: accounts.secretKey },
          "plan",
          "-input=false",
        );
        expect(typo.code).not.toBe(0);
        expect(typo.output.replace(/\s+/g, " ")).toContain('Did you mean "deploy-bot"');

        // Bad credentials: a clear error naming the status, no secret.
        const denied = await terraform(
          stack,
          {
            ...tfEnv,
            NCLOUD_ACCESS_KEY: "NCPUNKNOWNACCESSKEY1",
            NCLOUD_SECRET_KEY: "wrong-secret-0123456789",
          },
          "plan",
          "-input=false",
        );
        expect(denied.code).not.toBe(0);
        const deniedText = denied.output.replace(/\s+/g, " ");
        expect(deniedText).toMatch(/HTTP 401/);
        expect(deniedText).not.toContain("wrong-secret-0123456789");
      } finally {
        await accounts.stop();
      }
    }, 600_000);
  },
);
