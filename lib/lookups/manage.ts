import type { NcloudClient } from "../client/http";
import { LockFileError, ValidationError } from "../errors";
import { mapBounded } from "../services/paging";
import { LISTS } from "../services/lists";
import { clientFor, fetchLookup } from "./fetch";
import { stableJson } from "./json";
import { lookupKey, parseLookupKey, type ConnectionSettings, type LookupSpec } from "./key";
import { readLockFile, updateLockFile, type LockEntry } from "./lockfile";

/** What `show` prints of one entry. */
export interface LockEntrySummary {
  readonly key: string;
  readonly kind: string;
  readonly itemCount: number;
  readonly fetchedAt: string;
  /** Age in ms at the time of the call. */
  readonly ageMs: number;
}

/** Entries of the lock file, sorted by key. @throws LockFileError */
export function summarizeLockFile(file: string, now = Date.now()): LockEntrySummary[] {
  const data = readLockFile(file);
  if (data === undefined) return [];
  return Object.keys(data.entries)
    .sort()
    .map((key) => {
      const e = data.entries[key] as LockEntry;
      return {
        key,
        kind: e.kind,
        itemCount: e.items.length,
        fetchedAt: e.fetchedAt,
        ageMs: now - Date.parse(e.fetchedAt),
      };
    });
}

/** Converts a key pattern where `*` matches anything (and nothing else is special) to a RegExp. */
export function keyPattern(pattern: string): RegExp {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`);
}

/**
 * Removes the entries whose key matches one of the patterns (`*` is a wildcard).
 *
 * @returns the removed keys.
 * @throws ValidationError when a pattern matches nothing; LockFileError.
 */
export function resetLockEntries(file: string, patterns: readonly string[]): string[] {
  const removed: string[] = [];
  const regexes = patterns.map((p) => ({ p, re: keyPattern(p), hit: false }));
  const data = readLockFile(file);
  if (data === undefined) throw new ValidationError(`${file} does not exist: nothing to reset`);
  for (const key of Object.keys(data.entries)) {
    for (const r of regexes) if (r.re.test(key)) r.hit = true;
  }
  const unmatched = regexes.filter((r) => !r.hit).map((r) => r.p);
  if (unmatched.length > 0) {
    throw new ValidationError(
      `no lock entry matches ${unmatched.map((u) => `'${u}'`).join(", ")}; see the keys with \`ncloud-lookups show\` (use * as a wildcard)`,
    );
  }
  updateLockFile(file, (entries) => {
    for (const key of Object.keys(entries)) {
      if (regexes.some((r) => r.re.test(key))) {
        delete entries[key];
        removed.push(key);
      }
    }
  });
  return removed.sort();
}

/** Options of the functions that fetch lock entries. */
export interface FetchEntriesOptions {
  /** Credentials and timeouts (site and endpoint come from each key). */
  readonly connection?: ConnectionSettings;
  /** Lists fetched at once. @default 4 */
  readonly parallelLists?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Called when a list is done. */
  readonly onList?: (key: string, itemCount: number) => void;
}

/** Fetches every spec; rejects with the first failure after all have settled (nothing partial is used). */
async function fetchAll(
  keys: readonly string[],
  specs: readonly LookupSpec[],
  options: FetchEntriesOptions,
): Promise<unknown[][]> {
  const clients = new Map<string, NcloudClient>();
  const connection = options.connection ?? {};
  try {
    return await mapBounded(specs.length, options.parallelLists ?? 4, async (i) => {
      const spec = specs[i] as LookupSpec;
      const clientKey = `${spec.site} ${spec.endpoint ?? ""}`;
      let client = clients.get(clientKey);
      if (client === undefined) {
        client = clientFor(spec, connection, options.env !== undefined ? { env: options.env } : {});
        clients.set(clientKey, client);
      }
      const items = (await fetchLookup({ spec, connection }, client)) as unknown[];
      options.onList?.(keys[i] ?? "", items.length);
      return items;
    });
  } finally {
    for (const c of clients.values()) c.close();
  }
}

