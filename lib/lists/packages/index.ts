/** Cloud Functions packages (`GET /ncf/api/v2/packages`; gov and fin: `/api/v2`, classic only): the list's one definition. */
import type { BuiltInConstructSpec, CompleteListDefinition } from "../definition";

/**
 * A Cloud Functions package. Fields NCP adds later are kept on the object as they came (read them with
 * `rawItem(name)` of the construct, or as extra properties in TypeScript).
 */
export interface CloudFunctionsPackage {
  /** The package name (also its id). */
  readonly name: string;
  readonly description?: string;
}

/** Filters of the packages API. */
export interface PackagesQuery {
  /** Platform: `vpc` or `classic` (checked; classic only on the gov and fin sites, VPC only in SGN and JPN). @default "vpc" */
  readonly platform?: string;
}

/** The definition of the packages list. */
export const PACKAGES: CompleteListDefinition = {
  kind: "packages",
  title: "Cloud Functions packages",
  service: "cloudfunctions",
  basePath: "/ncf/api/v2",
  // gov and fin: the older API (NCP's gov and fin docs), classic only, with no platform parameter.
  siteBasePaths: { gov: "/api/v2", fin: "/api/v2" },
  siteFixedParams: { gov: { platform: "classic" }, fin: { platform: "classic" } },
  // Hosts per region (sg-cloudfunctions…, jp-cloudfunctions…), which serve the VPC platform only.
  regional: true,
  regionOnlyValues: { SGN: { platform: "vpc" }, JPN: { platform: "vpc" } },
  path: "/packages",
  params: [
    { name: "platform", type: "enum", values: ["vpc", "classic"], description: "platform (API default vpc)" },
  ],
  fields: { name: "string", description: "string" },
  idField: "name",
  nameField: "name",
  descriptionField: "description",
  table: ["name", "description"],
  filters: [{ param: "platform", kind: "bucket", defaultValue: "vpc" }],
  paging: { style: "none", response: { content: "$items" } },
  emulator: { wrongNameValue: null },
};

/** Its typed construct class, as `npm run generate` writes it into `lib/constructs/built-in.ts`. */
export const PACKAGES_CONSTRUCT: BuiltInConstructSpec = {
  kind: "packages",
  module: "packages",
  className: "CloudFunctionsPackages",
  itemType: "CloudFunctionsPackage",
  queryType: "PackagesQuery",
  note: "Items are `{ name, description }`; a package's id is its name.",
  example: [
    'const pkgs = new CloudFunctionsPackages(this, "packages", { platform: "vpc" });',
    'pkgs.byName("package001").description;',
  ],
};
