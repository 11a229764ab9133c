import { ValidationError } from "../errors";

/** How lookups use the lock file and the network. */
export type LookupMode = "online" | "frozen" | "refresh";

/** Every mode. */
export const LOOKUP_MODES: readonly LookupMode[] = ["online", "frozen", "refresh"];

/**
 * The mode in force: the explicit one, else `NCLOUD_LOOKUPS_MODE`, else `frozen` when `CI` is set
 * (`true` or `1`), else `online`.
 *
 * @throws ValidationError for an unknown mode name.
 */
export function resolveMode(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): LookupMode {
  const raw = explicit ?? env.NCLOUD_LOOKUPS_MODE;
  if (raw === undefined || raw === "") {
    const ci = (env.CI ?? "").toLowerCase();
    return ci === "true" || ci === "1" ? "frozen" : "online";
  }
  const v = raw.trim().toLowerCase();
  if ((LOOKUP_MODES as readonly string[]).includes(v)) return v as LookupMode;
  throw new ValidationError(
    `${explicit !== undefined ? "mode" : "NCLOUD_LOOKUPS_MODE"} "${raw}" is not a lookup mode; use one of: ${LOOKUP_MODES.join(", ")}`,
  );
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a maximum age: a number of seconds, or a number with a unit (`ms`, `s`, `m`, `h`, `d`), e.g.
 * `12h`, `7d`. `undefined` means no maximum.
 *
 * @throws ValidationError for anything else.
 */
export function parseMaxAge(value: string | number | undefined, name = "maxAge"): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value <= 0)
      throw new ValidationError(`${name} must be a positive number of seconds, got ${value}`);
    return value * 1000;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
  if (m === null || Number(m[1]) <= 0) {
    throw new ValidationError(
      `${name} "${value}" is not a duration; use seconds or a number with ms, s, m, h or d (e.g. 12h, 7d)`,
    );
  }
  return Number(m[1]) * (UNITS[m[2] ?? "s"] ?? 1000);
}
