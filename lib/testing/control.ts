/**
 * A client of the emulator's unsigned admin interface (`/__emulator/`), to control an emulator
 * running in another process (see `startEmulatorProcess`).
 */
import type { EmulatorDataSet, ListKind, PagedListKind } from "./data";
import type { RecordedRequest } from "./emulator";
import { faultSpecToJson, type FaultSpec } from "./faults";

/** What `GET /__emulator/health` answers. */
export interface EmulatorHealth {
  readonly status: "ok";
  readonly url: string;
  readonly accessKey: string;
  /** Faults still active. */
  readonly faults: number;
}

/** Controls an emulator over HTTP. Every method throws an Error when the emulator refuses or is unreachable. */
export class EmulatorControl {
  /** Base URL of the emulator, without trailing slash. */
  readonly url: string;

  /** @param url the emulator's base URL, e.g. `http://127.0.0.1:43127`. */
  constructor(url: string) {
    this.url = url.replace(/\/+$/, "");
  }

  private async call(method: string, route: string, body?: string): Promise<unknown> {
    const res = await fetch(`${this.url}/__emulator/${route}`, {
      method,
      ...(body !== undefined ? { body, headers: { "content-type": "application/json" } } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator admin ${method} /__emulator/${route}: HTTP ${res.status} ${text}`);
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  }

  /** `GET /__emulator/health`. */
  async health(): Promise<EmulatorHealth> {
    return (await this.call("GET", "health")) as EmulatorHealth;
  }

  /** `GET /__emulator/requests`: the recorded requests, oldest first. */
  async requests(): Promise<RecordedRequest[]> {
    return (await this.call("GET", "requests")) as RecordedRequest[];
  }

  /** Recorded requests to one list. */
  async requestsTo(kind: ListKind): Promise<RecordedRequest[]> {
    return (await this.requests()).filter((r) => r.kind === kind);
  }

  /** `DELETE /__emulator/requests`. */
  async clearRequests(): Promise<void> {
    await this.call("DELETE", "requests");
  }

  /** `POST /__emulator/faults` (`Infinity` is sent as `"Infinity"`). */
  async injectFault(fault: FaultSpec): Promise<void> {
    await this.call("POST", "faults", faultSpecToJson(fault));
  }

  /** `DELETE /__emulator/faults`. */
  async clearFaults(): Promise<void> {
    await this.call("DELETE", "faults");
  }

  /** `POST /__emulator/latency {ms}`: delay before every answer. */
  async setLatency(ms: number): Promise<void> {
    await this.call("POST", "latency", JSON.stringify({ ms }));
  }

  /** `POST /__emulator/caps {kind, size}`: maximum page size of a paged list. */
  async setPageSizeCap(kind: PagedListKind, size: number): Promise<void> {
    await this.call("POST", "caps", JSON.stringify({ kind, size }));
  }

  /** `POST /__emulator/refuse-page-sizes {maxSize, status}`: refuse larger page sizes; no argument stops it. */
  async refusePageSizes(refusal?: { maxSize: number; status: number }): Promise<void> {
    await this.call("POST", "refuse-page-sizes", JSON.stringify(refusal ?? {}));
  }

  /** `GET /__emulator/data`: the data served. */
  async data(): Promise<EmulatorDataSet> {
    return (await this.call("GET", "data")) as EmulatorDataSet;
  }
}
