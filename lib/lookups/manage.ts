import type { NcloudClient } from "../client/http";
import { LockFileError, ValidationError } from "../errors";
import { listDefinition } from "../lists";
import { mapBounded } from "../services/paging";
import { resolveLocation } from "../client/location";
import { clientFor, fetchLookup, hintOf, provenanceOf, type FetchedLookup } from "./fetch";
import { stableJson } from "./json";
import {
  DEFAULT_ACCOUNT,
  LOCAL_KEY_PREFIX,
  lookupKey,
  realmOf,
  type Realm,
  parseLookupKey,
  resolveAccount,
  type ConnectionSettings,
  type LookupSpec,
} from "./key";
import { readLockFile, updateLockFile, type LockEntry } from "./lockfile";
import { lockEntryOf } from "./store";

/** What `show` prints of one entry. */
export interface LockEntrySummary {
  readonly key: string;
  readonly kind: string;
  readonly itemCount: number;
  readonly fetchedAt: string;
  /** Age in ms at the time of the call. */
  readonly ageMs: number;
  /** The account the entry belongs to. */
  readonly account: string;
  /** Where the items came from (NCP host or endpoint), when recorded. */
  readonly source?: string;
  /** Fingerprint of the access key that fetched the entry, when recorded. */
  readonly keyFingerprint?: string;
  /** True for test data (a `local:` key, recorded from a local test server). */
  readonly test: boolean;
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
        account: e.account ?? DEFAULT_ACCOUNT,
        test: key.startsWith(LOCAL_KEY_PREFIX),
        ...(e.source !== undefined ? { source: e.source } : {}),
        ...(e.keyFingerprint !== undefined ? { keyFingerprint: e.keyFingerprint } : {}),
      };
    });
}

