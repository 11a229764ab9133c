/**
 * What generic code needs to know about the four lists, without loading the response schemas (zod):
 * names, fields, filter parameters, and fast checks of filters and items. Constructs and the lock
 * file use only this, so a synth from the lock file stays light; `lists.ts` adds the schemas.
 */
import type { ServiceName } from "../errors";
import type { CloudFunctionsPackage, PackagesQuery } from "./packages";
import type { PoliciesQuery, SubAccountPolicy } from "./policies";
import type { ApiGatewayProduct, ProductsQuery } from "./products";
import type { ExternalAccessProfile, ProfilesQuery } from "./profiles";

/** The four lists this library looks up. */
export type ListKind = "packages" | "policies" | "products" | "profiles";

/** Every list kind, in a fixed order. */
export const LIST_KINDS: readonly ListKind[] = ["packages", "policies", "products", "profiles"];

/** True for one of the four list kinds. */
export function isListKind(value: string): value is ListKind {
  return (LIST_KINDS as readonly string[]).includes(value);
}

/** Item type of each list. */
export interface ListItems {
  packages: CloudFunctionsPackage;
  policies: SubAccountPolicy;
  products: ApiGatewayProduct;
  profiles: ExternalAccessProfile;
}

/** Query (filter) type of each list. */
export interface ListQueries {
  packages: PackagesQuery;
  policies: PoliciesQuery;
  products: ProductsQuery;
  profiles: ProfilesQuery;
}

/** A query parameter as the CLI and docs show it. */
export interface QueryParamInfo {
  /** API name, e.g. `searchColumn`. */
  readonly name: string;
  readonly type: "string" | "boolean" | "enum";
  /** Allowed values of an enum. */
  readonly values?: readonly string[];
  /** Length limits of a string (UTF-16 code units, as `String.length` counts). */
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly description: string;
}

/** Type of one documented item field; fields other than the name and id may be null or missing. */
export type ItemFieldType = "string" | "boolean" | "integer" | "string[]" | "json";

/** Names, fields and filters of one list. */
export interface ListMeta<K extends ListKind> {
  readonly kind: K;
  readonly service: ServiceName;
  /** Human title, e.g. "Sub Account policies". */
  readonly title: string;
  /** Request path shown in docs and errors. */
  readonly path: string;
  /** Field holding the item's name (what `byName` matches). */
  readonly nameField: keyof ListItems[K] & string;
  /** Field holding the item's id. */
  readonly idField: keyof ListItems[K] & string;
  /** Field holding the item's NRN, where the API has one. */
  readonly nrnField?: keyof ListItems[K] & string;
  /** Query parameters besides paging. */
  readonly params: readonly QueryParamInfo[];
  /** Documented item fields and their types (the item schemas in `lists.ts` say the same; a test checks). */
  readonly fields: Readonly<Record<string, ItemFieldType>>;
}

const SEARCH_WORD: QueryParamInfo = {
  name: "searchWord",
  type: "string",
  maxLength: 1000,
  description: "search keyword",
};

