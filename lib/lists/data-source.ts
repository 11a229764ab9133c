/**
 * How a list's definition appears as data sources of the native Terraform provider
 * (`ncloud-lookups/ncloudlookups`, `provider/`): their type names, arguments and item attributes. The
 * provider derives the same from the same definitions at run time (conformance/schema.json checks
 * both); the plan-time constructs use it to emit the data sources and read them back typed.
 */
import type { ItemFieldType, ListDefinition } from "./definition";

/** A Terraform type, as `terraform providers schema -json` would describe it in short. */
export type TerraformType = "string" | "bool" | "number" | "list(string)";

/** The Terraform type of a field: a `json` field is its JSON text (a string; `jsondecode()` reads it). */
export function terraformTypeOf(type: ItemFieldType): TerraformType {
  switch (type) {
    case "boolean":
      return "bool";
    case "integer":
      return "number";
    case "string[]":
      return "list(string)";
    default:
      return "string";
  }
}

const UPPER = /\p{Lu}/u;
const LOWER_OR_DIGIT = /[\p{Ll}\p{Nd}]/u;

/**
 * An API name as a Terraform attribute name: `policyName` → `policy_name`,
 * `hasStageNotAssociatedWithUsagePlanId` → `has_stage_not_associated_with_usage_plan_id`, `roleNRN` →
 * `role_nrn`; other characters become `_`; a leading digit gets `_`.
 */
export function snakeCase(name: string): string {
  const rs = [...name];
  let out = "";
  rs.forEach((r, i) => {
    if (UPPER.test(r)) {
      const prev = rs[i - 1];
      const next = rs[i + 1];
      const prevLower = prev !== undefined && LOWER_OR_DIGIT.test(prev);
      const prevUpper = prev !== undefined && UPPER.test(prev);
      const nextLower = next !== undefined && /\p{Ll}/u.test(next);
      if (out.length > 0 && (prevLower || (prevUpper && nextLower))) out += "_";
      out += r.toLowerCase();
    } else if (LOWER_OR_DIGIT.test(r)) {
      out += r;
    } else if (out.length > 0 && !out.endsWith("_")) {
      out += "_";
    }
  });
  out = out.replace(/^_+|_+$/g, "");
  return /^\p{Nd}/u.test(out) ? `_${out}` : out;
}

/** The kind of one item: `policies` → `policy`, `packages` → `package`. */
export function singularOf(kind: string): string {
  const k = kind.replace(/-/g, "_");
  if (k.endsWith("ies")) return `${k.slice(0, -3)}y`;
  if (k.endsWith("sses")) return k.slice(0, -2);
  if (k.endsWith("s")) return k.slice(0, -1);
  return k;
}

/** The data sources of a built-in list, and the attributes of one item. */
export interface DataSourceSchema {
  /** `ncloudlookups_<kind>`: filters, `names`; computed `items`, `by_name`, `ids`. */
  readonly plural: string;
  /** `ncloudlookups_<singular>`: `name`, filters; the item's fields at the top level. */
  readonly singular: string;
  /** Filter arguments: attribute name → API name and Terraform type. */
  readonly filters: Readonly<Record<string, { readonly param: string; readonly type: "string" | "bool" }>>;
  /** Item attributes: attribute name → field name and Terraform type. */
  readonly item: Readonly<Record<string, { readonly field: string; readonly type: TerraformType }>>;
}

/** The data sources of a list, derived from its definition. */
export function dataSourceSchema(def: ListDefinition): DataSourceSchema {
  const filters: Record<string, { param: string; type: "string" | "bool" }> = {};
  for (const p of def.params)
    filters[snakeCase(p.name)] = { param: p.name, type: p.type === "boolean" ? "bool" : "string" };
  const item: Record<string, { field: string; type: TerraformType }> = {};
  for (const [field, type] of Object.entries(def.fields))
    item[snakeCase(field)] = { field, type: terraformTypeOf(type) };
  const kind = def.kind.replace(/-/g, "_");
  return {
    plural: `ncloudlookups_${kind}`,
    singular: `ncloudlookups_${singularOf(def.kind)}`,
    filters,
    item,
  };
}
