/**
 * Every error this library throws on purpose. Messages name the problem and the fix and never hold
 * a secret key, a signature or a request header.
 */

/** The four NCP services the lookups read. */
/**
 * An NCP service by its host's first label: `cloudfunctions`, `subaccount`, `apigateway`,
 * `externalaccess`, or the service of a list of your own.
 */
export type ServiceName = string;

const BRAND = Symbol.for("cdktf-ncloud-lookups.NcloudLookupsError");

/**
 * Base class of every error of this library; `code` is a stable machine-readable name.
 *
 * Error subclasses are out of jsii; in other languages they arrive as exceptions with their message.
 *
 * @jsii ignore
 */
export class NcloudLookupsError extends Error {
  /** True for any error of this library, even from another copy of it. */
  static isNcloudLookupsError(x: unknown): x is NcloudLookupsError {
    return typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[BRAND] === true;
  }
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * A value given by the user (prop, flag, environment variable, query parameter) is not valid.
 *
 * Error subclasses are out of jsii; in other languages they arrive as exceptions with their message.
 *
 * @jsii ignore
 */
export class ValidationError extends NcloudLookupsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("VALIDATION", message, options);
  }
}

/**
 * No usable credentials; `searched` lists where they were looked for (never their values).
 *
 * Error subclasses are out of jsii; in other languages they arrive as exceptions with their message.
 *
 * @jsii ignore
 */
