/** Parsing of numeric settings (props, flags, environment variables). */
import { ValidationError } from "../errors";

/** Parses a positive integer setting; `undefined` stays undefined. */
export function parsePositiveInt(
  value: string | number | undefined,
  name: string,
  max = 2 ** 31 - 1,
): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = typeof value === "number" ? value : Number(value.trim());
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new ValidationError(`${name} must be an integer from 1 to ${max}, got "${String(value)}"`);
  }
  return n;
}
