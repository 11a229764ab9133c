import * as http from "node:http";
import type * as Https from "node:https";
import { setTimeout as delay } from "node:timers/promises";
import {
  ApiError,
  CredentialsError,
  NetworkError,
  ResponseShapeError,
  ResponseTooLargeError,
  TimeoutError,
  ValidationError,
  type RequestInfo,
  type ServiceName,
} from "../errors";
import { resolveCredentials, type Credentials, type CredentialsOptions } from "./credentials";
import { ServerRoleKeys, serverRoleDisabled } from "./server-role";
import { createHash } from "node:crypto";
import type * as Zlib from "node:zlib";
import { resolveOrigin, type Site } from "./endpoints";
import { htmlToText, isNcpErrorBody, parseNcpErrorBody, parseRetryAfter, sanitizeText } from "./answers";
import { resolveLocation } from "./location";
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  parsePositiveInt,
} from "./settings";
import { buildQueryString, requestUri, signedHeaders, type QueryPair } from "./signer";

export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from "./settings";

const RETRYABLE_STATUS = new Set([429, 500, 503, 504]);

/** Settings of an {@link NcloudClient}; every field optional. */
export interface NcloudClientOptions {
  /** Credentials, or where to find them (default: environment, then `~/.ncloud/configure`). */
  readonly credentials?: Credentials | CredentialsOptions;
  /** NCP site. @default `NCLOUD_SITE`, else `public` */
  readonly site?: Site | string;
  /** `scheme://host[:port]` that replaces every service's host. @default `NCLOUD_LOOKUPS_ENDPOINT`, else a non-NCP `NCLOUD_API_GW` */
  readonly endpoint?: string;
  /** Region of the regional services (Cloud Functions: KR, SGN, JPN). @default `NCLOUD_REGION`, else the site's first */
  readonly region?: string;
  /** Per-request timeout in ms, body included. @default `NCLOUD_LOOKUPS_TIMEOUT_MS`, else 30000 */
  readonly timeoutMs?: number;
  /** Retries after the first attempt for 429/500/503/504 and network errors. @default 4 */
  readonly maxRetries?: number;
  /** First backoff step in ms; doubles each retry, with jitter. @default 200 */
  readonly retryBaseDelayMs?: number;
  /** Cap of one backoff in ms. @default 5000 */
  readonly retryMaxDelayMs?: number;
  /** Longest `Retry-After` honoured, in ms; a longer one fails at once. @default 60000 */
  readonly maxRetryAfterMs?: number;
  /** Cap on one response body in bytes. @default `NCLOUD_LOOKUPS_MAX_RESPONSE_BYTES`, else 16 MiB */
  readonly maxResponseBytes?: number;
  /** Optional `x-ncp-apigw-api-key`. */
  readonly apiKey?: string;
  /** Environment to read settings from. @default `process.env` */
  readonly env?: NodeJS.ProcessEnv;
  /** Clock in epoch ms (tests inject one). @default `Date.now` */
  readonly clock?: () => number;
  /** Random source in [0, 1) for jitter. @default `Math.random` */
  readonly random?: () => number;
  /** Sleep used between retries. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called after every attempt (progress displays, benchmarks). */
  readonly onAttempt?: (event: AttemptEvent) => void;
}

/** What one HTTP attempt did. */
export interface AttemptEvent {
  readonly service: ServiceName;
  readonly path: string;
  readonly attempt: number;
  /** HTTP status, or 0 for a network error or timeout. */
  readonly status: number;
  readonly durationMs: number;
}

/** Options of one request. */
export interface RequestOptions {
  /** At most this many retries of this request (never more than the client's). */
  readonly maxRetries?: number;
  /** Stops the request (and its retries) when aborted; it then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * The host prefix of the region, for a list with hosts per region (`sg-`: `sg-<service>.apigw…`); the
   * list layer derives it from its definition and `region`. @default "" (the service's default hosts)
   */
  readonly regionPrefix?: string;
  /**
   * The service's host on this site follows NCP's pattern but no NCP document confirms it (the list
   * layer knows which): failures then say so and name the settings that replace the host.
   */
  readonly unconfirmedHost?: boolean;
}

