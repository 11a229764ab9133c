/** Small value helpers every settings reader shares: numeric settings, blank text, unset props. */
import { ValidationError } from "../errors";

/** Default per-request timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Default cap on one response body. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** Default number of retries after the first attempt. */
export const DEFAULT_MAX_RETRIES = 4;

/**
 * Parses a positive integer setting (a number, or text from a flag or the environment; blank text is
 * unset): the one check every numeric setting shares.
 *
 * @throws ValidationError naming the setting and the range.
 */
export function parsePositiveInt(
  value: string | number | undefined,
  name: string,
  max = 2 ** 31 - 1,
): number | undefined {
  if (value === undefined || (typeof value === "string" && value.trim() === "")) return undefined;
  const n = typeof value === "number" ? value : Number(value.trim());
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new ValidationError(`${name} must be an integer from 1 to ${max}, got "${String(value)}"`);
  }
  return n;
}

/** The text trimmed, or undefined when it is unset or blank. */
export function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t === undefined || t === "" ? undefined : t;
}

/** The object without keys whose value is `undefined` (so they do not mask other settings). */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Most page requests in flight per listing. */
export const MAX_CONCURRENCY = 256;

/**
 * Parses a concurrency setting (a number, or text from a flag or the environment; blank text is unset):
 * the one check the CLI, the constructs and the client share.
 *
 * @throws ValidationError naming the setting and the range.
 */
export function parseConcurrency(value: string | number | undefined, name: string): number | undefined {
  return parsePositiveInt(value, name, MAX_CONCURRENCY);
}
