/**
 * The bridge's worker thread: receives batches of lookups, fetches them concurrently with kept-alive
 * clients, posts the results and wakes the blocked main thread through the shared cell.
 */
import { workerData } from "node:worker_threads";
import type { NcloudClient } from "../client/http";
import { serializeError } from "./wire-errors";
import { fetchLookups } from "./fetch";
import {
  CELL,
  HEARTBEAT_MS,
  WorkerState,
  type BridgeData,
  type BridgeRequest,
  type BridgeResult,
} from "./bridge-protocol";

export type { BridgeRequest, BridgeResult } from "./bridge-protocol";

const { signal, port } = workerData as BridgeData;
const cell = new Int32Array(signal);
const clients = new Map<string, NcloudClient>();

/** Tells the blocked caller at once that this worker is gone, and why. */
function crashed(reason: string): void {
  port.postMessage({ crash: reason });
  Atomics.store(cell, CELL.state, WorkerState.CRASHED);
  Atomics.notify(cell, CELL.done);
}

process.on("uncaughtException", (err) => {
  crashed(`uncaught ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  process.exit(1);
});
process.on("unhandledRejection", (err) => {
  crashed(`unhandled rejection ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  process.exit(1);
});
process.on("exit", (code) => {
  if (Atomics.load(cell, CELL.state) === WorkerState.RUNNING) crashed(`it exited (code ${code})`);
});
// Shows the caller this worker is alive and its event loop turns.
setInterval(() => {
  Atomics.add(cell, CELL.heartbeat, 1);
}, HEARTBEAT_MS);

port.on("message", (msg: BridgeRequest) => {
  fetchLookups(msg.requests, clients)
    .then((settled) => {
      const results: BridgeResult[] = settled.map((r) =>
        r.status === "fulfilled" ? { ok: true, ...r.value } : { ok: false, error: serializeError(r.reason) },
      );
      // The fetch time, read here: this thread's clock is real even under a caller's fake timers.
      port.postMessage({ id: msg.id, results, fetchedAt: new Date().toISOString() });
    })
    .catch((err: unknown) => {
      port.postMessage({ id: msg.id, fatal: serializeError(err) });
    })
    .finally(() => {
      Atomics.store(cell, CELL.done, msg.id);
      Atomics.notify(cell, CELL.done);
    });
});

Atomics.store(cell, CELL.state, WorkerState.RUNNING);
Atomics.notify(cell, CELL.state);
