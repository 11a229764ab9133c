/**
 * A copy of `value` with the keys of every object sorted (arrays keep their order). A `__proto__` key
 * is dropped: copying it would set the copy's prototype.
 */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      if (k !== "__proto__") out[k] = sortKeys((value as Record<string, unknown>)[k]);
    }
    return out;
  }
  return value;
}

/** JSON with sorted keys: equal data gives equal text (digests, comparisons). */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}
