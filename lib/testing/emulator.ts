/**
 * The NCP emulator: a real HTTP server on loopback that answers the four list APIs like NAVER Cloud
 * Platform does (signature v2, paging, filters, error bodies), records what it received and injects
 * faults. Control it in-process or over its unsigned `/__emulator/` admin interface.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { ListDefinition } from "../lists/definition";
import { inThreadServers } from "../lookups/in-thread";
import { findList, isListKind, listKinds, registerList } from "../services/meta";
import { ACCESS_KEY_HEADER, verifySignatureV2 } from "./auth";
import {
  cloneDataSet,
  defaultDataSet,
  type EmulatorDataSet,
  type ListKind,
  type PagedListKind,
} from "./data";
import { DEFAULT_OVERSIZE_BYTES, FaultQueue, parseFaultSpec, type FaultSpec, type FaultType } from "./faults";
import {
  answerList,
  authFailed,
  BadQueryError,
  badRequest,
  DEFAULT_PAGE_SIZE_CAPS,
  descriptionField,
  FilterCache,
  isPaged,
  matchPath,
  siteDefaultBucket,
  noPermission,
  notFound,
  parseQuery,
  setAtPath,
  statusAnswer,
  wrongShapeField,
  type ErrorAnswer,
  type ResponseOrigin,
} from "./responses";

/** Demo access key the emulator accepts by default; obviously not a real NCP key. */
export const DEMO_ACCESS_KEY = "NCPDEMO0ACCESS0KEY00";
/** Demo secret key paired with {@link DEMO_ACCESS_KEY}; obviously not a real NCP key. */
export const DEMO_SECRET_KEY = "demo-secret-not-a-real-ncp-key";

/** Path prefix of the unsigned admin interface. */
export const ADMIN_PREFIX = "/__emulator/";
/** Where NCP's server metadata service answers a Server Role's credentials. */
export const METADATA_CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/";
/** The Server Role name the emulator's metadata service answers. */
export const EMULATOR_ROLE = "ncloud-lookups-emulator-role";

/** Options of {@link NcloudEmulator.start}. */
export interface EmulatorOptions {
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /** Port; 0 picks a free one. @default 0 */
  port?: number;
  /** The access key requests must be signed with. @default DEMO_ACCESS_KEY */
  accessKey?: string;
  /** Its secret key. @default DEMO_SECRET_KEY */
  secretKey?: string;
  /** What to serve (copied at start). Lists left out are served empty. @default defaultDataSet() */
  data?: EmulatorDataSet;
  /**
   * Lists to serve besides the shipped four, by their definitions (registered in this process, as
   * `registerList` does). Their items go into `data` under their kind.
   */
  lists?: readonly ListDefinition[];
  /**
   * More accounts: each key pair sees its own data set (lists left out are served empty). Requests
   * signed with {@link accessKey} see {@link data}.
   */
  accounts?: ReadonlyArray<{ accessKey: string; secretKey: string; data?: EmulatorDataSet }>;
  /**
   * Refuse page sizes above `maxSize` (instead of capping them), answering `status` (400 or a 5xx), as
   * some real servers do. @default none
   */
  refusePageSizesAbove?: { maxSize: number; status: number };
  /** Maximum page size per paged list; larger requests silently get the cap. @default policies 100, profiles 50, products 100 */
  pageSizeCaps?: Partial<Record<PagedListKind, number>>;
  /** Delay before every answer, in milliseconds. @default 0 */
  latencyMs?: number;
  /** Server clock for the timestamp check and request records, epoch milliseconds. @default Date.now */
  clock?: () => number;
  /** Requests kept in {@link NcloudEmulator.requests}; the oldest are dropped beyond it. @default 100000 */
  maxRecordedRequests?: number;
}

/** One request the emulator received on a list path or an unknown path (admin requests are not recorded). */
export interface RecordedRequest {
  readonly method: string;
  /** Raw request target (`req.url`), path plus `?query` exactly as received. */
  readonly target: string;
  /** Path part of the target. */
  readonly path: string;
  /** Decoded query parameters (first occurrence wins). */
  readonly query: Record<string, string>;
  /** The list requested, when the path is one of the four. */
  readonly kind?: ListKind;
  /** HTTP status answered; 0 while unanswered or when the fault sent none (reset, hang). */
  status: number;
  /** `x-ncp-iam-access-key` header as received. */
  readonly accessKey?: string;
  /** Arrival time by the emulator's clock, epoch milliseconds. */
  readonly time: number;
  /** The fault applied to this request, if any. */
  fault?: FaultType;
  /** What the fault did, e.g. `items[1].policyName = 12345` for `wrong-shape`. */
  faultDetail?: string;
}

