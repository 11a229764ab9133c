/**
 * The lock file's format: parse (with its checks), upgrade from older versions, serialize. Pure: no
 * file system access (see `lockfile.ts` for reading and writing, `write-lock.ts` for the `.lock`).
 */
import { LockFileError } from "../errors";
import { isListKind, type ListKind } from "../services/meta";
import { sortKeys, stableJson, stableJsonLines } from "./json";
import { LOCAL_KEY_PREFIX, lookupKey, parseLookupKey, parseV1LookupKey, realmOf } from "./key";
import type * as ZodModule from "zod";
import type { ZodType } from "zod";
import { memberName, walkMembers } from "./json-text";
import { randomHex } from "./lazy-node";

/** Name of the lock file in the app's directory. */
export { LOCK_FILE_NAME } from "./early-start";
/**
 * Version of the lock file format this library writes. Version 2 keys lookups by account and region
 * and records where and with which key an entry was fetched; version 1 files are read and upgraded on
 * the next write.
 */
export const LOCK_FORMAT_VERSION = 2;
/** Versions this library reads. */
const READABLE_VERSIONS: readonly number[] = [1, 2];

/** One recorded lookup: what was asked, when, and the items in server order. No credentials. */
export interface LockEntry {
  readonly kind: ListKind;
  readonly site: string;
  /** Region of a regional list. */
  readonly region?: string;
  /** The account the items belong to (`default` when none was declared). */
  readonly account?: string;
  readonly query: Readonly<Record<string, unknown>>;
  /** ISO 8601 time of the fetch. */
  readonly fetchedAt: string;
  /**
   * Where the items came from: the service's origin (an NCP host, or the endpoint override).
   * Information only: it never decides where a request goes.
   */
  readonly source?: string;
  /** The configure-file profile whose keys fetched the items, when one was used. */
  readonly profile?: string;
  /** Short non-secret fingerprint of the access key that fetched the items (12 hex digits of its SHA-256). */
  readonly keyFingerprint?: string;
  /**
   * The page size the server served (its cap, or what was asked for): with the item count, `refresh`,
   * `check` and an expired entry ask for every page at once.
   */
  readonly pageSize?: number;
  readonly items: readonly unknown[];
}

