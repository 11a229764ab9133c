/**
 * Request-to-answer logic of the emulator: query parsing, the lists' answers (derived from their
 * definitions, see `lib/lists/serve.ts`) and the NCP error bodies of each service. No I/O here;
 * `emulator.ts` does the HTTP.
 */
import { randomUUID } from "node:crypto";
import { BUILT_IN_LISTS } from "../lists";
import { serviceErrors } from "../lists/services";
import { findList, listDefinition, listKinds } from "../services/meta";
import { BadQueryError, FilterCache, serveList, type ListAnswer, type PageModifiers } from "../lists/serve";
import type { EmulatorDataSet, ListKind, PagedListKind } from "./data";

export { BadQueryError, FilterCache, type ListAnswer, type PageModifiers };

/** Request paths of the built-in lists (host does not matter). */
export const LIST_PATHS: Readonly<Record<ListKind, string>> = Object.fromEntries(
  BUILT_IN_LISTS.map((d) => [d.kind, `${d.basePath}${d.path}`]),
) as Record<ListKind, string>;

/** A list a request path serves, and the site whose base path it is when only some sites use it. */
export interface PathMatch {
  readonly kind: ListKind;
  readonly site?: string;
}

/** The list a request path serves, if any: every list known in this process, on every site's base path. */
export function matchPath(path: string): PathMatch | undefined {
  for (const kind of listKinds()) {
    const def = listDefinition(kind);
    if (`${def.basePath}${def.path}` === path) return { kind: kind as ListKind };
    for (const [site, base] of Object.entries(def.siteBasePaths ?? {})) {
      if (`${base}${def.path}` === path) return { kind: kind as ListKind, site };
    }
  }
  return undefined;
}

/** The list a request path serves, if any. */
export function kindOfPath(path: string): ListKind | undefined {
  return matchPath(path)?.kind;
}

/**
 * The value of a list's bucket parameter when a request on a site's own base path names none: what
 * the site fixes it to (Cloud Functions' older `/api/v2` path serves classic only).
 */
export function siteDefaultBucket(match: PathMatch): string | undefined {
  if (match.site === undefined) return undefined;
  const def = listDefinition(match.kind);
  const bucket = def.filters.find((f) => f.kind === "bucket");
  const fixed = def.siteFixedParams?.[match.site];
  return bucket !== undefined && fixed !== undefined ? fixed[bucket.param] : undefined;
}

/** True when a list pages (it has page sizes to cap or refuse). */
export function isPaged(kind: string): boolean {
  return listDefinition(kind).paging.style !== "none";
}

/** Default maximum page size of each paged built-in list (its definition's `emulator.cap`). */
export const DEFAULT_PAGE_SIZE_CAPS: Readonly<Record<PagedListKind, number>> = Object.fromEntries(
  BUILT_IN_LISTS.filter((d) => d.paging.style !== "none").map((d) => [
    d.kind,
    d.emulator.cap ?? d.paging.defaultSize ?? 100,
  ]),
) as Record<PagedListKind, number>;

/**
 * Splits a raw query string (no `?`) into decoded pairs as form data, the way NCP's servers read what
 * its clients write: `+` is a space (Go's `url.Values.Encode()`), `%XX` sequences are UTF-8 decoded
 * (`%2B` is a plus, `%20` a space: Java's okhttp and this library). The first occurrence of a repeated
 * name wins. The signature is checked over the raw query, as received.
 *
 * @throws BadQueryError on malformed percent-encoding.
 */
export function parseQuery(rawQuery: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (rawQuery === "") return out;
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? "" : part.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, " "));
      value = decodeURIComponent(rawValue.replace(/\+/g, " "));
    } catch {
      throw new BadQueryError(`Malformed percent-encoding in query parameter '${rawKey}'.`);
    }
    if (!Object.prototype.hasOwnProperty.call(out, key)) out[key] = value;
  }
  return out;
}

/**
 * Validates the query of a list request and computes its 200 answer, as the list's definition says.
 *
 * @throws BadQueryError for an invalid query value.
 */
export function answerList(
  kind: ListKind,
  query: Record<string, string>,
  data: EmulatorDataSet,
  caps: Readonly<Partial<Record<string, number>>>,
  cache: FilterCache,
  mods: PageModifiers = {},
): ListAnswer {
  return serveList(listDefinition(kind), query, data as Record<string, unknown>, caps[kind], cache, mods);
}

/** The field of an item that `wrong-shape` breaks, and the wrong value it gets. */
export function wrongShapeField(kind: string): readonly [string, unknown] {
  const def = listDefinition(kind);
  return [def.nameField, def.emulator.wrongNameValue];
}

/** The field `oversize` pads: the list's description field, else a field named `padding`. */
export function descriptionField(kind: string): string {
  return listDefinition(kind).descriptionField ?? "padding";
}

/** Sets `value` at a dotted path of `body` (the path must exist up to its parent). */
export function setAtPath(body: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let obj = body;
  for (const p of parts.slice(0, -1)) obj = obj[p] as Record<string, unknown>;
  obj[parts[parts.length - 1] as string] = value;
}

