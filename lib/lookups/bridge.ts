import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, parsePositiveInt } from "../client/settings";
import { BridgeError } from "../errors";
import { reviveError, type SerializedError } from "./wire-errors";
import type { FetchedLookup, FetchRequest } from "./fetch";
import { inThreadServers } from "./in-thread";
import { BOOTSTRAP, CELL, CELL_BYTES, WorkerState, type BridgeResult } from "./bridge-protocol";

export { CELL } from "./bridge-protocol";

/** How long the worker may take to start. */
const STARTUP_TIMEOUT_MS = 20_000;

/** The environment variables a lookup reads; the worker gets them fresh with every batch. */
export function lookupEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && (k.startsWith("NCLOUD_") || k === "HOME" || k === "USERPROFILE")) out[k] = v;
  }
  return out;
}

/**
 * Finds the compiled worker: beside this file, or in `dist/` when running from TypeScript sources;
 * there, its one-file bundle (`worker-lean.js`, which `npm run build` writes with the rest of `dist/`,
 * as it writes the CLI's) when there is one, else `worker.js`.
 */
export function resolveWorkerFile(
  dirs: readonly string[] = [__dirname, resolve(__dirname, "..", "..", "dist", "lookups")],
): string {
  for (const dir of dirs) {
    for (const name of ["worker-lean.js", "worker.js"]) {
      const file = join(dir, name);
      if (existsSync(file)) return file;
    }
  }
  throw new BridgeError(
    `cannot start the lookup worker: ${dirs.map((d) => join(d, "worker.js")).join(" and ")} do not exist; run \`npm run build\` (the package ships it compiled)`,
  );
}

/** A worker silent this long (counted in wait slices, not by a clock) is taken to be dead. */
const SILENT_LIMIT_MS = 15_000;
/** Longest single wait: the loop checks the worker's state at least this often. */
const WAIT_SLICE_MS = 100;

/** The bridge's default overall timeout for one batch. */
export function bridgeTimeoutMs(env: NodeJS.ProcessEnv = process.env, requestTimeoutMs?: number): number {
  const configured = parsePositiveInt(
    env.NCLOUD_LOOKUPS_BRIDGE_TIMEOUT_MS,
    "NCLOUD_LOOKUPS_BRIDGE_TIMEOUT_MS",
  );
  if (configured !== undefined) return configured;
  const perRequest =
    requestTimeoutMs ??
    parsePositiveInt(env.NCLOUD_LOOKUPS_TIMEOUT_MS, "NCLOUD_LOOKUPS_TIMEOUT_MS") ??
    DEFAULT_TIMEOUT_MS;
  return perRequest * (DEFAULT_MAX_RETRIES + 2) + 60_000;
}

/**
 * Runs asynchronous lookups synchronously: a worker thread fetches while the calling thread waits
 * on a shared cell (`Atomics.wait`) with a deadline, so a construct constructor can return real values.
 * Credentials travel by `postMessage` (memory), never argv or files. One worker serves the process.
 */
export class LookupBridge {
  static #shared: LookupBridge | undefined;

  /** The process-wide bridge, started on first use (and ready when returned). */
  static shared(): LookupBridge {
    LookupBridge.#shared ??= new LookupBridge(undefined, false);
    LookupBridge.#shared.#awaitStart();
    return LookupBridge.#shared;
  }

  /**
   * Starts the process-wide worker without waiting for it: a construct calls this when its lookup
   * will fetch, so the worker loads while the rest of the stack is built. The first fetch waits for
   * what is left. A worker that fails to start reports it there.
   */
  static prestart(): void {
    if (LookupBridge.#shared !== undefined) return;
    try {
      LookupBridge.#shared = new LookupBridge(undefined, false);
    } catch {
      // Reported by the first fetch, which tries again.
    }
  }

  readonly #cell = new Int32Array(new SharedArrayBuffer(CELL_BYTES));
  readonly #port: MessagePort;
  readonly #worker: Worker;
  #nextId = 1;
  #dead = false;
  #started = false;
  readonly #file: string;

  /** A bridge of its own (not the shared one) running `file` as its worker (tests). @internal */
  static withWorkerFile(file: string): LookupBridge {
    return new LookupBridge(file);
  }

  private constructor(file: string = resolveWorkerFile(), wait = true) {
    this.#file = file;
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    try {
      this.#worker = new Worker(BOOTSTRAP, {
        eval: true,
        workerData: { file, signal: this.#cell.buffer, port: port2 },
        transferList: [port2],
        stdout: false,
        stderr: false,
      });
    } catch (err) {
      throw new BridgeError(`cannot start the lookup worker (${(err as Error).message})`, { cause: err });
    }
    this.#worker.unref();
    // An 'error' event must never go unhandled (it would end a process that caught the BridgeError).
    this.#worker.on("error", () => undefined);
    if (wait) this.#awaitStart();
  }