/** The lock file's content. */
export interface LockFileData {
  readonly formatVersion: number;
  readonly entries: Readonly<Record<string, LockEntry>>;
  /** Top-level fields this version does not know (a newer version's): kept on write. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

type Zod = typeof ZodModule;

let fileSchema: ZodType | undefined;

/** The lock file's schema (zod, loaded on first need): explains why a file fails the fast check. */
function lockFileSchema(): ZodType {
  if (fileSchema !== undefined) return fileSchema;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { z } = require("zod") as Zod;
  const ISO = z.iso.datetime({ offset: true });
  const byType: Record<EntryFieldType, ZodType> = {
    kind: z.string().refine(isListKind, { message: "is not a list this version knows (registered?)" }),
    text: z.string(),
    "optional-text": z.string().optional(),
    object: z.record(z.string(), z.unknown()),
    time: ISO,
    "optional-count": z.number().int().nonnegative().optional(),
    "optional-size": z.number().int().positive().optional(),
    // Items get their list's full check when used (store.ts); here only their outline.
    items: z
      .custom<unknown[]>((v) => Array.isArray(v), { message: "must be an array" })
      .superRefine((items, ctx) => {
        const i = items.findIndex((x) => !isPlainObject(x));
        if (i >= 0) ctx.addIssue({ code: "custom", path: [i], message: "each item must be an object" });
      }),
  };
  const entrySchema = z.strictObject(
    Object.fromEntries(Object.entries(ENTRY_FIELD_TYPES).map(([f, t]) => [f, byType[t]])),
  );
  fileSchema = z.looseObject({ formatVersion: z.number(), entries: z.record(z.string(), entrySchema) });
  return fileSchema;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** The type of a field of a lock entry on disk. */
type EntryFieldType =
  | "kind"
  | "text"
  | "optional-text"
  | "object"
  | "time"
  | "optional-count"
  | "optional-size"
  | "items";

/**
 * Every field a lock entry may hold on disk, with its type: the one description that the fast check
 * (`quickEntries`) and the schema (`lockFileSchema`) both derive from. Beyond {@link LockEntry}:
 * `endpoint` (version 1's, read to upgrade) and `itemCount` (written for reviewers and checked, never
 * kept).
 */
const ENTRY_FIELD_TYPES: Readonly<Record<keyof LockEntry | "endpoint" | "itemCount", EntryFieldType>> = {
  kind: "kind",
  site: "text",
  region: "optional-text",
  account: "optional-text",
  endpoint: "optional-text",
  source: "optional-text",
  profile: "optional-text",
  keyFingerprint: "optional-text",
  query: "object",
  fetchedAt: "time",
  itemCount: "optional-count",
  pageSize: "optional-size",
  items: "items",
};
const ENTRY_FIELDS = new Set(Object.keys(ENTRY_FIELD_TYPES));
const OPTIONAL_TEXT = Object.keys(ENTRY_FIELD_TYPES).filter(
  (f) => ENTRY_FIELD_TYPES[f as keyof typeof ENTRY_FIELD_TYPES] === "optional-text",
);

/** An entry as read: the optional texts it has, plus the required fields. */
function entryOf(e: Record<string, unknown>): LockEntry {
  const out: Record<string, unknown> = { kind: e.kind, site: e.site };
  for (const f of OPTIONAL_TEXT) if (e[f] !== undefined) out[f] = e[f];
  out.query = e.query;
  out.fetchedAt = e.fetchedAt;
  if (e.pageSize !== undefined) out.pageSize = e.pageSize;
  out.items = e.items;
  return out as unknown as LockEntry;
}
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** The fast check of each field type: as strict as the schema's (which only explains a refusal). */
const FAST_CHECKS: Readonly<Record<EntryFieldType, (v: unknown) => boolean>> = {
  kind: (v) => typeof v === "string" && isListKind(v),
  text: (v) => typeof v === "string",
  "optional-text": (v) => v === undefined || typeof v === "string",
  object: isPlainObject,
  time: (v) => typeof v === "string" && ISO_TIME.test(v) && !Number.isNaN(Date.parse(v)),
  "optional-count": (v) => v === undefined || (Number.isInteger(v) && (v as number) >= 0),
  "optional-size": (v) => v === undefined || (Number.isInteger(v) && (v as number) > 0),
  items: (v) => {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (!isPlainObject(v[i])) return false;
    return true;
  },
};
const FIELD_CHECKS = Object.entries(ENTRY_FIELD_TYPES).map(([f, t]) => [f, FAST_CHECKS[t]] as const);

/** Fast check of the entries (at least as strict as the schema); undefined when it fails. */
function quickEntries(json: Record<string, unknown>): Record<string, LockEntry> | undefined {
  const entries = json.entries;
  if (!isPlainObject(entries)) return undefined;
  const out: Array<[string, LockEntry]> = [];
  for (const [key, e] of Object.entries(entries)) {
    if (!isPlainObject(e)) return undefined;
    for (const k in e) if (!ENTRY_FIELDS.has(k)) return undefined;
    for (const [f, check] of FIELD_CHECKS) if (!check(e[f])) return undefined;
    out.push([key, entryOf(e)]);
  }
  return Object.fromEntries(out);
}

const FIX =
  "restore it from version control or fix it by hand; or move it aside and rebuild it by synthesizing online (NCLOUD_LOOKUPS_MODE=online) or with `npx ncloud-lookups fill <key>...`";

/** The git set-up that merges lock files without conflicts (README: "Merges"). */
export const MERGE_DRIVER_SETUP =
  "set up the merge driver once: `echo 'ncloud.lookups.json merge=ncloud-lookups' >> .gitattributes` and " +
  '`git config merge.ncloud-lookups.driver "npx ncloud-lookups merge-driver %O %A %B"`';

/** The first line of git conflict markers in `text` (1-based), if any. */
export function conflictMarkerLine(text: string): number | undefined {
  const m = /^(?:<{7}|={7}|>{7}|\|{7})(?:[ \t\r].*)?$/m.exec(text);
  if (m === null) return undefined;
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < m.index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/**
 * The first key that an object of the JSON `text` (valid JSON) holds twice, at the top level or among
 * the members of the top level's `entries`: `JSON.parse` keeps the last silently. Reads the text itself,
 * so any spelling (minified, `\u` escapes, odd whitespace) is found.
 */
export function duplicateEntryKey(
  text: string,
): { readonly where: "top" | "entries"; readonly key: string } | undefined {
  const top = new Set<string>();
  const keys = new Set<string>();
  let found: { readonly where: "top" | "entries"; readonly key: string } | undefined;
  walkMembers(text, {
    member(depth, start, end, inEntries) {
      if (depth === 3 || (depth === 2 && !inEntries)) return false;
      const name = memberName(text, start, end);
      const seen = depth === 1 ? top : keys;
      if (seen.has(name)) {
        found = { where: depth === 1 ? "top" : "entries", key: name };
        return true;
      }
      seen.add(name);
      return false;
    },
  });
  return found;
}

/** How far in the future a `fetchedAt` may be (another machine's clock) before it is refused. */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/** Checks of each entry against itself: item count, fetch time, and its query against its key. */
function checkEntries(
  raw: Record<string, unknown>,
  entries: Record<string, LockEntry>,
  file: string,
  now: number,
  itemCounts?: ReadonlyMap<string, number>,
): void {
  const fix = (key: string): string =>
    `run \`npx ncloud-lookups reset '${key}'\` and synth online (or \`npx ncloud-lookups fill '${key}'\`) to record it again`;
  for (const [key, e] of Object.entries(entries)) {
    const count = (raw[key] as Record<string, unknown> | undefined)?.itemCount;
    const held = itemCounts?.get(key) ?? e.items.length;
    if (typeof count === "number" && count !== held) {
      throw new LockFileError(
        file,
        `entry ${key} says itemCount ${count} but holds ${held} items (edited or merged by hand?); ${fix(key)}`,
      );
    }
    if (Date.parse(e.fetchedAt) > now + FUTURE_TOLERANCE_MS) {
      throw new LockFileError(
        file,
        `entry ${key} was fetched at ${e.fetchedAt}, in the future (edited by hand, or a clock far off?); ${fix(key)}`,
      );
    }
    let spec: ReturnType<typeof parseLookupKey> | undefined;
    try {
      spec = parseLookupKey(key);
    } catch {
      continue; // an old key that no longer parses: show lists it, reset removes it
    }
    const contradiction =
      spec.kind !== e.kind
        ? `kind ${JSON.stringify(e.kind)}`
        : spec.site !== e.site
          ? `site ${JSON.stringify(e.site)}`
          : e.account !== undefined && e.account !== spec.account
            ? `account ${JSON.stringify(e.account)}`
            : e.region !== undefined && e.region !== spec.region
              ? `region ${JSON.stringify(e.region)}`
              : stableJson(spec.query) !== stableJson(nfcValues(e.query))
                ? `query ${stableJson(e.query)}`
                : undefined;
    if (contradiction !== undefined) {
      throw new LockFileError(
        file,
        `entry ${key} holds ${contradiction}, which contradicts its key (edited by hand?); ${fix(key)}`,
      );
    }
  }
}

/** A recorded query (JSON: no undefined values) as keys read it: strings NFC (see key.ts). */
function nfcValues(o: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k, typeof v === "string" ? v.normalize("NFC") : v]),
  );
}

