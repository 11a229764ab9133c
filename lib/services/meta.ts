/**
 * The checks derived from the list definitions (registry: `lib/lists/index.ts`) without the response schemas (zod): filters and items. Constructs and the lock file use only
 * this, so a synth from the lock file stays light; `lists.ts` adds the schemas and the listing.
 */
import { listDefinition, type ListKind } from "../lists";
import type { ItemFieldType, ParamDefinition } from "../lists/definition";
import type { CloudFunctionsPackage, PackagesQuery } from "../lists/packages";
import type { PoliciesQuery, SubAccountPolicy } from "../lists/policies";
import type { ApiGatewayProduct, ProductsQuery } from "../lists/products";
import type { ExternalAccessProfile, ProfilesQuery } from "../lists/profiles";

export type { ItemFieldType, ListDefinition } from "../lists/definition";
export {
  BUILT_IN_LISTS,
  findList,
  isListKind,
  LIST_KINDS,
  listDefinition,
  listKinds,
  registerList,
  type ListKind,
} from "../lists";

/** Item type of each shipped list. */
export interface ListItems {
  packages: CloudFunctionsPackage;
  policies: SubAccountPolicy;
  products: ApiGatewayProduct;
  profiles: ExternalAccessProfile;
}

/** Query (filter) type of each shipped list. */
export interface ListQueries {
  packages: PackagesQuery;
  policies: PoliciesQuery;
  products: ProductsQuery;
  profiles: ProfilesQuery;
}

/** A query parameter as the CLI and docs show it. */
export type QueryParamInfo = ParamDefinition;

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
export function checkFilters<K extends ListKind = ListKind>(
  kind: K | string,
  input: unknown,
): ListQueries[K] | undefined {
  if (input === undefined || input === null) return {} as ListQueries[K];
  if (typeof input !== "object" || Array.isArray(input)) return undefined;
  const out: Record<string, unknown> = {};
  const params = listDefinition(kind).params;
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
export function isValidItem(kind: string, item: unknown): boolean {
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

const compiledChecks = new Map<string, ReadonlyArray<readonly [string, (v: unknown) => boolean, boolean]>>();

/** Each documented field with its check and whether it is required, computed once per list. */
function fieldChecks(kind: string): ReadonlyArray<readonly [string, (v: unknown) => boolean, boolean]> {
  let checks = compiledChecks.get(kind);
  // Stryker disable next-line ConditionalExpression: always true is equivalent, the checks are computed again the same
  if (checks === undefined) {
    const meta = listDefinition(kind);
    checks = Object.entries(meta.fields).map(
      ([field, type]) =>
        [field, FIELD_CHECKS[type], field === meta.nameField || field === meta.idField] as const,
    );
    compiledChecks.set(kind, checks);
  }
  return checks;
}

/** Fast checks of the response markers, as strict as `MARKER_SCHEMAS` in `lists.ts`. */
const MARKER_CHECKS: Readonly<Record<string, (v: unknown) => boolean>> = {
  $total: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  $index: (v) => v === undefined || (Number.isSafeInteger(v) && (v as number) >= 0),
  $size: (v) => v === undefined || v === null || (Number.isSafeInteger(v) && (v as number) >= 0),
  $pages: (v) => v === undefined || (Number.isSafeInteger(v) && (v as number) >= 0),
  $unfiltered: (v) => v === undefined || v === null || Number.isSafeInteger(v),
  $hasNext: (v) => v === undefined || typeof v === "boolean",
  $hasPrevious: (v) => v === undefined || typeof v === "boolean",
  $isFirst: (v) => v === undefined || typeof v === "boolean",
  $isLast: (v) => v === undefined || typeof v === "boolean",
};

/**
 * Fast check, without copying or loading zod, that a response body has the shape of the list's
 * response template (objects where it has objects, items of the list's shape, counts as integers).
 * A body it refuses goes to the page schema, which says why (or accepts what this check is stricter
 * about).
 */
export function isValidPage(kind: string, body: unknown): boolean {
  const def = listDefinition(kind);
  const walk = (template: unknown, value: unknown): boolean => {
    if (template === "$items") return Array.isArray(value) && value.every((item) => isValidItem(kind, item));
    if (typeof template === "string") {
      const check = MARKER_CHECKS[template];
      return check === undefined || check(value);
    }
    if (typeof template !== "object" || template === null) return true;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    for (const [k, t] of Object.entries(template)) {
      if (!walk(t, (value as Record<string, unknown>)[k])) return false;
    }
    return true;
  };
  return walk(def.paging.response, body);
}
