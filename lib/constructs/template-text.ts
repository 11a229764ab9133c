/**
 * NCP text as Terraform text. Every string in Terraform's JSON configuration is a template: `${…}`
 * interpolates and `%{…}` runs a directive, so a policy named `${file("/etc/hostname")}` would have the
 * machine that plans read its files. What this package writes into the configuration (outputs, the
 * pin's input, plan-time queries) is escaped (`$${`, `%%{`), and the values it hands to stack code
 * are escaped tokens where they hold such a sequence, so that stack code can put them in any resource.
 *
 * cdktf's own `Fn.rawString` escapes `${` only (not `%{`), and adds backslashes before quotes when
 * used outside a function call: hence a token of our own.
 */
import type { TerraformLib } from "./terraform";

const TEMPLATE_START = /[$%]\{/;

/** True when Terraform would read part of `text` as a template sequence (`${` or `%{`). */
export function hasTemplateSequence(text: string): boolean {
  return TEMPLATE_START.test(text);
}

/** `text` as a Terraform JSON string whose template reads back as `text`: `${` → `$${`, `%{` → `%%{`. */
export function templateEscape(text: string): string {
  return hasTemplateSequence(text) ? text.replace(/([$%])\{/g, "$1$1{") : text;
}

/** `text` as a quoted string of Terraform's native syntax (inside a function call's expression). */
export function hclQuoted(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `"${templateEscape(out)}"`;
}

/** A copy of a JSON value with every string and object key escaped as Terraform text. */
export function escapeDeep(value: unknown): unknown {
  if (typeof value === "string") return templateEscape(value);
  if (Array.isArray(value)) return value.map(escapeDeep);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // Defined, not assigned: a key `__proto__` stays an entry instead of setting the prototype.
      Object.defineProperty(out, templateEscape(k), {
        value: escapeDeep(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/** True when some string (or key) in a JSON value holds a template sequence. */
export function needsEscape(value: unknown): boolean {
  // Runs over every item of a list before stack code sees it: no copies, and a string without a
  // brace (nearly all of NCP's text) costs one indexOf.
  if (typeof value === "string") return value.includes("{") && hasTemplateSequence(value);
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (needsEscape(value[i])) return true;
    return false;
  }
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    if (needsEscape(k) || needsEscape((value as Record<string, unknown>)[k])) return true;
  }
  return false;
}

/** The token of one piece of text: resolves to the text escaped for where cdktf puts it. */
class TextToken {
  readonly creationStack: string[] = [];
  constructor(readonly text: string) {}
  resolve(context: { suppressBraces?: boolean }): string {
    // Inside an expression (a function's argument) a quoted native string; elsewhere a JSON template.
    return context.suppressBraces === true ? hclQuoted(this.text) : templateEscape(this.text);
  }
  toString(): string {
    return this.text;
  }
}

/**
 * `text` as stack code may use it: itself when Terraform would read it as text anyway, else a string
 * token that Terraform reads back as exactly `text` (in a resource's value, an output, or a function).
 */
export function safeText(tf: TerraformLib, text: string): string {
  return hasTemplateSequence(text) ? tf.Token.asString(new TextToken(text)) : text;
}

/** The text behind a string that `safeText` made a token of; other strings as they are. */
export function plainText(tf: TerraformLib, value: string): string {
  if (!value.includes("${")) return value;
  const reversed = tf.Tokenization?.reverseString(value);
  if (reversed === undefined || reversed.literals.length > 0 || reversed.tokens.length !== 1) return value;
  const token = reversed.tokens[0];
  return token instanceof TextToken ? token.text : value;
}

/** A JSON value with every string that holds a template sequence made a `safeText` token (keys too). */
export function safeValue(tf: TerraformLib, value: unknown): unknown {
  if (typeof value === "string") return safeText(tf, value);
  if (!needsEscape(value)) return value;
  if (Array.isArray(value)) return value.map((v) => safeValue(tf, v));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    Object.defineProperty(out, safeText(tf, k), {
      value: safeValue(tf, v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
