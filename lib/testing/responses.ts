/**
 * Pure request-to-answer logic of the emulator: query parsing and validation, filtering and paging,
 * and the NCP error bodies of each service. No I/O here; `emulator.ts` does the HTTP.
 */
import { randomUUID } from "node:crypto";
import type {
  EmulatorDataSet,
  ListKind,
  PackagePlatform,
  PagedListKind,
  PolicyItem,
  ProductItem,
  ProfileItem,
} from "./data";

/** Request paths of the four lists (host does not matter). */
export const LIST_PATHS: Readonly<Record<ListKind, string>> = {
  packages: "/ncf/api/v2/packages",
  policies: "/api/v1/policies",
  products: "/api/v1/products",
  profiles: "/api/v1/profiles",
};

/**
 * Cloud Functions' older path, the only one on the gov site (`/api/v2` base, classic only there); its
 * default platform is classic.
 */
export const LEGACY_PACKAGES_PATH = "/api/v2/packages";

const KIND_BY_PATH = new Map<string, ListKind>([
  ...Object.entries(LIST_PATHS).map(([kind, path]): [string, ListKind] => [path, kind as ListKind]),
  [LEGACY_PACKAGES_PATH, "packages"],
]);

/** The list a request path serves, if any. */
export function kindOfPath(path: string): ListKind | undefined {
  return KIND_BY_PATH.get(path);
}

/** Default maximum page size of each paged list: policies 100, profiles 50, products 100. */
export const DEFAULT_PAGE_SIZE_CAPS: Readonly<Record<PagedListKind, number>> = {
  policies: 100,
  profiles: 50,
  products: 100,
};

/** A client error in a request: answered 400 in the service's error shape. */
export class BadQueryError extends Error {}

/**
 * Splits a raw query string (no `?`) into decoded pairs, RFC 3986 style: `%XX` sequences are
 * UTF-8 decoded, `+` stays a plus sign. The first occurrence of a repeated name wins.
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
      key = decodeURIComponent(rawKey);
      value = decodeURIComponent(rawValue);
    } catch {
      throw new BadQueryError(`Malformed percent-encoding in query parameter '${rawKey}'.`);
    }
    if (!Object.prototype.hasOwnProperty.call(out, key)) out[key] = value;
  }
  return out;
}

const INT_MAX = 2147483647n;
const LONG_MAX = 9223372036854775807n;

function param(query: Record<string, string>, name: string): string | undefined {
  const v = query[name];
  return v === undefined || v === "" ? undefined : v;
}

function intParam(
  query: Record<string, string>,
  name: string,
  dflt: number,
  min: number,
  max: bigint,
): number {
  const v = param(query, name);
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || BigInt(v) > max || BigInt(v) < BigInt(min)) {
    throw new BadQueryError(`Invalid value '${v}' for '${name}': expected an integer from ${min} to ${max}.`);
  }
  return Number(v);
}

function enumParam<T extends string>(
  query: Record<string, string>,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const v = param(query, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new BadQueryError(`Invalid value '${v}' for '${name}': expected one of ${allowed.join(", ")}.`);
  }
  return v as T;
}

function boolParam(query: Record<string, string>, name: string): boolean | undefined {
  const v = enumParam(query, name, ["true", "false"] as const);
  return v === undefined ? undefined : v === "true";
}

function contains(value: unknown, word: string | undefined): boolean {
  if (word === undefined) return true;
  return typeof value === "string" && value.toLowerCase().includes(word.toLowerCase());
}

/** Per-request modifiers applied by faults. */
export interface PageModifiers {
  /** Ignore page/offset: always the first page. */
  readonly stuck?: boolean;
  /** Added to the reported totals. */
  readonly totalsBump?: number;
  /** Platform of packages when the query names none. @default "vpc" */
  readonly defaultPlatform?: PackagePlatform;
}

/** A computed 200 answer: the body object and the path (inside it) of the item list. */
export interface ListAnswer {
  readonly body: Record<string, unknown>;
  /** The items array of this page (the same array referenced by body). */
  readonly items: Record<string, unknown>[];
  /** Where the items sit in the body, e.g. `productPage.content`. */
  readonly itemsPath: string;
}

/** Filtered-list memo: filtering 100,000 items on every page request would dominate benchmarks. */
export class FilterCache {
  private readonly entries = new Map<string, readonly unknown[]>();
  /** The cached list for `key`, computed (and kept, up to 32 entries) on a miss. */
  get<T>(key: string, compute: () => T[]): T[] {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit as T[];
    const value = compute();
    if (this.entries.size >= 32) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, value);
    return value;
  }
  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
  }
}

/**
 * Validates the query of a list request and computes its 200 answer.
 *
 * @throws BadQueryError for an invalid query value.
 */
