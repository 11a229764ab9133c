// End to end: the example app (examples/main.ts) synthesized by the real cdktf CLI against the NCP
// emulator, the catalog stack applied with Terraform, and the plain HCL stack in
// examples/hcl-consumer planned against the catalog's state. Then offline synths in frozen mode.
//
// The app runs the compiled library (`cdktf-ncloud-lookups` resolves to dist/): `npm run build` first.
// Terraform runs offline: the catalog stack and the HCL consumer use built-ins only.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { defaultDataSet, startEmulatorProcess, type EmulatorProcess } from "cdktf-ncloud-lookups/testing";

const ROOT = path.resolve(__dirname, "..");
const CDKTF_CLI = require.resolve("cdktf-cli/bundle/bin/cdktf", { paths: [ROOT] });

const terraformMissing = spawnSync("terraform", ["version"], { stdio: "ignore" }).error !== undefined;
/** Steps that need terraform: skipped, saying so in their title, where it is not on PATH. */
const itWithTerraform = (title: string, fn: jest.ProvidesCallback, timeout?: number): void =>
  terraformMissing
    ? it.skip(`${title} (skipped: terraform is not on PATH)`, fn, timeout)
    : it(title, fn, timeout);

interface RunResult {
  code: number | null;
  output: string;
}

/** Runs a command asynchronously in its own process group; kills the whole group after `timeoutMs`. */
function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid ?? 0), "SIGKILL");
      } catch {
        // gone already
      }
      reject(new Error(`${cmd} ${args.join(" ")} timed out after ${opts.timeoutMs} ms:\n${output}`));
    }, opts.timeoutMs);
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output: output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "") }); // eslint-disable-line no-control-regex
    });
  });
}

