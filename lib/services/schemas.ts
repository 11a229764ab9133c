/**
 * The zod schemas derived from a list's definition: items, the query and one page. Loaded only when a
 * fast check (`meta.ts`) refuses something and a message must say why, or when a caller asks for a
 * schema: a synth or a listing of well-formed data never loads zod.
 */
import { z } from "zod";
import type { ItemFieldType, ListDefinition } from "../lists/definition";
import { isWellFormedText } from "./meta";

interface Schemas {
  readonly item: z.ZodType;
  readonly query: z.ZodType;
  readonly page: z.ZodType;
}
const schemas = new WeakMap<ListDefinition, Schemas>();

const text = (max: number, min = 0): z.ZodType =>
  z
    .string()
    .min(min)
    .max(max, `must be at most ${max} characters`)
    .refine(isWellFormedText, { message: "holds a lone surrogate (not valid Unicode text)" });

const FIELD_SCHEMAS: Record<ItemFieldType, () => z.ZodType> = {
  string: () => z.string(),
  boolean: () => z.boolean(),
  integer: () => z.number().int(),
  "string[]": () => z.array(z.string()),
  json: () => z.unknown(),
};

const MARKER_SCHEMAS: Record<string, () => z.ZodType> = {
  $total: () => z.number().int().nonnegative(),
  $index: () => z.number().int().nonnegative().optional(),
  $size: () => z.number().int().nonnegative().nullish(),
  $pages: () => z.number().int().nonnegative().optional(),
  $unfiltered: () => z.number().int().nullish(),
  $hasNext: () => z.boolean().optional(),
  $hasPrevious: () => z.boolean().optional(),
  $isFirst: () => z.boolean().optional(),
  $isLast: () => z.boolean().optional(),
};

function schemasOf(def: ListDefinition): Schemas {
  let s = schemas.get(def);
  if (s !== undefined) return s;
  const item = z.looseObject(
    Object.fromEntries(
      Object.entries(def.fields).map(([f, t]) => {
        const base = FIELD_SCHEMAS[t]();
        const required = f === def.idField || f === def.nameField;
        return [f, required ? base : t === "json" ? base : base.nullish()];
      }),
    ),
  );
  const query = z.strictObject(
    Object.fromEntries(
      def.params.map((p) => {
        const base =
          p.type === "boolean"
            ? z.boolean()
            : p.type === "enum"
              ? z.enum(p.values as [string, ...string[]])
              : text(p.maxLength ?? Number.MAX_SAFE_INTEGER, p.minLength ?? 0);
        return [p.name, base.optional()];
      }),
    ),
  );
  const shape = (template: unknown): z.ZodType => {
    if (template === "$items") return z.array(item);
    if (typeof template === "string" && MARKER_SCHEMAS[template] !== undefined) {
      return (MARKER_SCHEMAS[template] as () => z.ZodType)();
    }
    if (typeof template === "object" && template !== null) {
      return z.looseObject(Object.fromEntries(Object.entries(template).map(([k, v]) => [k, shape(v)])));
    }
    return z.unknown();
  };
  s = { item, query, page: shape(def.paging.response) };
  schemas.set(def, s);
  return s;
}

/** The schema of one item: the name and id required, other documented fields null, missing or typed. */
export function itemSchemaOf(def: ListDefinition): z.ZodType {
  return schemasOf(def).item;
}

/** The schema of the query (filters): exactly the definition's parameters. */
export function querySchemaOf(def: ListDefinition): z.ZodType {
  return schemasOf(def).query;
}

/** The schema of one response body (one page), from the definition's response template. */
export function pageSchemaOf(def: ListDefinition): z.ZodType {
  return schemasOf(def).page;
}
