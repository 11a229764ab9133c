/**
 * Where lookups look for the lock file by default, and the early start of the lookup worker that
 * loading the constructs triggers. Light on purpose (node:fs, node:path, the mode): it runs first when
 * the package root loads.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type * as WorkerThreads from "node:worker_threads";
import type * as BridgeModule from "./bridge";
import { resolveMode, type LookupMode } from "./mode";

/** The lock file's name in the app's directory. */
export const LOCK_FILE_NAME = "ncloud.lookups.json";

/**
 * The lock file of a lookup: its `lockFile` setting, else `NCLOUD_LOOKUPS_LOCK_FILE`, else
 * `ncloud.lookups.json` in the working directory (the app's directory under `cdktf synth`).
 */
export function resolveLockFile(
  settings: { readonly lockFile?: string },
  env: NodeJS.ProcessEnv = process.env,
): string {
  const configured = settings.lockFile ?? env.NCLOUD_LOOKUPS_LOCK_FILE;
  return resolve(configured !== undefined && configured !== "" ? configured : LOCK_FILE_NAME);
}

/**
 * Starts the lookup worker while the app is still loading, when its synth will most likely fetch: the
 * mode in force is `refresh`, or `online` with no lock file yet where lookups look by default (a first
 * synth). The worker's start (a thread and its modules, ~50-70 ms on a busy 2-core machine) then runs
 * beside the app's own loading instead of before its first lookup's answer. A synth from an existing
 * lock file, a frozen one (`CI`) or one in a worker thread starts nothing here; a lookup that will
 * fetch still starts the worker when constructed. The worker never keeps the process alive.
 *
 * @returns whether it started the worker.
 */
export function prestartWhenLikelyToFetch(env: NodeJS.ProcessEnv = process.env): boolean {
  let mode: LookupMode;
  try {
    mode = resolveMode(undefined, env);
  } catch {
    return false; // a bad NCLOUD_LOOKUPS_MODE: the first lookup says so
  }
  if (mode === "frozen" || (mode === "online" && existsSync(resolveLockFile({}, env)))) return false;
  // Loaded only now: a synth from a lock file does not pay for node:worker_threads (~2-3 ms).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!(require("node:worker_threads") as typeof WorkerThreads).isMainThread) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require("./bridge") as typeof BridgeModule).LookupBridge.prestart();
  return true;
}
