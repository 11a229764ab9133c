import { isLoopbackHost, type Site } from "../client/endpoints";
import { defaultRegion, parseRegion } from "../lists/regions";
import { resolveLocation, type SettingNames } from "../client/location";
import { encodeRfc3986 } from "../client/query";
import { ValidationError } from "../errors";
import { checkRegionValues, filterValueOf, withSiteFixedParams } from "../lists/definition";
import { checkFilters, isListKind, listDefinition, type ListKind, type ListQueries } from "../services/meta";
import type * as ListsModule from "../services/lists";
import { nonEmpty } from "../client/settings";

/** Where and how lookups connect, and whose data they read. Every field is optional; unset fields come from the environment. */
export interface ConnectionSettings {
  /**
   * The account a lookup reads: part of its identity (lock key, memo, batch), so two accounts never
   * share data. Needs no credentials to compute. @default `NCLOUD_LOOKUPS_ACCOUNT`, else the profile
   * name when a profile is used (`profile`, `NCLOUD_PROFILE`), else `default`
   */
  readonly account?: string;
  /** NCP site. @default `NCLOUD_SITE`, else the site of `NCLOUD_API_GW` or the profile's `ncloud_api_url`, else `public` */
  readonly site?: string;
  /** Region of the regional services (Cloud Functions: KR, SGN, JPN). @default `NCLOUD_REGION`, else the site's first */
  readonly region?: string;
  /** `scheme://host[:port]` replacing every service's host: transport, not identity. @default `NCLOUD_LOOKUPS_ENDPOINT` */
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

/** The realm of test data (an emulator on loopback); NCP's own data has none. */
export type Realm = "local";

/** Prefix of the keys of the local test realm. */
export const LOCAL_KEY_PREFIX = "local:";

/**
 * The realm of lookups sent to `endpoint`: `local` for an override on a loopback host (127.0.0.0/8,
 * ::1, localhost: a test server), none for NCP's hosts or a non-loopback override (a proxy to NCP).
 */
export function realmOf(endpoint: string | undefined): Realm | undefined {
  if (endpoint === undefined || !URL.canParse(endpoint)) return undefined;
  // The parsed address decides (`https://[::ffff:127.0.0.1]`, `https://0.0.0.0` are this machine too).
  return isLoopbackHost(new URL(endpoint).hostname, true) ? "local" : undefined;
}

/** The account of lookups that declare none and use no named profile. */
export const DEFAULT_ACCOUNT = "default";

/** A lookup fully identified: what the lock file and the memo are keyed by (the endpoint is not). */
export interface LookupSpec<K extends ListKind = ListKind> {
  readonly kind: K;
  readonly site: Site;
  /** Region, for regional lists only (Cloud Functions packages). */
  readonly region?: string;
  /** The account the data belongs to. */
  readonly account: string;
  /**
   * `local` for test data: items fetched through an endpoint override on a loopback host (an emulator).
   * Part of the key (`local:` prefix), so test data never serves a lookup aimed at NCP. Absent for NCP.
   */
  readonly realm?: Realm;
  /** Transport: the endpoint override origin, when one is set. Not part of the key. */
  readonly endpoint?: string;
  /** Validated filters. */
  readonly query: ListQueries[K];
}

/**
 * The account of a lookup: the `account` setting, `NCLOUD_LOOKUPS_ACCOUNT`, else the profile name when
 * a profile is used, else `default`. Computed without credentials.
 *
 * @throws ValidationError for an empty or unprintable account name.
 */
export function resolveAccount(connection: ConnectionSettings, env: NodeJS.ProcessEnv = process.env): string {
  const checked = (value: string, source: string): string => {
    const v = value.trim();
    if (v === "" || v.length > 128 || /\p{Cc}/u.test(v)) {
      throw new ValidationError(
        `${source} ${JSON.stringify(value)} is not an account name; use 1 to 128 printable characters, e.g. "prod"`,
      );
    }
    return v;
  };
  if (connection.account !== undefined) return checked(connection.account, "account");
  const fromEnv = nonEmpty(env.NCLOUD_LOOKUPS_ACCOUNT);
  if (fromEnv !== undefined) return checked(fromEnv, "NCLOUD_LOOKUPS_ACCOUNT");
  const profile = nonEmpty(connection.profile) ?? nonEmpty(env.NCLOUD_PROFILE);
  if (profile !== undefined && profile !== "DEFAULT") return checked(profile, "profile");
  return DEFAULT_ACCOUNT;
}

/** True for lists whose data differs by region. */
export function isRegional(kind: ListKind): boolean {
  return listDefinition(kind).regional === true;
}

/** Builds the spec of a lookup from a kind, raw filters and connection settings. */
export function lookupSpec<K extends ListKind>(
  kind: K,
  filters: unknown,
  connection: ConnectionSettings = {},
  env: NodeJS.ProcessEnv = process.env,
  names: SettingNames = {},
): LookupSpec<K> {
  const { site, endpoint } = resolveLocation(connection, env, names);
  const region =
    connection.region !== undefined
      ? { value: connection.region, source: names.region ?? "region" }
      : { value: env.NCLOUD_REGION, source: "NCLOUD_REGION" };
  return specOf(kind, filters, site, region, resolveAccount(connection, env), endpoint, realmOf(endpoint));
}

/** A spec from its resolved parts; validates filters, the region and the platform. */
function specOf<K extends ListKind>(
  kind: K,
  filters: unknown,
  site: Site,
  region: { value: string | undefined; source: string },
  account: string,
  endpoint?: string,
  realm?: Realm,
): LookupSpec<K> {
  const raw = cleanFilters(filters);
  // The fast check passes valid filters without loading the schemas; they explain a refusal.
  let query =
    checkFilters(kind, raw) ??
    (loadLists().validateQueryOf(listDefinition(kind), raw) as Record<string, unknown>);
  query = withSiteFixedParams(listDefinition(kind), query, site);
  let resolvedRegion: string | undefined;
  if (isRegional(kind)) {
    resolvedRegion = parseRegion(region.value, site, region.source);
    query = checkRegionValues(listDefinition(kind), query, resolvedRegion);
  }
  return {
    kind,
    site,
    ...(resolvedRegion !== undefined ? { region: resolvedRegion } : {}),
    account,
    ...(realm !== undefined ? { realm } : {}),
    ...(endpoint !== undefined ? { endpoint } : {}),
    query,
  };
}

/** The list definitions with their schemas (zod), loaded only when needed. */
function loadLists(): typeof ListsModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../services/lists") as typeof ListsModule;
}

