/**
 * Reading a big lock file for lookups without turning every item into an object: a synth that asks
 * a 100,000-item list for one name should not pay for decoding and parsing 25 MiB of text.
 *
 * The file is checked as `parseLockFile` checks it, all but the items: everything outside the
 * entries' `items` arrays is parsed (with their item counts), and each `items` array must have the
 * lock file's own layout, one `{...}` per line. Its items are then parsed when first used (the whole
 * array, checked as the eager reader checks it), and a lookup by a name in ASCII reads only the lines
 * that hold that name as a JSON string (see {@link LazyItems.findExact}). Anything else (a smaller
 * file, another layout, escapes a name could hide behind, a name outside ASCII, any doubt) takes the
 * eager reader.
 */
import { LockFileError } from "../errors";
import { walkMembers } from "./json-text";
import { LOCK_FORMAT_VERSION, parseLockFile, type LockFileData } from "./lock-format";

/** Files from this size on are read lazily by lookups (smaller ones parse in a few ms). */
export const LAZY_FROM_BYTES = 2 * 1024 * 1024;

/** Where an entry's items array sits in the file (byte offsets; the latin1 view has one char per byte). */
interface ItemsRange {
  /** The entry's key, quotes included. */
  readonly keyStart: number;
  readonly keyEnd: number;
  /** At the `[`; just past the `]`. */
  readonly start: number;
  readonly end: number;
}

/**
 * The `items` arrays of the entries of a lock file's text (`entries.<key>.items`), in file order;
 * the text may be invalid JSON (what lies outside these arrays is parsed afterwards, and the arrays
 * when used). Names spelled with escapes are not recognized: their arrays stay in the text.
 */
export function scanItemsRanges(text: string): ItemsRange[] {
  const out: ItemsRange[] = [];
  let entryKey: [number, number] | undefined;
  let member: string | undefined;
  walkMembers(text, {
    member(depth, start, end, inEntries) {
      if (!inEntries) return;
      if (depth === 2) entryKey = [start, end];
      else member = text.slice(start + 1, end - 1);
    },
    skipped(depth, start, end, afterColon) {
      if (depth === 3 && afterColon && member === "items" && entryKey !== undefined) {
        out.push({ keyStart: entryKey[0], keyEnd: entryKey[1], start, end });
      }
    },
  });
  return out;
}

