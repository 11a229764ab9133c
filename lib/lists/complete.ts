/**
 * Checks a list definition and fills in its defaults (`registerList`). Every refusal names the field
 * and says what to write instead, so a typo in a user's definition file fails where it was made.
 */
import { SITES } from "../client/endpoints";
import { ValidationError } from "../errors";
import type {
  CompleteListDefinition,
  FilterDefinition,
  ItemFieldType,
  ListDefinition,
  ParamDefinition,
} from "./definition";

const FIELD_TYPES: readonly ItemFieldType[] = ["string", "boolean", "integer", "string[]", "json"];
const PARAM_TYPES: readonly ParamDefinition["type"][] = ["string", "boolean", "enum"];
const PAGING_STYLES = ["none", "page", "offset"] as const;
/** The markers a response template may hold (see `PagingDefinition`). */
export const RESPONSE_MARKERS: readonly string[] = [
  "$items",
  "$total",
  "$index",
  "$size",
  "$pages",
  "$hasNext",
  "$hasPrevious",
  "$isFirst",
  "$isLast",
  "$unfiltered",
];
const KNOWN_KEYS: readonly (keyof ListDefinition)[] = [
  "kind",
  "title",
  "service",
  "basePath",
  "siteBasePaths",
  "siteFixedParams",
  "regional",
  "regionOnlyValues",
  "path",
  "params",
  "wireOrder",
  "fields",
  "idField",
  "nameField",
  "nrnField",
  "descriptionField",
  "table",
  "filters",
  "paging",
  "emulator",
];
const KIND = /^[a-z][a-z0-9-]*$/;

