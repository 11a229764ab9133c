/**
 * Regions of NCP's regional services per site, as NCP's SDKs and Terraform provider spell them
 * (`NCLOUD_REGION`), and the host prefix each uses (`sg-<service>.apigw…`). A list whose definition
 * says `regional` sends its requests to the host of the client's region; the first region of a site
 * is its default (its hosts have no prefix). The client knows none of this: it takes the host prefix
 * the list layer computes from here.
 */
import type { Site } from "../client/endpoints";
import { ValidationError } from "../errors";

/** The regions per site; the first is the default. Outside Korea (SGN, JPN), only the VPC platform. */
export const SITE_REGIONS: Readonly<Record<Site, readonly string[]>> = {
  public: ["KR", "SGN", "JPN"],
  gov: ["KR"],
  fin: ["FKR"],
};
/** The host prefix of a region whose hosts differ from the default's. */
export const REGION_HOST_PREFIX: Readonly<Record<string, string>> = { SGN: "sg-", JPN: "jp-" };
/** Other spellings NCP users meet, mapped to the canonical code. */
export const REGION_ALIASES: Readonly<Record<string, string>> = { SG: "SGN", JP: "JPN" };

/** The default region of a site (its first). */
export function defaultRegion(site: Site): string {
  return SITE_REGIONS[site][0] as string;
}

/**
 * Parses a region for a site (case-insensitive); `undefined` or empty gives the site's default. On
 * fin, `KR` means the fin Korea region `FKR`.
 *
 * @throws ValidationError naming the known regions of the site.
 */
export function parseRegion(value: string | undefined, site: Site, source = "region"): string {
  const known = SITE_REGIONS[site];
  if (value === undefined || value.trim() === "") return defaultRegion(site);
  let v = value.trim().toUpperCase();
  v = REGION_ALIASES[v] ?? v;
  if (site === "fin" && v === "KR") v = "FKR";
  if (known.includes(v)) return v;
  throw new ValidationError(
    `${source} "${value}" is not a Cloud Functions region of the ${site} site; use one of: ${known.join(", ")}`,
  );
}

/** The host prefix of a region ("" for the default hosts). */
export function regionHostPrefix(region: string | undefined): string {
  return region !== undefined ? (REGION_HOST_PREFIX[region] ?? "") : "";
}
