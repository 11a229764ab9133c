import { randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { LockFileError } from "../errors";
import { isListKind, type ListKind } from "../services/meta";
import { sortKeys, stableJson } from "./json";
import { lookupKey, parseLookupKey, parseV1LookupKey } from "./key";
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
  "restore it from version control or fix it by hand; or move it aside and rebuild it by synthesizing online (NCLOUD_LOOKUPS_MODE=online) or with `npx ncloud-lookups fill <key>...`";

/** Entries of a lock file repeat a key: JSON.parse would keep the last silently. */
function duplicateKey(text: string): string | undefined {
  const seen = new Set<string>();
  // Entry keys sit on lines of their own, `"<list>@<site>...": {` (items are one per line, starting with `{`).
  const re = /\n[ \t]*"([a-z]+@(?:[^"\\]|\\.)*)"[ \t]*:[ \t]*\{/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const key = m[1] as string;
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return undefined;
}

/** How far in the future a `fetchedAt` may be (another machine's clock) before it is refused. */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/** Checks of each entry against itself: item count, fetch time, and its query against its key. */
function checkEntries(
  raw: Record<string, unknown>,
  entries: Record<string, LockEntry>,
  file: string,
  now: number,
): void {
  const fix = (key: string): string =>
    `run \`npx ncloud-lookups reset '${key}'\` and synth online (or \`npx ncloud-lookups fill '${key}'\`) to record it again`;
  for (const [key, e] of Object.entries(entries)) {
    const count = (raw[key] as Record<string, unknown> | undefined)?.itemCount;
    if (typeof count === "number" && count !== e.items.length) {
      throw new LockFileError(
        file,
        `entry ${key} says itemCount ${count} but holds ${e.items.length} items (edited or merged by hand?); ${fix(key)}`,
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
              : stableJson(spec.query) !== stableJson(stripUndefinedValues(e.query))
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

function stripUndefinedValues(o: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/**
 * Parses lock file text; `file` names it in errors; `now` (epoch ms) bounds the fetch times.
 *
 * @throws LockFileError
 */
export function parseLockFile(text: string, file: string, now: number = Date.now()): LockFileData {
  // A UTF-8 byte order mark (some editors add one) is not part of the JSON.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
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
  const dup = duplicateKey(text);
  if (dup !== undefined) {
    throw new LockFileError(
      file,
      `holds the entry ${dup} twice (a merge by hand?); keep one of them, or run \`npx ncloud-lookups reset '${dup}'\` and record it again`,
    );
  }
  const rawEntries = (json as Record<string, unknown>).entries as Record<string, unknown>;
  const quick = quickEntries(json as Record<string, unknown>);
  if (quick !== undefined) {
    if (version === LOCK_FORMAT_VERSION) checkEntries(rawEntries, quick, file, now);
    return upgraded(version, quick);
  }
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
  if (version === LOCK_FORMAT_VERSION) checkEntries(rawEntries, entries, file, now);
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
  // Under fake timers Date.now() is frozen in the past: the file's own time is real.
  let now = Date.now();
  try {
    now = Math.max(now, statSync(file).mtimeMs);
  } catch {
    // read a moment ago; keep Date.now()
  }
  return parseLockFile(text, file, now);
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
/**
 * Sleeps `ms` on `Atomics.wait`, which no fake clock stops, and returns the time slept: waits are
 * measured by adding these up, so they hold under jest's fake timers (which stop `Date`,
 * `performance.now` and `hrtime`).
 */
function sleepSync(ms: number): number {
  Atomics.wait(sleepCell, 0, 0, ms);
  return ms;
}

/** How long a `.lock` held by a live process may stay unchanged before it is taken over (a paused holder). */
export const DEFAULT_STALE_LOCK_MS = 30_000;
/** How long a writer waits for the lock at most. */
const LOCK_WAIT_MS = 60_000;

function staleLockMs(): number {
  const v = Number(process.env.NCLOUD_LOOKUPS_LOCK_STALE_MS);
  return Number.isInteger(v) && v > 0 ? v : DEFAULT_STALE_LOCK_MS;
}

/** Who holds a `.lock`: written into it as JSON. */
interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** Unique per acquisition: tells a lock taken over and re-created apart from the one a writer holds. */
  readonly token: string;
}

/** The holder written in a `.lock`, or undefined when it is gone or unreadable. */
function readHolder(lockPath: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(lockPath, "utf8");
  } catch {
    return undefined;
  }
  try {
    const j = JSON.parse(text) as Partial<LockHolder>;
    if (typeof j.pid === "number" && typeof j.host === "string" && typeof j.token === "string") {
      return { pid: j.pid, host: j.host, token: j.token };
    }
  } catch {
    // a lock of an earlier version holds only "<pid>\n"
  }
  const pid = Number.parseInt(text, 10);
  return { pid: Number.isInteger(pid) ? pid : -1, host: hostname(), token: `legacy:${text}` };
}

/** True when the holder is a process of this host that no longer runs. */
function holderIsDead(holder: LockHolder): boolean {
  // Unknown hosts and unreadable content (a lock being written this instant) are never judged dead.
  if (holder.host !== hostname()) return false;
  if (!Number.isInteger(holder.pid) || holder.pid <= 0) return false;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Removes the `.lock` of `holder`, and only that one: it is renamed aside first, and put back when it
 * turns out another writer took it over in between.
 */
function takeOver(lockPath: string, holder: LockHolder): void {
  const aside = `${lockPath}.${randomBytes(6).toString("hex")}.stale`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return; // gone already
  }
  const moved = readHolder(aside);
  if (moved !== undefined && moved.token !== holder.token) {
    // A live lock: give it back (a writer that loses its lock anyway notices before its rename).
    try {
      linkSync(aside, lockPath);
    } catch {
      // another writer holds it now
    }
  }
  rmSync(aside, { force: true });
}

interface HeldLock {
  readonly path: string;
  readonly token: string;
}

function acquire(lockPath: string, file: string): HeldLock {
  const token = randomBytes(12).toString("hex");
  const content = JSON.stringify({ pid: process.pid, host: hostname(), token });
  const stale = staleLockMs();
  let waited = 0;
  let seen: string | undefined;
  let seenAt = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      try {
        writeSync(fd, content);
      } finally {
        closeSync(fd);
      }
      return { path: lockPath, token };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") {
        throw new LockFileError(
          file,
          `cannot create ${basename(lockPath)} (${code ?? "error"}): is the directory writable?`,
          { cause: err },
        );
      }
    }
    if (waited >= LOCK_WAIT_MS) {
      throw new LockFileError(
        file,
        `could not take ${basename(lockPath)} within ${LOCK_WAIT_MS / 1000} s; if no other synth is running, delete that file`,
      );
    }
    const holder = readHolder(lockPath);
    if (holder === undefined) {
      waited += sleepSync(1); // released meanwhile
      continue;
    }
    if (holderIsDead(holder)) {
      // A crashed or killed writer: never waited out.
      takeOver(lockPath, holder);
      waited += sleepSync(1);
      continue;
    }
    if (holder.token !== seen) {
      seen = holder.token;
      seenAt = waited;
    } else if (waited - seenAt >= stale) {
      // Held unchanged past the stale limit by a live (paused) or remote process.
      takeOver(lockPath, holder);
      continue;
    }
    if (waited >= LOCK_WAIT_MS) {
      throw new LockFileError(
        file,
        `another process (pid ${holder.pid} on ${holder.host}) has held ${basename(lockPath)} for over ${LOCK_WAIT_MS / 1000} s; if none is running, delete that file`,
      );
    }
    waited += sleepSync(Math.min(50, 2 + attempt * 3) + Math.floor(Math.random() * 10));
  }
}

/** True while this writer still owns its lock (nobody took it over). */
function stillOwns(lock: HeldLock): boolean {
  return readHolder(lock.path)?.token === lock.token;
}

function release(lock: HeldLock): void {
  if (stillOwns(lock)) rmSync(lock.path, { force: true });
}

const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-z]+\.tmp$/;