function entryFor(spec: LookupSpec, items: unknown[], fetchedAt: string): LockEntry {
  return {
    kind: spec.kind,
    site: spec.site,
    ...(spec.endpoint !== undefined ? { endpoint: spec.endpoint } : {}),
    query: spec.query as Record<string, unknown>,
    fetchedAt,
    items,
  };
}

/**
 * Fetches the given keys (new or existing) and records them; all or nothing.
 *
 * @returns item count per key.
 */
export async function fillLockEntries(
  file: string,
  keys: readonly string[],
  options: FetchEntriesOptions = {},
): Promise<Record<string, number>> {
  const specs = keys.map((k) => parseLookupKey(k));
  // Entries go under the canonical key (sorted filters, normalised endpoint), the one lookups ask for.
  const canonical = specs.map((spec) => lookupKey(spec));
  readLockFile(file); // a corrupt file fails before any request
  const results = await fetchAll(canonical, specs, options);
  const fetchedAt = new Date().toISOString();
  const counts: Record<string, number> = {};
  updateLockFile(file, (entries) => {
    canonical.forEach((key, i) => {
      const items = results[i] ?? [];
      entries[key] = entryFor(specs[i] as LookupSpec, items, fetchedAt);
      counts[key] = items.length;
    });
  });
  return counts;
}

/** Re-fetches every entry of the lock file concurrently and rewrites them all, or none on failure. */
export async function refreshLockFile(
  file: string,
  options: FetchEntriesOptions = {},
): Promise<Record<string, number>> {
  const data = readLockFile(file);
  if (data === undefined) return {};
  const keys = Object.keys(data.entries).sort();
  lockedSpecs(file, keys);
  return fillLockEntries(file, keys, options);
}

/** Specs of the keys of a lock file. @throws LockFileError naming an entry whose key is not a lookup key */
function lockedSpecs(file: string, keys: readonly string[]): LookupSpec[] {
  return keys.map((key) => {
    try {
      return parseLookupKey(key);
    } catch (err) {
      throw new LockFileError(
        file,
        `holds an entry under ${JSON.stringify(key)}, which is not a lookup key (${(err as Error).message}); ` +
          `remove it with \`npx ncloud-lookups reset '${key}'\``,
        { cause: err },
      );
    }
  });
}

/** How one entry differs from the live API. */
export interface EntryDiff {
  readonly key: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
  /** Same items in a different order. */
  readonly reordered: boolean;
}

/**
 * Compares every lock entry with the live API (nothing is written).
 *
 * @returns the entries that differ (empty when all match).
 */
export async function checkLockFile(file: string, options: FetchEntriesOptions = {}): Promise<EntryDiff[]> {
  const data = readLockFile(file);
  if (data === undefined) throw new ValidationError(`${file} does not exist: nothing to check`);
  const keys = Object.keys(data.entries).sort();
  const specs = lockedSpecs(file, keys);
  const live = await fetchAll(keys, specs, options);
  const diffs: EntryDiff[] = [];
  keys.forEach((key, i) => {
    const spec = specs[i] as LookupSpec;
    const def = LISTS[spec.kind];
    const idOf = (item: unknown): string => String((item as Record<string, unknown>)[def.idField]);
    const nameOf = (item: unknown): string => String((item as Record<string, unknown>)[def.nameField]);
    const locked = (data.entries[key] as LockEntry).items;
    const now = live[i] ?? [];
    const before = new Map(locked.map((it) => [idOf(it), it]));
    const after = new Map(now.map((it) => [idOf(it), it]));
    const added = now.filter((it) => !before.has(idOf(it))).map(nameOf);
    const removed = locked.filter((it) => !after.has(idOf(it))).map(nameOf);
    const changed = now
      .filter((it) => before.has(idOf(it)) && stableJson(before.get(idOf(it))) !== stableJson(it))
      .map(nameOf);
    const reordered =
      added.length === 0 && removed.length === 0 && locked.map(idOf).join("\n") !== now.map(idOf).join("\n");
    if (added.length + removed.length + changed.length > 0 || reordered) {
      diffs.push({ key, added, removed, changed, reordered });
    }
  });
  return diffs;
}
