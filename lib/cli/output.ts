/**
 * Rendering of list results: pretty JSON for scripts, a width-fitted table for people.
 * Both return the whole text so the caller can write it once.
 */

/** Output formats of the list-like commands. */
export const OUTPUT_FORMATS = ["json", "table"] as const;
/** An output format. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Terminal width used when the terminal does not say. */
export const DEFAULT_COLUMNS = 100;

/** One JSON array, pretty-printed, newline-terminated. */
export function renderJson(items: readonly unknown[]): string {
  return `${JSON.stringify(items, null, 2)}\n`;
}

// East Asian Wide (W) and Fullwidth (F) ranges: Hangul, CJK, kana, fullwidth forms and wide emoji.
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cd5], // Tangut
  [0x1b000, 0x1b2ff], // kana supplement and extensions
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f200, 0x1f251],
  [0x1f300, 0x1f64f], // pictographs, emoticons (most are wide)
  [0x1f680, 0x1f6ff],
  [0x1f7e0, 0x1f7eb],
  [0x1f90c, 0x1f9ff],
  [0x1fa70, 0x1faff],
  [0x20000, 0x3fffd], // CJK extensions B and beyond
];

function isWide(cp: number): boolean {
  if (cp < 0x1100) return false;
  let lo = 0;
  let hi = WIDE_RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const range = WIDE_RANGES[mid] as readonly [number, number];
    if (cp < range[0]) hi = mid - 1;
    else if (cp > range[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

/** Columns one code point takes in a terminal: 0 (combining, format), 1, or 2 (East Asian wide). */
export function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp < 0x300) return 1;
  // Hangul medial vowels and final consonants (joined to the syllable before), variation selectors.
  if ((cp >= 0x1160 && cp <= 0x11ff) || (cp >= 0xfe00 && cp <= 0xfe0f) || ZERO_WIDTH.test(ch)) return 0;
  return isWide(cp) ? 2 : 1;
}

/** Columns a string takes in a terminal (Korean and other CJK characters count 2). */
export function stringWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch);
  return width;
}

/** Cuts a string to at most `max` columns, ending with `…` when it was cut. */
export function truncateToWidth(text: string, max: number): string {
  if (stringWidth(text) <= max) return text;
  if (max <= 0) return "";
  let out = "";
  let width = 0;
  for (const ch of text) {
    const w = charWidth(ch);
    if (width + w > max - 1) break;
    out += ch;
    width += w;
  }
  return `${out}…`;
}

/** Pads a string with spaces to `width` columns. */
export function padToWidth(text: string, width: number): string {
  const gap = width - stringWidth(text);
  return gap > 0 ? text + " ".repeat(gap) : text;
}

/** A cell's text: scalars as text, objects as JSON, control characters (escape codes, newlines) as spaces. */
export function cellText(value: unknown): string {
  let text: string;
  if (value === undefined || value === null) text = "";
  else if (typeof value === "string") text = value;
  else if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    text = String(value);
  else text = JSON.stringify(value) ?? "";
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
}

/** Options of {@link renderTable}. */
export interface TableOptions {
  /** Terminal width to fit. @default 100 */
  readonly columns?: number;
  /** Bold header (only when colours are allowed). @default false */
  readonly colour?: boolean;
}

const GAP = "  ";
const MIN_COLUMN_WIDTH = 6;

/**
 * Widths that fit `total` columns: while too wide, the widest column gives up one column
 * (never below {@link MIN_COLUMN_WIDTH}, or its natural width when that is smaller).
 */
export function fitWidths(natural: readonly number[], total: number, gap = GAP.length): number[] {
  const widths = [...natural];
  const budget = total - gap * Math.max(0, widths.length - 1);
  let sum = widths.reduce((a, b) => a + b, 0);
  while (sum > budget) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      const w = widths[i] as number;
      if (w > MIN_COLUMN_WIDTH && (widest < 0 || w > (widths[widest] as number))) widest = i;
    }
    if (widest < 0) break;
    widths[widest] = (widths[widest] as number) - 1;
    sum--;
  }
  return widths;
}

/** A table with a header row, cells cut with `…` so each line fits the terminal. */
export function renderTable(
  rows: readonly Readonly<Record<string, unknown>>[],
  fields: readonly string[],
  options: TableOptions = {},
): string {
  const columns = options.columns !== undefined && options.columns > 0 ? options.columns : DEFAULT_COLUMNS;
  const header = fields.map((f) => cellText(f));
  const body = rows.map((row) => fields.map((f) => cellText(row[f])));
  const natural = header.map((h, i) =>
    Math.max(stringWidth(h), ...body.map((cells) => stringWidth(cells[i] ?? ""))),
  );
  const widths = fitWidths(natural, columns);
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => {
        const w = widths[i] ?? 0;
        const cut = truncateToWidth(c, w);
        return i === cells.length - 1 ? cut : padToWidth(cut, w);
      })
      .join(GAP)
      .trimEnd();
  const head = line(header);
  const out = [options.colour === true ? `\u001b[1m${head}\u001b[22m` : head, ...body.map(line)];
  return `${out.join("\n")}\n`;
}
