import { isIP } from "node:net";
import { ValidationError, type ServiceName } from "../errors";

/** NCP sites: the public cloud, the government cloud and the financial cloud. */
export type Site = "public" | "gov" | "fin";

/** Every site, in documentation order. */
export const SITES: readonly Site[] = ["public", "gov", "fin"];

/** Base path of each service's API; the override endpoint keeps it. */
export const SERVICE_BASE_PATHS: Readonly<Record<ServiceName, string>> = {
  cloudfunctions: "/ncf/api/v2",
  subaccount: "/api/v1",
  apigateway: "/api/v1",
  externalaccess: "/api/v1",
};

const SITE_DOMAINS: Readonly<Record<Site, string>> = {
  public: "ntruss.com",
  gov: "gov-ntruss.com",
  fin: "fin-ntruss.com",
};

/** Where to send a service's requests. */
export interface ServiceEndpoint {
  /** `scheme://host[:port]`, no trailing slash. */
  readonly origin: string;
  /** The service's base path, e.g. `/api/v1`. */
  readonly basePath: string;
}

/** Parses a site name (case-insensitive); `undefined` means `public`. */
export function parseSite(value: string | undefined, source = "site"): Site {
  if (value === undefined || value === "") return "public";
  const v = value.trim().toLowerCase();
  if ((SITES as readonly string[]).includes(v)) return v as Site;
  throw new ValidationError(`${source} "${value}" is not a known NCP site; use one of: ${SITES.join(", ")}`);
}

/** True for `localhost`, 127.0.0.0/8 and ::1: the only hosts plain http may reach. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || h === "0:0:0:0:0:0:0:1";
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

/** The endpoint of one service on one site, or the override's origin with the service's base path. */
export function resolveEndpoint(service: ServiceName, site: Site, override?: string): ServiceEndpoint {
  const basePath = SERVICE_BASE_PATHS[service];
  if (override !== undefined && override !== "") {
    return { origin: parseEndpointOverride(override), basePath };
  }
  return { origin: `https://${service}.apigw.${SITE_DOMAINS[site]}`, basePath };
}
