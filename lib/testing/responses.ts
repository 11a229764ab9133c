/**
 * Request-to-answer logic of the emulator: query parsing, the lists' answers (derived from their
 * definitions, see `lib/lists/serve.ts`) and the NCP error bodies of each service. No I/O here;
 * `emulator.ts` does the HTTP.
 */
import { randomUUID } from "node:crypto";
import { findList, listDefinition, listKinds } from "../services/meta";
import { BadQueryError, FilterCache, serveList, type ListAnswer, type PageModifiers } from "../lists/serve";
import type { EmulatorDataSet, ListKind, PagedListKind } from "./data";

export { BadQueryError, FilterCache, type ListAnswer, type PageModifiers };

/** Request paths of the four lists (host does not matter). */
export const LIST_PATHS: Readonly<Record<ListKind, string>> = Object.fromEntries(
  (["packages", "policies", "products", "profiles"] as const).map((k) => [
    k,
    `${listDefinition(k).basePath}${listDefinition(k).path}`,
  ]),
) as Record<ListKind, string>;

/**
 * Cloud Functions' older path, the only one on the gov site (`/api/v2` base, classic only there); its
 * default platform is classic.
 */
export const LEGACY_PACKAGES_PATH = `${listDefinition("packages").siteBasePaths?.gov ?? "/api/v2"}${listDefinition("packages").path}`;

/** The list a request path serves, if any: every list known in this process, on every site's base path. */
export function kindOfPath(path: string): ListKind | undefined {
  for (const kind of listKinds()) {
    const def = listDefinition(kind);
    const bases = [def.basePath, ...Object.values(def.siteBasePaths ?? {})];
    if (bases.some((b) => `${b}${def.path}` === path)) return kind as ListKind;
  }
  return undefined;
}

/** Default maximum page size of each paged list: policies 100, profiles 50, products 100. */
export const DEFAULT_PAGE_SIZE_CAPS: Readonly<Record<PagedListKind, number>> = {
  policies: listDefinition("policies").emulator.cap ?? 100,
  profiles: listDefinition("profiles").emulator.cap ?? 50,
  products: listDefinition("products").emulator.cap ?? 100,
};

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
  switch (findList(kind)?.service) {
    case "subaccount": {
      const n = typeof code === "number" ? code : /^\d+$/.test(code) ? Number(code) : code;
      return { errorCode: n, message: details === undefined ? message : `${message}: ${details}` };
    }
    case "externalaccess":
      return { error: { errorCode: String(code), message, requestId: randomUUID() } };
    default:
      return gatewayErrorBody(code, message, details);
  }
}

/** Sub Account's code for an invalid request parameter, as the emulator answers it. */
export const SUB_ACCOUNT_BAD_REQUEST_CODE = 9011;

/** The 400 answer for an invalid query value, in the service's shape. */
export function badRequest(kind: ListKind, details: string): ErrorAnswer {
  const code = findList(kind)?.service === "subaccount" ? SUB_ACCOUNT_BAD_REQUEST_CODE : "100";
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
 * "No permission" as each service answers it: Cloud Functions 403 code 80002 `SUB_ACC_NO_PERMISSION`;
 * the others are refused by the gateway's IAM check, 401 code 210 `Permission Denied`.
 */
export function noPermission(kind: ListKind): ErrorAnswer {
  if (findList(kind)?.service === "cloudfunctions") {
    return {
      status: 403,
      origin: "ENDPOINT",
      body: gatewayErrorBody("80002", "SUB_ACC_NO_PERMISSION", "Resource viewing permission error"),
    };
  }
  return {
    status: 401,
    origin: "APIGW",
    body: gatewayErrorBody("210", "Permission Denied", "The sub account has no permission to call this API."),
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
    findList(kind)?.service === "cloudfunctions" && o.status === 403
      ? ["80002", "SUB_ACC_NO_PERMISSION"]
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