/**
 * Filters as they identify a lookup: undefined values are absent, strings are NFC-normalized (a
 * decomposed spelling is the same lookup, and is sent composed).
 */
function cleanFilters(filters: unknown): unknown {
  if (typeof filters !== "object" || filters === null || Array.isArray(filters)) return filters;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filters)) {
    if (v === undefined) continue;
    out[k] = typeof v === "string" ? v.normalize("NFC") : v;
  }
  return out;
}

/**
 * The deterministic key of a lookup: `list@site[:region][/account][?k=v&...]`, filters sorted by name,
 * values and the account percent-encoded; the default account and the site's default region are left
 * out. Keys of test data (fetched from a loopback endpoint) start with `local:`. The endpoint is transport
 * and never part of the key (nor is its port). Examples: `policies@public?type=SYSTEM_MANAGED`,
 * `policies@public/prod?type=USER_CREATED`, `packages@public:SGN?platform=vpc`.
 */
export function lookupKey(spec: LookupSpec): string {
  const query = spec.query as Record<string, unknown>;
  // Default sort: by UTF-16 code units, like `<` on strings, whatever the locale.
  const filters = Object.keys(query)
    .filter((k) => query[k] !== undefined)
    .sort()
    .map((k) => `${k}=${encodeRfc3986(String(query[k]))}`)
    .join("&");
  const region =
    spec.region !== undefined && spec.region !== defaultRegion(spec.site) ? `:${spec.region}` : "";
  const account = spec.account !== DEFAULT_ACCOUNT ? `/${encodeRfc3986(spec.account)}` : "";
  const realm = spec.realm === "local" ? LOCAL_KEY_PREFIX : "";
  return `${realm}${spec.kind}@${spec.site}${region}${account}${filters !== "" ? `?${filters}` : ""}`;
}

const KEY_SHAPE =
  "keys look like [local:]<list>@<site>[:<region>][/<account>][?filters], e.g. policies@public?type=SYSTEM_MANAGED or packages@public:SGN/prod, " +
  "where <list> is one of packages, policies, products, profiles and <site> one of public, gov, fin (see ncloud-lookups show)";

