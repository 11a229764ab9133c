/**
 * Three-way merges of lock files (the git merge driver, and the resolution of a file that already holds
 * conflict markers): the union of entries by key; where both sides changed one key, the newer
 * `fetchedAt` wins; an entry one side removed and the other left alone stays removed.
 */
import { stableJson } from "./json";
import type { LockEntry, LockFileData } from "./lock-format";

/** The result of a merge: the entries and what the merge decided, for stderr. */
export interface MergeResult {
  readonly entries: Record<string, LockEntry>;
  readonly extra: Record<string, unknown>;
  readonly notes: string[];
}

function same(a: LockEntry | undefined, b: LockEntry | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a === b) return true;
  if (a.fetchedAt !== b.fetchedAt || a.items.length !== b.items.length) return false;
  return stableJson(a) === stableJson(b);
}

/**
 * Merges `ours` and `theirs`, both descended from `base` (absent when the file is new on both sides).
 * Pure: the caller reads and writes.
 */
export function mergeLockData(
  base: LockFileData | undefined,
  ours: LockFileData,
  theirs: LockFileData,
): MergeResult {
  const b = base?.entries ?? {};
  const o = ours.entries;
  const t = theirs.entries;
  const entries: Record<string, LockEntry> = {};
  const notes: string[] = [];
  const keys = new Set([...Object.keys(o), ...Object.keys(t)]);
  for (const key of [...keys].sort()) {
    const mine = o[key];
    const other = t[key];
    const was = b[key];
    if (mine !== undefined && other !== undefined) {
      if (same(mine, other)) entries[key] = mine;
      else if (same(mine, was))
        entries[key] = other; // only theirs changed it
      else if (same(other, was))
        entries[key] = mine; // only ours changed it
      else {
        const theirsNewer = Date.parse(other.fetchedAt) > Date.parse(mine.fetchedAt);
        entries[key] = theirsNewer ? other : mine;
        notes.push(
          `both sides changed ${key}: kept ${theirsNewer ? "theirs" : "ours"}, fetched at ${(theirsNewer ? other : mine).fetchedAt} ` +
            `(the other was fetched at ${(theirsNewer ? mine : other).fetchedAt})`,
        );
      }
      continue;
    }
    const only = (mine ?? other) as LockEntry;
    const side = mine !== undefined ? "ours" : "theirs";
    if (was !== undefined && same(only, was)) {
      // Removed by the other side (reset), unchanged here: stays removed.
      continue;
    }
    if (was !== undefined) {
      notes.push(
        `${key} was removed by ${side === "ours" ? "theirs" : "ours"} and changed by ${side}: kept ${side}`,
      );
    }
    entries[key] = only;
  }
  return { entries, extra: { ...(theirs.extra ?? {}), ...(ours.extra ?? {}) }, notes };
}

/**
 * The two sides (and the base, with diff3 markers) of a text holding git conflict markers: lines
 * outside conflicts go to every side; `<<<<<<<` … `|||||||` … `=======` … `>>>>>>>` split them.
 * Returns undefined when the text holds no (well-formed) conflict.
 */
export function splitConflicts(text: string): { ours: string; theirs: string; base?: string } | undefined {
  const ours: string[] = [];
  const theirs: string[] = [];
  const base: string[] = [];
  let hasBase = false;
  let state: "out" | "ours" | "base" | "theirs" = "out";
  let seen = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("<<<<<<<") && state === "out") {
      state = "ours";
      seen = true;
    } else if (line.startsWith("|||||||") && state === "ours") {
      state = "base";
      hasBase = true;
    } else if (line.startsWith("=======") && (state === "ours" || state === "base")) {
      state = "theirs";
    } else if (line.startsWith(">>>>>>>") && state === "theirs") {
      state = "out";
    } else if (state === "out") {
      ours.push(line);
      theirs.push(line);
      base.push(line);
    } else if (state === "ours") ours.push(line);
    else if (state === "base") base.push(line);
    else theirs.push(line);
  }
  if (!seen || state !== "out") return undefined;
  return { ours: ours.join("\n"), theirs: theirs.join("\n"), ...(hasBase ? { base: base.join("\n") } : {}) };
}