/** Code points other than themselves whose NFC form is ASCII: KELVIN SIGN, GREEK QUESTION MARK, GREEK VARIA. */
const ASCII_LOOKALIKES = ["\u212a", "\u037e", "\u1fef"] as const;
/** The ASCII characters they become. */
const HAS_LOOKALIKE = /[K;`]/;
/** Only ASCII (U+0000-U+007F). */
const ASCII = /^[^\u0080-\uffff]*$/;

/** An entry's items, parsed when first used; by a name in ASCII, found reading only its lines. */
export class LazyItems {
  readonly #buf: Buffer;
  readonly #view: string;
  readonly #start: number;
  readonly #end: number;
  /** Start and end (before any comma) of each item's line. */
  readonly #lineStarts: number[];
  readonly #lineEnds: number[];
  readonly #file: string;
  readonly #key: string;
  #items: unknown[] | undefined;
  /** Items already read by line index: the array parsed later holds these very objects. */
  readonly #read = new Map<number, unknown>();
  #escapeFree: boolean | undefined;
  #lookalikeFree: boolean | undefined;

  private constructor(
    buf: Buffer,
    view: string,
    range: ItemsRange,
    lines: [number[], number[]],
    file: string,
    key: string,
  ) {
    this.#buf = buf;
    this.#view = view;
    this.#start = range.start;
    this.#end = range.end;
    [this.#lineStarts, this.#lineEnds] = lines;
    this.#file = file;
    this.#key = key;
  }

  /**
   * The items of `range` when they have the lock file's layout: `[` then one `{...}` per line, each
   * but the last followed by a comma, then `]` on a line of its own (or `[]`); else undefined.
   */
  static of(buf: Buffer, view: string, range: ItemsRange, file: string, key: string): LazyItems | undefined {
    const { start, end } = range;
    const starts: number[] = [];
    const ends: number[] = [];
    if (view.charCodeAt(start) !== 91) return undefined;
    if (end === start + 2 && view.charCodeAt(start + 1) === 93) {
      return new LazyItems(buf, view, range, [starts, ends], file, key);
    }
    if (view.charCodeAt(start + 1) !== 10) return undefined;
    let p = start + 2;
    for (;;) {
      const eol = view.indexOf("\n", p);
      let j = p;
      while (view.charCodeAt(j) === 32) j++;
      if (eol < 0 || eol >= end - 1) {
        // The last line: `]` alone, after at least one item whose line has no comma.
        const lastEnd = ends[ends.length - 1];
        return j === end - 1 && lastEnd !== undefined && view.charCodeAt(lastEnd) !== 44
          ? new LazyItems(buf, view, range, [starts, ends], file, key)
          : undefined;
      }
      if (view.charCodeAt(j) !== 123) return undefined;
      const prevEnd = ends[ends.length - 1];
      if (prevEnd !== undefined && view.charCodeAt(prevEnd) !== 44) return undefined;
      const comma = view.charCodeAt(eol - 1) === 44;
      const close = comma ? eol - 2 : eol - 1;
      if (close <= j || view.charCodeAt(close) !== 125) return undefined;
      starts.push(j);
      ends.push(close + 1);
      p = eol + 1;
    }
  }

  /** How many items the array holds (one per line). */
  get count(): number {
    return this.#lineStarts.length;
  }

  /** Every item, parsed once and checked as the eager reader checks them. @throws LockFileError */
  all(): unknown[] {
    if (this.#items !== undefined) return this.#items;
    let items: unknown;
    try {
      items = JSON.parse(this.#buf.toString("utf8", this.#start, this.#end));
    } catch (err) {
      throw new LockFileError(
        this.#file,
        `is not valid JSON in the items of entry ${this.#key} (${(err as Error).message}); restore it from version control, or run \`npx ncloud-lookups reset '${this.#key}'\` and record it again`,
        { cause: err },
      );
    }
    const list = items as unknown[];
    const bad = list.findIndex((x) => typeof x !== "object" || x === null || Array.isArray(x));
    if (bad >= 0 || list.length !== this.count) {
      throw new LockFileError(
        this.#file,
        bad >= 0
          ? `is malformed at entries.${this.#key}.items.${bad}: expected an object; restore it from version control, or run \`npx ncloud-lookups reset '${this.#key}'\` and record it again`
          : `entry ${this.#key} holds ${list.length} items on ${this.count} lines, not one per line (edited by hand?); run \`npx ncloud-lookups reset '${this.#key}'\` and record it again`,
      );
    }
    for (const [line, item] of this.#read) list[line] = item;
    this.#items = list;
    return list;
  }

  /**
   * The items whose `nameField` is exactly `name`, reading only the lines that hold `name` as a JSON
   * string; undefined when this cannot be answered without reading every item (then ask `all()`):
   * `name` outside ASCII (names match under Unicode normalization, so other spellings could match),
   * or with an ASCII character that another code point normalizes to while the array holds one,
   * or `\u`/`\/` escapes anywhere in the array (a name could be spelled another way), or a line that
   * is not one object. With none of these, every item of that name holds the exact text searched for.
   */
  findExact(nameField: string, name: string): unknown[] | undefined {
    if (this.#items !== undefined || !ASCII.test(name)) return undefined;
    this.#escapeFree ??= !this.#holds("\\u") && !this.#holds("\\/");
    if (!this.#escapeFree) return undefined;
    if (HAS_LOOKALIKE.test(name)) {
      this.#lookalikeFree ??= ASCII_LOOKALIKES.every((ch) => !this.#holds(ch));
      if (!this.#lookalikeFree) return undefined;
    }
    const needle = JSON.stringify(name);
    const hits: unknown[] = [];
    for (let at = this.#view.indexOf(needle, this.#start); at >= 0 && at < this.#end; ) {
      const line = this.#lineOf(at);
      if (line < 0) return undefined;
      const item = this.#itemAt(line);
      if (item === undefined) return undefined;
      if ((item as Record<string, unknown>)[nameField] === name) hits.push(item);
      at = this.#view.indexOf(needle, this.#lineEnds[line] as number);
    }
    return hits;
  }

  /** Whether the array's bytes hold `text` (UTF-8). */
  #holds(text: string): boolean {
    const at = this.#buf.indexOf(text, this.#start, "utf8");
    return at >= 0 && at < this.#end;
  }

  /** The index of the item line holding offset `at`, or -1. */
  #lineOf(at: number): number {
    let lo = 0;
    let hi = this.#lineStarts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#lineStarts[mid] as number) > at) hi = mid - 1;
      else if ((this.#lineEnds[mid] as number) <= at) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  /** The item on line `line`, parsed once; undefined when the line is not one JSON object. */
  #itemAt(line: number): unknown {
    const known = this.#read.get(line);
    if (known !== undefined) return known;
    let item: unknown;
    try {
      item = JSON.parse(
        this.#buf.toString("utf8", this.#lineStarts[line] as number, this.#lineEnds[line] as number),
      );
    } catch {
      return undefined;
    }
    if (typeof item !== "object" || item === null || Array.isArray(item)) return undefined;
    this.#read.set(line, item);
    return item;
  }
}

/** The lazily read items of each entry that has them. */
const lazyByEntry = new WeakMap<object, LazyItems>();

/** The lazily read items of a lock entry read by {@link readLazily}, if it has them. */
export function lazyItemsOf(entry: object): LazyItems | undefined {
  return lazyByEntry.get(entry);
}

/**
 * Reads lock file bytes with the items of each entry left for later (see the module's comment);
 * undefined when the file should be read eagerly instead (also to report any problem in the words
 * of the eager reader).
 */
export function readLazily(buf: Buffer, file: string, now: number): LockFileData | undefined {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return undefined;
  const view = buf.toString("latin1");
  const ranges = scanItemsRanges(view);
  if (ranges.length === 0) return undefined;
  const pieces: Buffer[] = [];
  const lazyByKey = new Map<string, LazyItems>();
  const counts = new Map<string, number>();
  let from = 0;
  for (const range of ranges) {
    let key: unknown;
    try {
      key = JSON.parse(buf.toString("utf8", range.keyStart, range.keyEnd));
    } catch {
      return undefined;
    }
    if (typeof key !== "string" || lazyByKey.has(key)) return undefined;
    const lazy = LazyItems.of(buf, view, range, file, key);
    if (lazy === undefined) return undefined;
    lazyByKey.set(key, lazy);
    counts.set(key, lazy.count);
    pieces.push(buf.subarray(from, range.start), Buffer.from("[]"));
    from = range.end;
  }
  pieces.push(buf.subarray(from));
  let data: LockFileData;
  try {
    data = parseLockFile(Buffer.concat(pieces).toString("utf8"), file, now, counts);
  } catch {
    return undefined;
  }
  if (data.formatVersion !== LOCK_FORMAT_VERSION) return undefined;
  for (const [key, lazy] of lazyByKey) {
    const entry = data.entries[key];
    if (entry === undefined) return undefined;
    Object.defineProperty(entry, "items", {
      get: () => lazy.all(),
      enumerable: true,
      configurable: true,
    });
    lazyByEntry.set(entry, lazy);
  }
  return data;
}
