/**
 * Runs the emulator in a child node process. Synchronous lookups block the calling thread, so a test
 * that exercises them cannot serve HTTP from that same thread.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { EmulatorControl } from "./control";
import type { GenerateOptions } from "./data";
import { DEMO_SECRET_KEY, type EmulatorOptions } from "./emulator";

/** Options of {@link startEmulatorProcess}: those of the emulator (JSON-able; no clock function) plus process settings. */
export interface ProcessEmulatorOptions extends Omit<EmulatorOptions, "clock"> {
  /** Shifts the child's clock by this many milliseconds (to test stale timestamps). @default 0 */
  clockOffsetMs?: number;
  /** Let the child generate its data with `generateDataSet(generate)` (ignored when `data` is given). */
  generate?: GenerateOptions;
  /** Give up when the child has not printed its address within this time. @default 15000 */
  startTimeoutMs?: number;
  /** Script to run. @default the compiled `emulator-main.js` (see {@link emulatorMainScript}) */
  script?: string;
}

/** An emulator running in a child process. */
export interface EmulatorProcess {
  /** Base URL, e.g. `http://127.0.0.1:43127`. */
  readonly url: string;
  readonly accessKey: string;
  readonly secretKey: string;
  /** Controls the child emulator over its admin interface. */
  readonly control: EmulatorControl;
  /** Child process id. */
  readonly pid: number;
  /** Stops the child (SIGTERM, then SIGKILL after 3 s) and resolves when it has exited. Idempotent. */
  stop(): Promise<void>;
}

/** Environment variable holding the child's options as JSON. */
export const OPTIONS_ENV = "NCLOUD_EMULATOR_OPTIONS";
/** Environment variable naming a file with the child's options, used when they are too big for the environment. */
export const OPTIONS_FILE_ENV = "NCLOUD_EMULATOR_OPTIONS_FILE";

/** Parses the child's options (the JSON in {@link OPTIONS_ENV}). @throws Error for invalid JSON. */
export function parseProcessOptions(json: string): ProcessEmulatorOptions {
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${OPTIONS_ENV} must hold a JSON object`);
  }
  return parsed as ProcessEmulatorOptions;
}

/**
 * The compiled child script: `emulator-main.js` beside this file when running from `dist`; when
 * running from TypeScript sources (ts-jest, ts-node), `<repo>/dist/testing/emulator-main.js`.
 *
 * @throws Error when that file does not exist (run `npm run build`).
 */
export function emulatorMainScript(): string {
  const script = __filename.endsWith(".ts")
    ? path.resolve(__dirname, "..", "..", "dist", "testing", "emulator-main.js")
    : path.join(__dirname, "emulator-main.js");
  if (!existsSync(script)) {
    throw new Error(
      `startEmulatorProcess: ${script} does not exist; run \`npm run build\` to compile the emulator first`,
    );
  }
  return script;
}

/** Largest options JSON passed in the environment; bigger ones go through a temporary file. */
const MAX_ENV_BYTES = 64 * 1024;

/**
 * Starts an emulator in a child node process and resolves once it listens. The child exits when
 * {@link EmulatorProcess.stop} is called, on SIGTERM, or when this process dies.
 *
 * @throws Error when the script is missing, the child exits early or does not start in time.
 */
export async function startEmulatorProcess(options: ProcessEmulatorOptions = {}): Promise<EmulatorProcess> {
  const { startTimeoutMs = 15_000, script: scriptOption, ...childOptions } = options;
  const script = scriptOption ?? emulatorMainScript();
  const json = JSON.stringify(childOptions);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NCLOUD_EMULATOR_WATCH_STDIN: "1",
    NCLOUD_EMULATOR_PARENT_PID: String(process.pid),
  };
  let tmpDir: string | undefined;
  if (Buffer.byteLength(json) > MAX_ENV_BYTES) {
    tmpDir = mkdtempSync(path.join(tmpdir(), "ncloud-emulator-"));
    const file = path.join(tmpDir, "options.json");
    writeFileSync(file, json);
    env[OPTIONS_FILE_ENV] = file;
    delete env[OPTIONS_ENV];
  } else {
    env[OPTIONS_ENV] = json;
    delete env[OPTIONS_FILE_ENV];
  }
  const cleanup = (): void => {
    if (tmpDir !== undefined) rmSync(tmpDir, { recursive: true, force: true });
    tmpDir = undefined;
  };

  const child = spawn(process.execPath, [script], { env, stdio: ["pipe", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    if (stderr.length < 8192) stderr += chunk;
  });

  let ready: { url: string; accessKey: string };
  try {
    ready = await new Promise<{ url: string; accessKey: string }>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => {
        reject(
          new Error(`startEmulatorProcess: no address from the child within ${startTimeoutMs} ms. ${stderr}`),
        );
      }, startTimeoutMs);
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (chunk: string) => {
        out += chunk;
        const nl = out.indexOf("\n");
        if (nl < 0) return;
        clearTimeout(timer);
        try {
          resolve(JSON.parse(out.slice(0, nl)) as { url: string; accessKey: string });
        } catch {
          reject(new Error(`startEmulatorProcess: unexpected child output: ${out.slice(0, nl)}`));
        }
      });
      child.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(
          new Error(
            `startEmulatorProcess: the child exited (${signal ?? `code ${String(code)}`}) before listening. ${stderr}`,
          ),
        );
      });
    });
  } catch (err) {
    child.kill("SIGKILL");
    await exited;
    cleanup();
    throw err;
  }
  cleanup();
  // Keep draining the child's output, but let this process exit without waiting for it: the child
  // notices stdin closing and exits too.
  child.stdout.resume();
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void }).unref?.();
  }

  let stopping: Promise<void> | undefined;
  return {
    url: ready.url,
    accessKey: ready.accessKey,
    secretKey: childOptions.secretKey ?? DEMO_SECRET_KEY,
    control: new EmulatorControl(ready.url),
    pid: child.pid ?? -1,
    stop(): Promise<void> {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.ref(); // keep this process alive until the child is gone
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), 3000);
        await exited;
        clearTimeout(killer);
        child.stdin.destroy();
      })();
      return stopping;
    },
  };
}
