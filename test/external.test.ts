/**
 * `ncloud-lookups external` (issue 12), as Terraform's external data source runs it: a query object
 * on stdin, one flat string map on stdout, exit 1 and one line on stderr on any failure.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { defaultDataSet, startEmulatorProcess, type EmulatorProcess } from "../lib/testing";
import { distFile } from "./helpers/lookup-harness";

const CLI = distFile("cli", "main.js");
const data = defaultDataSet();
let emu: EmulatorProcess;
let dir: string;

beforeAll(async () => {
  emu = await startEmulatorProcess();
  dir = mkdtempSync(path.join(tmpdir(), "ncloud-external-"));
});
afterAll(async () => {
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

function external(
  query: unknown,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, "external"], {
      cwd: dir,
      env: { PATH: process.env.PATH, NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9", HOME: dir, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(typeof query === "string" ? query : JSON.stringify(query));
  });
}

const online = (): NodeJS.ProcessEnv => ({
  NCLOUD_LOOKUPS_ENDPOINT: emu.url,
  NCLOUD_ACCESS_KEY: emu.accessKey,
  NCLOUD_SECRET_KEY: emu.secretKey,
});

it("prints one item's fields as strings, with id and nrn", async () => {
  const viewer = data.policies.find((p) => p.policyName === "NCP_NCLOUD_STORAGE_VIEWER")!;
  const r = await external({ list: "policies", type: "SYSTEM_MANAGED", name: viewer.policyName }, online());
  expect(r.stderr).toBe("");
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  expect(out).toMatchObject({ id: viewer.policyId, nrn: viewer.nrn, policyName: viewer.policyName });
  expect(Object.values(out).every((v) => typeof v === "string")).toBe(true);
});

it("prints a whole list as name -> id, booleans given as strings", async () => {
  const r = await external({ list: "products", isPublished: "true" }, online());
  expect(r.stderr).toBe("");
  const published = data.products.filter((p) => p.isPublished);
  expect(JSON.parse(r.stdout)).toEqual(
    Object.fromEntries(published.map((p) => [p.productName, p.productId])),
  );
});

it("a misspelt name exits 1 with the near name, nothing on stdout", async () => {
  const r = await external({ list: "profiles", name: "dev-github-action" }, online());
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr).toContain('Did you mean "dev-github-actions"');
});

it("bad queries exit 1 naming the problem", async () => {
  for (const [query, what] of [
    ["not json", "not JSON"],
    [{ list: "widgets" }, "packages, policies, products, profiles"],
    [{ list: "policies", tpye: "X" }, "query.tpye is not a filter of policies"],
    [{ list: "products", isPublished: "yes" }, 'must be "true" or "false"'],
  ] as const) {
    const r = await external(query, online());
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: "" });
    expect(r.stderr).toContain(what);
  }
});

it("answers the same from the lock file in frozen mode with the server gone", async () => {
  const query = { list: "policies", type: "USER_CREATED" };
  const first = await external(query, online());
  expect(first.code).toBe(0);
  const url = emu.url;
  await emu.stop();
  // Recorded from the emulator: test data, served to runs aimed at a loopback server (now dead).
  const frozen = await external(query, { CI: "true", NCLOUD_LOOKUPS_ENDPOINT: url });
  expect(frozen.stderr).toBe("");
  expect(frozen.stdout).toBe(first.stdout);
  const missing = await external(
    { list: "packages", platform: "classic" },
    { CI: "true", NCLOUD_LOOKUPS_ENDPOINT: url },
  );
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain("npx ncloud-lookups fill 'local:packages@public?platform=classic'");
  // Aimed at NCP (no endpoint), the test entry is not used, and the error says why.
  const ncp = await external(query, { CI: "true" });
  expect(ncp.code).toBe(1);
  expect(ncp.stdout).toBe("");
  expect(ncp.stderr).toContain("came from a local test server");
});