/** The four lists' names, fields and filters. */
export const LIST_META: { readonly [K in ListKind]: ListMeta<K> } = {
  packages: {
    kind: "packages",
    service: "cloudfunctions",
    title: "Cloud Functions packages",
    path: "GET /ncf/api/v2/packages",
    nameField: "name",
    idField: "name",
    params: [
      {
        name: "platform",
        type: "enum",
        values: ["vpc", "classic"],
        description: "platform (API default vpc)",
      },
    ],
    fields: { name: "string", description: "string" },
  },
  policies: {
    kind: "policies",
    service: "subaccount",
    title: "Sub Account policies",
    path: "GET /api/v1/policies",
    nameField: "policyName",
    idField: "policyId",
    nrnField: "nrn",
    params: [
      { name: "type", type: "enum", values: ["SYSTEM_MANAGED", "USER_CREATED"], description: "policy type" },
      {
        name: "searchColumn",
        type: "enum",
        values: ["policyName"],
        description: "column searchWord applies to",
      },
      SEARCH_WORD,
    ],
    fields: {
      policyId: "string",
      policyName: "string",
      policyType: "string",
      policyDesc: "string",
      nrn: "string",
    },
  },
  products: {
    kind: "products",
    service: "apigateway",
    title: "API Gateway products",
    path: "GET /api/v1/products",
    nameField: "productName",
    idField: "productId",
    params: [
      {
        name: "productName",
        type: "string",
        maxLength: 100,
        description: "product name to search (0-100 characters)",
      },
      { name: "isPublished", type: "boolean", description: "published (true) or not (false)" },
      {
        name: "subscriptionCode",
        type: "enum",
        values: ["PUBLIC", "PROTECTED"],
        description: "subscription type",
      },
      {
        name: "hasDeployedStage",
        type: "boolean",
        description: "with (true) or without (false) a deployed stage",
      },
      {
        name: "hasStageNotAssociatedWithUsagePlanId",
        type: "string",
        minLength: 1,
        maxLength: 200,
        description: "leave out products whose stages use this usage plan id",
      },
    ],
    fields: {
      productId: "string",
      productName: "string",
      invokeId: "string",
      tenantId: "string",
      productDescription: "string",
      isPublished: "boolean",
      subscriptionCode: "string",
      modifier: "string",
      domainCode: "string",
      zoneCode: "string",
      hasDeployedStage: "boolean",
      isDeleted: "boolean",
      disabled: "boolean",
      permission: "string",
      actionName: "string",
      modTime: "string",
    },
  },
  profiles: {
    kind: "profiles",
    service: "externalaccess",
    title: "External Access profiles",
    path: "GET /api/v1/profiles",
    nameField: "name",
    idField: "profileId",
    nrnField: "profileNrn",
    params: [
      {
        name: "searchColumn",
        type: "enum",
        values: ["name", "profileNrn"],
        description: "column searchWord applies to",
      },
      SEARCH_WORD,
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
  },
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a string has no lone surrogate, i.e. it can be sent as UTF-8. */
export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/**
 * Fast check of raw filters against a list's parameters, as strict as the query schemas in `lists.ts`.
 *
 * @returns the filters without undefined values, or `undefined` when they are not valid (the schema
 *   then says why).
 */
export function checkFilters<K extends ListKind>(kind: K, input: unknown): ListQueries[K] | undefined {
  if (input === undefined || input === null) return {} as ListQueries[K];
  if (typeof input !== "object" || Array.isArray(input)) return undefined;
  const out: Record<string, unknown> = {};
  const params = LIST_META[kind].params;
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const p = params.find((q) => q.name === name);
    if (p === undefined) return undefined;
    if (p.type === "boolean" && typeof value !== "boolean") return undefined;
    if (p.type === "enum" && !(typeof value === "string" && (p.values ?? []).includes(value)))
      return undefined;
    if (p.type === "string") {
      if (typeof value !== "string" || !isWellFormedText(value)) return undefined;
      if (value.length < (p.minLength ?? 0) || value.length > (p.maxLength ?? Infinity)) return undefined;
    }
    out[name] = value;
  }
  return out as ListQueries[K];
}

const FIELD_CHECKS: Record<ItemFieldType, (v: unknown) => boolean> = {
  string: (v) => typeof v === "string",
  boolean: (v) => typeof v === "boolean",
  integer: (v) => Number.isSafeInteger(v),
  "string[]": (v) => Array.isArray(v) && v.every((x) => typeof x === "string"),
  json: () => true,
};

/**
 * Fast check, without copying, that an item has its list's documented shape: the name and id are
 * strings; other documented fields are null, missing or of their type; unknown fields are kept.
 */
export function isValidItem(kind: ListKind, item: unknown): boolean {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return false;
  const rec = item as Record<string, unknown>;
  for (const [field, check, required] of fieldChecks(kind)) {
    const v = rec[field];
    if (v === undefined || v === null) {
      if (required) return false;
    } else if (!check(v)) {
      return false;
    }
  }
  return true;
}

const compiledChecks = new Map<
  ListKind,
  ReadonlyArray<readonly [string, (v: unknown) => boolean, boolean]>
>();

/** Each documented field with its check and whether it is required, computed once per list. */
function fieldChecks(kind: ListKind): ReadonlyArray<readonly [string, (v: unknown) => boolean, boolean]> {
  let checks = compiledChecks.get(kind);
  if (checks === undefined) {
    const meta = LIST_META[kind];
    checks = Object.entries(meta.fields).map(
      ([field, type]) =>
        [field, FIELD_CHECKS[type], field === meta.nameField || field === meta.idField] as const,
    );
    compiledChecks.set(kind, checks);
  }
  return checks;
}