  /** Blocks until the worker runs (once). @throws BridgeError when it failed or took too long to start. */
  #awaitStart(): void {
    if (this.#started) return;
    const r = Atomics.wait(this.#cell, CELL.state, WorkerState.STARTING, STARTUP_TIMEOUT_MS);
    const state = Atomics.load(this.#cell, CELL.state);
    if (state !== WorkerState.RUNNING) {
      const msg = receiveMessageOnPort(this.#port)?.message as { startupError?: string } | undefined;
      this.#kill();
      throw new BridgeError(
        r === "timed-out" && state === WorkerState.STARTING
          ? `the lookup worker (${this.#file}) did not start within ${STARTUP_TIMEOUT_MS} ms`
          : `the lookup worker (${this.#file}) failed to start: ${msg?.startupError?.split("\n")[0] ?? "unknown error"}`,
      );
    }
    this.#started = true;
  }

  /**
   * Fetches a batch of lookups and blocks until all have settled or the deadline passes.
   *
   * @returns one result per request, in order; failed lookups carry a revived typed error.
   * @throws BridgeError when the worker does not answer in time (the worker is then replaced).
   */
  fetchSync(
    requests: readonly FetchRequest[],
    timeoutMs: number,
  ): Array<(FetchedLookup & { fetchedAt: string }) | { error: Error }> {
    if (this.#dead) throw new BridgeError("the lookup worker was stopped");
    this.#awaitStart();
    const servers = inThreadServers();
    const blocked = requests.find((r) => r.spec.endpoint !== undefined && servers.has(r.spec.endpoint));
    if (blocked !== undefined) {
      throw new BridgeError(
        `the endpoint ${String(blocked.spec.endpoint)} is an emulator running in this thread, which cannot answer while a synchronous lookup blocks the thread; ` +
          "start it in another process with startEmulatorProcess() (cdktf-ncloud-lookups/testing), or await the list functions of cdktf-ncloud-lookups/client instead",
      );
    }
    const id = this.#nextId++;
    this.#port.postMessage({ id, requests });
    // Time is measured by adding up the wait slices that ran out: jest's fake timers stop Date,
    // performance.now and hrtime, but not Atomics.wait.
    let waited = 0;
    let silent = 0;
    let beat = Atomics.load(this.#cell, CELL.heartbeat);
    for (;;) {
      // Read the value before waiting on it: a change in between makes the wait return at once.
      const done = Atomics.load(this.#cell, CELL.done);
      if (done === id) break;
      if (Atomics.load(this.#cell, CELL.state) === WorkerState.CRASHED) {
        const crash = this.#crashMessage();
        this.#kill();
        throw new BridgeError(`the lookup worker crashed: ${crash}`);
      }
      if (waited >= timeoutMs) {
        this.#kill();
        throw new BridgeError(
          `lookups did not finish within ${timeoutMs} ms; check the endpoint, or raise NCLOUD_LOOKUPS_BRIDGE_TIMEOUT_MS`,
        );
      }
      if (silent >= SILENT_LIMIT_MS) {
        this.#kill();
        throw new BridgeError(
          `the lookup worker stopped: no sign of life for ${SILENT_LIMIT_MS / 1000} s (it may have run out of memory)`,
        );
      }
      const slice = Math.min(WAIT_SLICE_MS, timeoutMs - waited);
      if (Atomics.wait(this.#cell, CELL.done, done, slice) === "timed-out") waited += slice;
      const now = Atomics.load(this.#cell, CELL.heartbeat);
      if (now !== beat) {
        beat = now;
        silent = 0;
      } else {
        silent += slice;
      }
    }
    for (;;) {
      const received = receiveMessageOnPort(this.#port);
      if (received === undefined) {
        this.#kill();
        throw new BridgeError("the lookup worker signalled completion but sent no result");
      }
      const msg = received.message as {
        id: number;
        results?: BridgeResult[];
        fatal?: SerializedError;
        fetchedAt?: string;
      };
      if (msg.id !== id) continue;
      if (msg.fatal !== undefined) throw reviveError(msg.fatal);
      const fetchedAt = msg.fetchedAt ?? new Date().toISOString();
      return (msg.results ?? []).map((r) => {
        if (!r.ok) return { error: reviveError(r.error) };
        const { ok: _ok, ...fetched } = r;
        return { ...fetched, fetchedAt };
      });
    }
  }

  /** The reason a crashed worker gave through the port. */
  #crashMessage(): string {
    for (;;) {
      const received = receiveMessageOnPort(this.#port);
      if (received === undefined) return "unknown error";
      const msg = received.message as { crash?: string };
      if (typeof msg.crash === "string") return msg.crash;
    }
  }

  #kill(): void {
    this.#dead = true;
    if (LookupBridge.#shared === this) LookupBridge.#shared = undefined;
    void this.#worker.terminate();
    this.#port.close();
  }

  /** Stops the shared worker (tests; the worker never keeps the process alive anyway). */
  static async stopShared(): Promise<void> {
    const b = LookupBridge.#shared;
    LookupBridge.#shared = undefined;
    if (b !== undefined) {
      b.#dead = true;
      b.#port.close();
      await b.#worker.terminate();
    }
  }
}
