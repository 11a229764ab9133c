/**
 * Deterministic randomness for the lists' demo data (never Math.random: the same seed always gives the
 * same data set), and the helpers every list's generator shares.
 */

/** The NCP account number used in generated NRNs. */
export const DEMO_ACCOUNT_ID = "2813975";

/** A deterministic pseudo-random source in [0, 1). */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randInt(rng: Rng, lo: number, hiInclusive: number): number {
  return lo + Math.floor(rng() * (hiInclusive - lo + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

export function chars(rng: Rng, alphabet: string, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rng() * alphabet.length)];
  return s;
}

export const HEX = "0123456789abcdef";
export const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A version-4-shaped UUID. */
export function uuid4(rng: Rng): string {
  return (
    `${chars(rng, HEX, 8)}-${chars(rng, HEX, 4)}-4${chars(rng, HEX, 3)}-` +
    `${"89ab"[randInt(rng, 0, 3)]}${chars(rng, HEX, 3)}-${chars(rng, HEX, 12)}`
  );
}

/** A version-1-shaped UUID like NCP's system policy ids (same node and clock sequence, new time). */
export function uuid1(rng: Rng): string {
  return `${chars(rng, HEX, 8)}-5bb7-11ec-bfb8-246e966ebec4`;
}

/** ISO 8601 in Korea time, e.g. `2024-12-13T14:24:45.128+09:00`. */
export function kstIso(epochMs: number): string {
  return new Date(epochMs + 9 * 3600_000).toISOString().replace("Z", "+09:00");
}

/** ISO 8601 in UTC with an explicit offset, e.g. `2024-12-13T05:24:45.128+00:00`. */
export function utcIso(epochMs: number): string {
  return new Date(epochMs).toISOString().replace("Z", "+00:00");
}

/**
 * Yields `n` names unique within the list: the base names first, then `<base>-2`, `<base>-3`, ...
 * Names already taken (`taken`) are skipped.
 */
export function uniqueNames(n: number, base: readonly string[], taken: Set<string>): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const round = Math.floor(i / base.length);
    const b = base[i % base.length] as string;
    const name = round === 0 ? b : `${b}-${round + 1}`;
    if (taken.has(name)) continue;
    taken.add(name);
    out.push(name);
  }
  return out;
}
