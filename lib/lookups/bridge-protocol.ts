/**
 * The shared-memory protocol between the lookup bridge (`bridge.ts`, the calling thread) and its worker
 * (`worker.ts`): the cell's layout, the worker's states, and the bootstrap that loads the worker. Both
 * sides use only these names.
 */
import type { MessagePort } from "node:worker_threads";
import type { serializeError } from "./wire-errors";
import type { FetchedLookup, FetchRequest } from "./fetch";

/** Slots of the shared `Int32Array` cell. */
export const CELL = {
  /** Id of the last batch answered: the worker stores it and notifies, the caller waits on it. */
  done: 0,
  /** The worker's {@link WorkerState}. */
  state: 1,
  /** Incremented by the worker every {@link HEARTBEAT_MS}: it is alive and its event loop turns. */
  heartbeat: 2,
} as const;

/** Bytes of the shared cell (four 32-bit slots). */
export const CELL_BYTES = 16;

/** What the worker is doing, in `CELL.state`. */
export const WorkerState = {
  /** Created, still loading (the initial zero of the cell). */
  STARTING: 0,
  /** Loaded and answering batches. */
  RUNNING: 1,
  /** Its module failed to load (a `startupError` message on the port says why). */
  FAILED_TO_START: -1,
  /** It died while running (a `crash` message on the port says why). */
  CRASHED: -2,
} as const;
export type WorkerState = (typeof WorkerState)[keyof typeof WorkerState];

/** How often the worker beats. */
export const HEARTBEAT_MS = 100;

/** What the worker gets as `workerData`. */
export interface BridgeData {
  /** The worker module to load. */
  readonly file: string;
  readonly signal: SharedArrayBuffer;
  readonly port: MessagePort;
}

/** A batch sent by the calling thread. */
export interface BridgeRequest {
  readonly id: number;
  readonly requests: readonly FetchRequest[];
}

/** The answer to one lookup of a batch. */
export type BridgeResult =
  | ({ ok: true } & FetchedLookup)
  | { ok: false; error: ReturnType<typeof serializeError> };

/**
 * The worker's entry (evaluated, so the caller can load a worker file from any path): loads the
 * worker module, and on failure reports it on the port and marks the cell.
 */
export const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
try { require("node:module").enableCompileCache?.(); } catch {}
try { require(workerData.file); }
catch (e) {
  workerData.port.postMessage({ startupError: String((e && e.stack) || e) });
  const cell = new Int32Array(workerData.signal);
  Atomics.store(cell, ${CELL.state}, ${WorkerState.FAILED_TO_START}); Atomics.notify(cell, ${CELL.state});
}`;
