/**
 * The package as users get it: `npm pack`, installed into fresh apps outside the repo, one on
 * `cdktf` and one on `cdktn` (CDK Terrain), each synthesizing a stack with every construct against the
 * emulator, and the installed `ncloud-lookups` CLI.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { NcloudEmulator } from "../lib/testing";

const run = promisify(execFile);
const repo = resolve(__dirname, "..");
const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as {
  version: string;
  devDependencies: Record<string, string>;
};

interface Packed {
  dir: string;
  tarball: string;
  files: string[];
}

let packed: Packed;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "ncloud-pack-"));
  const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], {
    cwd: repo,
    maxBuffer: 16 * 1024 * 1024,
  });
  const info = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const first = info[0];
  if (first === undefined) throw new Error("npm pack printed nothing");
  packed = { dir, tarball: join(dir, first.filename), files: first.files.map((f) => f.path) };
}, 120_000);

afterAll(() => {
  if (packed !== undefined) rmSync(packed.dir, { recursive: true, force: true });
});

describe("npm pack", () => {
  it("holds compiled JS, declarations, the CLI, the README and nothing else", () => {
    const files = packed.files;
    expect(files).toContain("dist/index.js");
    expect(files).toContain("dist/index.d.ts");
    expect(files).toContain("dist/cli/main.js");
    // The lean CLI entry paths and the saved help text (issue 20).
    expect(files).toEqual(
      expect.arrayContaining(["dist/cli/external-lean.js", "dist/cli/program-lean.js", "dist/cli/help.txt"]),
    );
    expect(files).toContain("dist/lookups/worker.js");
    expect(files).toContain("dist/testing/index.js");
    // The runtime dependencies are bundled (jsii packages carry theirs: the Python wheel embeds this tarball).
    const bundled = Object.keys((pkg as unknown as { dependencies: Record<string, string> }).dependencies);
    const stray = files.filter(
      (f) =>
        !(
          f === "package.json" ||
          f === "README.md" ||
          f === "LICENSE" ||
          f === "CHANGELOG.md" ||
          f === ".jsii" ||
          f === "dist/cli/help.txt" ||
          /^dist\/.+\.(js|d\.ts)$/.test(f) ||
          bundled.some((d) => f.startsWith(`node_modules/${d}/`))
        ),
    );
    expect(stray).toEqual([]);
    expect(
      files.filter(
        (f) =>
          !f.startsWith("node_modules/") && /(^|\/)test\/|\.test\.|\.ts$/.test(f) && !f.endsWith(".d.ts"),
      ),
    ).toEqual([]);
    expect(files).toContain(".jsii");
    const main = readFileSync(join(repo, "dist/cli/main.js"), "utf8");
    expect(main.startsWith("#!/usr/bin/env node")).toBe(true);
  });
});

const APP = `
const { App, TerraformStack } = require(process.env.TF_LIB);
const L = require("cdktf-ncloud-lookups");
const { startEmulatorProcess } = require("cdktf-ncloud-lookups/testing");
(async () => {
  const emu = await startEmulatorProcess();
  try {
    Object.assign(process.env, {
      NCLOUD_LOOKUPS_ENDPOINT: emu.url, NCLOUD_ACCESS_KEY: emu.accessKey, NCLOUD_SECRET_KEY: emu.secretKey,
      NCLOUD_LOOKUPS_MODE: "online",
    });
    const app = new App({ outdir: "out" });
    const stack = new TerraformStack(app, "lookups");
    const policies = new L.SubAccountPolicies(stack, "policies", { type: "SYSTEM_MANAGED", pin: true });
    const products = new L.ApiGatewayProducts(stack, "products", {});
    const profiles = new L.ExternalAccessProfiles(stack, "profiles", {});
    const packages = new L.CloudFunctionsPackages(stack, "packages", { platform: "vpc" });
    const korean = products.names.find((n) => /[\\uAC00-\\uD7A3]/.test(n));
    const result = {
      viewer: policies.idOf("NCP_NCLOUD_STORAGE_VIEWER"),
      korean, koreanId: products.idOf(korean),
      profile: profiles.byName("profile000").profileId,
      packages: packages.items.length,
      isLookup: L.SubAccountPolicies.isNcloudListLookup(policies),
    };
    app.synth();
    console.log(JSON.stringify(result));
  } finally {
    await emu.stop();
  }
})().catch((e) => { console.error(String(e && e.message || e)); process.exit(1); });
`;

describe.each([
  ["cdktf", `cdktf@${pkg.devDependencies.cdktf}`],
  ["cdktn", `cdktn@${pkg.devDependencies.cdktn}`],
])("installed into a fresh app on %s", (lib, spec) => {
  let app: string;

  beforeAll(async () => {
    app = mkdtempSync(join(tmpdir(), `ncloud-app-${lib}-`));
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: `app-${lib}`, private: true }));
    await run(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        packed.tarball,
        spec,
        `constructs@${pkg.devDependencies.constructs}`,
      ],
      { cwd: app, maxBuffer: 16 * 1024 * 1024 },
    );
    writeFileSync(join(app, "app.js"), APP);
  }, 240_000);

  afterAll(() => {
    if (app !== undefined) rmSync(app, { recursive: true, force: true });
  });

  it("has no install-time script (npm lists preinstall, install, postinstall and prepare of a dependency)", () => {
    const installed = JSON.parse(
      readFileSync(join(app, "node_modules", "cdktf-ncloud-lookups", "package.json"), "utf8"),
    ) as { scripts?: Record<string, string>; gypfile?: boolean };
    const atInstall = ["preinstall", "install", "postinstall", "preprepare", "prepare", "postprepare"];
    expect(Object.keys(installed.scripts ?? {}).filter((s) => atInstall.includes(s))).toEqual([]);
    expect(installed.gypfile).toBeUndefined();
  });

  it("does not install the other construct library", () => {
    const other = lib === "cdktf" ? "cdktn" : "cdktf";
    expect(() => require.resolve(other, { paths: [app] })).toThrow();
  });

  it("synthesizes a stack with every construct against the emulator", async () => {
    const { stdout } = await run(process.execPath, ["app.js"], {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
        HOME: app,
        TF_LIB: lib,
      },
      timeout: 90_000,
    });
    const result = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as Record<string, unknown>;
    expect(result.viewer).toBe("7a0760f0-5bb7-11ec-bfb8-246e966ebec4");
    expect(typeof result.korean).toBe("string");
    expect(typeof result.koreanId).toBe("string");
    expect(typeof result.profile).toBe("string");
    expect(result.packages).toBe(40);
    expect(result.isLookup).toBe(true);
    const synth = JSON.parse(readFileSync(join(app, "out/stacks/lookups/cdk.tf.json"), "utf8")) as {
      output: Record<string, { value: Record<string, { id: string }> }>;
      resource: Record<string, Record<string, { input: { digest: string } }>>;
    };
    expect(synth.output.policies?.value.NCP_NCLOUD_STORAGE_VIEWER?.id).toBe(result.viewer);
    expect(Object.keys(synth.output).sort()).toEqual(["packages", "policies", "products", "profiles"]);
    const pin = Object.values(synth.resource.terraform_data ?? {})[0];
    expect(pin?.input.digest).toMatch(/^[0-9a-f]{64}$/);
    const lock = readFileSync(join(app, "ncloud.lookups.json"), "utf8");
    expect(lock).toContain("NCP_NCLOUD_STORAGE_VIEWER");
  }, 120_000);

  it("runs the installed ncloud-lookups CLI", async () => {
    const bin = join(app, "node_modules/.bin/ncloud-lookups");
    const version = await run(bin, ["--version"], { cwd: app });
    expect(version.stdout.trim()).toBe(pkg.version);
    const emulator = await NcloudEmulator.start();
    try {
      const listed = await run(bin, ["list", "packages", "--output", "json"], {
        cwd: app,
        env: {
          PATH: process.env.PATH,
          NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
          HOME: app,
          NCLOUD_LOOKUPS_ENDPOINT: emulator.url,
          NCLOUD_ACCESS_KEY: emulator.accessKey,
          NCLOUD_SECRET_KEY: emulator.secretKey,
        },
      });
      const items = JSON.parse(listed.stdout) as Array<{ name: string }>;
      expect(items.map((i) => i.name)).toEqual(emulator.data().packages?.vpc?.map((p) => p.name));
    } finally {
      await emulator.stop();
    }
  }, 60_000);
});

describe("installed as cdktf users install it", () => {
  it("one `npm install <tarball> cdktf constructs cdktf-cli` resolves (no ERESOLVE from an optional peer)", async () => {
    const app = mkdtempSync(join(tmpdir(), "ncloud-app-cli-"));
    try {
      writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app-cli", private: true }));
      await run(
        "npm",
        [
          "install",
          "--no-audit",
          "--no-fund",
          "--prefer-offline",
          packed.tarball,
          "cdktf",
          "constructs",
          "cdktf-cli",
        ],
        { cwd: app, maxBuffer: 16 * 1024 * 1024 },
      );
      const installed = JSON.parse(readFileSync(join(app, "package.json"), "utf8")) as {
        dependencies: Record<string, string>;
      };
      expect(Object.keys(installed.dependencies).sort()).toEqual([
        "cdktf",
        "cdktf-cli",
        "cdktf-ncloud-lookups",
        "constructs",
      ]);
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  }, 300_000);
});