export class CredentialsError extends NcloudLookupsError {
  readonly searched: readonly string[];
  /** True when no source held any keys (not a half-set pair or a bad file): the Server Role may still. */
  readonly nothingFound: boolean;
  constructor(
    message: string,
    searched: readonly string[],
    options?: { cause?: unknown; nothingFound?: boolean },
  ) {
    super("CREDENTIALS", message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.searched = searched;
    this.nothingFound = options?.nothingFound === true;
  }
}

/** What identifies a request in an error: never headers, keys or the signature. */
export interface RequestInfo {
  readonly service: ServiceName;
  readonly method: string;
  /** Path and query as sent. */
  readonly path: string;
}

/** Details of an NCP error answer. */
export interface ApiErrorDetails extends RequestInfo {
  readonly status: number;
  /** NCP error code as a string (`"200"`, `"80002"`, `"9011"`), when the body had one. */
  readonly ncpCode?: string;
  readonly ncpMessage?: string;
  readonly details?: string;
  /** NCP's request id (`x-ncp-apigw-request-id` header, else the body's `requestId`): what NCP support asks for. */
  readonly requestId?: string;
  /** Said after the hint, e.g. that the host is not confirmed by NCP's docs. */
  readonly note?: string;
  /** `APIGW` for gateway answers (auth, throttling), `ENDPOINT` for the service itself. */
  readonly origin?: string;
  /** Attempts made, including the one that failed. */
  readonly attempts: number;
}

function hintFor(d: ApiErrorDetails): string {
  if (d.status === 401 && (d.ncpCode === "200" || d.ncpCode === undefined)) {
    return "check the access key and secret key, and that this machine's clock is within 5 minutes of real time";
  }
  if (d.status === 401 || d.status === 403) {
    return "the key works but lacks permission: grant the sub account a policy that can read this list";
  }
  if (d.status === 429) return "throttled by NCP: retry later or lower --concurrency";
  if (d.status === 404)
    return "check NCLOUD_SITE and NCLOUD_LOOKUPS_ENDPOINT: this service was not found there";
  if (d.status >= 500) return "NCP had a server error: retry later";
  return "check the query parameters";
}

/**
 * NCP answered with an HTTP error status.
 *
 * Error subclasses are out of jsii; in other languages they arrive as exceptions with their message.
 *
 * @jsii ignore
 */
export class ApiError extends NcloudLookupsError implements ApiErrorDetails {
  readonly status: number;
  readonly ncpCode?: string;
  readonly ncpMessage?: string;
  readonly details?: string;
  readonly requestId?: string;
  readonly note?: string;
  readonly origin?: string;
  readonly service: ServiceName;
  readonly method: string;
  readonly path: string;
  readonly attempts: number;
  readonly hint: string;
  constructor(d: ApiErrorDetails) {
    const code = d.ncpCode !== undefined ? ` (NCP error code ${d.ncpCode})` : "";
    const msg = d.ncpMessage !== undefined ? `: ${d.ncpMessage.replace(/[.\s]+$/, "")}` : "";
    const more = [d.details, d.requestId !== undefined ? `request id ${d.requestId}` : undefined].filter(
      (x): x is string => x !== undefined && x !== "",
    );
    const hint = hintFor(d);
    super(
      "API",
      `${d.service} ${d.method} ${d.path} failed with HTTP ${d.status}${code}${msg}` +
        `${more.length > 0 ? ` (${more.join("; ")})` : ""}${d.attempts > 1 ? ` after ${d.attempts} attempts` : ""}; ${hint}` +
        `${d.note !== undefined ? `; ${d.note}` : ""}`,
    );
    this.status = d.status;
    if (d.ncpCode !== undefined) this.ncpCode = d.ncpCode;
    if (d.ncpMessage !== undefined) this.ncpMessage = d.ncpMessage;
    if (d.details !== undefined) this.details = d.details;
    if (d.requestId !== undefined) this.requestId = d.requestId;
    if (d.note !== undefined) this.note = d.note;
    if (d.origin !== undefined) this.origin = d.origin;
    this.service = d.service;
    this.method = d.method;
    this.path = d.path;
    this.attempts = d.attempts;
    this.hint = hint;
  }
}

/**
 * Base of the errors about one request: which service, method and path (never headers or keys).
 *
 * Error subclasses are out of jsii; in other languages they arrive as exceptions with their message.
 *
 * @jsii ignore
 */
export abstract class RequestFailedError extends NcloudLookupsError implements RequestInfo {
  readonly service: ServiceName;
  readonly method: string;
  readonly path: string;
  constructor(code: string, req: RequestInfo, problem: string, options?: { cause?: unknown }) {
    super(code, `${req.service} ${req.method} ${req.path}${problem}`, options);
    this.service = req.service;
    this.method = req.method;
    this.path = req.path;
  }
}

/**
 * The connection failed (refused, reset, DNS, truncated body) after every retry.
 *
 * Error subclasses are out of jsii; in other languages they arrive as exceptions with their message.
 *
 * @jsii ignore
 */
export class NetworkError extends RequestFailedError {
  readonly attempts: number;
  constructor(req: RequestInfo, attempts: number, reason: string, options?: { cause?: unknown }) {
    super(
      "NETWORK",
      req,
      ` failed: ${reason}${attempts > 1 ? ` after ${attempts} attempts` : ""}; ` +
        "check the network, NCLOUD_SITE and NCLOUD_LOOKUPS_ENDPOINT",
      options,
    );
    this.attempts = attempts;
  }
}

/**
 * No complete answer within the per-request timeout.
 *
 * Error subclasses are out of jsii; in other languages they arrive as exceptions with their message.
 *
 * @jsii ignore
 */
export class TimeoutError extends RequestFailedError {
  readonly timeoutMs: number;
  constructor(req: RequestInfo, timeoutMs: number, options?: { cause?: unknown }, note = "") {
    super(
      "TIMEOUT",
      req,
      ` timed out after ${timeoutMs} ms${note}; raise NCLOUD_LOOKUPS_TIMEOUT_MS (or --timeout-ms) or check the endpoint`,
      options,
    );
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The response body was larger than the configured cap.
 *
 * Error subclasses are out of jsii; in other languages they arrive as exceptions with their message.
 *
 * @jsii ignore
 */
export class ResponseTooLargeError extends RequestFailedError {
  readonly limitBytes: number;
  constructor(req: RequestInfo, limitBytes: number) {
    super(
      "RESPONSE_TOO_LARGE",
      req,
      `: response body exceeds ${limitBytes} bytes; ` +
        "raise maxResponseBytes (NCLOUD_LOOKUPS_MAX_RESPONSE_BYTES) or narrow the query with filters",
    );
    this.limitBytes = limitBytes;
  }
}

/**
 * The response was not JSON of the documented shape; `jsonPath` names the bad field.
 *
 * Error subclasses are out of jsii; in other languages they arrive as exceptions with their message.
 *
 * @jsii ignore
 */
export class ResponseShapeError extends RequestFailedError {
  readonly jsonPath: string;
  constructor(req: RequestInfo, jsonPath: string, problem: string, options?: { cause?: unknown }) {
    super(
      "RESPONSE_SHAPE",
      req,
      `: unexpected response at ${jsonPath}: ${problem}; ` +
        "the endpoint may not be an NCP API (check NCLOUD_LOOKUPS_ENDPOINT) or the API changed",
      options,
    );
    this.jsonPath = jsonPath;
  }
}

/**
 * Paging did not converge: the server repeated a page, changed its totals, or ended early.
 *
 * Error subclasses are out of jsii; in other languages they arrive as exceptions with their message.
 *
 * @jsii ignore
 */
export class PagingError extends NcloudLookupsError {
  readonly service: ServiceName;
  constructor(service: ServiceName, path: string, problem: string) {
    super(
      "PAGING",
      `${service} GET ${path}: ${problem}; the list was not returned because it would be incomplete. ` +
        "Retry; if it persists the server's paging is broken",
    );
    this.service = service;
  }
}

/**
 * A name lookup found nothing; the message names the construct, the filters and the nearest names.
 *
 * Error subclasses are out of jsii; in other languages they arrive as exceptions with their message.
 *
 * @jsii ignore
 */
export class LookupNotFoundError extends NcloudLookupsError {
  readonly lookupName: string;
  readonly constructPath: string;
  readonly itemCount: number;
  readonly suggestions: readonly string[];
  constructor(args: {
    list: string;
    name: string;
    constructPath: string;
    filters: string;
    itemCount: number;
    suggestions: readonly string[];
    /** Said before the suggestions, e.g. that a name differs only invisibly. */
    note?: string;
  }) {
    const hint =
      args.note !== undefined
        ? ` ${args.note}. Did you mean ${args.suggestions.map(quoteVisibly).join(" or ")}?`
        : args.suggestions.length > 0
          ? ` Did you mean ${args.suggestions.map((s) => JSON.stringify(s)).join(" or ")}?`
          : " Check the name and the filters, or refresh the lock file (ncloud-lookups refresh) if it was created recently.";
    super(
      "LOOKUP_NOT_FOUND",
      `${args.constructPath}: no ${args.list} item named ${JSON.stringify(args.name)} among ${args.itemCount} item(s) ` +
        `(filters: ${args.filters}).${hint}`,
    );
    this.lookupName = args.name;
    this.constructPath = args.constructPath;
    this.itemCount = args.itemCount;
    this.suggestions = args.suggestions;
  }
}

/** A name in double quotes with its invisible characters written as `\uXXXX`, so a reader sees them. */
/**
 * A value as JSON for a message, cut to a short prefix when long (an input of megabytes is never
 * echoed whole): `"abc…" (5000000 characters)`.
 */
export function shortJson(value: unknown, max = 120): string {
  if (typeof value === "string" && value.length > max) {
    return `${JSON.stringify(value.slice(0, max))}… (${value.length} characters)`;
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max + 2 ? `${text.slice(0, max)}… (${text.length} characters of JSON)` : text;
}

export function quoteVisibly(name: string): string {
  return JSON.stringify(name).replace(
    /\p{Cf}|\p{Variation_Selector}|\u034f|\u17b4|\u17b5|[\u115f\u1160\u3164\uffa0]/gu,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * A name (or a selection that must match one item) matched several items.
 *
 * Error subclasses are out of jsii; in other languages they arrive as exceptions with their message.
 *
 * @jsii ignore
 */
export class AmbiguousLookupError extends NcloudLookupsError {
  readonly constructPath: string;
  readonly matchCount: number;
  constructor(constructPath: string, what: string, matchCount: number, ids: readonly string[]) {
    super(
      "LOOKUP_AMBIGUOUS",
      `${constructPath}: ${what} matches ${matchCount} items (ids ${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", …" : ""}); ` +
        "select by id or with a predicate that tells them apart",
    );
    this.constructPath = constructPath;
    this.matchCount = matchCount;
  }
}

/**
 * A selection by predicate did not match the expected count.
 *
 * Error subclasses are out of jsii; in other languages they arrive as exceptions with their message.
 *
 * @jsii ignore
 */
export class SelectionError extends NcloudLookupsError {
  constructor(message: string) {
    super("LOOKUP_SELECTION", message);
  }
}

/**
 * The lock file is unreadable, corrupt, of an unknown version, or could not be written.
 *
 * Error subclasses are out of jsii; in other languages they arrive as exceptions with their message.
 *
 * @jsii ignore
 */
export class LockFileError extends NcloudLookupsError {
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super("LOCK_FILE", `${file}: ${message}`, options);
    this.file = file;
  }
}

/**
 * Frozen mode met lookups that the lock file does not hold (or holds too old).
 *
 * Error subclasses are out of jsii; in other languages they arrive as exceptions with their message.
 *
 * @jsii ignore
 */
export class FrozenLookupError extends NcloudLookupsError {
  readonly missingKeys: readonly string[];
  readonly file: string;
  constructor(
    file: string,
    missingKeys: readonly string[],
    reason = "missing from",
    details: {
      /** Keys of NCP whose query the file holds only as test data (recorded from a local test server). */
      readonly testOnly?: readonly string[];
      /** Keys the file holds but older than the maximum age, with their fetch times. */
      readonly expired?: ReadonlyArray<{ readonly key: string; readonly fetchedAt: string }>;
    } = {},
  ) {
    const quoted = missingKeys.map((k) => `'${k}'`).join(" ");
    const testOnly = new Set(details.testOnly ?? []);
    const expired = new Map((details.expired ?? []).map((e) => [e.key, e.fetchedAt]));
    const line = (k: string): string => {
      if (testOnly.has(k)) {
        return `  - ${k} (the entry there, local:${k}, came from a local test server: test data never serves a lookup aimed at NCP)`;
      }
      const at = expired.get(k);
      if (at !== undefined) {
        const hours = (Date.now() - Date.parse(at)) / 3_600_000;
        const age =
          hours >= 48 ? `${Math.floor(hours / 24)} days` : `${Math.max(0, Math.floor(hours))} hours`;
        return `  - ${k} (too old: fetched ${at}, ${age} ago, beyond the maximum age)`;
      }
      return `  - ${k}${expired.size > 0 ? " (missing)" : ""}`;
    };
    super(
      "LOOKUP_FROZEN",
      `lookups are frozen (NCLOUD_LOOKUPS_MODE=frozen, the mode setting, or CI=true) and ${missingKeys.length} lookup(s) are ${reason} ${file}:\n` +
        missingKeys.map(line).join("\n") +
        `\nFill them with: npx ncloud-lookups fill ${quoted}\n` +
        (testOnly.size > 0
          ? "(with NCP keys and no endpoint override: NCLOUD_LOOKUPS_ENDPOINT unset, so that they are recorded from NCP) and commit the lock file."
          : "(or synth once with NCLOUD_LOOKUPS_MODE=online where NCP is reachable) and commit the lock file."),
    );
    this.missingKeys = missingKeys;
    this.file = file;
  }
}

/**
 * The synchronous bridge (worker thread) could not start or did not answer in time.
 *
 * Error subclasses are out of jsii; in other languages they arrive as exceptions with their message.
 *
 * @jsii ignore
 */
export class BridgeError extends NcloudLookupsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("BRIDGE", message, options);
  }
}

/**
 * A copy of `err` whose message starts with `context` (e.g. the construct path), same class and
 * fields; other values are returned as they are.
 */
export function withContext(err: unknown, context: string): unknown {
  if (!NcloudLookupsError.isNcloudLookupsError(err) || err.message.startsWith(`${context}: `)) return err;
  const copy = Object.create(Object.getPrototypeOf(err) as object) as NcloudLookupsError;
  Object.assign(copy, err);
  Object.defineProperty(copy, "message", {
    value: `${context}: ${err.message}`,
    writable: true,
    configurable: true,
  });
  Object.defineProperty(copy, "name", { value: err.name, writable: true, configurable: true });
  const frames = (err.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
  const stack = [`${err.name}: ${context}: ${err.message}`, ...frames].join("\n");
  Object.defineProperty(copy, "stack", { value: stack, writable: true, configurable: true });
  Object.defineProperty(copy, BRAND, { value: true });
  return copy;
}