/** Removes temp files beside `file` that writers which are no longer running left (crash, SIGKILL). */
function removeOrphanTemps(file: string): void {
  const dir = dirname(file);
  const base = basename(file);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (m === null || m[1] !== base) continue;
    const pid = Number(m[2]);
    if (pid !== process.pid && holderIsDead({ pid, host: hostname(), token: "" })) {
      rmSync(join(dir, name), { force: true });
    }
  }
}

/** Internal hooks of {@link updateLockFile} (tests). */
export interface UpdateHooks {
  /** Called after the temp file is written and before the ownership check and the rename. */
  readonly beforeRename?: () => void;
}

/**
 * Read-modify-write of the lock file under an exclusive `.lock`, so concurrent synths each add their
 * entries and lose none. The new content goes to a temp file, is fsynced and renamed over the old one:
 * a crash at any point leaves the old file whole. A dead holder's lock (its pid gone on this host) is
 * taken over at once and its temp files removed; a lock held unchanged past the stale limit is taken
 * over too. A writer whose lock was taken over meanwhile does not rename: it takes the lock again and
 * merges again. A symlinked lock file is written through (the link stays); the file's mode is kept. A
 * corrupt existing file is reported, never replaced. Signals that arrive meanwhile take effect after
 * the write, so an interruption leaves neither a lock nor a temp file.
 *
 * @returns the entries written.
 * @throws LockFileError
 */
