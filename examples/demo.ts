// `npm run demo`: synthesizes the example app (examples/main.ts) with the real `cdktf synth` against
// the bundled NCP emulator (no account, no network), then prints what was looked up and where it went.
// The lock file goes to cdktf.out/ (git-ignored), never to the committed tree.
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { NcloudEmulator, defaultDataSet } from "cdktf-ncloud-lookups/testing";

const ROOT = path.resolve(__dirname, "..");
const OUTDIR = path.join(
  ROOT,
  (JSON.parse(readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { output: string }).output,
);
const LOCK_FILE = path.join(OUTDIR, "ncloud.lookups.json");
const SYNTH_TIMEOUT_MS = 180_000;

interface LockFile {
  entries: Record<string, { fetchedAt: string; itemCount?: number; items: unknown[] }>;
}
interface StackJson {
  "//"?: { outputs?: Record<string, unknown> };
  output?: Record<string, { value: unknown; description?: string }>;
}
interface Row {
  stack: string;
  construct: string;
  key: string;
  items: string;
  source: string;
}

const rel = (p: string): string => path.relative(process.cwd(), p) || ".";
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;

/** Runs the cdktf CLI in its own process group, so a timeout or Ctrl+C can stop it and the app it runs. */
function cdktfSynth(env: NodeJS.ProcessEnv, onChild: (kill: () => void) => void): Promise<string> {
  const cli = require.resolve("cdktf-cli/bundle/bin/cdktf", { paths: [ROOT] });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "synth", "--output", OUTDIR], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const kill = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    };
    onChild(kill);
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      kill();
      reject(new Error(`cdktf synth did not finish within ${SYNTH_TIMEOUT_MS / 1000} s\n${clean(out)}`));
    }, SYNTH_TIMEOUT_MS);
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(clean(out));
      else reject(new Error(`cdktf synth failed (${signal ?? `exit code ${String(code)}`}):\n${clean(out)}`));
    });
  });
}

/** cdktf's output without colours and spinner frames. */
function clean(text: string): string {
  return text
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, "") // eslint-disable-line no-control-regex
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l !== "" && !/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\s/.test(l))
    .join("\n");
}

/** One row per lookup construct with an output, found through cdktf's `//.outputs` construct tree. */
function lookupRows(lock: LockFile, startedAt: number): Row[] {
  const entries = new Map(Object.entries(lock.entries).map(([k, e]) => [k.replace(/\+[^?]*/, ""), e]));
  const manifest = readJson<{ stacks: Record<string, { synthesizedStackPath: string }> }>(
    path.join(OUTDIR, "manifest.json"),
  );
  const rows: Row[] = [];
  for (const [stack, info] of Object.entries(manifest.stacks)) {
    const doc = readJson<StackJson>(path.join(OUTDIR, info.synthesizedStackPath));
    const walk = (node: unknown, at: string[]): void => {
      if (typeof node === "string") {
        const key = /looked up by cdktf-ncloud-lookups \((\S+)\)/.exec(
          doc.output?.[node]?.description ?? "",
        )?.[1];
        if (key === undefined) return;
        const entry = entries.get(key);
        rows.push({
          stack,
          construct: at.slice(0, -1).join("/"),
          key,
          items: String(entry?.itemCount ?? entry?.items.length ?? "?"),
          source:
            entry === undefined ? "?" : Date.parse(entry.fetchedAt) >= startedAt ? "emulator" : "lock file",
        });
      } else if (typeof node === "object" && node !== null) {
        for (const [k, v] of Object.entries(node)) walk(v, [...at, k]);
      }
    };
    walk(doc["//"]?.outputs?.[stack], []);
  }
  return rows;
}

