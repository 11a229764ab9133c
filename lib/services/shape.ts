import type { z } from "zod";
import { ResponseShapeError, shortJson, ValidationError, type RequestInfo } from "../errors";
import { nearestNames } from "../lookups/match";

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
    const shown = value === undefined ? "" : ` ${shortJson(value)}`;
    if (issue.code === "invalid_value") {
      return `${name}${shown} is not allowed; use one of: ${issue.values.map(String).join(", ")}`;
    }
    if (issue.code === "unrecognized_keys") {
      // The near name of each misspelt one, as byName suggests names ("typ" → "type").
      const known = Object.keys((schema as unknown as { shape?: Record<string, unknown> }).shape ?? {});
      const hints = issue.keys
        .map((k) => [k, nearestNames(k, known, 1)[0]] as const)
        .filter((pair): pair is readonly [string, string] => pair[1] !== undefined)
        .map(([k, near]) => `${JSON.stringify(k)}: did you mean ${JSON.stringify(near)}?`);
      return `unknown parameter(s) ${issue.keys.join(", ")}${hints.length > 0 ? ` (${hints.join("; ")})` : ""}; the parameters are ${known.join(", ") || "none"}`;
    }
    return `${name}${shown}: ${issue.message}`;
  });
  throw new ValidationError(`${list} query: ${problems.join("; ")}`);
}