/** The keys of the `entries` of an unreadable (newer) file, for the advice that rebuilds it. */
function keysOf(json: Record<string, unknown>): string[] {
  const entries = json.entries;
  return isPlainObject(entries) ? Object.keys(entries).filter((k) => /^[a-z:-]+@/.test(k)) : [];
}

/**
 * Parses lock file text; `file` names it in errors; `now` (epoch ms) bounds the fetch times.
 * `itemCounts` gives the item counts of entries whose items are read later (`lock-lazy.ts`: their
 * items are `[]` in `text`), which their `itemCount` is checked against.
 *
 * @throws LockFileError
 */
export function parseLockFile(
  text: string,
  file: string,
  now: number = Date.now(),
  itemCounts?: ReadonlyMap<string, number>,
): LockFileData {
  // A UTF-8 byte order mark (some editors add one) is not part of the JSON.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const line = conflictMarkerLine(text);
    if (line !== undefined) {
      throw new LockFileError(
        file,
        `holds git conflict markers (line ${line}): a merge left both sides in it; resolve it with ` +
          `\`npx ncloud-lookups merge-driver --resolve ${JSON.stringify(file)}\` (keeps the entries of both sides), then ${MERGE_DRIVER_SETUP} so that merges never conflict again`,
        { cause: err },
      );
    }
    throw new LockFileError(file, `is not valid JSON (${(err as Error).message}); ${FIX}`, { cause: err });
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new LockFileError(file, `is not a lookups lock file (expected an object); ${FIX}`);
  }
  const obj = json as Record<string, unknown>;
  const version = obj.formatVersion;
  if (typeof version !== "number" || !READABLE_VERSIONS.includes(version)) {
    const keys = keysOf(obj);
    const newer = typeof version === "number" && version > LOCK_FORMAT_VERSION;
    const rebuild =
      keys.length > 0
        ? `or move it aside and record its ${keys.length} lookup(s) again with \`npx ncloud-lookups fill ${keys.map((k) => `'${k}'`).join(" ")}\``
        : "or move it aside and synth online to record the lookups again";
    throw new LockFileError(
      file,
      `has format version ${JSON.stringify(version)}, but this cdktf-ncloud-lookups reads versions ${READABLE_VERSIONS.join(" and ")}` +
        `${newer ? " (written by a newer version?)" : ""}; use the library version that wrote it (upgrade cdktf-ncloud-lookups), ${rebuild}`,
    );
  }
  const dup = duplicateEntryKey(text);
  if (dup !== undefined) {
    throw new LockFileError(
      file,
      dup.where === "entries"
        ? `holds the entry ${dup.key} twice (a merge by hand?); keep one of them, or run \`npx ncloud-lookups reset '${dup.key}'\` and record it again`
        : `holds the field ${JSON.stringify(dup.key)} twice at its top level (a merge by hand?); ${FIX}`,
    );
  }
  refuseUnsafeKeys(obj.entries, file);
  const extra: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) if (k !== "formatVersion" && k !== "entries") extra[k] = obj[k];
  const rawEntries = obj.entries as Record<string, unknown>;
  let entries = quickEntries(obj);
  if (entries === undefined) {
    explainUnknownFields(rawEntries, file);
    const parsed = lockFileSchema().safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const at = issue?.path.map(String).join(".") ?? "";
      throw new LockFileError(
        file,
        `is malformed at ${at || "the top level"}: ${issue?.message ?? "invalid"}; ${FIX}`,
      );
    }
    // The schema accepted what the fast check did not (e.g. a time without seconds): take its reading.
    const data = parsed.data as { entries: Record<string, Record<string, unknown>> };
    entries = Object.fromEntries(
      Object.entries(data.entries).map(([key, e]): [string, LockEntry] => [key, entryOf(e)]),
    );
  }
  if (version === LOCK_FORMAT_VERSION) checkEntries(rawEntries, entries, file, now, itemCounts);
  const out = upgraded(version, entries);
  return Object.keys(extra).length > 0 ? { ...out, extra } : out;
}