export function updateLockFile(
  file: string,
  mutate: (entries: Record<string, LockEntry>) => void,
  hooks: UpdateHooks = {},
): Readonly<Record<string, LockEntry>> {
  const target = writeTarget(file);
  const lockPath = `${file}.lock`;
  holdSignals();
  {
    for (let round = 0; ; round++) {
      const lock = acquire(lockPath, file);
      let tmp: string | undefined;
      try {
        removeOrphanTemps(target.path);
        const current = readLockFile(file);
        const entries: Record<string, LockEntry> = { ...(current?.entries ?? {}) };
        mutate(entries);
        tmp = writeTemp(target, serializeLockFile(entries), file);
        hooks.beforeRename?.();
        if (!stillOwns(lock)) {
          // Taken over while this writer was paused: renaming now would drop the entries written
          // meanwhile. Take the lock again and merge again.
          if (round >= 5)
            throw new LockFileError(file, "lost its .lock to other writers 5 times in a row; try again");
          continue;
        }
        renameOver(tmp, target.path, file);
        tmp = undefined;
        return entries;
      } finally {
        if (tmp !== undefined) rmSync(tmp, { force: true });
        release(lock);
      }
    }
  }
}

const SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
let heldSignals: Array<readonly [NodeJS.Signals, () => void]> | undefined;

/**
 * Makes SIGINT, SIGTERM and SIGHUP that arrive during a write wait until it is done: the write is
 * synchronous, so they are delivered on the next turn of the event loop, when the lock and the temp file
 * are gone, and then end the process as they would have. Only signals nobody else handles are held.
 * The handlers stay until that turn of the loop (removing them sooner would drop a signal that arrived
 * during the write), so in a synth that stays synchronous, a later Ctrl+C takes effect when it returns
 * to the event loop.
 */
function holdSignals(): void {
  if (heldSignals !== undefined) return;
  const held: Array<readonly [NodeJS.Signals, () => void]> = [];
  const unhold = (): void => {
    for (const [s, fn] of held) process.removeListener(s, fn);
    if (heldSignals === held) heldSignals = undefined;
  };
  for (const sig of SIGNALS) {
    if (process.listenerCount(sig) > 0) continue;
    const fn = (): void => {
      unhold();
      process.kill(process.pid, sig);
    };
    held.push([sig, fn]);
    process.on(sig, fn);
  }
  heldSignals = held;
  setImmediate(unhold);
}

/** Where a write goes: the file, or the target of a symlinked file (the link is kept); and its mode. */
interface WriteTarget {
  readonly path: string;
  readonly mode: number;
}

function writeTarget(file: string): WriteTarget {
  let path = file;
  try {
    path = realpathSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw lockError(file, "cannot be resolved", err);
    // A dangling symlink: write to where it points.
    try {
      const link = readlinkSync(file);
      path = resolve(dirname(file), link);
    } catch {
      // no file yet
    }
  }
  let mode = 0o644;
  try {
    const st = statSync(path);
    mode = st.mode & 0o7777;
    if ((mode & 0o222) === 0) {
      throw new LockFileError(
        file,
        `is read-only (mode ${mode.toString(8)}); make it writable (chmod u+w) to record lookups, or use NCLOUD_LOOKUPS_MODE=frozen`,
      );
    }
  } catch (err) {
    if (err instanceof LockFileError) throw err;
  }
  return { path, mode };
}

function lockError(file: string, what: string, err: unknown): LockFileError {
  return new LockFileError(file, `${what} (${(err as NodeJS.ErrnoException).code ?? "error"})`, {
    cause: err,
  });
}

/** Writes `content` to a new temp file beside `target`, fsynced; returns its path. */
function writeTemp(target: WriteTarget, content: string, file: string): string {
  const tmp = join(
    dirname(target.path),
    `.${basename(target.path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  try {
    const fd = openSync(tmp, "wx", target.mode);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return tmp;
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

function renameOver(tmp: string, target: string, file: string): void {
  try {
    renameSync(tmp, target);
  } catch (err) {
    throw new LockFileError(
      file,
      `could not be written (${(err as NodeJS.ErrnoException).code ?? "error"})`,
      {
        cause: err,
      },
    );
  }
}

/** Writes `content` to a temp file beside `file` (through a symlink), fsyncs it, then renames it over `file`. */
export function writeFileAtomic(file: string, content: string): void {
  const target = writeTarget(file);
  const tmp = writeTemp(target, content, file);
  try {
    renameOver(tmp, target.path, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
