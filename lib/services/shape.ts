import type { z } from "zod";
import { ResponseShapeError, ValidationError, type RequestInfo } from "../errors";

/** Renders a zod issue path as a JSON path: `$.items[3].policyName`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    "$",
  );
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === "object") return "an object";
  return `${typeof v} ${String(v)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/**
 * Deletes own `__proto__` keys (which `JSON.parse` creates) everywhere in a parsed body: the schema's
 * copy of an object would otherwise take them as the copy's prototype.
 */
export function dropProtoKeys(value: unknown): void {
  if (typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) dropProtoKeys(v);
    return;
  }
  if (Object.prototype.hasOwnProperty.call(value, "__proto__"))
    delete (value as Record<string, unknown>)["__proto__"];
  for (const v of Object.values(value)) dropProtoKeys(v);
}

/**
 * Parses a response body with its schema: the one place raw API shapes become typed values.
 *
 * @throws ResponseShapeError naming the JSON path of the first bad field.
 */
export function parseResponse<S extends z.ZodType>(schema: S, body: unknown, info: RequestInfo): z.output<S> {
  dropProtoKeys(body);
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  const value = valueAt(body, path);
  const expected =
    issue !== undefined && "expected" in issue ? `expected ${String(issue.expected)}` : issue?.message;
  throw new ResponseShapeError(
    info,
    jsonPath(path),
    `${expected ?? "invalid"}, got ${value === undefined ? "nothing" : describeValue(value)}`,
    { cause: result.error },
  );
}

/**
 * Validates user-given query parameters with their schema.
 *
 * @throws ValidationError naming the parameter, the bad value and what is allowed.
 */
export function parseQueryInput<S extends z.ZodType>(schema: S, input: unknown, list: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.map(String).join(".") || "query";
    const value = valueAt(input, issue.path);
    const shown = value === undefined ? "" : ` ${JSON.stringify(value)}`;
    if (issue.code === "invalid_value") {
      return `${name}${shown} is not allowed; use one of: ${issue.values.map(String).join(", ")}`;
    }
    if (issue.code === "unrecognized_keys") {
      return `unknown parameter(s) ${issue.keys.join(", ")}`;
    }
    return `${name}${shown}: ${issue.message}`;
  });
  throw new ValidationError(`${list} query: ${problems.join("; ")}`);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a string has no lone surrogate, i.e. it can be sent as UTF-8. */
export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

type FieldCheck = (value: unknown) => boolean;

/** Compiles one zod field schema of an item into a plain type check; undefined when not supported. */
function compileField(schema: z.ZodType): FieldCheck | undefined {
  let def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  let optional = false;
  let nullable = false;
  for (;;) {
    if (def.type === "optional") optional = true;
    else if (def.type === "nullable") nullable = true;
    else break;
    def = (def.innerType as { _zod: { def: Record<string, unknown> } })._zod.def;
  }
  let base: FieldCheck | undefined;
  const checks = (def.checks as unknown[] | undefined)?.length ?? 0;
  if (def.type === "string" && checks === 0) base = (v) => typeof v === "string";
  else if (def.type === "boolean") base = (v) => typeof v === "boolean";
  // Every number field of the item schemas is an integer: at least as strict as `.int()`.
  else if (def.type === "number") base = (v) => Number.isInteger(v);
  else if (def.type === "array") {
    const element = compileField(def.element as z.ZodType);
    if (element !== undefined) base = (v) => Array.isArray(v) && v.every(element);
  }
  if (base === undefined) return undefined;
  const check = base;
  return (v) => (v === undefined ? optional : v === null ? nullable : check(v));
}

/**
 * A fast check, without copying, that is at least as strict as a loose object schema of plain
 * fields: used on hot paths (large lock files), with zod only to explain a failure. Undefined when the
 * schema has a field it cannot check.
 */
export function compileItemCheck(schema: z.ZodType): ((item: unknown) => boolean) | undefined {
  const def = (schema as unknown as { _zod: { def: { type: string; shape?: Record<string, z.ZodType> } } })
    ._zod.def;
  if (def.type !== "object" || def.shape === undefined) return undefined;
  const fields: Array<[string, FieldCheck]> = [];
  for (const [key, field] of Object.entries(def.shape)) {
    const check = compileField(field);
    if (check === undefined) return undefined;
    fields.push([key, check]);
  }
  return (item) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return false;
    const rec = item as Record<string, unknown>;
    for (const [key, check] of fields) if (!check(rec[key])) return false;
    return true;
  };
}
