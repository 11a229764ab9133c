/**
 * The constructs from a Python CDKTF app (issue 13): the wheel that `npm run package:python` builds
 * with jsii-pacmak, installed with `cdktf` from Python's package registry into a fresh virtual
 * environment, and a real Python app run against the emulator. Skipped, with the reason printed, only
 * where Python or the registry is missing.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { defaultDataSet, startEmulatorProcess, type EmulatorProcess } from "../lib/testing";
import { REPO_ROOT } from "./helpers/lookup-harness";
import { packageVersion } from "../lib/cli/version";

const PYTHON = ["python3", "python"].find(
  (p) => spawnSync(p, ["--version"], { stdio: "ignore" }).status === 0,
);
const CDKTF_VERSION = (
  JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  }
).devDependencies.cdktf;
/** Why the Python test cannot run here (no python3, or Python's package registry unreachable), if so. */
const SKIP_REASON = ((): string | undefined => {
  if (PYTHON === undefined) return "no python3 on PATH";
  // Asked before the suite starts, so an unreachable registry is reported as a skip, not a pass.
  const probe = spawnSync(
    PYTHON,
    ["-m", "pip", "index", "versions", "cdktf", "--disable-pip-version-check"],
    {
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  if (probe.status === 0 && probe.stdout.includes(CDKTF_VERSION ?? "")) return undefined;
  const last = `${probe.stderr ?? ""}`.trim().split("\n").pop() ?? "";
  return `Python's package registry does not serve cdktf ${CDKTF_VERSION ?? ""} here${last !== "" ? ` (${last.slice(0, 200)})` : ""}`;
})();
const describePython = SKIP_REASON !== undefined ? describe.skip : describe;

function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.once("error", (e) => resolve({ code: -1, out, err: String(e) }));
    child.once("close", (code) => resolve({ code, out, err }));
  });
}

const APP = `
import json
from cdktf import App, TerraformStack, TerraformOutput
import jsii
from cdktf_ncloud_lookups import ExternalAccessProfiles, IItemPredicate, NcloudLookups, SelectionCount, SubAccountPolicies

@jsii.implements(IItemPredicate)
class Named:
    def __init__(self):
        self.kinds = set()
    def matches(self, item) -> bool:
        self.kinds.add(type(item).__name__)
        return item["policyName"] == "NCP_NCLOUD_STORAGE_VIEWER"

app = App(outdir="cdktf.out")
stack = TerraformStack(app, "py")
policies = SubAccountPolicies(stack, "policies", type="SYSTEM_MANAGED")
profiles = ExternalAccessProfiles(stack, "profiles")
viewer = policies.by_name("NCP_NCLOUD_STORAGE_VIEWER")
TerraformOutput(stack, "viewer_id", value=viewer.policy_id)
profile = profiles.by_name("dev-github-actions")
named = Named()
picked = policies.select_where(named, SelectionCount.ONE)
error = None
try:
    policies.by_name("NCP_NCLOUD_STORAGE_VIEWR")
except Exception as e:
    error = str(e)
app.synth()
print(json.dumps({
    "viewer_id": viewer.policy_id,
    "viewer_nrn": viewer.nrn,
    "profile_id": profile.profile_id,
    "profile_nrn": profile.profile_nrn,
    "item_count": len(policies.items),
    "names": len(policies.names),
    "error": error,
    "picked": len(picked),
    "predicate_gets": sorted(named.kinds),
}))
`;

