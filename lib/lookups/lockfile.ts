import { randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { LockFileError } from "../errors";
import { isListKind, type ListKind } from "../services/meta";
import { sortKeys } from "./json";
import { lookupKey, parseV1LookupKey } from "./key";
import type * as ZodModule from "zod";
import type { ZodType } from "zod";

/** Name of the lock file in the app's directory. */
export const LOCK_FILE_NAME = "ncloud.lookups.json";
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
  /** Where the items came from: the service's origin (an NCP host, or the endpoint override). */
  readonly source?: string;
  /** The configure-file profile whose keys fetched the items, when one was used. */
  readonly profile?: string;
  /** Short non-secret fingerprint of the access key that fetched the items (12 hex digits of its SHA-256). */
  readonly keyFingerprint?: string;
  readonly items: readonly unknown[];
}

/** The lock file's content. */
export interface LockFileData {
  readonly formatVersion: number;
  readonly entries: Readonly<Record<string, LockEntry>>;
}

type Zod = typeof ZodModule;

let fileSchema: ZodType | undefined;

/** The lock file's schema (zod, loaded on first need): explains why a file fails the fast check. */
function lockFileSchema(): ZodType {
  if (fileSchema !== undefined) return fileSchema;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { z } = require("zod") as Zod;
  const entrySchema = z.strictObject({
    kind: z.string().refine(isListKind, { message: "must be packages, policies, products or profiles" }),
    site: z.string(),
    region: z.string().optional(),
    account: z.string().optional(),
    endpoint: z.string().optional(),
    source: z.string().optional(),
    profile: z.string().optional(),
    keyFingerprint: z.string().optional(),
    query: z.record(z.string(), z.unknown()),
    fetchedAt: z.iso.datetime({ offset: true }),
    itemCount: z.number().int().nonnegative().optional(),
    // Items get their list's full check when used (store.ts); here only their outline.
    items: z
      .custom<unknown[]>((v) => Array.isArray(v), { message: "must be an array" })
      .superRefine((items, ctx) => {
        const i = items.findIndex((x) => !isPlainObject(x));
        if (i >= 0) ctx.addIssue({ code: "custom", path: [i], message: "each item must be an object" });
      }),
  });
  fileSchema = z.looseObject({ formatVersion: z.number(), entries: z.record(z.string(), entrySchema) });
  return fileSchema;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

const ENTRY_FIELDS = new Set([
  "kind",
  "site",
  "region",
  "account",
  "endpoint",
  "source",
  "profile",
  "keyFingerprint",
  "query",
  "fetchedAt",
  "itemCount",
  "items",
]);
const OPTIONAL_TEXT = ["region", "account", "endpoint", "source", "profile", "keyFingerprint"] as const;

/** An entry as read: the optional texts it has, plus the required fields. */
function entryOf(e: Record<string, unknown>): LockEntry {
  const out: Record<string, unknown> = { kind: e.kind, site: e.site };
  for (const f of OPTIONAL_TEXT) if (e[f] !== undefined) out[f] = e[f];
  out.query = e.query;
  out.fetchedAt = e.fetchedAt;
  out.items = e.items;
  return out as unknown as LockEntry;
}
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Fast check of the entries (at least as strict as the schema); undefined when it fails. */
function quickEntries(json: Record<string, unknown>): Record<string, LockEntry> | undefined {
  const entries = json.entries;
  if (!isPlainObject(entries)) return undefined;
  const out: Array<[string, LockEntry]> = [];
  for (const [key, e] of Object.entries(entries)) {
    if (!isPlainObject(e) || !Object.keys(e).every((k) => ENTRY_FIELDS.has(k))) return undefined;
    const { kind, site, query, fetchedAt, itemCount, items } = e;
    if (typeof kind !== "string" || !isListKind(kind) || typeof site !== "string") return undefined;
    if (OPTIONAL_TEXT.some((f) => e[f] !== undefined && typeof e[f] !== "string") || !isPlainObject(query))
      return undefined;
    if (typeof fetchedAt !== "string" || !ISO_TIME.test(fetchedAt) || Number.isNaN(Date.parse(fetchedAt))) {
      return undefined;
    }
    if (itemCount !== undefined && !(Number.isInteger(itemCount) && (itemCount as number) >= 0))
      return undefined;
    if (!Array.isArray(items) || !items.every(isPlainObject)) return undefined;
    out.push([key, entryOf(e)]);
  }
  return Object.fromEntries(out);
}

const FIX =
  "fix it by hand, or move it aside and run `npx ncloud-lookups refresh` (or synth online) to rebuild it";

/** Parses lock file text; `file` names it in errors. @throws LockFileError */
export function parseLockFile(text: string, file: string): LockFileData {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new LockFileError(file, `is not valid JSON (${(err as Error).message}); ${FIX}`, { cause: err });
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new LockFileError(file, `is not a lookups lock file (expected an object); ${FIX}`);
  }
  const version = (json as Record<string, unknown>).formatVersion;
  if (typeof version !== "number" || !READABLE_VERSIONS.includes(version)) {
    throw new LockFileError(
      file,
      `has format version ${JSON.stringify(version)}, but this cdktf-ncloud-lookups reads versions ${READABLE_VERSIONS.join(" and ")}; ` +
        "use the library version that wrote it, or move it aside and rebuild it with `npx ncloud-lookups refresh`",
    );
  }
  const quick = quickEntries(json as Record<string, unknown>);
  if (quick !== undefined) return upgraded(version, quick);
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
  const entries = Object.fromEntries(
    Object.entries(data.entries).map(([key, e]): [string, LockEntry] => [key, entryOf(e)]),
  );
  return upgraded(version, entries);
}