/**
 * Keys no lookup can have, which the file is refused for rather than an entry dropped or moved in
 * silence: the empty key, and `__proto__` (an object key that sets a prototype instead of an entry).
 */
function refuseUnsafeKeys(rawEntries: unknown, file: string): void {
  if (!isPlainObject(rawEntries)) return;
  for (const key of Object.keys(rawEntries)) {
    if (key === "" || key === "__proto__") {
      throw new LockFileError(
        file,
        `holds an entry under the key ${JSON.stringify(key)}, which is not a lookup key (edited or merged by hand?); ` +
          `delete that entry from the file by hand (the other entries are untouched), then synth online or run \`npx ncloud-lookups fill <key>\` to record what you need`,
      );
    }
  }
}

/** An entry field this version does not know: a newer version wrote it. */
function explainUnknownFields(rawEntries: unknown, file: string): void {
  if (!isPlainObject(rawEntries)) return;
  for (const [key, e] of Object.entries(rawEntries)) {
    if (!isPlainObject(e)) continue;
    const unknown = Object.keys(e).find((k) => !ENTRY_FIELDS.has(k));
    if (unknown !== undefined) {
      throw new LockFileError(
        file,
        `entry ${key} has a field ${JSON.stringify(unknown)} that this cdktf-ncloud-lookups does not know (written by a newer version?); ` +
          `upgrade cdktf-ncloud-lookups, or run \`npx ncloud-lookups reset '${key}'\` and record it again`,
      );
    }
  }
}

/** True for an entry recorded from a local test server (its source a loopback origin). */
function recordedLocally(e: LockEntry & { endpoint?: string }): boolean {
  return realmOf(e.endpoint ?? e.source) === "local";
}

