/**
 * Reading a lock file's JSON as text, where `JSON.parse` cannot help: where a string ends, where an
 * array closes, and the member names of the top levels (the lock file's own fields, its entries' keys
 * and their fields) with the arrays below them skipped. Used to find duplicate keys (which
 * `JSON.parse` drops in silence) and the items arrays that a big file's lookups read later.
 */

/** The index of the `"` that ends the JSON string opening at `from` (a `"`), or -1. */
export function jsonStringEnd(text: string, from: number): number {
  let j = from + 1;
  for (;;) {
    j = text.indexOf('"', j);
    if (j < 0) return -1;
    let b = j - 1;
    while (text.charCodeAt(b) === 92 /* \ */) b--;
    if ((j - 1 - b) % 2 === 0) return j;
    j++;
  }
}

/**
 * The index just past the `]` that closes the array whose content starts at `from`, in valid JSON.
 * A JSON string holds no raw newline, so every line starts outside a string, and a line holding
 * neither `[` nor `]` (anywhere, strings included) cannot open or close an array: the reading jumps
 * from one line with a bracket to the next, and only those lines are read a character at a time,
 * strings skipped. The bulk of a big file (one item per line, no bracket) is never visited.
 */
export function skipArray(text: string, from: number): number {
  const n = text.length;
  let nest = 1;
  let i = from;
  let nextOpen = text.indexOf("[", i);
  let nextClose = text.indexOf("]", i);
  while (i < n) {
    if (nextOpen >= 0 && nextOpen < i) nextOpen = text.indexOf("[", i);
    if (nextClose >= 0 && nextClose < i) nextClose = text.indexOf("]", i);
    const next = nextOpen < 0 ? nextClose : nextClose < 0 ? nextOpen : Math.min(nextOpen, nextClose);
    if (next < 0) return n;
    // The start of the line holding it (outside any string), unless the reading is past it already.
    i = Math.max(i, text.lastIndexOf("\n", next) + 1);
    let eol = text.indexOf("\n", next);
    if (eol < 0) eol = n;
    for (; i < eol; i++) {
      const c = text.charCodeAt(i);
      if (c === 34 /* " */) {
        const j = jsonStringEnd(text, i);
        if (j < 0) return n;
        i = j;
      } else if (c === 91) nest++;
      else if (c === 93 && --nest === 0) return i + 1;
    }
    i = eol + 1;
  }
  return n;
}

/** What {@link walkMembers} reports. */
export interface MemberVisitor {
  /**
   * A member name at depth 1 (the top level), 2 or 3, as `text.slice(start, end)` (quotes included);
   * `inEntries` when it is inside the top level's `entries`. Returning true stops the walk.
   */
  member?(depth: number, start: number, end: number, inEntries: boolean): boolean | void;
  /**
   * An array opened at depth 3 or deeper, skipped whole: `[start, end)`; `afterColon` when it is a
   * member's value.
   */
  skipped?(depth: number, start: number, end: number, afterColon: boolean): void;
}

/** The name of a member as `JSON.parse` reads it (any spelling). */
export function memberName(text: string, start: number, end: number): string {
  const raw = text.slice(start, end);
  // Stryker disable next-line StringLiteral: equivalent, JSON.parse of a name without escapes is its inside
  return raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}

/**
 * Walks the JSON `text` (valid JSON, or the walk may report nonsense) reporting the member names of
 * its top three levels and skipping every array from depth 3 on (see {@link skipArray}).
 */
export function walkMembers(text: string, visitor: MemberVisitor): void {
  const n = text.length;
  /** For each open container: true for an object. Index = depth - 1. */
  const isObject: boolean[] = [];
  let depth = 0;
  /** The char code of the last structural token ({ [ , : or a value). */
  let last = 0;
  /** The depth-1 key whose value is being read. */
  let topKey: string | undefined;
  // Stryker disable next-line BooleanLiteral: equivalent, set on entering every depth-2 container before it is read
  let inEntries = false;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const j = jsonStringEnd(text, i);
      // Stryker disable next-line all: unreachable in valid JSON
      if (j < 0) return;
      if ((last === 123 || last === 44) && depth >= 1 && depth <= 3 && isObject[depth - 1] === true) {
        if (depth === 1) topKey = memberName(text, i, j + 1);
        if (visitor.member?.(depth, i, j + 1, inEntries) === true) return;
      }
      last = 34;
      i = j + 1;
      continue;
    }
    if (c === 91 /* [ */ && depth >= 3) {
      const end = skipArray(text, i + 1);
      visitor.skipped?.(depth, i, end, last === 58);
      last = 34;
      i = end;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      isObject.push(c === 123);
      if (depth === 2) inEntries = c === 123 && topKey === "entries";
      last = c;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      isObject.pop();
      if (depth === 1) inEntries = false;
      last = 34;
    } else if (c === 44 /* , */ || c === 58 /* : */) {
      last = c;
    } else if (c > 32) {
      last = 34; // a literal or number
    }
    i++;
  }
}