/**
 * Parses a key back into its spec (the CLI fills and refreshes entries by key).
 *
 * @throws ValidationError for a malformed key.
 */
export function parseLookupKey(key: string): LookupSpec {
  const local = key.startsWith(LOCAL_KEY_PREFIX);
  const spec = parseRealmlessKey(local ? key.slice(LOCAL_KEY_PREFIX.length) : key, key);
  return local ? { ...spec, realm: "local" } : spec;
}

function parseRealmlessKey(rest: string, key: string): LookupSpec {
  const m = /^([a-z][a-z0-9-]*)@(public|gov|fin)(?::([A-Za-z]+))?(?:\/([^?]+))?(?:\?(.*))?$/.exec(rest);
  // Group 1 takes part in every match.
  if (m === null || !isListKind(m[1] as string))
    throw new ValidationError(`"${key}" is not a lookup key; ${KEY_SHAPE}`);
  const kind = m[1] as ListKind;
  if (m[3] !== undefined && !isRegional(kind)) {
    throw new ValidationError(
      `"${key}" is not a lookup key: ${kind} is not a regional list, so its key has no :region`,
    );
  }
  let account = DEFAULT_ACCOUNT;
  if (m[4] !== undefined) {
    try {
      account = decodeURIComponent(m[4]);
    } catch {
      throw new ValidationError(`"${key}" is not a lookup key: the account has a broken %-escape`);
    }
  }
  const raw = parseKeyFilters(key, kind, m[5]);
  return specFromKey(kind, raw, m[2] as string, account, m[3]);
}

/**
 * The spec a key names: from the key alone (site, region, account, filters), never from the
 * environment or the configure file (whose `ncloud_api_url` would otherwise set an endpoint and a realm).
 */
function specFromKey(
  kind: ListKind,
  raw: unknown,
  site: string,
  account: string,
  region?: string,
): LookupSpec {
  return specOf(
    kind,
    raw,
    site as Site, // one of the sites: the key's pattern names them
    { value: region, source: "region" },
    resolveAccount({ account }, {}),
  );
}

/**
 * Reads a key of lock file format 1 (`list@site[+endpoint][?filters]`, whose account was the default
 * and whose endpoint was part of the key) as a spec of today's format.
 *
 * @throws ValidationError for a malformed key.
 */
export function parseV1LookupKey(key: string): LookupSpec & { readonly v1Endpoint?: string } {
  const m = /^([a-z]+)@(public|gov|fin)(?:\+([^?]+))?(?:\?(.*))?$/.exec(key);
  if (m === null || !isListKind(m[1] as string))
    throw new ValidationError(`"${key}" is not a version 1 lookup key`);
  const kind = m[1] as ListKind;
  const spec = specFromKey(kind, parseKeyFilters(key, kind, m[4]), m[2] as string, DEFAULT_ACCOUNT);
  return m[3] !== undefined ? { ...spec, v1Endpoint: m[3] } : spec;
}

function parseKeyFilters(key: string, kind: ListKind, filters: string | undefined): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const part of (filters ?? "").split("&").filter((p) => p !== "")) {
    const eq = part.indexOf("=");
    const [name, encoded] = eq < 0 ? [part, ""] : [part.slice(0, eq), part.slice(eq + 1)];
    if (name === "")
      throw new ValidationError(`"${key}" is not a lookup key: a filter has no name (write name=value)`);
    let value: string;
    try {
      value = decodeURIComponent(encoded);
    } catch {
      throw new ValidationError(`"${key}" is not a lookup key: the value of ${name} has a broken %-escape`);
    }
    const info = listDefinition(kind).params.find((p) => p.name === name);
    const typed = info === undefined ? value : filterValueOf(info, value);
    if (typed === undefined) {
      throw new ValidationError(
        `"${key}" is not a lookup key: ${name} must be true or false, got "${value}"`,
      );
    }
    raw[name] = typed;
  }
  return raw;
}

/** Filters of a spec as `k=v, k=v` for messages, or `none`. */
export function describeFilters(query: object): string {
  const parts = Object.entries(query as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return parts.length > 0 ? parts.join(", ") : "none";
}
