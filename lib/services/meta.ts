/**
 * The registry of list definitions (`lib/lists/*.ts`, one file per list) and the checks derived from
 * them without the response schemas (zod): filters and items. Constructs and the lock file use only
 * this, so a synth from the lock file stays light; `lists.ts` adds the schemas and the listing.
 */
import type { ItemFieldType, ListDefinition, ParamDefinition } from "../lists/definition";
import { PACKAGES, type CloudFunctionsPackage, type PackagesQuery } from "../lists/packages";
import { POLICIES, type PoliciesQuery, type SubAccountPolicy } from "../lists/policies";
import { PRODUCTS, type ApiGatewayProduct, type ProductsQuery } from "../lists/products";
import { PROFILES, type ExternalAccessProfile, type ProfilesQuery } from "../lists/profiles";

export type { ItemFieldType, ListDefinition } from "../lists/definition";

/** The four lists this library ships. Lists registered with {@link registerList} come on top. */
export type ListKind = "packages" | "policies" | "products" | "profiles";

/** The shipped list kinds, in a fixed order. */
export const LIST_KINDS: readonly ListKind[] = ["packages", "policies", "products", "profiles"];

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

/** The definitions by kind: the shipped ones and every registered one. */
export const LIST_META: Readonly<Record<ListKind, ListDefinition>> &
  Readonly<Record<string, ListDefinition | undefined>> = {
  packages: PACKAGES,
  policies: POLICIES,
  products: PRODUCTS,
  profiles: PROFILES,
};

/** Every list kind known in this process: the shipped ones, then the registered ones. */
export function listKinds(): string[] {
  return Object.keys(LIST_META);
}

/** True for a list kind known in this process. */
export function isListKind(value: string): value is ListKind {
  return Object.prototype.hasOwnProperty.call(LIST_META, value);
}

/**
 * Adds a list defined outside this package (one definition file): constructs, the lock file, the CLI,
 * the emulator and fixtures then know it in this process. The lookup worker gets the definition with
 * each request.
 *
 * @throws Error when the kind is taken by another definition.
 */
export function registerList(def: ListDefinition): void {
  const there = (LIST_META as Record<string, ListDefinition | undefined>)[def.kind];
  if (there !== undefined && there !== def) throw new Error(`a list named ${def.kind} is already defined`);
  if (!/^[a-z][a-z0-9-]*$/.test(def.kind))
    throw new Error(`list kind ${JSON.stringify(def.kind)}: use lower-case letters, digits and -`);
  (LIST_META as Record<string, ListDefinition>)[def.kind] = def;
}

/** The definition of a kind. @throws Error for an unknown kind. */
export function listDefinition(kind: string): ListDefinition {
  const def = (LIST_META as Record<string, ListDefinition | undefined>)[kind];
  if (def === undefined)
    throw new Error(`unknown list ${JSON.stringify(kind)}; known: ${listKinds().join(", ")}`);
  return def;
}

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