// ---------------------------------------------------------------------------------------------
// Error bodies

/** `x-ncp-apigw-response-origin` value. */
export type ResponseOrigin = "APIGW" | "ENDPOINT";

/** An error answer: status, origin header and JSON body. */
export interface ErrorAnswer {
  readonly status: number;
  readonly origin: ResponseOrigin;
  readonly body: Record<string, unknown>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Gateway-style body: `{"error":{"errorCode":"<string>","message":...,"details":...}}`. */
export function gatewayErrorBody(
  code: string | number,
  message: string,
  details?: string,
): Record<string, unknown> {
  const error: Record<string, unknown> = { errorCode: String(code), message };
  if (details !== undefined) error.details = details;
  return { error };
}

/**
 * The body a service itself (ENDPOINT) answers an error with: Sub Account flat with an integer code,
 * External Access with `requestId` instead of `details`, the others gateway style.
 */
export function serviceErrorBody(
  kind: ListKind,
  code: string | number,
  message: string,
  details?: string,
): Record<string, unknown> {
  const service = findList(kind)?.service;
  switch (service !== undefined ? serviceErrors(service).body : "gateway") {
    case "flat": {
      const n = typeof code === "number" ? code : /^\d+$/.test(code) ? Number(code) : code;
      return { errorCode: n, message: details === undefined ? message : `${message}: ${details}` };
    }
    case "request-id":
      return { error: { errorCode: String(code), message, requestId: randomUUID() } };
    default:
      return gatewayErrorBody(code, message, details);
  }
}

/** How the service of a list answers errors (the gateway's way for a list not known). */
function errorsOf(kind: ListKind): ReturnType<typeof serviceErrors> {
  return serviceErrors(findList(kind)?.service ?? "");
}

/** The 400 answer for an invalid query value, in the service's shape. */
export function badRequest(kind: ListKind, details: string): ErrorAnswer {
  const code = errorsOf(kind).badRequestCode;
  return { status: 400, origin: "ENDPOINT", body: serviceErrorBody(kind, code, "Bad Request", details) };
}

/** The gateway's 401 for a request that fails signature verification. */
export function authFailed(details: string): ErrorAnswer {
  return { status: 401, origin: "APIGW", body: gatewayErrorBody("200", "Authentication Failed", details) };
}

/** The gateway's 404 for an unknown path. */
export function notFound(path: string): ErrorAnswer {
  return {
    status: 404,
    origin: "APIGW",
    body: gatewayErrorBody("300", "Not Found Exception", `No API found for ${path}.`),
  };
}

/**
 * "No permission" as each service answers it (`lib/lists/service-errors.ts`): the gateway's IAM check
 * (401 code 210 `Permission Denied`), or the service itself (Cloud Functions: 403 code 80002).
 */
export function noPermission(kind: ListKind): ErrorAnswer {
  const n = errorsOf(kind).noPermission;
  return {
    status: n.status,
    origin: n.origin,
    body:
      n.origin === "APIGW"
        ? gatewayErrorBody(n.code, n.message, n.details)
        : serviceErrorBody(kind, n.code, n.message, n.details),
  };
}

const DEFAULT_CODES: Readonly<Record<number, readonly [string, string]>> = {
  400: ["100", "Bad Request"],
  401: ["200", "Authentication Failed"],
  403: ["230", "Forbidden"],
  404: ["300", "Not Found Exception"],
  429: ["420", "Rate Limited"],
  500: ["900", "Unexpected Error"],
  503: ["500", "Endpoint Error"],
  504: ["510", "Endpoint Timeout"],
};

/** Options of {@link statusAnswer} (those of a `status` fault). */
export interface StatusAnswerOptions {
  readonly status: number;
  readonly retryAfterSeconds?: number;
  readonly ncpCode?: string | number;
  readonly message?: string;
  readonly origin?: ResponseOrigin;
}

/** An arbitrary error answer in the right NCP shape (for `status` faults). */
export function statusAnswer(kind: ListKind, o: StatusAnswerOptions): ErrorAnswer {
  const origin = o.origin ?? ([401, 429, 503, 504].includes(o.status) ? "APIGW" : "ENDPOINT");
  const [dCode, dMessage] =
    errorsOf(kind).noPermission.status === 403 && o.status === 403
      ? [errorsOf(kind).noPermission.code, errorsOf(kind).noPermission.message]
      : (DEFAULT_CODES[o.status] ?? (o.status >= 500 ? ["900", "Unexpected Error"] : ["100", "Error"]));
  const code = o.ncpCode ?? dCode;
  const message = o.message ?? dMessage;
  const details = "Injected by the emulator.";
  const body =
    origin === "APIGW"
      ? gatewayErrorBody(code, message, details)
      : serviceErrorBody(kind, code, message, details);
  const headers: Record<string, string> = {};
  if (o.retryAfterSeconds !== undefined) headers["retry-after"] = String(o.retryAfterSeconds);
  return { status: o.status, origin, body, headers };
}
