/**
 * Reading what servers answer besides the lists: NCP error bodies in their shapes, `Retry-After`, and
 * server text made safe for messages and terminals.
 */

/** The fields of an NCP error body in any of its shapes (gateway, flat Sub Account, External Access). */
export interface NcpErrorFields {
  code?: string;
  message?: string;
  details?: string;
  requestId?: string;
}

/** Reads an NCP error body; an unreadable body gives empty fields. */
export function parseNcpErrorBody(body: Buffer | string): NcpErrorFields {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === "string" ? body : body.toString("utf8"));
  } catch {
    return {};
  }
  if (typeof json !== "object" || json === null) return {};
  const top = json as Record<string, unknown>;
  const src = (typeof top.error === "object" && top.error !== null ? top.error : top) as Record<
    string,
    unknown
  >;
  const str = (v: unknown): string | undefined =>
    typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
  const out: NcpErrorFields = {};
  const code = str(src.errorCode) ?? str(src.code);
  if (code !== undefined) out.code = code;
  const message = str(src.message) ?? str(src.errorMessage);
  if (message !== undefined) out.message = message;
  const details = str(src.details);
  if (details !== undefined) out.details = details;
  const requestId = str(src.requestId) ?? str(top.requestId);
  if (requestId !== undefined) out.requestId = requestId;
  return out;
}

/** True for a JSON body that is an NCP error (gateway `{error:{...}}` or flat Sub Account), not a list. */
export function isNcpErrorBody(json: unknown): boolean {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return false;
  const o = json as Record<string, unknown>;
  const nested = o.error;
  if (typeof nested === "object" && nested !== null && ("errorCode" in nested || "message" in nested)) {
    return true;
  }
  return "errorCode" in o && !("items" in o || "content" in o || "productPage" in o);
}

/** Parses `Retry-After` (seconds or an HTTP date) into ms from now; undefined if absent or invalid. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v.trim()) * 1000);
  // Only an IMF-fixdate (RFC 9110), e.g. "Wed, 21 Oct 2015 07:28:00 GMT"; Date.parse alone is too lenient.
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(v.trim())) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Reduces HTML (an error page, or markup in an NCP message) to its text: tags dropped, common entities
 * decoded, whitespace collapsed. Plain text passes unchanged.
 */
export function htmlToText(text: string): string {
  if (!/<[a-zA-Z!/][^>]*>/.test(text)) return text;
  return text
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/gi, " ")
    .replace(/&lt;/gi, "<")
    .replace(/&gt;/gi, ">")
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/&amp;/gi, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Text from a server made safe for a terminal: C0 and C1 control characters (escape sequences that
 * could retitle or clear it), bidi controls and other format characters replaced by U+FFFD.
 */
export function sanitizeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "\ufffd");
}