function table(rows: Row[]): string {
  const head: Row = {
    stack: "stack",
    construct: "construct",
    key: "lookup key",
    items: "items",
    source: "source",
  };
  const cols = Object.keys(head) as (keyof Row)[];
  const width = (c: keyof Row): number => Math.max(...[head, ...rows].map((r) => r[c].length));
  const line = (r: Row): string =>
    cols
      .map((c) => (c === "items" ? r[c].padStart(width(c)) : r[c].padEnd(width(c))))
      .join("  ")
      .trimEnd();
  return [line(head), ...rows.map(line)].map((l) => `  ${l}`).join("\n");
}

/** Checks a looked-up id against the emulator's data: the demo fails loudly rather than print wrong ids. */
function check(): string {
  const expected = defaultDataSet().policies.find(
    (p) => p.policyName === "NCP_NCLOUD_STORAGE_VIEWER",
  )?.policyId;
  for (const stack of ["identity", "catalog"]) {
    const doc = readJson<StackJson>(path.join(OUTDIR, "stacks", stack, "cdk.tf.json"));
    const got = doc.output?.storage_viewer_policy_id?.value;
    if (got !== expected) {
      throw new Error(
        `${stack}: output storage_viewer_policy_id is ${JSON.stringify(got)}, the emulator has ${expected}`,
      );
    }
  }
  return `NCP_NCLOUD_STORAGE_VIEWER = ${expected} in both stacks, as the emulator serves it`;
}

async function main(): Promise<void> {
  const emulator = await NcloudEmulator.start();
  let killSynth = (): void => {};
  const interrupted = (): void => {
    console.error("\ninterrupted: stopping cdktf and the emulator");
    killSynth();
    void emulator.stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    console.log(`NCP emulator: ${emulator.url} (demo keys; no NCP account or network needed)`);
    rmSync(LOCK_FILE, { force: true }); // the emulator's port is part of each lookup key: start afresh
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith("NCLOUD_")),
    );
    Object.assign(env, {
      NCLOUD_LOOKUPS_ENDPOINT: emulator.url,
      NCLOUD_ACCESS_KEY: emulator.accessKey,
      NCLOUD_SECRET_KEY: emulator.secretKey,
      NCLOUD_LOOKUPS_MODE: "online", // explicit: CI=true would otherwise mean frozen
      NCLOUD_LOOKUPS_LOCK_FILE: LOCK_FILE,
      CHECKPOINT_DISABLE: "1",
      DISABLE_VERSION_CHECK: "true",
      FORCE_COLOR: "0",
    });
    console.log(`$ cdktf synth   # app: examples/main.ts, lookups online against the emulator`);
    const startedAt = Date.now();
    const output = await cdktfSynth(env, (kill) => (killSynth = kill));
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    const summary = output.split("\n").find((l) => l.includes("Generated Terraform code")) ?? "synthesized";
    console.log(`${summary.trim()} (${seconds} s)\n`);

    const lock = readJson<LockFile>(LOCK_FILE);
    const rows = lookupRows(lock, startedAt);
    if (rows.length === 0) throw new Error("no lookups found in the synthesized stacks");
    console.log(
      `Looked up (${rows.length} constructs, ${emulator.requests.length} signed requests to the emulator):`,
    );
    console.log(table(rows));
    console.log(`\nCheck: ${check()}`);
    console.log(
      `Terraform JSON: ${rel(path.join(OUTDIR, "stacks"))}/{${rows
        .map((r) => r.stack)
        .filter((s, i, a) => a.indexOf(s) === i)
        .join(",")}}/cdk.tf.json`,
    );
    console.log(
      `Lock file:      ${rel(LOCK_FILE)} (${Object.keys(lock.entries).length} entries; a real app commits ncloud.lookups.json)`,
    );
    console.log(
      `Try:            cd ${rel(path.join(OUTDIR, "stacks", "catalog"))} && terraform init && terraform apply   # built-ins only`,
    );
  } finally {
    process.removeListener("SIGINT", interrupted);
    process.removeListener("SIGTERM", interrupted);
    await emulator.stop();
  }
}

main().catch((err: unknown) => {
  console.error(`\ndemo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
