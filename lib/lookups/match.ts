import { distance } from "fastest-levenshtein";

/**
 * Items by name: the item, or an array of the items for a name held by more than one (items are
 * objects, never arrays). Built once per item list.
 */
export type NameIndex<T> = ReadonlyMap<string, T | readonly T[]>;

const indexes = new WeakMap<readonly unknown[], NameIndex<unknown>>();
let builds = 0;

/** How many name indexes this process built (the bench checks a list's index is built once). */
export function nameIndexBuilds(): number {
  return builds;
}

/** The name index of `items` by `nameField`, cached per array so it is built once. */
export function nameIndex<T>(items: readonly T[], nameField: string): NameIndex<T> {
  let index = indexes.get(items) as NameIndex<T> | undefined;
  if (index === undefined) {
    // One map entry per name and no array per item: cheap to build and to query for 100,000 items.
    const map = new Map<string, T | T[]>();
    for (const item of items) {
      const raw = (item as Record<string, unknown>)[nameField];
      if (typeof raw !== "string") continue;
      // Names match under Unicode normalization: a name stored decomposed (NFD) is found composed.
      const name = nfc(raw);
      const hit = map.get(name);
      if (hit === undefined) map.set(name, item);
      else map.set(name, Array.isArray(hit) ? [...(hit as T[]), item] : [hit as T, item]);
    }
    index = map;
    builds++;
    indexes.set(items, index as NameIndex<unknown>);
  }
  return index;
}

/** Lookups by name answered by a scan per items array, before the index is built. */
const scans = new WeakMap<readonly unknown[], number>();
/** Scans before the index pays off: a synth that asks one or two names of a long list never builds it. */
const SCANS_BEFORE_INDEX = 2;

/**
 * The item named `name` (or all of them, when several share it), as `lookupName(nameIndex(...))`
 * answers: the first lookups of an array scan it (a few ms for 100,000 items, where building the index
 * costs tens), later ones use the index.
 */
export function findByName<T>(
  items: readonly T[],
  nameField: string,
  name: string,
): T | readonly T[] | undefined {
  const built = indexes.get(items) as NameIndex<T> | undefined;
  const count = scans.get(items) ?? 0;
  if (built !== undefined || count >= SCANS_BEFORE_INDEX)
    return lookupName(nameIndex(items, nameField), name);
  scans.set(items, count + 1);
  const wanted = nfc(name);
  const found: T[] = [];
  for (const item of items) {
    const raw = (item as Record<string, unknown>)[nameField];
    if (
      typeof raw === "string" &&
      (raw === wanted || (NON_ASCII.test(raw) && raw.normalize("NFC") === wanted))
    )
      found.push(item);
  }
  return found.length === 0 ? undefined : found.length === 1 ? found[0] : found;
}

/** Any character outside ASCII (code points above U+007F). */
const NON_ASCII = /[^\p{ASCII}]/u;

/** The NFC form of a name (ASCII, most names, passes as it is). */
export function nfc(name: string): string {
  return NON_ASCII.test(name) ? name.normalize("NFC") : name;
}

/** The entry of `name` in a name index, matching under Unicode normalization. */
export function lookupName<T>(index: NameIndex<T>, name: string): T | readonly T[] | undefined {
  return index.get(name) ?? (NON_ASCII.test(name) ? index.get(name.normalize("NFC")) : undefined);
}

/** Zero-width, format and variation characters: `\p{Cf}` (format), variation selectors, fillers, soft hyphen. */
const INVISIBLE = /\p{Cf}|\p{Variation_Selector}|\u034f|\u17b4|\u17b5|[\u115f\u1160\u3164\uffa0]/gu;

/** A name that differs from `wanted` only invisibly (zero-width and format characters, normalization). */
export function invisiblyEqual(wanted: string, names: Iterable<string>): string | undefined {
  const bare = (s: string): string => s.normalize("NFKC").replace(INVISIBLE, "");
  const w = bare(wanted);
  if (w === "") return undefined;
  for (const name of names) if (name !== wanted && bare(name) === w) return name;
  return undefined;
}

/** Names of invisible characters people meet in names, for messages. */
const INVISIBLE_NAMES: Readonly<Record<number, string>> = {
  0x00ad: "SOFT HYPHEN",
  0x200b: "ZERO WIDTH SPACE",
  0x200c: "ZERO WIDTH NON-JOINER",
  0x200d: "ZERO WIDTH JOINER",
  0x200e: "LEFT-TO-RIGHT MARK",
  0x200f: "RIGHT-TO-LEFT MARK",
  0x2060: "WORD JOINER",
  0xfeff: "ZERO WIDTH NO-BREAK SPACE (BOM)",
};

/**
 * What tells `wanted` from a name that looks the same: the invisible characters one has and the other
 * has not (`U+200B ZERO WIDTH SPACE`), or their Unicode normalization.
 */
export function invisibleDifference(wanted: string, name: string): string {
  const chars = (s: string): string[] => s.match(INVISIBLE) ?? [];
  const inName = chars(name);
  const inWanted = chars(wanted);
  const only = (a: string[], b: string[]): string[] => [...new Set(a.filter((c) => !b.includes(c)))];
  const label = (c: string): string => {
    const cp = c.codePointAt(0) ?? 0;
    const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
    return INVISIBLE_NAMES[cp] !== undefined ? `${hex} ${INVISIBLE_NAMES[cp]}` : hex;
  };
  const parts: string[] = [];
  const extra = only(inWanted, inName);
  const missing = only(inName, inWanted);
  if (extra.length > 0) parts.push(`yours has ${extra.map(label).join(", ")}`);
  if (missing.length > 0) parts.push(`the item's has ${missing.map(label).join(", ")}`);
  if (parts.length === 0)
    parts.push("they differ in Unicode normalization or compatibility forms (NFC/NFKC)");
  return parts.join("; ");
}

/**
 * Up to `max` names closest to `wanted`: exact matches ignoring case first, then by edit distance
 * (within about a third of the length), then names that contain it.
 */
export function nearestNames(wanted: string, names: Iterable<string>, max = 3): string[] {
  const lower = wanted.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const scored: Array<[string, number]> = [];
  for (const name of names) {
    const l = name.toLowerCase();
    // A case-only difference is distance 0: first. The length check only spares the distance of names
    // that cannot be close (the distance is at least the difference in length).
    if (Math.abs(name.length - wanted.length) <= limit) {
      const d = distance(l, lower);
      if (d <= limit) {
        scored.push([name, d]);
        continue;
      }
    }
    if (lower.length >= 3 && (l.includes(lower) || lower.includes(l))) scored.push([name, limit + 1]);
  }
  scored.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  return scored.slice(0, max).map(([n]) => n);
}
