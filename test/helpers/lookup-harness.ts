/**
 * Shared helpers for the lock file, lookup store, bridge and construct tests: temp directories, an
 * isolated lookup environment, emulator connection settings and a few process probes (Linux /proc).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { LockEntry } from "../../lib/lookups/lockfile";

/** Repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Absolute path of a compiled file under `dist/` (run `npx tsc -p tsconfig.build.json` first). */
export function distFile(...rel: string[]): string {
  const file = path.join(REPO_ROOT, "dist", ...rel);
  if (!existsSync(file))
    throw new Error(`${file} does not exist: run \`npx tsc -p tsconfig.build.json\` first`);
  return file;
}

/** Temp directories made by one test file; `cleanup()` removes them all. */
export class TempDirs {
  readonly #dirs: string[] = [];

  /** A new empty directory under the OS temp dir. */
  make(prefix = "ncloud-lookups-test-"): string {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    this.#dirs.push(dir);
    return dir;
  }

  /** A path for a lock file in a new temp directory (the file itself is not created). */
  lockFile(name = "ncloud.lookups.json"): string {
    return path.join(this.make(), name);
  }

  cleanup(): void {
    for (const dir of this.#dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** Where the suite's Server Role lookups go: a dead loopback port, never NCP's metadata address. */
export const LOOPBACK_METADATA = "http://127.0.0.1:9";

const LOOKUP_ENV = (name: string): boolean =>
  name === "CI" ||
  (name.startsWith("NCLOUD_") &&
    name !== "NCLOUD_METADATA_API_ENDPOINT" &&
    name !== "NCLOUD_LOOKUPS_SERVER_ROLE");

/**
 * Removes `CI` and every `NCLOUD_*` variable from `process.env` so a lookup sees only what the test
 * passes explicitly. Returns a function that puts the original environment back.
 */
export function isolateLookupEnv(): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const name of Object.keys(process.env)) {
    if (LOOKUP_ENV(name)) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
  }
  return () => {
    for (const name of Object.keys(process.env)) if (LOOKUP_ENV(name)) delete process.env[name];
    for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
  };
}

/** What a child process printed and how it ended. */
export interface NodeRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node <args>` in `cwd` with only `PATH`, `HOME` (`cwd` unless given) and the loopback metadata
 * endpoint (never NCP's metadata address) besides `env`; `stdin` is written and closed.
 */
export function runNode(
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv; readonly stdin?: string },
): Promise<NodeRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...args], {
      cwd: options.cwd,
      env: {
        PATH: process.env.PATH,
        HOME: options.cwd,
        NCLOUD_METADATA_API_ENDPOINT: LOOPBACK_METADATA,
        ...options.env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("close", (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}

/** Runs `fn` with some `process.env` variables set (or deleted, for `undefined`), then restores them. */
export function withProcessEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>): void => {
    for (const [k, value] of Object.entries(v)) {
      if (value === undefined) delete process.env[k];
      else process.env[k] = value;
    }
  };
  apply(vars);
  try {
    return fn();
  } finally {
    apply(saved);
  }
}

/** Explicit connection settings for an emulator (endpoint override plus its keys). */
export function connectionTo(emu: { url: string; accessKey: string; secretKey: string }): {
  endpoint: string;
  accessKey: string;
  secretKey: string;
} {
  return { endpoint: emu.url, accessKey: emu.accessKey, secretKey: emu.secretKey };
}

/** The value `fn` throws; fails the test when it returns normally. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to throw, but it returned normally");
}

/** The file's bytes, or `undefined` when it does not exist. */
export function bytesOf(file: string): Buffer | undefined {
  return existsSync(file) ? readFileSync(file) : undefined;
}

/** Names in a directory other than `keep` (leftover temp and `.lock` files). */
export function strayFiles(dir: string, keep: readonly string[]): string[] {
  return readdirSync(dir).filter((n) => !keep.includes(n));
}

/** A well-formed lock entry of Sub Account policies with the given items. */
export function policiesEntry(
  items: readonly Record<string, unknown>[],
  overrides: Partial<LockEntry> = {},
): LockEntry {
  return {
    kind: "policies",
    site: "public",
    query: {},
    fetchedAt: "2024-05-01T10:20:30.000Z",
    items,
    ...overrides,
  };
}

/** A Sub Account policy item. */
export function policyItem(
  n: number | string,
  name = `policy-${n}`,
): { policyId: string; policyName: string; policyType: string; policyDesc: string; nrn: string } {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
  return {
    policyId: id,
    policyName: name,
    policyType: "USER_CREATED",
    policyDesc: "",
    nrn: `nrn:PUB:IAM::1:Policy/${id}`,
  };
}

/** True when this platform exposes processes under /proc (Linux). */
export const HAS_PROC = existsSync("/proc/self/stat");

/** Ids of the live child processes of `pid` (Linux only; empty elsewhere). */
export function childPids(pid: number): number[] {
  if (!HAS_PROC) return [];
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces, so parse after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) === pid) out.push(Number(name));
    } catch {
      // the process went away
    }
  }
  return out.sort((a, b) => a - b);
}

/** The command lines (`argv` joined by spaces) of every process this user can see (Linux only). */
export function visibleCommandLines(): string[] {
  if (!HAS_PROC) return [];
  const out: string[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      out.push(readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" "));
    } catch {
      // gone or not readable
    }
  }
  return out;
}