export function answerList(
  kind: ListKind,
  query: Record<string, string>,
  data: EmulatorDataSet,
  caps: Readonly<Record<PagedListKind, number>>,
  cache: FilterCache,
  mods: PageModifiers = {},
): ListAnswer {
  const bump = mods.totalsBump ?? 0;
  switch (kind) {
    case "packages": {
      const platform =
        enumParam<PackagePlatform>(query, "platform", ["vpc", "classic"]) ?? mods.defaultPlatform ?? "vpc";
      const items = [...(data.packages?.[platform] ?? [])] as unknown as Record<string, unknown>[];
      return { body: { content: items }, items, itemsPath: "content" };
    }
    case "policies": {
      const page = intParam(query, "page", 0, 0, INT_MAX);
      const size = Math.min(intParam(query, "size", 10, 1, INT_MAX), caps.policies);
      const searchColumn = enumParam(query, "searchColumn", ["policyName"] as const) ?? "policyName";
      const searchWord = param(query, "searchWord");
      const type = enumParam(query, "type", ["SYSTEM_MANAGED", "USER_CREATED"] as const);
      const all = cache.get<PolicyItem>(`policies\0${searchColumn}\0${searchWord ?? ""}\0${type ?? ""}`, () =>
        (data.policies ?? []).filter(
          (p) => (type === undefined || p.policyType === type) && contains(p[searchColumn], searchWord),
        ),
      );
      const effPage = mods.stuck === true ? 0 : page;
      const items = all.slice(effPage * size, effPage * size + size) as unknown as Record<string, unknown>[];
      const totalItems = all.length + bump;
      const totalPages = Math.ceil(totalItems / size);
      const hasNext = effPage + 1 < totalPages;
      return {
        body: {
          page: effPage,
          totalPages,
          totalItems,
          hasPrevious: effPage > 0,
          hasNext,
          items,
          isFirst: effPage === 0,
          isLast: !hasNext,
        },
        items,
        itemsPath: "items",
      };
    }
    case "products": {
      const offset = intParam(query, "offset", 0, 0, LONG_MAX);
      const limit = Math.min(intParam(query, "limit", 100, 1, LONG_MAX), caps.products);
      const productName = param(query, "productName");
      if (productName !== undefined && [...productName].length > 100) {
        throw new BadQueryError("Invalid value for 'productName': at most 100 characters.");
      }
      const isPublished = boolParam(query, "isPublished");
      const subscriptionCode = enumParam(query, "subscriptionCode", ["PUBLIC", "PROTECTED"] as const);
      const hasDeployedStage = boolParam(query, "hasDeployedStage");
      const notPlan = param(query, "hasStageNotAssociatedWithUsagePlanId");
      const plans = data.productUsagePlans ?? {};
      const all = cache.get<ProductItem>(
        `products\0${productName ?? ""}\0${String(isPublished)}\0${subscriptionCode ?? ""}\0${String(hasDeployedStage)}\0${notPlan ?? ""}`,
        () =>
          (data.products ?? []).filter(
            (p) =>
              contains(p.productName, productName) &&
              (isPublished === undefined || p.isPublished === isPublished) &&
              (subscriptionCode === undefined || p.subscriptionCode === subscriptionCode) &&
              (hasDeployedStage === undefined || p.hasDeployedStage === hasDeployedStage) &&
              (notPlan === undefined || !(plans[p.productId] ?? []).includes(notPlan)),
          ),
      );
      const start = mods.stuck === true ? 0 : offset;
      const items = all.slice(start, start + limit) as unknown as Record<string, unknown>[];
      return {
        body: {
          initialCount: (data.products ?? []).length,
          productPage: { total: all.length + bump, content: items },
        },
        items,
        itemsPath: "productPage.content",
      };
    }
    case "profiles": {
      const page = intParam(query, "page", 0, 0, INT_MAX);
      const size = Math.min(intParam(query, "size", 20, 1, INT_MAX), caps.profiles);
      const searchColumn = enumParam(query, "searchColumn", ["name", "profileNrn"] as const) ?? "name";
      const searchWord = param(query, "searchWord");
      const all = cache.get<ProfileItem>(`profiles\0${searchColumn}\0${searchWord ?? ""}`, () =>
        (data.profiles ?? []).filter((p) => contains(p[searchColumn], searchWord)),
      );
      const effPage = mods.stuck === true ? 0 : page;
      const items = all.slice(effPage * size, effPage * size + size) as unknown as Record<string, unknown>[];
      return {
        body: { pageNo: effPage, totalElements: all.length + bump, pageSize: size, content: items },
        items,
        itemsPath: "content",
      };
    }
  }
}

/** The field of an item that `wrong-shape` breaks, and the wrong value it gets. */
export const WRONG_SHAPE_FIELDS: Readonly<Record<ListKind, readonly [string, unknown]>> = {
  packages: ["name", null],
  policies: ["policyName", 12345],
  products: ["productName", 12345],
  profiles: ["name", null],
};

/** The description field of an item of each list (padded by `oversize`). */
export const DESCRIPTION_FIELDS: Readonly<Record<ListKind, string>> = {
  packages: "description",
  policies: "policyDesc",
  products: "productDescription",
  profiles: "description",
};

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
  switch (kind) {
    case "policies": {
      const n = typeof code === "number" ? code : /^\d+$/.test(code) ? Number(code) : code;
      return { errorCode: n, message: details === undefined ? message : `${message}: ${details}` };
    }
    case "profiles":
      return { error: { errorCode: String(code), message, requestId: randomUUID() } };
    default:
      return gatewayErrorBody(code, message, details);
  }
}

/** Sub Account's code for an invalid request parameter, as the emulator answers it. */
export const SUB_ACCOUNT_BAD_REQUEST_CODE = 9011;

/** The 400 answer for an invalid query value, in the service's shape. */
export function badRequest(kind: ListKind, details: string): ErrorAnswer {
  const code = kind === "policies" ? SUB_ACCOUNT_BAD_REQUEST_CODE : "100";
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
  if (kind === "packages") {
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
    kind === "packages" && o.status === 403
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