/** A short, non-secret fingerprint of an access key (12 hex digits of its SHA-256), for traceability. */
export function keyFingerprint(accessKey: string): string {
  return createHash("sha256").update(accessKey, "utf8").digest("hex").slice(0, 12);
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

class AttemptTimeout extends Error {}
class AttemptTooLarge extends Error {}

/** The message of a search that found no keys anywhere, Server Role included. */
function noCredentialsMessage(searched: readonly string[]): string {
  return (
    `no NCP credentials found. Searched: ${searched.join("; ")}. ` +
    "Set NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY, or write ~/.ncloud/configure with ncloud_access_key_id and ncloud_secret_access_key under [DEFAULT]"
  );
}

/**
 * Signed HTTP client for NCP's API Gateway (signature v2). Signs the exact bytes it sends, re-signs
 * every attempt, retries throttling and server errors with capped exponential backoff and jitter
 * (honouring `Retry-After`), bounds each request by a timeout and a size cap, and keeps connections alive.
 */
export class NcloudClient {
  readonly site: Site;
  readonly endpoint?: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly maxResponseBytes: number;
  /** The keys in use; undefined until the Server Role gave them (when no other source had any). */
  #credentials: Credentials | undefined;
  /** Set when the keys come from the Server Role: the environment and what the other sources said. */
  readonly #serverRole?: { readonly env: NodeJS.ProcessEnv; readonly error: CredentialsError };
  readonly #opts: NcloudClientOptions;
  readonly #region: { value: string | undefined; source: string };
  readonly #httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  /** Made at the first https request: node:https (TLS) loads only when a request needs it. */
  #httpsAgent: Https.Agent | undefined;
  /** The Server Role's keys, fetched at the first request that needs them and renewed before expiry. */
  readonly #serverRoleKeys = new ServerRoleKeys();
  /**
   * Page sizes that worked after a server refused a larger one, per origin and path (the pager reads
   * and writes it): the next listing of this client starts with it.
   */
  readonly pageSizes = new Map<string, number>();
  /** Attempts sent so far (round trips, retries included). */
  attempts = 0;

  /** @throws CredentialsError or ValidationError for bad settings, before any request. */
  constructor(options: NcloudClientOptions = {}) {
    const env = options.env ?? process.env;
    this.#opts = options;
    const c0 = options.credentials;
    const profile = c0 !== undefined && !("source" in c0) ? (c0 as CredentialsOptions).profile : undefined;
    // Validated now so a bad site or override fails before credentials are looked at.
    const location = resolveLocation(
      {
        ...(options.site !== undefined ? { site: options.site } : {}),
        ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
        ...(profile !== undefined ? { profile } : {}),
      },
      env,
    );
    this.site = location.site;
    if (location.endpoint !== undefined) this.endpoint = location.endpoint;
    this.#region =
      options.region !== undefined
        ? { value: options.region, source: "region" }
        : { value: env.NCLOUD_REGION, source: "NCLOUD_REGION" };
    this.timeoutMs =
      parsePositiveInt(options.timeoutMs, "timeoutMs") ??
      parsePositiveInt(env.NCLOUD_LOOKUPS_TIMEOUT_MS, "NCLOUD_LOOKUPS_TIMEOUT_MS") ??
      DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes =
      parsePositiveInt(options.maxResponseBytes, "maxResponseBytes") ??
      parsePositiveInt(env.NCLOUD_LOOKUPS_MAX_RESPONSE_BYTES, "NCLOUD_LOOKUPS_MAX_RESPONSE_BYTES") ??
      DEFAULT_MAX_RESPONSE_BYTES;
    const retries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    if (!Number.isInteger(retries) || retries < 0 || retries > 20) {
      throw new ValidationError(`maxRetries must be an integer from 0 to 20, got ${String(retries)}`);
    }
    this.maxRetries = retries;
    const c = options.credentials;
    if (c !== undefined && "secretKey" in c && c.secretKey !== undefined && "source" in c) {
      this.#credentials = c as Credentials;
    } else {
      try {
        this.#credentials = resolveCredentials({ env, ...(c as CredentialsOptions | undefined) });
      } catch (err) {
        // Nothing held keys: the Server Role of an NCP server is the last source (asked on first use).
        if (!(err instanceof CredentialsError) || !err.nothingFound) throw err;
        if (serverRoleDisabled(env)) {
          const searched = [
            ...err.searched,
            "the Server Role metadata service (turned off: NCLOUD_LOOKUPS_SERVER_ROLE=off)",
          ];
          throw new CredentialsError(noCredentialsMessage(searched), searched, { cause: err });
        }
        this.#serverRole = { env, error: err };
      }
    }
  }

  /** The keys to sign with: the resolved ones, or the Server Role's (renewed before they expire). */
  async #keys(): Promise<Credentials> {
    const role = this.#serverRole;
    if (role === undefined) return this.#credentials as Credentials;
    const outcome = await this.#serverRoleKeys.get(role.env);
    if (!outcome.ok) {
      const searched = [...role.error.searched, outcome.searched];
      throw new CredentialsError(noCredentialsMessage(searched), searched, { cause: role.error });
    }
    this.#credentials = outcome.credentials;
    return outcome.credentials;
  }

  /** The keys in use. @throws CredentialsError before the Server Role's keys were fetched */
  #current(): Credentials {
    if (this.#credentials === undefined) {
      throw new CredentialsError(
        "the Server Role's keys are fetched with the first request; make a request first",
        [],
      );
    }
    return this.#credentials;
  }

  /** Access key in use (never the secret). */
  get accessKey(): string {
    return this.#current().accessKey;
  }

  /** A short non-secret fingerprint of the access key in use. */
  get keyFingerprint(): string {
    return keyFingerprint(this.#current().accessKey);
  }

  /**
   * The region as set (the `region` option, else `NCLOUD_REGION`) and where it came from: the list
   * layer checks it against the site's regions when a list has hosts per region.
   */
  get regionSetting(): { readonly value: string | undefined; readonly source: string } {
    return this.#region;
  }

  /** The origin (`scheme://host[:port]`) requests of a service go to (with a region's host prefix). */
  originOf(service: ServiceName, regionPrefix = ""): string {
    return resolveOrigin(service, this.site, this.endpoint, regionPrefix);
  }

  /** The configure-file profile the credentials came from, when they came from the file. */
  get credentialsProfile(): string | undefined {
    return this.#current().profile;
  }

  /** Where the credentials came from. */
  get credentialsSource(): string {
    return this.#current().source;
  }

  /**
   * GETs `path` (the whole path: the service's base path and the list's path) of a service with the
   * query pairs in the order given and returns the parsed JSON body.
   *
   * @throws ApiError, NetworkError, TimeoutError, ResponseTooLargeError, ResponseShapeError (not JSON)
   */
  async getJson(
    service: ServiceName,
    path: string,
    query: readonly QueryPair[] = [],
    request: RequestOptions = {},
  ): Promise<unknown> {
    const origin = this.originOf(service, request.regionPrefix);
    const hostNote = this.#unconfirmedNote(origin, request.unconfirmedHost === true);
    const maxRetries = Math.min(request.maxRetries ?? this.maxRetries, this.maxRetries);
    const signal = request.signal;
    const target = requestUri(path, buildQueryString(query));
    const info: RequestInfo = { service, method: "GET", path: target };
    const clock = this.#opts.clock ?? Date.now;
    const sleep = this.#opts.sleep ?? ((ms: number) => delay(ms));
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      const headers = this.#headers(target, await this.#keys(), String(clock()));
      const started = performance.now();
      let res: RawResponse;
      this.attempts++;
      try {
        res = await this.#send(origin, target, headers, signal);
      } catch (err) {
        this.#emit(service, target, attempt, 0, started);
        if (signal?.aborted === true) throw signal.reason;
        if (err instanceof AttemptTimeout) {
          throw new TimeoutError(info, this.timeoutMs, { cause: err }, hostNote);
        }
        if (err instanceof AttemptTooLarge) throw new ResponseTooLargeError(info, this.maxResponseBytes);
        if (attempt <= maxRetries) {
          await sleep(this.#backoff(attempt));
          continue;
        }
        throw new NetworkError(info, attempt, describeNetworkError(err) + hostNote, {
          cause: err,
        });
      }
      this.#emit(service, target, attempt, res.status, started);
      if (res.status >= 200 && res.status < 300) return this.#successBody(info, res, attempt, hostNote);
      if (res.status >= 300 && res.status < 400) throw this.#redirectError(info, res, attempt, hostNote);
      if (RETRYABLE_STATUS.has(res.status) && attempt <= maxRetries) {
        const retryAfter = parseRetryAfter(res.headers["retry-after"], clock());
        const maxRetryAfter = this.#opts.maxRetryAfterMs ?? 60_000;
        if (retryAfter === undefined || retryAfter <= maxRetryAfter) {
          await sleep(retryAfter ?? this.#backoff(attempt));
          continue;
        }
      }
      throw this.#apiError(info, res, attempt, hostNote);
    }
  }

  /** Closes kept-alive connections. The client can still be used afterwards. */
  close(): void {
    this.#httpAgent.destroy();
    this.#httpsAgent?.destroy();
  }

  #emit(service: ServiceName, path: string, attempt: number, status: number, started: number): void {
    this.#opts.onAttempt?.({ service, path, attempt, status, durationMs: performance.now() - started });
  }

  /** The headers of one attempt, signed with its keys and timestamp. */
  #headers(target: string, keys: Credentials, timestamp: string): Record<string, string> {
    const headers: Record<string, string> = {
      accept: "application/json",
      // As NCP's examples and Terraform provider send it (Cloud Functions marks it required).
      "content-type": "application/json",
      "user-agent": "cdktf-ncloud-lookups",
      ...signedHeaders({
        method: "GET",
        requestUri: target,
        timestamp,
        accessKey: keys.accessKey,
        secretKey: keys.secretKey,
      }),
    };
    if (this.#opts.apiKey !== undefined) headers["x-ncp-apigw-api-key"] = this.#opts.apiKey;
    return headers;
  }

  /**
   * The parsed body of a 2xx answer.
   *
   * @throws ResponseShapeError for a body that is not JSON; ApiError for an NCP error body sent with 200.
   */
  #successBody(info: RequestInfo, res: RawResponse, attempt: number, hostNote: string): unknown {
    const text = this.#decodeBody(info, res);
    let json: unknown;
    try {
      json = JSON.parse(text) as unknown;
    } catch (err) {
      throw new ResponseShapeError(info, "$", `body is not JSON (${res.body.length} bytes)`, {
        cause: err,
      });
    }
    if (isNcpErrorBody(json)) {
      // Some gateways answer an error with status 200: it is still an error, not an empty list.
      throw this.#apiError(info, { ...res, body: Buffer.from(text, "utf8") }, attempt, hostNote, {
        note: "the server answered HTTP 200 but its body is an NCP error, not a list",
      });
    }
    return json;
  }

  /** The error for a 3xx answer: redirects are never followed (a signature holds for one host and path). */
  #redirectError(info: RequestInfo, res: RawResponse, attempt: number, hostNote: string): ApiError {
    const location = res.headers.location;
    let where = "";
    if (typeof location === "string") {
      try {
        const u = new URL(location, "http://x.invalid");
        where = ` to ${u.host !== "x.invalid" ? `${u.protocol}//${u.host}` : ""}${u.pathname}`;
      } catch {
        where = "";
      }
    }
    return this.#apiError(info, res, attempt, hostNote, {
      note:
        `the server redirected${sanitizeText(where)}; redirects are not followed (a signature is only valid for the host and path it was made for): ` +
        "point NCLOUD_SITE, NCLOUD_API_GW or NCLOUD_LOOKUPS_ENDPOINT at the host that answers",
    });
  }

  #backoff(attempt: number): number {
    const base = this.#opts.retryBaseDelayMs ?? 200;
    const cap = this.#opts.retryMaxDelayMs ?? 5000;
    const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
    const random = this.#opts.random ?? Math.random;
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  }

  /** Said of failures on a host no primary NCP source confirms ("" for any other, or an override). */
  #unconfirmedNote(origin: string, unconfirmed: boolean): string {
    if (this.endpoint !== undefined || !unconfirmed) return "";
    const host = origin.replace(/^https:\/\//, "");
    return ` (${host} follows NCP's host pattern but no NCP document confirms it for the ${this.site} site; if it is wrong, set NCLOUD_API_GW or NCLOUD_LOOKUPS_ENDPOINT to the right host)`;
  }

  #redact(text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    const plain = sanitizeText(htmlToText(text)).replace(/[\n\t]+/g, " ");
    const clipped = plain.length > 500 ? `${plain.slice(0, 500)}…` : plain;
    const secret = this.#credentials?.secretKey ?? "";
    return secret.length >= 4 ? clipped.split(secret).join("[redacted]") : clipped;
  }

  /**
   * The body as text: a compressed body (gzip, deflate, br) is inflated, within the size cap; anything
   * else that is not text is named.
   *
   * @throws ResponseShapeError naming the encoding, ResponseTooLargeError.
   */
  #decodeBody(info: RequestInfo, res: RawResponse): string {
    const raw = res.headers["content-encoding"];
    const encoding = (Array.isArray(raw) ? raw.join(",") : (raw ?? "")).trim().toLowerCase();
    const body = res.body;
    if (encoding === "" || encoding === "identity") {
      if (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) {
        throw new ResponseShapeError(
          info,
          "$",
          "the body is gzip-compressed but the server did not say so (no Content-Encoding header)",
        );
      }
      return body.toString("utf8");
    }
    // Loaded only for a compressed body (NCP's answers here are plain).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const zlib = require("node:zlib") as typeof Zlib;
    const inflate: Record<string, (b: Buffer, o: { maxOutputLength: number }) => Buffer> = {
      gzip: zlib.gunzipSync,
      "x-gzip": zlib.gunzipSync,
      deflate: zlib.inflateSync,
      br: zlib.brotliDecompressSync,
    };
    const fn = inflate[encoding];
    if (fn === undefined) {
      throw new ResponseShapeError(
        info,
        "$",
        `the body is encoded with Content-Encoding ${JSON.stringify(sanitizeText(encoding.slice(0, 40)))}, which this client cannot decode`,
      );
    }
    try {
      return fn(body, { maxOutputLength: this.maxResponseBytes }).toString("utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError) {
        throw new ResponseTooLargeError(info, this.maxResponseBytes);
      }
      throw new ResponseShapeError(info, "$", `the ${encoding}-compressed body could not be decompressed`, {
        cause: err,
      });
    }
  }

  #apiError(
    info: RequestInfo,
    res: RawResponse,
    attempts: number,
    hostNote: string,
    extra: { note?: string } = {},
  ): ApiError {
    const parsed = parseNcpErrorBody(res.body);
    const origin = res.headers["x-ncp-apigw-response-origin"];
    const headerId = res.headers["x-ncp-apigw-request-id"];
    const requestId =
      typeof headerId === "string" && headerId.trim() !== "" ? headerId.trim() : parsed.requestId;
    const unconfirmed = hostNote.trim().replace(/^\((.*)\)$/, "$1");
    const base =
      extra.note ?? (unconfirmed !== "" && (res.status === 404 || res.status >= 500) ? unconfirmed : "");
    // Where the keys came from (variable names, file and section, or Server Role), never the keys.
    const keys =
      res.status === 401 && this.#credentials !== undefined
        ? `the keys came from ${this.#credentials.source}`
        : "";
    const note = [base, keys].filter((x) => x !== "").join("; ");
    return new ApiError({
      ...info,
      status: res.status,
      attempts,
      ...(parsed.code !== undefined ? { ncpCode: this.#redact(parsed.code) } : {}),
      ...(parsed.message !== undefined ? { ncpMessage: this.#redact(parsed.message) } : {}),
      ...(parsed.details !== undefined ? { details: this.#redact(parsed.details) } : {}),
      ...(requestId !== undefined ? { requestId: this.#redact(requestId.slice(0, 200)) } : {}),
      ...(note !== "" ? { note } : {}),
      ...(typeof origin === "string" ? { origin: origin.slice(0, 20) } : {}),
    });
  }

  #send(
    origin: string,
    target: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<RawResponse> {
    const url = new URL(origin);
    const secure = url.protocol === "https:";
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const https = secure ? (require("node:https") as typeof Https) : undefined;
    const mod = https ?? http;
    const limit = this.maxResponseBytes;
    return new Promise<RawResponse>((resolve, reject) => {
      let settled = false;
      const fail = (err: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(err);
      };
      const req = mod.request({
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ""),
        port: url.port === "" ? undefined : Number(url.port),
        method: "GET",
        path: target,
        headers,
        agent:
          https !== undefined
            ? (this.#httpsAgent ??= new https.Agent({ keepAlive: true, maxSockets: 64 }))
            : this.#httpAgent,
      });
      const timer = setTimeout(() => fail(new AttemptTimeout("timed out")), this.timeoutMs);
      if (signal !== undefined) {
        const onAbort = (): void => fail(signal.reason);
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
        req.on("close", () => signal.removeEventListener("abort", onAbort));
      }
      req.on("error", fail);
      req.on("response", (res) => {
        const declared = Number(res.headers["content-length"]);
        if (Number.isFinite(declared) && declared > limit) {
          fail(new AttemptTooLarge());
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) {
            fail(new AttemptTooLarge());
            return;
          }
          chunks.push(chunk);
        });
        res.on("error", fail);
        res.on("close", () => {
          if (!res.complete) fail(new Error("connection closed before the response body was complete"));
        });
        res.on("end", () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      });
      req.end();
    });
  }
}

function describeNetworkError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === "ECONNREFUSED") return "connection refused";
  if (e?.code === "ECONNRESET") return "connection reset by the server";
  if (e?.code === "ENOTFOUND") return "host not found";
  if (e?.code !== undefined) return `${e.code}`;
  return e?.message ?? "network error";
}