/**
 * The entries of a file of `version` in today's format. Version 1 keys held the endpoint and no account
 * or region: they become today's keys (default account, the site's first region, the endpoint recorded
 * as the source). When two old keys meet in one new key, the newer entry stays. A key that no longer
 * parses is kept as it is (`show` lists it, `reset` removes it): nothing is lost.
 */
function upgraded(version: number, entries: Record<string, LockEntry>): LockFileData {
  if (version === LOCK_FORMAT_VERSION) return { formatVersion: LOCK_FORMAT_VERSION, entries };
  const out: Record<string, LockEntry> = {};
  for (const [key, e] of Object.entries(entries)) {
    const { endpoint, ...rest } = e as LockEntry & { endpoint?: string };
    let newKey = key;
    let entry: LockEntry = { ...rest, ...(endpoint !== undefined ? { source: endpoint } : {}) };
    try {
      const spec = parseV1LookupKey(key);
      newKey = lookupKey(spec);
      entry = {
        ...entry,
        ...(spec.region !== undefined ? { region: spec.region } : {}),
        account: spec.account,
        query: spec.query as Record<string, unknown>,
      };
    } catch {
      // kept under its old key
    }
    const there = out[newKey];
    if (there === undefined || Date.parse(there.fetchedAt) < Date.parse(entry.fetchedAt)) out[newKey] = entry;
  }
  return { formatVersion: LOCK_FORMAT_VERSION, entries: out };
}

/** Reads the lock file; `undefined` when it does not exist. @throws LockFileError when unreadable or invalid. */
export function readLockFile(file: string): LockFileData | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new LockFileError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})`, {
      cause: err,
    });
  }
  return parseLockFile(text, file);
}

/**
 * Serialises lock data: stable (sorted keys, items in server order), pretty, newline-terminated.
 * Each item sits on one line of its own: compact for large lists, and one line per item in diffs.
 */
export function serializeLockFile(entries: Readonly<Record<string, LockEntry>>): string {
  const out: Record<string, unknown> = {};
  const itemLines: string[] = [];
  const nonce = randomBytes(8).toString("hex");
  for (const key of Object.keys(entries).sort()) {
    const e = entries[key];
    if (e === undefined) continue;
    const marker = `\u0000items:${nonce}:${itemLines.length}`;
    itemLines.push(
      e.items.length === 0
        ? "[]"
        : `[\n${e.items.map((item) => `        ${JSON.stringify(sortKeys(item))}`).join(",\n")}\n      ]`,
    );
    out[key] = { ...e, itemCount: e.items.length, items: marker };
  }
  const text = JSON.stringify(sortKeys({ formatVersion: LOCK_FORMAT_VERSION, entries: out }), null, 2);
  return `${text.replace(new RegExp(`"\\\\u0000items:${nonce}:(\\d+)"`, "g"), (_m, i: string) => itemLines[Number(i)] ?? "[]")}\n`;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

/** How long a `.lock` file may sit before it is taken to be left by a crashed process. */
const STALE_LOCK_MS = 30_000;
const LOCK_WAIT_MS = 60_000;

function acquire(lockPath: string, file: string): number {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, `${process.pid}\n`);
      return fd;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") {
        throw new LockFileError(
          file,
          `cannot create ${basename(lockPath)} (${code ?? "error"}): is the directory writable?`,
          {
            cause: err,
          },
        );
      }
      try {
        if (Date.now() - statSync(lockPath).mtimeMs > STALE_LOCK_MS) rmSync(lockPath, { force: true });
      } catch {
        // it went away: try again
      }
      if (Date.now() - started > LOCK_WAIT_MS) {
        throw new LockFileError(
          file,
          `another process has held ${basename(lockPath)} for over ${LOCK_WAIT_MS / 1000} s; if none is running, delete that file`,
        );
      }
      sleepSync(Math.min(50, 2 + attempt * 3) + Math.floor(Math.random() * 10));
    }
  }
}

/**
 * Read-modify-write of the lock file under an exclusive `.lock`, so concurrent synths each add their
 * entries and lose none. The new content goes to a temp file, is fsynced and renamed over the old one:
 * a crash at any point leaves the old file whole. A corrupt existing file is reported, never replaced.
 *
 * @returns the entries written.
 * @throws LockFileError
 */
export function updateLockFile(
  file: string,
  mutate: (entries: Record<string, LockEntry>) => void,
): Readonly<Record<string, LockEntry>> {
  const lockPath = `${file}.lock`;
  const fd = acquire(lockPath, file);
  try {
    const current = readLockFile(file);
    const entries: Record<string, LockEntry> = { ...(current?.entries ?? {}) };
    mutate(entries);
    writeFileAtomic(file, serializeLockFile(entries));
    return entries;
  } finally {
    closeSync(fd);
    rmSync(lockPath, { force: true });
  }
}

/** Writes `content` to a temp file beside `file`, fsyncs it, then renames it over `file`. */
export function writeFileAtomic(file: string, content: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    const fd = openSync(tmp, "wx", 0o644);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new LockFileError(
      file,
      `could not be written (${(err as NodeJS.ErrnoException).code ?? "error"})`,
      {
        cause: err,
      },
    );
  }
}
