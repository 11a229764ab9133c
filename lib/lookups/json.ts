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

/**
 * `stableJson` of each item of a list, the same text, faster for the usual list: items of one shape
 * (the same keys in the same order) whose values are no objects. Their sorted key order is worked
 * out once per shape instead of once per item, and no copy is made when the keys are in order already.
 * Anything else (nested objects, a `__proto__` key, another prototype) goes through `stableJson`.
 */
export function stableJsonLines(items: readonly unknown[]): string[] {
  let shape: string[] | undefined;
  let sorted: string[] = [];
  let inOrder = false;
  const lines: string[] = new Array<string>(items.length);
  for (let n = 0; n < items.length; n++) {
    const item = items[n];
    if (typeof item !== "object" || item === null || Object.getPrototypeOf(item) !== Object.prototype) {
      lines[n] = stableJson(item);
      continue;
    }
    const rec = item as Record<string, unknown>;
    const keys = Object.keys(rec);
    if (!sameKeys(keys, shape)) {
      shape = keys.includes("__proto__") ? undefined : keys;
      sorted = [...keys].sort();
      inOrder = sorted.every((k, i) => k === keys[i]);
    }
    if (shape === undefined || keys.some((k) => typeof rec[k] === "object" && rec[k] !== null)) {
      lines[n] = stableJson(item);
    } else if (inOrder) {
      lines[n] = JSON.stringify(rec);
    } else {
      const copy: Record<string, unknown> = {};
      for (const k of sorted) copy[k] = rec[k];
      lines[n] = JSON.stringify(copy);
    }
  }
  return lines;
}

function sameKeys(a: readonly string[], b: readonly string[] | undefined): boolean {
  if (b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