/**
 * The entries of a file of `version` in today's format. Version 1 keys held the endpoint and no account
 * or region: they become today's keys (default account, the site's first region, the endpoint recorded
 * as the source). Entries recorded from a loopback origin (a test server) under a key of NCP's realm
 * (version 1, or a version 2 file written before the local realm) move to the local realm: test data
 * never replaces, nor is served as, NCP data. When two old keys meet in one new key, the newer entry
 * stays. A key that no longer parses is kept as it is (`show` lists it, `reset` removes it).
 */
function upgraded(version: number, entries: Record<string, LockEntry>): LockFileData {
  let moves = false;
  if (version === LOCK_FORMAT_VERSION) {
    for (const key in entries) {
      if (!key.startsWith(LOCAL_KEY_PREFIX) && recordedLocally(entries[key] as LockEntry)) {
        moves = true;
        break;
      }
    }
    if (!moves) return { formatVersion: LOCK_FORMAT_VERSION, entries };
  }
  const out: Record<string, LockEntry> = {};
  const put = (key: string, entry: LockEntry): void => {
    // Own entries only: a key such as `valueOf` or `constructor` would find Object.prototype's.
    const there = Object.hasOwn(out, key) ? out[key] : undefined;
    if (there === undefined || Date.parse(there.fetchedAt) < Date.parse(entry.fetchedAt)) out[key] = entry;
  };
  for (const [key, e] of Object.entries(entries)) {
    const local = recordedLocally(e as LockEntry & { endpoint?: string });
    if (version === LOCK_FORMAT_VERSION) {
      put(local && !key.startsWith(LOCAL_KEY_PREFIX) ? `${LOCAL_KEY_PREFIX}${key}` : key, e);
      continue;
    }
    const { endpoint, ...rest } = e as LockEntry & { endpoint?: string };
    let newKey = key;
    let entry: LockEntry = { ...rest, ...(endpoint !== undefined ? { source: endpoint } : {}) };
    try {
      const spec = parseV1LookupKey(key);
      const origin = endpoint ?? spec.v1Endpoint;
      newKey = lookupKey({ ...spec, ...(realmOf(origin) === "local" ? { realm: "local" as const } : {}) });
      entry = {
        ...entry,
        ...(origin !== undefined ? { source: origin } : {}),
        ...(spec.region !== undefined ? { region: spec.region } : {}),
        account: spec.account,
        query: spec.query as Record<string, unknown>,
      };
    } catch {
      // kept under its old key; test data (a loopback origin) in the local realm, as version 2 files
      // have it, so that reading the upgraded file again changes nothing
      if (realmOf(endpoint) === "local" && !key.startsWith(LOCAL_KEY_PREFIX))
        newKey = `${LOCAL_KEY_PREFIX}${key}`;
    }
    put(newKey, entry);
  }
  return { formatVersion: LOCK_FORMAT_VERSION, entries: out };
}

/**
 * Serialises lock data: stable (sorted keys, items in server order), pretty, newline-terminated.
 * Each item sits on one line of its own: compact for large lists, and one line per item in diffs.
 * `extra` holds top-level fields of a newer version, kept as they were.
 */
export function serializeLockFile(
  entries: Readonly<Record<string, LockEntry>>,
  extra: Readonly<Record<string, unknown>> = {},
): string {
  const out: Record<string, unknown> = {};
  // Stryker disable next-line ArrayDeclaration: equivalent, markers index the same array they are pushed to
  const itemLines: string[] = [];
  const nonce = randomHex(8);
  for (const key of Object.keys(entries)) {
    const e = entries[key];
    if (e === undefined) continue;
    const marker = `\u0000items:${nonce}:${itemLines.length}`;
    itemLines.push(
      e.items.length === 0 ? "[]" : `[\n        ${stableJsonLines(e.items).join(",\n        ")}\n      ]`,
    );
    out[key] = { ...e, itemCount: e.items.length, items: marker };
  }
  const text = JSON.stringify(
    sortKeys({ ...extra, formatVersion: LOCK_FORMAT_VERSION, entries: out }),
    null,
    2,
  );
  return `${text.replace(new RegExp(`"\\\\u0000items:${nonce}:(\\d+)"`, "g"), (_m, i: string) => itemLines[Number(i)] ?? "[]")}\n`;
}
