/**
 * The bridge's worker thread: receives batches of lookups, fetches them concurrently with kept-alive
 * clients, posts the results and wakes the blocked main thread through the shared cell.
 */
import { workerData, type MessagePort } from "node:worker_threads";
import type { NcloudClient } from "../client/http";
import { serializeError } from "../errors";
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

port.on("message", (msg: BridgeRequest) => {
  fetchLookups(msg.requests, clients)
    .then((settled) => {
      const results: BridgeResult[] = settled.map((r) =>
        r.status === "fulfilled" ? { ok: true, ...r.value } : { ok: false, error: serializeError(r.reason) },
      );
      port.postMessage({ id: msg.id, results });
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
