import { parseEndpointOverride, parseSite, type Site } from "../client/endpoints";
import { encodeRfc3986 } from "../client/signer";
import { ValidationError } from "../errors";
import { checkFilters, isListKind, LIST_META, type ListKind, type ListQueries } from "../services/meta";
import type * as ListsModule from "../services/lists";

/** Where and how lookups connect. Every field is optional; unset fields come from the environment. */
export interface ConnectionSettings {
  /** NCP site. @default `NCLOUD_SITE`, else `public` */
  readonly site?: string;
  /** `scheme://host[:port]` replacing every service's host. @default `NCLOUD_LOOKUPS_ENDPOINT` */
  readonly endpoint?: string;
  /** Profile of `~/.ncloud/configure`. @default `NCLOUD_PROFILE`, else `DEFAULT` */
  readonly profile?: string;
  /** Access key; give it together with `secretKey`, or neither. */
  readonly accessKey?: string;
  /** Secret key; never written to the lock file, outputs or messages. */
  readonly secretKey?: string;
  /** Per-request timeout in ms. @default `NCLOUD_LOOKUPS_TIMEOUT_MS`, else 30000 */
  readonly timeoutMs?: number;
  /** Page requests in flight at once per listing. @default `NCLOUD_LOOKUPS_CONCURRENCY`, else 20 */
  readonly concurrency?: number;
}

/** A lookup fully identified: what the lock file and the memo are keyed by. */
export interface LookupSpec<K extends ListKind = ListKind> {
  readonly kind: K;
  readonly site: Site;
  /** Normalised endpoint override origin, when one is set. */
  readonly endpoint?: string;
  /** Validated filters. */
  readonly query: ListQueries[K];
}

/** Builds the spec of a lookup from a kind, raw filters and connection settings. */
export function lookupSpec<K extends ListKind>(
  kind: K,
  filters: unknown,
  connection: ConnectionSettings = {},
  env: NodeJS.ProcessEnv = process.env,
): LookupSpec<K> {
  const raw = stripUndefined(filters);
  // The fast check passes valid filters without loading the schemas; they explain a refusal.
  const query = checkFilters(kind, raw) ?? loadLists().LISTS[kind].validateQuery(raw);
  const site = parseSite(
    connection.site ?? env.NCLOUD_SITE,
    connection.site !== undefined ? "site" : "NCLOUD_SITE",
  );
  const rawEndpoint = connection.endpoint ?? env.NCLOUD_LOOKUPS_ENDPOINT;
  const endpoint =
    rawEndpoint !== undefined && rawEndpoint !== ""
      ? parseEndpointOverride(
          rawEndpoint,
          connection.endpoint !== undefined ? "endpoint" : "NCLOUD_LOOKUPS_ENDPOINT",
        )
      : undefined;
  return { kind, site, ...(endpoint !== undefined ? { endpoint } : {}), query };
}

/** The list definitions with their schemas (zod), loaded only when needed. */
function loadLists(): typeof ListsModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../services/lists") as typeof ListsModule;
}

function stripUndefined(filters: unknown): unknown {
  if (typeof filters !== "object" || filters === null) return filters;
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
}

/**
 * The deterministic key of a lookup: `kind@site[+endpoint][?k=v&...]` with filters sorted by name and
 * values percent-encoded. Example: `policies@public?type=SYSTEM_MANAGED`.
 */
export function lookupKey(spec: LookupSpec): string {
  const filters = Object.entries(spec.query as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${encodeRfc3986(String(v))}`)
    .join("&");
  return `${spec.kind}@${spec.site}${spec.endpoint !== undefined ? `+${spec.endpoint}` : ""}${filters !== "" ? `?${filters}` : ""}`;
}

/**
 * Parses a key back into its spec (the CLI fills and refreshes entries by key).
 *
 * @throws ValidationError for a malformed key.
 */
export function parseLookupKey(key: string): LookupSpec {
  const m = /^([a-z]+)@(public|gov|fin)(?:\+([^?]+))?(?:\?(.*))?$/.exec(key);
  if (m === null || !isListKind(m[1] ?? "")) {
    throw new ValidationError(
      `"${key}" is not a lookup key; keys look like <list>@<site>[+endpoint][?filters], e.g. policies@public?type=SYSTEM_MANAGED, ` +
        "where <list> is one of packages, policies, products, profiles and <site> one of public, gov, fin (see ncloud-lookups show)",
    );
  }
  const kind = m[1] as ListKind;
  const raw: Record<string, unknown> = {};
  for (const part of (m[4] ?? "").split("&").filter((p) => p !== "")) {
    const eq = part.indexOf("=");
    const name = eq < 0 ? part : part.slice(0, eq);
    let value: string;
    try {
      value = decodeURIComponent(eq < 0 ? "" : part.slice(eq + 1));
    } catch {
      throw new ValidationError(`"${key}" is not a lookup key: the value of ${name} has a broken %-escape`);
    }
    const info = LIST_META[kind].params.find((p) => p.name === name);
    if (info?.type === "boolean") {
      if (value !== "true" && value !== "false") {
        throw new ValidationError(
          `"${key}" is not a lookup key: ${name} must be true or false, got "${value}"`,
        );
      }
      raw[name] = value === "true";
    } else {
      raw[name] = value;
    }
  }
  return lookupSpec(kind, raw, { site: m[2], ...(m[3] !== undefined ? { endpoint: m[3] } : {}) }, {});
}

/** Filters of a spec as `k=v, k=v` for messages, or `none`. */
export function describeFilters(query: object): string {
  const parts = Object.entries(query as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return parts.length > 0 ? parts.join(", ") : "none";
}