const JSON_TYPE = "application/json;charset=UTF-8";

function formatHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

function checkCap(kind: string, n: number): void {
  const paged = listKinds().filter((k) => findList(k)?.paging.style !== "none");
  if (!paged.includes(kind)) {
    throw new RangeError(`page size cap: unknown paged list '${kind}' (${paged.join(", ")})`);
  }
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RangeError(`page size cap for ${kind} must be a whole number >= 1, got ${String(n)}`);
  }
}

function checkLatency(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`latency must be a number of ms >= 0, got ${ms}`);
}

/**
 * An NCP emulator listening on loopback. Start with {@link NcloudEmulator.start}; always {@link stop}.
 * Requests must carry a valid signature v2 made with {@link accessKey} / {@link secretKey}.
 */
export class NcloudEmulator {
  /**
   * Starts an emulator and resolves once it listens.
   *
   * @throws RangeError for an invalid cap or latency; the listen error (e.g. EADDRINUSE).
   */
  static async start(options: EmulatorOptions = {}): Promise<NcloudEmulator> {
    const emulator = new NcloudEmulator(options);
    await emulator.listen(options.host ?? "127.0.0.1", options.port ?? 0);
    return emulator;
  }

  /** Base URL, e.g. `http://127.0.0.1:43127` (no trailing slash). */
  get url(): string {
    return this.baseUrl;
  }
  /** The access key requests must be signed with. */
  readonly accessKey: string;
  /** The secret key paired with {@link accessKey}. */
  readonly secretKey: string;

  private baseUrl = "";
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private readonly recorded: RecordedRequest[] = [];
  private readonly maxRecorded: number;
  private readonly faults = new FaultQueue();
  private readonly caps: Record<PagedListKind, number>;
  private readonly dataSet: EmulatorDataSet;
  private readonly accounts = new Map<
    string,
    { secretKey: string; data: EmulatorDataSet; cache: FilterCache }
  >();
  private refusal: { maxSize: number; status: number } | undefined;
  private readonly cache = new FilterCache();
  private readonly clock: () => number;
  private latencyMs: number;
  private stopping: Promise<void> | undefined;

