/** External Access profiles (`GET /api/v1/profiles`): the list's one definition. */
import type { BuiltInConstructSpec, CompleteListDefinition } from "../definition";

/**
 * An External Access profile. Fields NCP adds later are kept on the object as they came (read them
 * with `rawItem(name)` of the construct, or as extra properties in TypeScript); documented fields may
 * be missing or null.
 */
export interface ExternalAccessProfile {
  readonly profileId: string;
  readonly name: string;
  readonly profileNrn?: string;
  readonly description?: string;
  readonly enabled?: boolean;
  readonly durationSeconds?: number;
  /** Role NRNs; the docs do not state the element type, so any JSON value is kept as it came. */
  readonly roleNrnList?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- jsii: undocumented type
  readonly createTime?: string;
  readonly updateTime?: string;
}

/** Filters of the profiles API (paging aside). */
export interface ProfilesQuery {
  /** Column `searchWord` applies to: `name` or `profileNrn` (checked). @default "name" when `searchWord` is set */
  readonly searchColumn?: string;
  /** Only profiles whose column contains this word. */
  readonly searchWord?: string;
}

/** The definition of the profiles list. */
export const PROFILES: CompleteListDefinition = {
  kind: "profiles",
  title: "External Access profiles",
  service: "externalaccess",
  basePath: "/api/v1",
  path: "/profiles",
  params: [
    {
      name: "searchColumn",
      type: "enum",
      values: ["name", "profileNrn"],
      description: "column searchWord applies to",
      defaultWhen: { param: "searchWord", value: "name" },
    },
    {
      name: "searchWord",
      type: "string",
      maxLength: 1000,
      description: "search keyword",
      placeholder: "<word>",
    },
  ],
  fields: {
    profileId: "string",
    name: "string",
    profileNrn: "string",
    description: "string",
    enabled: "boolean",
    durationSeconds: "integer",
    // The docs do not state the element type: any JSON value is accepted.
    roleNrnList: "json",
    createTime: "string",
    updateTime: "string",
  },
  idField: "profileId",
  nameField: "name",
  nrnField: "profileNrn",
  descriptionField: "description",
  table: ["name", "profileId", "enabled"],
  filters: [{ param: "searchWord", kind: "containsIn", columnParam: "searchColumn", defaultColumn: "name" }],
  paging: {
    style: "page",
    indexParam: "page",
    sizeParam: "size",
    paramsFirst: false,
    defaultSize: 20,
    intRange: "int",
    response: { pageNo: "$index", totalElements: "$total", pageSize: "$size", content: "$items" },
  },
  emulator: { defaultSize: 20, cap: 50, wrongNameValue: null },
};

/** Its typed construct class, as `npm run generate` writes it into `lib/constructs/built-in.ts`. */
export const PROFILES_CONSTRUCT: BuiltInConstructSpec = {
  kind: "profiles",
  module: "profiles",
  className: "ExternalAccessProfiles",
  itemType: "ExternalAccessProfile",
  queryType: "ProfilesQuery",
  example: [
    'const profiles = new ExternalAccessProfiles(this, "profiles");',
    'profiles.byName("profile000").profileId;',
  ],
};