/** A path that stays where it says: no `//`, `.` or `..` segment, backslash or control character. */
function safePath(p: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(p) || p.startsWith("//")) return false;
  return p.split("/").every((seg, i) => (i === 0 ? seg === "" : seg !== "." && seg !== ".." && seg !== ""));
}
const HOST_LABEL = /^[a-z][a-z0-9-]*$/;
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The paths of every string starting with `$` in a template, with the string. */
function markersIn(template: unknown, prefix = ""): [string, string][] {
  if (typeof template === "string") return template.startsWith("$") ? [[prefix, template]] : [];
  if (typeof template !== "object" || template === null || Array.isArray(template)) return [];
  return Object.entries(template).flatMap(([k, v]) => markersIn(v, prefix === "" ? k : `${prefix}.${k}`));
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks one definition, part by part; each refusal names the field and what to write instead. */
class DefinitionCheck {
  readonly #where: string;
  readonly def: Record<string, unknown>;
  /** The item fields (checked by `fields`). */
  fields: Record<string, unknown> = {};
  /** The parameter names (checked by `params`). */
  readonly names = new Set<string>();

  constructor(input: ListDefinition) {
    this.#where =
      `list definition ${isRecord(input) && typeof input.kind === "string" ? JSON.stringify(input.kind) : ""}`.trim();
    if (!isRecord(input))
      throw new ValidationError(`a list definition must be an object, got ${typeof input}`);
    this.def = input as unknown as Record<string, unknown>;
  }

  bad(field: string, problem: string): never {
    throw new ValidationError(`${this.#where}: ${field} ${problem}`);
  }

  /** A required non-empty string; `rule`: the pattern it must match and what to write instead. */
  text(field: string, rule?: readonly [RegExp, string]): string {
    const v = this.def[field];
    if (typeof v !== "string" || v === "") this.bad(field, "is missing: give a non-empty string");
    if (rule !== undefined && !rule[0].test(v as string))
      this.bad(field, `${JSON.stringify(v)} is not valid: ${rule[1]}`);
    return v as string;
  }

  /** An optional object keyed by site or region; checked here so a bad value fails at registerList, not as a 404. */
  record(field: string, v: unknown, what: string): Record<string, unknown> | undefined {
    if (v === undefined) return undefined;
    if (!isRecord(v)) this.bad(field, `must be an object ${what}, got ${JSON.stringify(v)}`);
    return v as Record<string, unknown>;
  }

  basePath(field: string, v: unknown): void {
    if (typeof v !== "string" || !(v === "" || (/^\/[^?#\s]*[^/?#\s]$/.test(v) && safePath(v))))
      this.bad(
        field,
        `${JSON.stringify(v)} is not valid: a path such as "/api/v1" (one leading /, no trailing /, no //, . or .. segment, no control character), or ""`,
      );
  }

  /** The keys, names, service, paths and hosts. */
  identity(): void {
    for (const key of Object.keys(this.def)) {
      if (!(KNOWN_KEYS as readonly string[]).includes(key))
        this.bad(key, `is not a definition field; the fields are ${KNOWN_KEYS.join(", ")}`);
    }
    this.text("kind", [
      KIND,
      "use lower-case letters, digits and -, starting with a letter (e.g. sub-accounts)",
    ]);
    this.text("title");
    this.text("service", [
      HOST_LABEL,
      "the host's first label in lower case (subaccount in subaccount.apigw.ntruss.com)",
    ]);
    this.basePath("basePath", this.def.basePath);
    this.text("path", [/^\/[^?#\s]*$/, 'a path such as "/sub-accounts" (leading /, no query)']);
    if (!safePath(this.def.path as string))
      this.bad(
        "path",
        `${JSON.stringify(this.def.path)} is not valid: no //, . or .. segment, backslash or control character`,
      );
    const sites = this.record(
      "siteBasePaths",
      this.def.siteBasePaths,
      'of base paths by site, e.g. { gov: "/api/v2" }',
    );
    for (const [site, v] of Object.entries(sites ?? {})) {
      if (!(SITES as readonly string[]).includes(site))
        this.bad(`siteBasePaths.${site}`, `is not a site; use ${SITES.join(", ")}`);
      this.basePath(`siteBasePaths.${site}`, v);
    }
    if (this.def.regional !== undefined && typeof this.def.regional !== "boolean")
      this.bad("regional", `must be true or false, got ${JSON.stringify(this.def.regional)}`);
  }

  /** The item fields and the fields the other parts name; returns the id and name fields. */
  itemFields(): { idField: string; nameField: string } {
    if (!isRecord(this.def.fields) || Object.keys(this.def.fields).length === 0)
      this.bad("fields", 'is missing: give the item fields and their types, e.g. { loginId: "string" }');
    this.fields = this.def.fields as Record<string, unknown>;
    for (const [name, type] of Object.entries(this.fields)) {
      if (!FIELD_TYPES.includes(type as ItemFieldType))
        this.bad(`fields.${name}`, `has type ${JSON.stringify(type)}; use one of ${FIELD_TYPES.join(", ")}`);
    }
    const idField = this.fieldRef("idField", true) as string;
    const nameField = this.fieldRef("nameField", true) as string;
    this.fieldRef("nrnField", false);
    this.fieldRef("descriptionField", false);
    return { idField, nameField };
  }

  fieldRef(field: string, required: boolean): string | undefined {
    const v = this.def[field];
    if (v === undefined && !required) return undefined;
    if (typeof v !== "string" || !Object.prototype.hasOwnProperty.call(this.fields, v))
      this.bad(
        field,
        `${v === undefined ? "is missing" : `names ${JSON.stringify(v)}, which is not in fields`}; use one of ${Object.keys(this.fields).join(", ")}`,
      );
    return v as string;
  }

  /** The query parameters, and the per-site and per-region values of them. */
  params(): void {
    if (!Array.isArray(this.def.params))
      this.bad("params", "is missing: give the query parameters, or [] for none");
    (this.def.params as unknown[]).forEach((p, i) => {
      const at = `params[${i}]`;
      if (!isRecord(p)) this.bad(at, "must be an object { name, type, description }");
      const q = p as Record<string, unknown>;
      if (typeof q.name !== "string" || !PARAM_NAME.test(q.name))
        this.bad(`${at}.name`, `${JSON.stringify(q.name)} is not a parameter name (letters, digits, _ . -)`);
      if (this.names.has(q.name as string))
        this.bad(`${at}.name`, `${JSON.stringify(q.name)} is given twice`);
      this.names.add(q.name as string);
      if (!PARAM_TYPES.includes(q.type as ParamDefinition["type"]))
        this.bad(`${at}.type`, `is ${JSON.stringify(q.type)}; use one of ${PARAM_TYPES.join(", ")}`);
      if (
        q.type === "enum" &&
        (!Array.isArray(q.values) || q.values.length === 0 || !q.values.every((v) => typeof v === "string"))
      )
        this.bad(`${at}.values`, "must list the allowed values (strings) of an enum");
      if (typeof q.description !== "string") this.bad(`${at}.description`, "is missing: say what it filters");
    });
    this.perKey("siteFixedParams", "site", '{ gov: { platform: "classic" } }', SITES);
    this.perKey("regionOnlyValues", "region", '{ SGN: { platform: "vpc" } }');
  }

  /** Parameters with one value per site or region: objects of objects of a param's string value. */
  perKey(field: string, keyWord: string, example: string, keys?: readonly string[]): void {
    const by = this.record(
      field,
      this.def[field],
      `of { <param>: "<value>" } by ${keyWord}, e.g. ${example}`,
    );
    for (const [key, values] of Object.entries(by ?? {})) {
      if (keys !== undefined && !keys.includes(key))
        this.bad(`${field}.${key}`, `is not a ${keyWord}; use ${keys.join(", ")}`);
      if (keys === undefined && !/^[A-Z][A-Z0-9-]*$/.test(key))
        this.bad(`${field}.${key}`, "is not a region code (upper-case letters and digits, e.g. SGN)");
      const inner = this.record(`${field}.${key}`, values, '{ <param>: "<value>" }') ?? {};
      for (const [param, value] of Object.entries(inner)) {
        if (!this.names.has(param))
          this.bad(
            `${field}.${key}.${param}`,
            `is not one of the params (${[...this.names].join(", ") || "none"})`,
          );
        if (typeof value !== "string")
          this.bad(`${field}.${key}.${param}`, `must be a string, got ${JSON.stringify(value)}`);
      }
    }
  }

  /** The paging style, its parameters and the response template's markers. */
  paging(): void {
    if (!isRecord(this.def.paging))
      this.bad("paging", 'is missing: give { style: "none" | "page" | "offset", ..., response }');
    const paging = this.def.paging as Record<string, unknown>;
    if (!(PAGING_STYLES as readonly unknown[]).includes(paging.style))
      this.bad("paging.style", `is ${JSON.stringify(paging.style)}; use one of ${PAGING_STYLES.join(", ")}`);
    if (paging.style !== "none") {
      for (const p of ["indexParam", "sizeParam"] as const) {
        if (typeof paging[p] !== "string" || !PARAM_NAME.test(paging[p] as string))
          this.bad(
            `paging.${p}`,
            `is missing: name the ${p === "indexParam" ? (paging.style === "page" ? "page index" : "offset") : "page size"} parameter`,
          );
        if (this.names.has(paging[p] as string))
          this.bad(
            `paging.${p}`,
            `${JSON.stringify(paging[p])} is also in params; paging parameters are not filters`,
          );
      }
      if (paging.indexParam === paging.sizeParam)
        this.bad("paging.sizeParam", "is the same as paging.indexParam");
    }
    this.response(paging);
    for (const n of ["defaultSize"] as const) {
      if (paging[n] !== undefined && !(Number.isSafeInteger(paging[n]) && (paging[n] as number) > 0))
        this.bad(`paging.${n}`, "must be a positive integer");
    }
  }

  /** The response template: known markers, `$items` once, `$total` for a list that pages. */
  response(paging: Record<string, unknown>): void {
    if (!isRecord(paging.response))
      this.bad(
        "paging.response",
        'is missing: give the response body\'s shape with markers, e.g. { content: "$items", totalCount: "$total" }',
      );
    const markers = markersIn(paging.response);
    for (const [at, marker] of markers) {
      if (!RESPONSE_MARKERS.includes(marker))
        this.bad(
          `paging.response.${at}`,
          `holds ${JSON.stringify(marker)}, which is not a marker; use one of ${RESPONSE_MARKERS.join(", ")}`,
        );
    }
    const count = (m: string): number => markers.filter(([, x]) => x === m).length;
    if (count("$items") !== 1)
      this.bad(
        "paging.response",
        `${count("$items") === 0 ? "has no" : "has more than one"} "$items" marker; put "$items" once, where the items array is`,
      );
    if (paging.style !== "none" && count("$total") !== 1)
      this.bad(
        "paging.response",
        `has no "$total" marker; a ${String(paging.style)}-style list needs the total item count to know how many pages to ask for`,
      );
  }

  /** The optional parts: wire order, table columns, filters, the emulator's settings. */
  optionalParts(): void {
    const paramNames = [...this.names];
    if (this.def.wireOrder !== undefined) {
      const order = this.def.wireOrder;
      if (
        !Array.isArray(order) ||
        order.length !== paramNames.length ||
        !paramNames.every((n) => order.includes(n))
      )
        this.bad("wireOrder", `must list every parameter once: ${paramNames.join(", ")}`);
    }
    if (this.def.table !== undefined) {
      if (!Array.isArray(this.def.table) || this.def.table.length === 0)
        this.bad("table", "must list one or more fields");
      for (const c of this.def.table as unknown[]) {
        if (typeof c !== "string" || !Object.prototype.hasOwnProperty.call(this.fields, c))
          this.bad(
            "table",
            `names ${JSON.stringify(c)}, which is not in fields; use some of ${Object.keys(this.fields).join(", ")}`,
          );
      }
    }
    this.filters(paramNames);
    if (this.def.emulator !== undefined) {
      const e = isRecord(this.def.emulator)
        ? this.def.emulator
        : this.bad("emulator", "must be an object { cap, defaultSize }");
      for (const n of ["cap", "defaultSize"]) {
        const v = (e as Record<string, unknown>)[n];
        if (v !== undefined && !(Number.isSafeInteger(v) && (v as number) > 0))
          this.bad(`emulator.${n}`, "must be a positive integer");
      }
    }
  }

  filters(paramNames: readonly string[]): void {
    if (this.def.filters !== undefined && !Array.isArray(this.def.filters))
      this.bad("filters", "must be an array");
    ((this.def.filters as unknown[] | undefined) ?? []).forEach((f, i) => {
      const r = isRecord(f) ? f : {};
      if (typeof r.param !== "string" || !this.names.has(r.param))
        this.bad(`filters[${i}].param`, `must name one of params: ${paramNames.join(", ") || "(none)"}`);
      if (
        (r.kind === "equals" || r.kind === "contains") &&
        (typeof r.field !== "string" || !Object.prototype.hasOwnProperty.call(this.fields, r.field))
      )
        this.bad(`filters[${i}].field`, `must name one of fields: ${Object.keys(this.fields).join(", ")}`);
      if (!["equals", "contains", "containsIn", "notListedIn", "bucket"].includes(r.kind as string))
        this.bad(`filters[${i}].kind`, "must be one of equals, contains, containsIn, notListedIn, bucket");
    });
  }
}

/**
 * The definition with its defaults filled in.
 *
 * @throws ValidationError naming the field that is missing or wrong, and what it should be.
 */
export function completeDefinition(input: ListDefinition): CompleteListDefinition {
  const check = new DefinitionCheck(input);
  check.identity();
  const { idField, nameField } = check.itemFields();
  check.params();
  check.paging();
  check.optionalParts();
  const given = input;
  const fields = check.fields;
  const derivedFilters = (): FilterDefinition[] =>
    given.params
      .filter((p) => Object.prototype.hasOwnProperty.call(fields, p.name))
      .map((p) => ({
        param: p.name,
        kind: p.type === "string" ? ("contains" as const) : ("equals" as const),
        field: p.name,
      }));
  return {
    ...given,
    wireOrder: given.wireOrder ?? given.params.map((p) => p.name),
    table: given.table ?? [...new Set([nameField, idField])],
    filters: given.filters ?? derivedFilters(),
    emulator: {
      wrongNameValue: null,
      ...(given.paging.defaultSize !== undefined ? { defaultSize: given.paging.defaultSize } : {}),
      ...given.emulator,
    },
  };
}
