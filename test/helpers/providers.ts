/**
 * Terraform providers for the end-to-end plans, built from Go sources into a filesystem mirror that a
 * Terraform CLI config file points at (Terraform cannot download providers here). The official
 * hashicorp/null and hashicorp/external Go modules are tried first; where the Go module proxy does not
 * serve them, the providers under test/providers (the same resource and data source, built from the
 * Terraform Plugin Framework, which it serves) are built instead.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/** Why providers cannot be built here, or undefined when Go is on PATH. */
export function goMissing(): string | undefined {
  return spawnSync("go", ["version"], { stdio: "ignore" }).error !== undefined
    ? "Go is not on PATH, so the null and external providers cannot be built"
    : undefined;
}

const PROVIDERS = [
  { type: "null", version: "3.2.4", module: "github.com/terraform-providers/terraform-provider-null" },
  {
    type: "external",
    version: "2.3.5",
    module: "github.com/terraform-providers/terraform-provider-external",
  },
] as const;

function go(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn("go", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.once("error", (err) => resolve({ code: -1, out: String(err) }));
    child.once("close", (code) => resolve({ code, out }));
  });
}

/** What {@link buildProviderMirror} made. */
export interface ProviderMirror {
  /** The filesystem mirror directory. */
  readonly dir: string;
  /** A Terraform CLI config file that installs hashicorp/* from the mirror only. */
  readonly cliConfig: string;
  /** Per provider, where it was built from. */
  readonly builtFrom: Record<string, string>;
}

/** Builds hashicorp/null and hashicorp/external into `<work>/mirror`. @throws Error with the build output. */
export async function buildProviderMirror(work: string, repoRoot: string): Promise<ProviderMirror> {
  const dir = path.join(work, "mirror");
  const env = { ...process.env, GOFLAGS: "-buildvcs=false" };
  const builtFrom: Record<string, string> = {};
  for (const p of PROVIDERS) {
    const target = path.join(dir, "registry.terraform.io", "hashicorp", p.type, p.version, "linux_amd64");
    mkdirSync(target, { recursive: true });
    const binary = path.join(target, `terraform-provider-${p.type}_v${p.version}`);
    const official = await go(["install", `${p.module}@v${p.version}`], repoRoot, { ...env, GOBIN: target });
    if (official.code === 0) {
      builtFrom[p.type] = `${p.module}@v${p.version}`;
      // go install names the binary after the module's last path element
      spawnSync("mv", [path.join(target, path.basename(p.module)), binary]);
      continue;
    }
    const local = await go(
      ["build", "-o", binary, `./cmd/terraform-provider-${p.type}`],
      path.join(repoRoot, "test", "providers"),
      env,
    );
    if (local.code !== 0) throw new Error(`building the ${p.type} provider failed:\n${local.out}`);
    builtFrom[p.type] =
      `test/providers (official module: ${official.out.trim().split("\n").pop() ?? "not served"})`;
  }
  const cliConfig = path.join(work, "terraformrc");
  writeFileSync(
    cliConfig,
    `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(dir)}
    include = ["registry.terraform.io/hashicorp/*", "registry.terraform.io/ncloud-lookups/*"]
  }
}
`,
  );
  return { dir, cliConfig, builtFrom };
}
