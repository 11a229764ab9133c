/**
 * Where requests go: the site (part of a lookup's identity) and the transport endpoint (not part of
 * it), from settings, the environment and the configure file, with one documented precedence.
 */
import { ValidationError } from "../errors";
import { configFileOf, configuredApiUrl, DEFAULT_PROFILE } from "./credentials";
import { parseApiGateway, parseEndpointOverride, parseSite, type Site } from "./endpoints";
import { nonEmpty } from "./settings";

/** The settings that decide where requests go; every field optional. */
export interface LocationSettings {
  /** NCP site; wins over every environment setting. */
  readonly site?: string;
  /** `scheme://host[:port]` replacing every service's host; wins over every other endpoint. */
  readonly endpoint?: string;
  /** Profile whose `ncloud_api_url` applies. @default `NCLOUD_PROFILE`, else `DEFAULT` */
  readonly profile?: string;
}

/** How the settings are named in messages (the CLI names its flags). */
export interface SettingNames {
  readonly site?: string;
  readonly endpoint?: string;
  readonly region?: string;
}

/** The resolved location. */
export interface Location {
  readonly site: Site;
  /** Transport override origin, when one is set. */
  readonly endpoint?: string;
}

/**
 * Resolves site and endpoint. Site: the `site` setting > `NCLOUD_SITE` > `NCLOUD_API_GW` when it is an
 * NCP gateway host (the two must agree when both are set) > the profile's `ncloud_api_url` likewise >
 * `public`. Endpoint (transport only): the `endpoint` setting > `NCLOUD_LOOKUPS_ENDPOINT` >
 * `NCLOUD_API_GW` when it is not an NCP host > the profile's `ncloud_api_url` likewise.
 *
 * @throws ValidationError naming the setting at fault.
 */
export function resolveLocation(
  settings: LocationSettings,
  env: NodeJS.ProcessEnv = process.env,
  names: SettingNames = {},
): Location {
  const gwRaw = nonEmpty(env.NCLOUD_API_GW);
  const gw = gwRaw !== undefined ? parseApiGateway(gwRaw, "NCLOUD_API_GW") : undefined;
  let file: { site: Site } | { endpoint: string } | undefined | null = null;
  const fromFile = (): { site: Site } | { endpoint: string } | undefined => {
    if (file === null) {
      const profile = nonEmpty(settings.profile) ?? nonEmpty(env.NCLOUD_PROFILE) ?? DEFAULT_PROFILE;
      const path = configFileOf(env);
      const url = configuredApiUrl(path, profile);
      file = url !== undefined ? parseApiGateway(url, `ncloud_api_url of ${path} [${profile}]`) : undefined;
    }
    return file;
  };

  let site: Site;
  if (settings.site !== undefined) {
    const name = names.site ?? "site";
    if (settings.site.trim() === "") {
      throw new ValidationError(`${name} must not be empty; use public, gov or fin`);
    }
    site = parseSite(settings.site, name);
  } else {
    const envSite =
      nonEmpty(env.NCLOUD_SITE) !== undefined ? parseSite(env.NCLOUD_SITE, "NCLOUD_SITE") : undefined;
    const gwSite = gw !== undefined && "site" in gw ? gw.site : undefined;
    if (envSite !== undefined && gwSite !== undefined && envSite !== gwSite) {
      throw new ValidationError(
        `NCLOUD_SITE is ${envSite} but NCLOUD_API_GW points at the ${gwSite} site; unset one of them or make them agree`,
      );
    }
    let siteFromFile: Site | undefined;
    if (envSite === undefined && gwSite === undefined) {
      const f = fromFile();
      siteFromFile = f !== undefined && "site" in f ? f.site : undefined;
    }
    site = envSite ?? gwSite ?? siteFromFile ?? "public";
  }

  let endpoint: string | undefined;
  if (nonEmpty(settings.endpoint) !== undefined) {
    endpoint = parseEndpointOverride(settings.endpoint as string, names.endpoint ?? "endpoint");
  } else if (nonEmpty(env.NCLOUD_LOOKUPS_ENDPOINT) !== undefined) {
    endpoint = parseEndpointOverride(env.NCLOUD_LOOKUPS_ENDPOINT as string, "NCLOUD_LOOKUPS_ENDPOINT");
  } else if (gw !== undefined && "endpoint" in gw) {
    endpoint = gw.endpoint;
  } else {
    const f = fromFile();
    if (f !== undefined && "endpoint" in f) endpoint = f.endpoint;
  }
  return { site, ...(endpoint !== undefined ? { endpoint } : {}) };
}