function expectSuccess(what: string, r: RunResult): void {
  if (r.code !== 0) throw new Error(`${what} exited with ${String(r.code)}:\n${r.output}`);
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;

interface StackJson {
  output: Record<string, { value: unknown }>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
}

describe("example app end to end (cdktf synth, terraform apply, HCL consumer)", () => {
  const data = defaultDataSet();
  const viewer = data.policies.find((p) => p.policyName === "NCP_NCLOUD_STORAGE_VIEWER")!;
  const teamReadOnly = data.policies.find((p) => p.policyName === "개발팀-읽기전용")!;
  const productApi = data.products.find((p) => p.productName === "상품 API")!;
  const ciProfile = data.profiles.find((p) => p.name === "dev-github-actions")!;

  let work: string;
  let lockFile: string;
  let emulator: EmulatorProcess;
  let baseEnv: NodeJS.ProcessEnv;

  /** Environment of the child processes: only what the test sets, nothing of NCP or Terraform inherited. */
  const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({ ...baseEnv, ...extra });
  const synth = (outdir: string, extra: Record<string, string>): Promise<RunResult> =>
    run(process.execPath, [CDKTF_CLI, "synth", "--output", outdir], {
      cwd: ROOT,
      env: env(extra),
      timeoutMs: 90_000,
    });
  const lookupEnv = (mode: string): Record<string, string> => ({
    NCLOUD_LOOKUPS_ENDPOINT: emulator.url, // part of every lookup key: the frozen synths use the same one
    NCLOUD_ACCESS_KEY: emulator.accessKey,
    NCLOUD_SECRET_KEY: emulator.secretKey,
    NCLOUD_LOOKUPS_MODE: mode,
    NCLOUD_LOOKUPS_LOCK_FILE: lockFile,
  });
  const terraform = (cwd: string, ...args: string[]): Promise<RunResult> =>
    run("terraform", [...args, "-no-color"], { cwd, env: env({}), timeoutMs: 60_000 });

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "ncloud-lookups-e2e-"));
    lockFile = path.join(work, "ncloud.lookups.json");
    const cliConfig = path.join(work, "terraformrc");
    writeFileSync(cliConfig, ""); // no provider mirrors or credentials from the machine
    baseEnv = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith("NCLOUD_") && !k.startsWith("TF_")),
    );
    Object.assign(baseEnv, {
      NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9", // never NCP's metadata address
      CHECKPOINT_DISABLE: "1",
      DISABLE_VERSION_CHECK: "true",
      CDKTF_DISABLE_PLUGIN_CACHE_ENV: "true",
      CDKTF_HOME: path.join(work, "cdktf-home"),
      TF_IN_AUTOMATION: "1",
      TF_CLI_CONFIG_FILE: cliConfig,
      FORCE_COLOR: "0",
    });
    emulator = await startEmulatorProcess();
  }, 30_000);

  afterAll(async () => {
    await emulator?.stop();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it("cdktf synth online writes the emulator's ids into both stacks and a lock file", async () => {
    expectSuccess("cdktf synth", await synth(path.join(work, "out"), lookupEnv("online")));

    const identity = readJson<StackJson>(path.join(work, "out/stacks/identity/cdk.tf.json"));
    expect(identity.resource.null_resource?.["storage-viewer-grant"]?.triggers).toEqual({
      policy_id: viewer.policyId,
      policy_nrn: viewer.nrn,
    });
    expect(identity.resource.null_resource?.["team-read-only-grant"]?.triggers).toMatchObject({
      policy_id: teamReadOnly.policyId,
    });
    expect(identity.output.storage_viewer_policy_id?.value).toBe(viewer.policyId);

    const catalog = readJson<StackJson>(path.join(work, "out/stacks/catalog/cdk.tf.json"));
    expect(catalog.resource.terraform_data?.["api-access"]?.input).toEqual({
      storage_viewer_policy_id: viewer.policyId,
      product_id: productApi.productId,
      ci_profile_nrn: ciProfile.profileNrn,
      image_package: "image-resize",
    });
    const storage = data.policies.filter(
      (p) => p.policyType === "SYSTEM_MANAGED" && p.policyName.includes("NCLOUD_STORAGE"),
    );
    expect(catalog.output.storage_policies?.value).toEqual(
      Object.fromEntries(storage.map((p) => [p.policyName, { id: p.policyId, nrn: p.nrn }])),
    );
    expect(Object.keys(catalog.output.protected_products?.value as object).sort()).toEqual(
      data.products
        .filter((p) => p.isPublished && p.subscriptionCode === "PROTECTED")
        .map((p) => p.productName)
        .sort(),
    );

    const lock = readJson<{ entries: Record<string, { itemCount: number }> }>(lockFile);
    const counts = Object.fromEntries(
      Object.entries(lock.entries).map(([k, e]) => [k.replace(`+${emulator.url}`, ""), e.itemCount]),
    );
    expect(counts).toEqual({
      "local:packages@public?platform=vpc": data.packages.vpc.length,
      "local:policies@public?type=SYSTEM_MANAGED": data.policies.filter(
        (p) => p.policyType === "SYSTEM_MANAGED",
      ).length,
      "local:policies@public?searchWord=%EA%B0%9C%EB%B0%9C%ED%8C%80&type=USER_CREATED": 5,
      "local:policies@public?searchWord=NCLOUD_STORAGE&type=SYSTEM_MANAGED": storage.length,
      "local:products@public?isPublished=true&subscriptionCode=PROTECTED": Object.keys(
        catalog.output.protected_products?.value as object,
      ).length,
      "local:profiles@public": data.profiles.length,
    });
    const requests = await emulator.control.requests();
    expect(requests.length).toBeGreaterThanOrEqual(6);
  }, 120_000);

  itWithTerraform(
    "terraform apply of the catalog stack, then the HCL consumer plans with its outputs",
    async () => {
      const stackDir = path.join(work, "out/stacks/catalog");
      expectSuccess("terraform init (catalog)", await terraform(stackDir, "init", "-input=false"));
      expectSuccess(
        "terraform apply (catalog)",
        await terraform(stackDir, "apply", "-input=false", "-auto-approve"),
      );
      const state = path.join(stackDir, "terraform.catalog.tfstate");
      expect(existsSync(state)).toBe(true);

      const out = await terraform(stackDir, "output", "-json");
      expectSuccess("terraform output", out);
      const outputs = JSON.parse(out.output) as Record<string, { value: unknown }>;
      expect(outputs.storage_viewer_policy_id?.value).toBe(viewer.policyId);
      expect(outputs.product_api_id?.value).toBe(productApi.productId);

      const consumer = path.join(work, "hcl-consumer");
      cpSync(path.join(ROOT, "examples/hcl-consumer"), consumer, {
        recursive: true,
        filter: (src) => !/[/\\](\.terraform|terraform\.tfstate)/.test(src),
      });
      expectSuccess("terraform init (hcl-consumer)", await terraform(consumer, "init", "-input=false"));
      const plan = await terraform(consumer, "plan", "-input=false", `-var=catalog_state=${state}`);
      expectSuccess("terraform plan (hcl-consumer)", plan);
      expect(plan.output).toContain(`storage_viewer_policy_id  = "${viewer.policyId}"`);
      expect(plan.output).toContain(`storage_viewer_policy_nrn = "${viewer.nrn}"`);
      expect(plan.output).toContain(`product_api_id            = "${productApi.productId}"`);
      expect(plan.output).toContain(`ci_profile_nrn            = "${ciProfile.profileNrn}"`);
      expect(plan.output).toContain(`vpc_package_count         = ${data.packages.vpc.length}`);
    },
    120_000,
  );

  it("cdktf synth frozen, with the emulator stopped, reproduces the synth from the lock file without touching it", async () => {
    await emulator.stop();
    const before = readFileSync(lockFile);
    expectSuccess("frozen cdktf synth", await synth(path.join(work, "frozen"), lookupEnv("frozen")));

    expect(readFileSync(lockFile).equals(before)).toBe(true);
    for (const stack of ["identity", "catalog"]) {
      expect(readJson(path.join(work, "frozen/stacks", stack, "cdk.tf.json"))).toEqual(
        readJson(path.join(work, "out/stacks", stack, "cdk.tf.json")),
      );
    }
  }, 120_000);

  it("cdktf synth frozen with an empty lock file fails, naming the missing lookup and the ncloud-lookups fix", async () => {
    const empty = path.join(work, "empty.lookups.json");
    const content = '{\n  "entries": {},\n  "formatVersion": 1\n}\n';
    writeFileSync(empty, content);

    const r = await synth(path.join(work, "frozen-empty"), {
      ...lookupEnv("frozen"),
      NCLOUD_LOOKUPS_LOCK_FILE: empty,
    });

    expect(r.code).not.toBe(0);
    expect(r.output).toContain("NCLOUD_LOOKUPS_MODE=frozen");
    expect(r.output).toContain(empty);
    expect(r.output).toMatch(/npx ncloud-lookups fill 'local:(packages|policies|products|profiles)@public/);
    expect(readFileSync(empty, "utf8")).toBe(content);
  }, 120_000);
});