/** A key with its non-ASCII filter values decoded (how `show` prints it). */
export function readableKeyOf(key: string): string {
  return key.replace(/(?:%[89A-F][0-9A-F])+/gi, (run) => {
    try {
      const text = decodeURIComponent(run);
      return /[\p{Cc}\p{Cf}]/u.test(text) ? run : text;
    } catch {
      return run;
    }
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
  // A pattern matches a key as stored (percent-encoded) or as `show` prints it (non-ASCII readable),
  // with or without its local: realm (`policies@*` matches test data of policies too).
  const regexes = patterns.map((p) => ({ p, re: keyPattern(p), hit: false }));
  const spellings = (key: string): string[] => {
    const bare = key.startsWith(LOCAL_KEY_PREFIX) ? key.slice(LOCAL_KEY_PREFIX.length) : key;
    return [key, readableKeyOf(key), bare, readableKeyOf(bare)];
  };
  const matches = (re: RegExp, key: string): boolean => spellings(key).some((k) => re.test(k));
  const data = readLockFile(file);
  if (data === undefined) {
    throw new LockFileError(
      file,
      "does not exist yet; synth once online, or run 'ncloud-lookups fill <key>'",
    );
  }
  for (const key of Object.keys(data.entries)) {
    for (const r of regexes) if (matches(r.re, key)) r.hit = true;
  }
  const unmatched = regexes.filter((r) => !r.hit).map((r) => r.p);
  if (unmatched.length > 0) {
    throw new ValidationError(
      `no lock entry matches ${unmatched.map((u) => `'${u}'`).join(", ")}; see the keys with \`ncloud-lookups show\` (use * as a wildcard)`,
    );
  }
  updateLockFile(file, (entries) => {
    for (const key of Object.keys(entries)) {
      if (regexes.some((r) => matches(r.re, key))) {
        delete entries[key];
        removed.push(key);
      }
    }
  });
  return removed.sort();
}

/** Options of the functions that fetch lock entries. */
export interface FetchEntriesOptions {
  /** Credentials and timeouts (site, region and account come from each key). */
  readonly connection?: ConnectionSettings;
  /**
   * Where to send the requests instead of NCP's hosts. Nothing read from the lock file (a `source`, a
   * key) ever decides where a request goes. @default the endpoint of the environment
   * (`NCLOUD_LOOKUPS_ENDPOINT`, a non-NCP `NCLOUD_API_GW`), else NCP's hosts of each key's site and region
   */
  readonly endpoint?: string;
  /** Lists fetched at once. @default 4 */
  readonly parallelLists?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Called when a list is done. */
  readonly onList?: (key: string, itemCount: number) => void;
}

/** One lookup to fetch for the lock file: its spec and the entry it replaces, if any. */
interface FetchTarget {
  readonly key: string;
  readonly spec: LookupSpec;
  readonly entry?: LockEntry;
}

/** Where this run's requests go: the endpoint override of the options or environment, else NCP. */
export function runTarget(options: FetchEntriesOptions): {
  readonly endpoint?: string;
  readonly realm?: Realm;
} {
  const env = options.env ?? process.env;
  const endpoint = options.endpoint ?? resolveLocation({}, env).endpoint;
  const realm = realmOf(endpoint);
  return { ...(endpoint !== undefined ? { endpoint } : {}), ...(realm !== undefined ? { realm } : {}) };
}

/** What a run compares with or fetches from, for messages. */
export function describeRunTarget(options: FetchEntriesOptions): string {
  const { endpoint, realm } = runTarget(options);
  if (endpoint === undefined) return "NCP (each key's site and region hosts)";
  return realm === "local" ? `the local test server at ${endpoint}` : `${endpoint} (counted as NCP)`;
}

/**
 * Fetches every target from NCP's hosts of its site and region, or from the endpoint override of this
 * run (never from where the lock file says an entry came from), with the profile that recorded it
 * (unless one is given); rejects with the first failure after all have settled (nothing partial is used).
 */
async function fetchAll(
  targets: readonly FetchTarget[],
  options: FetchEntriesOptions,
): Promise<Array<FetchedLookup & { client: NcloudClient }>> {
  const clients = new Map<string, NcloudClient>();
  const env = options.env ?? process.env;
  const { endpoint } = runTarget(options);
  // Each target's destination comes from the same settings as its realm: a profile's ncloud_api_url
  // that points elsewhere than the run (a test server for an NCP key) is refused before any request.
  const plans = targets.map((t) => {
    const connection = connectionFor(t, options, env);
    const own =
      endpoint ??
      (connection.profile !== undefined
        ? resolveLocation({ profile: connection.profile }, env).endpoint
        : undefined);
    if (realmOf(own) !== t.spec.realm) {
      throw new ValidationError(
        `${t.key} holds ${t.spec.realm === "local" ? "test data (local realm)" : "NCP data"}, but the profile "${connection.profile ?? ""}" ` +
          `sends its requests to ${own ?? "NCP"} (its ncloud_api_url in the configure file), ${realmOf(own) === "local" ? "a local test server" : "counted as NCP"}; ` +
          "remove ncloud_api_url from that profile, or give the run the endpoint of the entry's realm (NCLOUD_LOOKUPS_ENDPOINT)",
      );
    }
    return { connection, spec: { ...t.spec, ...(own !== undefined ? { endpoint: own } : {}) } as LookupSpec };
  });
  try {
    return await mapBounded(targets.length, options.parallelLists ?? 4, async (i) => {
      const t = targets[i] as FetchTarget;
      const { spec, connection } = plans[i] as { spec: LookupSpec; connection: ConnectionSettings };
      const clientKey = JSON.stringify([spec.site, spec.region, spec.endpoint, connection.profile]);
      let client = clients.get(clientKey);
      if (client === undefined) {
        client = clientFor(spec, connection, { env });
        clients.set(clientKey, client);
      }
      const hint = hintOf(t.entry);
      const { items, pageSize } = await fetchLookup(
        { spec, connection, ...(hint !== undefined ? { hint } : {}) },
        client,
      );
      options.onList?.(t.key, items.length);
      return {
        items: items as unknown[],
        ...(pageSize !== undefined ? { pageSize } : {}),
        ...provenanceOf(spec, client),
        client,
      };
    });
  } finally {
    for (const c of clients.values()) c.close();
  }
}

/**
 * The connection of a target: the given settings, with the profile that recorded its entry unless one
 * is given, checked so that a key of one account is never filled with another account's credentials.
 * A key of a named account with no profile given uses the profile of that name, as a synth with
 * `profile: "<name>"` would.
 *
 * @throws ValidationError when the given profile or the environment reads another account than the key.
 */
function connectionFor(
  t: FetchTarget,
  options: FetchEntriesOptions,
  env: NodeJS.ProcessEnv,
): ConnectionSettings {
  const given = options.connection?.profile;
  let profile = given ?? t.entry?.profile;
  const implied = resolveAccount(profile !== undefined ? { profile } : {}, env);
  if (implied !== t.spec.account) {
    if (given !== undefined) {
      throw new ValidationError(
        `${t.key} is a lookup of account "${t.spec.account}", but --profile ${given} reads account "${implied}"; ` +
          "use the profile of that account (or set NCLOUD_LOOKUPS_ACCOUNT when its keys come from the environment)",
      );
    }
    if (t.spec.account === DEFAULT_ACCOUNT) {
      throw new ValidationError(
        `${t.key} is a lookup of the default account, but the environment reads account "${implied}" ` +
          "(NCLOUD_PROFILE or NCLOUD_LOOKUPS_ACCOUNT); unset it for this key, or fill that account's key",
      );
    }
    profile = t.spec.account;
  }
  return { ...options.connection, ...(profile !== undefined ? { profile } : {}) };
}

/**
 * Fetches the given keys (new or existing) and records them; all or nothing. Existing entries are
 * fetched from where they were recorded (see {@link FetchEntriesOptions.endpoint}).
 *
 * @returns item count per key.
 */
export async function fillLockEntries(
  file: string,
  keys: readonly string[],
  options: FetchEntriesOptions = {},
): Promise<Record<string, number>> {
  const { realm } = runTarget(options);
  const specs = keys.map((k) => {
    const spec = parseLookupKey(k);
    if (spec.realm === "local" && realm !== "local") {
      throw new ValidationError(
        `${k} is test data of a local test server; fill it with --endpoint or NCLOUD_LOOKUPS_ENDPOINT pointing at that server (a loopback address), ` +
          `or fill '${k.slice(LOCAL_KEY_PREFIX.length)}' to record it from NCP`,
      );
    }
    // A key filled from a local test server is recorded as test data (local:), never as NCP's.
    const { realm: _dropped, ...rest } = spec;
    return realm === "local" ? { ...rest, realm } : rest;
  });
  // Entries go under the canonical key (sorted filters), the one lookups ask for.
  const canonical = specs.map((spec) => lookupKey(spec));
  const current = readLockFile(file); // a corrupt file fails before any request
  const targets = canonical.map((key, i) => ({
    key,
    spec: specs[i] as LookupSpec,
    ...(current?.entries[key] !== undefined ? { entry: current.entries[key] } : {}),
  }));
  const results = await fetchAll(targets, options);
  const fetchedAt = new Date().toISOString();
  const counts: Record<string, number> = {};
  updateLockFile(file, (entries) => {
    targets.forEach((t, i) => {
      const fetched = results[i] as FetchedLookup;
      entries[t.key] = lockEntryOf(t.spec, fetched, fetchedAt);
      counts[t.key] = fetched.items.length;
    });
  });
  return counts;
}

/** The keys of a lock file this run can fetch (its realm's) and the others, skipped. */
function keysOfRun(
  file: string,
  keys: readonly string[],
  options: FetchEntriesOptions,
): { readonly keys: string[]; readonly specs: LookupSpec[]; readonly skipped: string[] } {
  const specs = lockedSpecs(file, keys);
  const { realm } = runTarget(options);
  const out: { keys: string[]; specs: LookupSpec[]; skipped: string[] } = {
    keys: [],
    specs: [],
    skipped: [],
  };
  keys.forEach((key, i) => {
    const spec = specs[i] as LookupSpec;
    if (spec.realm === realm) {
      out.keys.push(key);
      out.specs.push(spec);
    } else out.skipped.push(key);
  });
  return out;
}

/** What `refresh` did. */
export interface RefreshResult {
  /** Item count per refreshed key. */
  readonly counts: Record<string, number>;
  /** Keys of the other realm (test data when fetching from NCP, NCP data when fetching from a test server), left as they are. */
  readonly skipped: readonly string[];
}

/**
 * Re-fetches every entry of the lock file of this run's realm concurrently and rewrites them all, or
 * none on failure: NCP's entries from NCP (or a non-loopback endpoint), test entries (`local:`) from
 * the loopback endpoint of this run. Entries of the other realm are left as they are.
 */
export async function refreshLockFile(
  file: string,
  options: FetchEntriesOptions = {},
): Promise<RefreshResult> {
  const data = readLockFile(file);
  if (data === undefined) return { counts: {}, skipped: [] };
  const { keys, skipped } = keysOfRun(file, Object.keys(data.entries).sort(), options);
  const counts = keys.length > 0 ? await fillLockEntries(file, keys, options) : {};
  return { counts, skipped };
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

/** An entry fetched now with another access key than the one that recorded it. */
export interface KeyChange {
  readonly key: string;
  /** Fingerprint recorded in the entry. */
  readonly recorded: string;
  /** Fingerprint of the key used now. */
  readonly current: string;
}

/** What `check` found. */
export interface CheckResult {
  /** Entries whose items differ from the live API (empty when all match). */
  readonly diffs: EntryDiff[];
  /** Entries recorded with another access key than the current one (a note: teammates' keys differ). */
  readonly keyChanges: KeyChange[];
  /** Keys compared. */
  readonly compared: readonly string[];
  /** Keys of the other realm, not compared (see {@link RefreshResult.skipped}). */
  readonly skipped: readonly string[];
}

/** How one entry differs from the live API. */
export interface EntryDiff {
  readonly key: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
  /** Per changed item, each field that changed with its recorded and live value (like `terraform plan`). */
  readonly fieldChanges: readonly ItemChange[];
  /** Same items in a different order. */
  readonly reordered: boolean;
}

/** The fields of one item that changed. */
export interface ItemChange {
  readonly name: string;
  readonly fields: ReadonlyArray<{
    readonly field: string;
    readonly before: unknown;
    readonly after: unknown;
  }>;
}

/** The fields whose values differ between two versions of an item (a missing field is undefined). */
function fieldsChanged(before: unknown, after: unknown): ItemChange["fields"] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const names = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return names
    .filter((f) => stableJson(b[f] ?? null) !== stableJson(a[f] ?? null) || f in b !== f in a)
    .map((field) => ({ field, before: b[field], after: a[field] }));
}

/**
 * Compares every lock entry of this run's realm with the live API: NCP's entries with NCP (or a
 * non-loopback endpoint), test entries with the loopback endpoint of this run (nothing is written).
 */
export async function checkLockFile(file: string, options: FetchEntriesOptions = {}): Promise<CheckResult> {
  const data = readLockFile(file);
  if (data === undefined) throw new ValidationError(`${file} does not exist: nothing to check`);
  const { keys, specs, skipped } = keysOfRun(file, Object.keys(data.entries).sort(), options);
  const fetched = await fetchAll(
    keys.map((key, i) => ({ key, spec: specs[i] as LookupSpec, entry: data.entries[key] as LockEntry })),
    options,
  );
  const live = fetched.map((f) => f.items);
  const keyChanges: KeyChange[] = [];
  keys.forEach((key, i) => {
    const recorded = (data.entries[key] as LockEntry).keyFingerprint;
    const current = fetched[i]?.keyFingerprint;
    if (recorded !== undefined && current !== undefined && recorded !== current) {
      keyChanges.push({ key, recorded, current });
    }
  });
  const diffs: EntryDiff[] = [];
  keys.forEach((key, i) => {
    const spec = specs[i] as LookupSpec;
    const def = listDefinition(spec.kind);
    const idOf = (item: unknown): string => String((item as Record<string, unknown>)[def.idField]);
    const nameOf = (item: unknown): string => String((item as Record<string, unknown>)[def.nameField]);
    const locked = (data.entries[key] as LockEntry).items;
    const now = live[i] ?? [];
    const before = new Map(locked.map((it) => [idOf(it), it]));
    const after = new Map(now.map((it) => [idOf(it), it]));
    let added = now.filter((it) => !before.has(idOf(it))).map(nameOf);
    let removed = locked.filter((it) => !after.has(idOf(it))).map(nameOf);
    const changedItems = now.filter(
      (it) => before.has(idOf(it)) && stableJson(before.get(idOf(it))) !== stableJson(it),
    );
    const changed = changedItems.map(nameOf);
    const fieldChanges: ItemChange[] = changedItems.map((it) => ({
      name: nameOf(it),
      fields: fieldsChanged(before.get(idOf(it)), it),
    }));
    // A name that went away under one id and came back under another is one item whose id changed.
    const gone = new Set(removed);
    const reissued = new Set(added.filter((n) => gone.has(n)));
    if (reissued.size > 0) {
      added = added.filter((n) => !reissued.has(n));
      removed = removed.filter((n) => !reissued.has(n));
      changed.push(...reissued);
      for (const n of reissued) {
        const was = locked.find((it) => nameOf(it) === n);
        const is = now.find((it) => nameOf(it) === n);
        fieldChanges.push({ name: n, fields: fieldsChanged(was, is) });
      }
    }
    const reordered =
      added.length === 0 &&
      removed.length === 0 &&
      locked.map(nameOf).join("\n") !== now.map(nameOf).join("\n");
    if (added.length + removed.length + changed.length > 0 || reordered) {
      diffs.push({ key, added, removed, changed, fieldChanges, reordered });
    }
  });
  return { diffs, keyChanges, compared: keys, skipped };
}