describePython(`a Python CDKTF app${SKIP_REASON !== undefined ? ` (skipped: ${SKIP_REASON})` : ""}`, () => {
  const data = defaultDataSet();
  const viewer = data.policies.find((p) => p.policyName === "NCP_NCLOUD_STORAGE_VIEWER")!;
  const ci = data.profiles.find((p) => p.name === "dev-github-actions")!;
  let work: string;
  let venvPython: string;
  let emu: EmulatorProcess;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "ncloud-python-"));
    // package:python builds the .jsii first: it works right after npm ci.
    const pacmak = await run("npm", ["run", "package:python"], { cwd: REPO_ROOT });
    if (pacmak.code !== 0) throw new Error(`npm run package:python failed:\n${pacmak.out}${pacmak.err}`);
    const wheel = readdirSync(path.join(REPO_ROOT, "dist", "python")).find((f) => f.endsWith(".whl"));
    if (wheel === undefined) throw new Error("npm run package:python wrote no wheel into dist/python");
    const venv = path.join(work, "venv");
    const made = await run(PYTHON as string, ["-m", "venv", venv], { cwd: work });
    if (made.code !== 0) throw new Error(`python -m venv failed:\n${made.err}`);
    venvPython = path.join(venv, "bin", "python");
    const pip = await run(
      venvPython,
      [
        "-m",
        "pip",
        "install",
        "--quiet",
        path.join(REPO_ROOT, "dist", "python", wheel),
        `cdktf==${CDKTF_VERSION}`,
      ],
      { cwd: work },
    );
    if (pip.code !== 0) throw new Error(`pip install failed:\n${pip.err}`);
    emu = await startEmulatorProcess();
  }, 900_000);

  afterAll(async () => {
    await emu?.stop();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it("looks a policy and a profile up by name, gets 'Did you mean', writes the lock file in its directory and synthesizes the id", async () => {
    const app = path.join(work, "app");
    spawnSync("mkdir", ["-p", app]);
    writeFileSync(path.join(app, "main.py"), APP);
    const env = {
      PATH: process.env.PATH,
      NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
      HOME: work,
      JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: "20", // jsii compares it with the Node major version
      NCLOUD_LOOKUPS_ENDPOINT: emu.url,
      NCLOUD_ACCESS_KEY: emu.accessKey,
      NCLOUD_SECRET_KEY: emu.secretKey,
    };
    const r = await run(venvPython, ["main.py"], { cwd: app, env });
    if (r.code !== 0) throw new Error(`python main.py failed:\n${r.err}`);
    const out = JSON.parse(r.out.trim().split("\n").pop() ?? "{}") as Record<string, unknown>;
    expect(out).toMatchObject({
      viewer_id: viewer.policyId,
      viewer_nrn: viewer.nrn,
      profile_id: ci.profileId,
      profile_nrn: ci.profileNrn,
      item_count: data.policies.filter((p) => p.policyType === "SYSTEM_MANAGED").length,
      // select_where's predicate gets each item as a plain dict (README: Python)
      picked: 1,
      predicate_gets: ["dict"],
    });
    expect(out.error).toContain('Did you mean "NCP_NCLOUD_STORAGE_VIEWER"');

    const lock = JSON.parse(readFileSync(path.join(app, "ncloud.lookups.json"), "utf8")) as {
      entries: object;
    };
    expect(Object.keys(lock.entries).sort()).toEqual([
      "local:policies@public?type=SYSTEM_MANAGED",
      "local:profiles@public",
    ]);
    const stack = JSON.parse(
      readFileSync(path.join(app, "cdktf.out", "stacks", "py", "cdk.tf.json"), "utf8"),
    ) as {
      output: Record<string, { value: unknown }>;
    };
    expect(stack.output.viewer_id?.value).toBe(viewer.policyId);

    // Again frozen (CI=true) with no keys and the emulator gone (a dead loopback port: its entries
    // are test data, served only to runs aimed at a local server): the lock file answers.
    const frozen = await run(venvPython, ["main.py"], {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
        HOME: work,
        CI: "true",
        NCLOUD_LOOKUPS_ENDPOINT: "http://127.0.0.1:9",
        JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: "20", // jsii compares it with the Node major version
      },
    });
    if (frozen.code !== 0) throw new Error(`frozen python main.py failed:\n${frozen.err}`);
    expect(JSON.parse(frozen.out.trim().split("\n").pop() ?? "{}")).toEqual(out);
  }, 300_000);

  it("the wheel's ncloud-lookups console script runs the CLI (fill, check and external need it)", async () => {
    const bin = path.join(path.dirname(venvPython), "ncloud-lookups");
    const env = {
      PATH: `${path.dirname(venvPython)}${path.delimiter}${process.env.PATH ?? ""}`,
      HOME: work,
      NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
      JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: "20",
    };
    const version = await run(bin, ["--version"], { cwd: work, env });
    expect(version.err).not.toContain("PermissionError");
    expect(version.code).toBe(0);
    expect(version.out.trim()).toContain(packageVersion());
  }, 120_000);
});
