/**
 * The bridge's worker thread: receives batches of lookups, fetches them concurrently with kept-alive
 * clients, posts the results and wakes the blocked main thread through the shared cell.
 */
import { workerData, type MessagePort } from "node:worker_threads";
import type { NcloudClient } from "../client/http";
import { serializeError } from "./wire-errors";
import { fetchLookups, type FetchedLookup, type FetchRequest } from "./fetch";

interface BridgeData {
  readonly signal: SharedArrayBuffer;
  readonly port: MessagePort;
}

/** A batch sent by the main thread. */
export interface BridgeRequest {
  readonly id: number;
  readonly requests: readonly FetchRequest[];
}

/** The answer to one lookup of a batch. */
export type BridgeResult =
  | ({ ok: true } & FetchedLookup)
  | { ok: false; error: ReturnType<typeof serializeError> };

const { signal, port } = workerData as BridgeData;
const cell = new Int32Array(signal);
const clients = new Map<string, NcloudClient>();

/** Tells the blocked caller at once that this worker is gone, and why. */
function crashed(reason: string): void {
  port.postMessage({ crash: reason });
  Atomics.store(cell, 1, -2);
  Atomics.notify(cell, 0);
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
  if (Atomics.load(cell, 1) === 1) crashed(`it exited (code ${code})`);
});
// Shows the caller this worker is alive and its event loop turns.
setInterval(() => {
  Atomics.add(cell, 2, 1);
}, 100);

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
      Atomics.store(cell, 0, msg.id);
      Atomics.notify(cell, 0);
    });
});

Atomics.store(cell, 1, 1);
Atomics.notify(cell, 1);
