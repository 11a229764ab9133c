import type * as Net from "node:net";
import { ValidationError, type ServiceName } from "../errors";

/** NCP sites: the public cloud, the government cloud and the financial cloud. */
export type Site = "public" | "gov" | "fin";

/** Every site, in documentation order. */
export const SITES: readonly Site[] = ["public", "gov", "fin"];

export const SITE_DOMAINS: Readonly<Record<Site, string>> = {
  public: "ntruss.com",
  gov: "gov-ntruss.com",
  fin: "fin-ntruss.com",
};

const DOMAIN_SITES: ReadonlyArray<readonly [string, Site]> = [
  ["gov-ntruss.com", "gov"],
  ["fin-ntruss.com", "fin"],
  ["ntruss.com", "public"],
];

/**
 * What an API gateway base URL (`NCLOUD_API_GW`, the configure file's `ncloud_api_url`) means: NCP's
 * SDKs send every request to it. An NCP gateway host (`https://ncloud.apigw.gov-ntruss.com`) names a
 * site, whose per-service hosts are then used; any other host (a proxy, an emulator) receives every
 * request, like `NCLOUD_LOOKUPS_ENDPOINT`.
 *
 * @throws ValidationError for a value that is not a URL or uses plain http to a non-loopback host.
 */
export function parseApiGateway(
  value: string,
  source: string,
): { readonly site: Site } | { readonly endpoint: string } {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ValidationError(
      `${source} is not a URL; give the API gateway's base URL, e.g. https://ncloud.apigw.gov-ntruss.com`,
    );
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol === "https:" && /\.apigw\.(?:gov-|fin-)?ntruss\.com$/.test(host)) {
    for (const [domain, site] of DOMAIN_SITES) if (host.endsWith(`.apigw.${domain}`)) return { site };
  }
  // SDKs append service paths to it: the origin is what replaces the hosts.
  return { endpoint: parseEndpointOverride(url.origin, source) };
}

/** Parses a site name (case-insensitive); `undefined` means `public`. */
export function parseSite(value: string | undefined, source = "site"): Site {
  if (value === undefined || value === "") return "public";
  const v = value.trim().toLowerCase();
  if ((SITES as readonly string[]).includes(v)) return v as Site;
  throw new ValidationError(`${source} "${value}" is not a known NCP site; use one of: ${SITES.join(", ")}`);
}

/** The 16 bytes of an IPv6 address (as `URL` normalizes it: no zone, maybe a dotted IPv4 tail). */
function ipv6Bytes(h: string): number[] | undefined {
  let text = h;
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail !== null) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split("::") as [string, string | undefined];
  const groups = (s: string): string[] => (s === "" ? [] : s.split(":"));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (rest === undefined && missing !== 0)) return undefined;
  const all = [...left, ...Array<string>(missing).fill("0"), ...right].map((g) => Number.parseInt(g, 16));
  if (all.some((n) => !Number.isInteger(n) || n < 0 || n > 0xffff)) return undefined;
  return all.flatMap((n) => [n >> 8, n & 0xff]);
}

/**
 * True for loopback hosts, decided from the parsed address, not its spelling: `localhost`, 127.0.0.0/8,
 * ::1 and IPv4-mapped loopback (`[::ffff:127.0.0.1]`): the only hosts plain http may reach. Names under
 * `.localhost` are not: they go to DNS. With `unspecified`, also `0.0.0.0` and `[::]` (which connect
 * to this machine): the local realm of the lock file counts them.
 */
export function isLoopbackHost(hostname: string, unspecified = false): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost") return true;
  // node:net loads only here (an endpoint is set): the lean start of `external` skips it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { isIP } = require("node:net") as typeof Net;
  if (isIP(h) === 4) return h.startsWith("127.") || (unspecified && h === "0.0.0.0");
  if (isIP(h) !== 6) return false;
  const b = ipv6Bytes(h);
  if (b === undefined) return false;
  const zeros = (from: number, to: number): boolean => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 15) && (b[15] === 1 || (unspecified && b[15] === 0))) return true; // ::1, ::
  // IPv4-mapped (::ffff:a.b.c.d): loopback (or unspecified) IPv4
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff)
    return b[12] === 127 || (unspecified && zeros(12, 16));
  return false;
}

/**
 * Validates an endpoint override (`NCLOUD_LOOKUPS_ENDPOINT`): `scheme://host[:port]`, https, or http
 * to a loopback host only. Returns the normalised origin.
 */
export function parseEndpointOverride(value: string, source = "NCLOUD_LOOKUPS_ENDPOINT"): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    // Not echoed when it may hold credentials (user:password@host).
    const shown = value.includes("@") ? "" : ` "${value}"`;
    throw new ValidationError(
      `${source}${shown} is not a URL; give scheme://host[:port], e.g. http://127.0.0.1:8080`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new ValidationError(`${source} must not hold a user name or password; give scheme://host[:port]`);
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search !== "" || url.hash !== "") {
    throw new ValidationError(
      `${source} "${url.origin}${url.pathname}" has a path, query or fragment; give only scheme://host[:port] (service paths are added)`,
    );
  }
  if (url.protocol === "http:") {
    if (!isLoopbackHost(url.hostname)) {
      throw new ValidationError(
        `${source} uses plain http to ${url.hostname}, which is not a loopback host; use https:// (plain http is allowed only to 127.0.0.1, localhost or ::1)`,
      );
    }
  } else if (url.protocol !== "https:") {
    throw new ValidationError(
      `${source} has scheme "${url.protocol}"; use https:// (or http:// to loopback)`,
    );
  }
  return url.origin;
}

/**
 * The origin (`scheme://host[:port]`) of one service on one site: `https://<regionPrefix><service>.apigw.<domain>`
 * (the list layer gives the host prefix of a regional list's region), or the override's origin.
 */
export function resolveOrigin(
  service: ServiceName,
  site: Site,
  override?: string,
  regionPrefix = "",
): string {
  if (override !== undefined && override !== "") return parseEndpointOverride(override);
  return `https://${regionPrefix}${service}.apigw.${SITE_DOMAINS[site]}`;
}