  private constructor(options: EmulatorOptions) {
    for (const def of options.lists ?? []) if (!isListKind(def.kind)) registerList(def);
    this.accessKey = options.accessKey ?? DEMO_ACCESS_KEY;
    this.secretKey = options.secretKey ?? DEMO_SECRET_KEY;
    this.dataSet = options.data !== undefined ? cloneDataSet(options.data) : defaultDataSet();
    for (const a of options.accounts ?? []) {
      if (a.accessKey === this.accessKey) throw new RangeError(`account ${a.accessKey} is the main account`);
      this.accounts.set(a.accessKey, {
        secretKey: a.secretKey,
        data: cloneDataSet(a.data ?? {}),
        cache: new FilterCache(),
      });
    }
    if (options.refusePageSizesAbove !== undefined) this.setPageSizeRefusal(options.refusePageSizesAbove);
    this.caps = { ...DEFAULT_PAGE_SIZE_CAPS };
    for (const [kind, n] of Object.entries(options.pageSizeCaps ?? {})) {
      checkCap(kind, n);
      this.caps[kind as PagedListKind] = n;
    }
    this.latencyMs = options.latencyMs ?? 0;
    checkLatency(this.latencyMs);
    this.clock = options.clock ?? Date.now;
    this.maxRecorded = options.maxRecordedRequests ?? 100_000;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => this.internalError(res, err));
    });
    this.server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  private listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        const addr = this.server.address() as AddressInfo;
        this.baseUrl = `http://${formatHost(host)}:${addr.port}`;
        inThreadServers().add(this.baseUrl);
        resolve();
      });
    });
  }

  /** Requests received so far, oldest first (a live view; admin requests are not recorded). */
  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }

  /** Forgets the recorded requests. */
  clearRequests(): void {
    this.recorded.length = 0;
  }

  /** Sets the delay before every answer, in milliseconds. @throws RangeError for a negative value. */
  setLatency(ms: number): void {
    checkLatency(ms);
    this.latencyMs = ms;
  }

  /** Sets the maximum page size of a paged list. @throws RangeError for n < 1 or an unknown list. */
  setPageSizeCap(kind: PagedListKind, n: number): void {
    checkCap(kind, n);
    this.caps[kind] = n;
  }

  /** Refuses page sizes above `maxSize` with `status` (400 or 5xx); `undefined` stops refusing. */
  setPageSizeRefusal(refusal: { maxSize: number; status: number } | undefined): void {
    if (refusal !== undefined) {
      if (!Number.isSafeInteger(refusal.maxSize) || refusal.maxSize < 1) {
        throw new RangeError(`maxSize must be a whole number >= 1, got ${String(refusal.maxSize)}`);
      }
      if (refusal.status !== 400 && !(refusal.status >= 500 && refusal.status <= 599)) {
        throw new RangeError(`refusal status must be 400 or 5xx, got ${String(refusal.status)}`);
      }
    }
    this.refusal = refusal;
  }

  /** The current page size caps. */
  pageSizeCaps(): Readonly<Record<PagedListKind, number>> {
    return { ...this.caps };
  }

  /** Injects a fault (see {@link FaultSpec}); faults apply in injection order. @throws Error for an invalid spec. */
  injectFault(fault: FaultSpec): void {
    this.faults.add(fault);
  }

  /** Removes every injected fault. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** A deep copy of the data served. */
  data(): EmulatorDataSet {
    return cloneDataSet(this.dataSet);
  }

  /** Closes the server and every open socket (hung ones included) and resolves when closed. Idempotent. */
  stop(): Promise<void> {
    inThreadServers().delete(this.baseUrl);
    this.stopping ??= new Promise<void>((resolve) => {
      for (const [timer, fire] of this.timers) {
        clearTimeout(timer);
        fire();
      }
      this.timers.clear();
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
      this.sockets.clear();
    });
    return this.stopping;
  }

  // -------------------------------------------------------------------------------------------

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.stopping !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.set(timer, resolve);
    });
  }

  private record(rec: RecordedRequest): void {
    this.recorded.push(rec);
    if (this.recorded.length > this.maxRecorded)
      this.recorded.splice(0, this.recorded.length - this.maxRecorded);
  }

  private send(
    res: ServerResponse,
    rec: RecordedRequest | undefined,
    status: number,
    body: string | Buffer,
    origin: ResponseOrigin | undefined,
    extra: Readonly<Record<string, string>> = {},
  ): void {
    if (this.gone(res) || res.headersSent) return;
    const buf = typeof body === "string" ? Buffer.from(body, "utf8") : body;
    const headers: Record<string, string> = {
      ...(buf.length > 0 ? { "content-type": JSON_TYPE } : {}),
      "content-length": String(buf.length),
      ...extra,
    };
    if (origin !== undefined) headers["x-ncp-apigw-response-origin"] = origin;
    if (rec !== undefined) rec.status = status;
    res.writeHead(status, headers);
    res.end(buf);
  }

  /** True once the client is gone or the emulator is stopping: nothing more may be written. */
  private gone(res: ServerResponse): boolean {
    return this.stopping !== undefined || res.destroyed || res.socket === null || res.socket.destroyed;
  }

  private sendError(res: ServerResponse, rec: RecordedRequest, answer: ErrorAnswer): void {
    // NCP's gateway names every answer with a request id: what NCP support asks for.
    const headers = { "x-ncp-apigw-request-id": randomUUID(), ...answer.headers };
    this.send(res, rec, answer.status, JSON.stringify(answer.body), answer.origin, headers);
  }

  private internalError(res: ServerResponse, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.send(
      res,
      undefined,
      500,
      JSON.stringify({ error: { errorCode: "900", message: "Unexpected Error", details: message } }),
      "ENDPOINT",
    );
  }

  /**
   * NCP's server metadata service, for the Server Role credentials source: the role names, then the
   * role's keys (this emulator's own, valid for an hour). Point `NCLOUD_METADATA_API_ENDPOINT` here.
   */
  private handleMetadata(req: IncomingMessage, res: ServerResponse, path: string): void {
    req.resume();
    this.record({
      method: req.method ?? "GET",
      target: req.url ?? path,
      path,
      query: {},
      status: 200,
      time: this.clock(),
    });
    const role = decodeURIComponent(path.slice(METADATA_CREDENTIALS_PATH.length));
    if (role === "") {
      res.writeHead(200, { "content-type": "text/plain" }).end(`${EMULATOR_ROLE}\n`);
      return;
    }
    if (role !== EMULATOR_ROLE) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        AccessKeyId: this.accessKey,
        SecretAccessKey: this.secretKey,
        Expiration: new Date(this.clock() + 3_600_000).toISOString(),
        Code: "Success",
        Message: "",
      }),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? "/";
    const q = target.indexOf("?");
    const path = q < 0 ? target : target.slice(0, q);
    const rawQuery = q < 0 ? "" : target.slice(q + 1);
    if (path.startsWith(ADMIN_PREFIX)) return this.handleAdmin(req, res, path);
    if (path.startsWith(METADATA_CREDENTIALS_PATH)) return this.handleMetadata(req, res, path);

    const match = matchPath(path);
    const kind = match?.kind;
    let query: Record<string, string> = {};
    let queryError: string | undefined;
    try {
      query = parseQuery(rawQuery);
    } catch (err) {
      queryError = (err as Error).message;
    }
    const accessKeyHeader = req.headers[ACCESS_KEY_HEADER];
    const rec: RecordedRequest = {
      method: req.method ?? "GET",
      target,
      path,
      query,
      status: 0,
      time: this.clock(),
      ...(kind !== undefined ? { kind } : {}),
      ...(typeof accessKeyHeader === "string" ? { accessKey: accessKeyHeader } : {}),
    };
    this.record(rec);
    // Drain any request body so keep-alive connections stay usable.
    req.resume();

    await this.sleep(this.latencyMs);
    if (kind === undefined || rec.method !== "GET") return this.sendError(res, rec, notFound(path));

    const auth = verifySignatureV2(
      { method: rec.method, target, headers: req.headers },
      (ak) => (ak === this.accessKey ? this.secretKey : this.accounts.get(ak)?.secretKey),
      this.clock(),
    );
    if (!auth.ok) return this.sendError(res, rec, authFailed(auth.details));
    const account = this.accounts.get(auth.accessKey);

    const taken = this.faults.take(kind);
    const fault = taken?.spec;
    if (fault !== undefined) rec.fault = fault.type;

    switch (fault?.type) {
      case "latency":
        await this.sleep(fault.ms);
        break;
      case "status":
        return this.sendError(res, rec, statusAnswer(kind, fault));
      case "no-permission":
        return this.sendError(res, rec, noPermission(kind));
      case "reset":
        if (!this.gone(res)) req.socket.resetAndDestroy();
        return;
      case "hang":
        return;
      default:
        break;
    }

    if (queryError !== undefined) return this.sendError(res, rec, badRequest(kind, queryError));
    const asked = Number(query.size ?? query.limit);
    if (this.refusal !== undefined && isPaged(kind) && asked > this.refusal.maxSize) {
      const r = this.refusal;
      return this.sendError(
        res,
        rec,
        r.status === 400
          ? badRequest(kind, `page size ${asked} is larger than ${r.maxSize}`)
          : statusAnswer(kind, { status: r.status }),
      );
    }
    let answer;
    try {
      answer = answerList(
        kind,
        query,
        account?.data ?? this.dataSet,
        this.caps,
        account?.cache ?? this.cache,
        {
          stuck: fault?.type === "stuck-paging",
          totalsBump: fault?.type === "changing-totals" ? (taken?.use ?? 0) : 0,
          ...(match !== undefined && siteDefaultBucket(match) !== undefined
            ? { defaultBucket: siteDefaultBucket(match) }
            : {}),
        },
      );
    } catch (err) {
      if (err instanceof BadQueryError) return this.sendError(res, rec, badRequest(kind, err.message));
      throw err;
    }
    const { body, itemsPath } = answer;
    let items = answer.items;

    if (fault?.type === "wrong-shape") {
      const [field, bad] = wrongShapeField(kind);
      if (items.length === 0) {
        setAtPath(body, itemsPath, null);
        rec.faultDetail = `${itemsPath} = null`;
      } else {
        const index = Math.min(fault.index ?? (items.length > 1 ? 1 : 0), items.length - 1);
        items = [...items];
        items[index] = { ...items[index], [field]: bad };
        setAtPath(body, itemsPath, items);
        rec.faultDetail = `${itemsPath}[${index}].${field} = ${JSON.stringify(bad)}`;
      }
    }

    let json = JSON.stringify(body);
    if (fault?.type === "oversize") {
      const bytes = fault.bytes ?? DEFAULT_OVERSIZE_BYTES;
      const missing = bytes - Buffer.byteLength(json, "utf8");
      if (missing > 0) {
        const field = descriptionField(kind);
        if (items.length > 0) {
          const first = items[0] as Record<string, unknown>;
          const original = typeof first[field] === "string" ? (first[field] as string) : "";
          items = [...items];
          items[0] = { ...first, [field]: original + " ".repeat(missing) };
          setAtPath(body, itemsPath, items);
          rec.faultDetail = `${itemsPath}[0].${field} padded by ${missing} bytes`;
        } else {
          body.padding = " ".repeat(missing);
          rec.faultDetail = `padding field of ${missing} bytes`;
        }
        json = JSON.stringify(body);
      }
    }

    if (fault?.type === "truncate") {
      if (this.gone(res)) return;
      const buf = Buffer.from(json, "utf8");
      rec.status = 200;
      rec.faultDetail = `Content-Length ${buf.length}, sent ${Math.floor(buf.length / 2)} bytes`;
      res.writeHead(200, {
        "content-type": JSON_TYPE,
        "content-length": String(buf.length),
        "x-ncp-apigw-response-origin": "ENDPOINT",
      });
      res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => req.socket.destroy());
      return;
    }

    this.send(res, rec, 200, json, "ENDPOINT");
  }

  // -------------------------------------------------------------------------------------------
  // Admin interface

  private async readJson(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > 1024 * 1024) throw new Error("request body larger than 1 MiB");
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString("utf8");
    return text === "" ? {} : (JSON.parse(text) as unknown);
  }

  private async handleAdmin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const route = `${req.method ?? "GET"} ${path.slice(ADMIN_PREFIX.length - 1)}`;
    const ok = (status: number, body?: unknown): void =>
      this.send(res, undefined, status, body === undefined ? "" : JSON.stringify(body), undefined);
    const bad = (message: string): void => ok(400, { error: message });
    let input: unknown = {};
    if (req.method === "POST") {
      try {
        input = await this.readJson(req);
      } catch (err) {
        return bad(`invalid JSON body: ${(err as Error).message}`);
      }
    } else {
      req.resume();
    }
    const obj = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
    try {
      switch (route) {
        case "GET /health":
          return ok(200, {
            status: "ok",
            url: this.url,
            accessKey: this.accessKey,
            faults: this.faults.size,
          });
        case "GET /requests":
          return ok(200, this.recorded);
        case "DELETE /requests":
          this.clearRequests();
          return ok(204);
        case "POST /faults":
          this.injectFault(parseFaultSpec(input));
          return ok(204);
        case "DELETE /faults":
          this.clearFaults();
          return ok(204);
        case "POST /latency":
          this.setLatency(typeof obj.ms === "number" ? obj.ms : NaN);
          return ok(204);
        case "POST /caps":
          this.setPageSizeCap(
            String(obj.kind) as PagedListKind,
            typeof obj.size === "number" ? obj.size : NaN,
          );
          return ok(204);
        case "POST /refuse-page-sizes":
          this.setPageSizeRefusal(
            obj.maxSize === undefined && obj.status === undefined
              ? undefined
              : { maxSize: Number(obj.maxSize), status: Number(obj.status) },
          );
          return ok(204);
        case "GET /caps":
          return ok(200, this.caps);
        case "GET /data":
          return ok(200, this.dataSet);
        default:
          return ok(404, { error: `no admin route ${route}` });
      }
    } catch (err) {
      return bad((err as Error).message);
    }
  }
}
