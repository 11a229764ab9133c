/**
 * The cross-process write lock of a lock file: `<real file>.lock`, created with its content in one step
 * (a temp file hard-linked into place), naming its holder (pid, host, a token per acquisition). A lock
 * whose holder is gone (a dead pid on this host; this very pid, reused in a container; empty or
 * unreadable past a short grace) is taken over at once; one held unchanged past the stale limit by a
 * live process (a laptop asleep, Ctrl+Z) is taken over too, and its writer notices before renaming.
 *
 * Modelled on proper-lockfile (an owner, a staleness rule), but synchronous: a synth blocked in
 * `Atomics.wait` cannot refresh an mtime asynchronously, so staleness is "unchanged for N ms".
 */
import {
  closeSync,
  linkSync,
  lstatSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
  type Stats,
} from "node:fs";
import { basename } from "node:path";
import { LockFileError } from "../errors";
import { hostName, randomHex } from "./lazy-node";

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
/**
 * Sleeps `ms` on `Atomics.wait`, which no fake clock stops, and returns the time slept: waits are
 * measured by adding these up, so they hold under jest's fake timers (which stop `Date`,
 * `performance.now` and `hrtime`).
 */
export function sleepSync(ms: number): number {
  Atomics.wait(sleepCell, 0, 0, ms);
  return ms;
}

/** How long a `.lock` held by a live process may stay unchanged before it is taken over (a paused holder). */
export const DEFAULT_STALE_LOCK_MS = 30_000;
/** How long an empty or unreadable `.lock` is given to be filled by its writer before it is taken over. */
export const EMPTY_LOCK_GRACE_MS = 1_000;
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

/** Tokens of the locks this thread holds now (a `.lock` naming this pid with another token is stale). */
const heldTokens = new Set<string>();

type Seen =
  | { readonly kind: "holder"; readonly holder: LockHolder }
  /** Empty or not a holder: a writer between creating and filling it (older versions), or a full disk. */
  | { readonly kind: "garbage"; readonly token: string; readonly ageMs: number }
  | { readonly kind: "gone" };

/** What a `.lock` holds now. */
function readLock(lockPath: string, file: string): Seen {
  let st: Stats;
  let text: string;
  try {
    st = lstatSync(lockPath);
    if (st.isDirectory()) {
      throw new LockFileError(
        file,
        `cannot be locked: ${lockPath} is a directory, not a lock; remove it (\`rmdir ${JSON.stringify(lockPath)}\`) and try again`,
      );
    }
    // A lock is a regular file this library creates: anything else (a FIFO would block the read, a
    // symlink, dangling or not, would never be replaced) is refused at once, naming it.
    const special = specialFileKind(st);
    if (special !== undefined) {
      throw new LockFileError(
        file,
        `cannot be locked: ${lockPath} is ${special}, not a lock; remove it (\`rm ${JSON.stringify(lockPath)}\`) and try again`,
      );
    }
    text = readFileSync(lockPath, "utf8");
  } catch (err) {
    if (err instanceof LockFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { kind: "gone" };
    return { kind: "garbage", token: `unreadable:${code ?? "error"}`, ageMs: 0 };
  }
  try {
    const j = JSON.parse(text) as Partial<LockHolder>;
    if (typeof j.pid === "number" && typeof j.host === "string" && typeof j.token === "string") {
      return { kind: "holder", holder: { pid: j.pid, host: j.host, token: j.token } };
    }
  } catch {
    // a lock of an earlier version holds only "<pid>\n"
  }
  if (/^\d+\s*$/.test(text)) {
    return {
      kind: "holder",
      holder: {
        pid: Number.parseInt(text, 10),
        host: hostName(),
        token: `legacy:${text}`,
      },
    };
  }
  return { kind: "garbage", token: `garbage:${st.mtimeMs}:${text}`, ageMs: Date.now() - st.mtimeMs };
}

/** True when the holder cannot be a live writer: a process of this host that no longer runs, or this very pid. */
/** What a file that is not a regular file or a directory is, for messages; undefined for those two. */
export function specialFileKind(st: Stats): string | undefined {
  if (st.isSymbolicLink()) return "a symbolic link";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  return undefined;
}

export function holderIsDead(holder: LockHolder): boolean {
  // Unknown hosts are never judged dead.
  if (holder.host !== hostName()) return false;
  if (!Number.isInteger(holder.pid) || holder.pid <= 0) return false;
  // This process writes synchronously: a lock naming its pid that it does not hold is a reused pid's.
  if (holder.pid === process.pid) return !heldTokens.has(holder.token);
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** The token a `.lock` at `path` holds, or undefined when gone or unreadable. */
function tokenAt(path: string): string | undefined {
  try {
    const text = readFileSync(path, "utf8");
    const j = JSON.parse(text) as Partial<LockHolder>;
    return typeof j.token === "string" ? j.token : `raw:${text}`;
  } catch {
    return undefined;
  }
}

/**
 * Removes the `.lock` whose token is `token`, and only that one: it is renamed aside first, and put
 * back when it turns out another writer took it over in between.
 */
function takeOver(lockPath: string, token: string): void {
  const aside = `${lockPath}.${randomHex(6)}.stale`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return; // gone already
  }
  const moved = tokenAt(aside);
  if (moved !== undefined && moved !== token && !moved.startsWith("raw:")) {
    // A live lock: give it back (a writer that loses its lock anyway notices before its rename).
    try {
      linkSync(aside, lockPath);
    } catch {
      // another writer holds it now
    }
  }
  rmSync(aside, { force: true });
}

/** A lock this process holds. */
export interface HeldLock {
  readonly path: string;
  readonly token: string;
}

/** Names an errno for a person: a full disk is not an unwritable directory. */
export function describeErrno(code: string | undefined): string {
  switch (code) {
    case "ENOSPC":
      return "ENOSPC: the disk is full; free some space and try again";
    case "EDQUOT":
      return "EDQUOT: the disk quota is exhausted; free some space and try again";
    case "EACCES":
    case "EPERM":
      return `${code}: permission denied; is the directory writable?`;
    case "EROFS":
      return "EROFS: the file system is read-only";
    case "EFBIG":
      return "EFBIG: the file is larger than this process may write (ulimit -f) or the file system takes";
    default:
      return code ?? "error";
  }
}

/**
 * Writes all of `content` to `fd`: `writeSync` may write less than asked without an error (a disk that
 * fills up mid-write), so it loops until every byte is written. A write that makes no progress throws
 * ENOSPC; a failed one throws its own error (ENOSPC, EDQUOT, EFBIG, …).
 */
export function writeFully(fd: number, content: string): void {
  const bytes = Buffer.from(content, "utf8");
  let off = 0;
  while (off < bytes.length) {
    const n = writeSync(fd, bytes, off, bytes.length - off);
    if (n <= 0) {
      throw Object.assign(new Error(`ENOSPC: wrote ${off} of ${bytes.length} bytes`), { code: "ENOSPC" });
    }
    off += n;
  }
}

/** Creates `lockPath` holding `content`, in one step; false when it exists. */
function createLock(lockPath: string, content: string, file: string): boolean {
  const tmp = `${lockPath}.${process.pid}.${randomHex(4)}.new`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx");
    writeFully(fd, content);
    closeSync(fd);
    fd = undefined;
    try {
      linkSync(tmp, lockPath);
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return false;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "EXDEV") throw err;
    }
    // No hard links on this file system: create it exclusively (briefly empty).
    const lfd = openSync(lockPath, "wx");
    try {
      writeFully(lfd, content);
    } finally {
      closeSync(lfd);
    }
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    throw new LockFileError(file, `cannot create ${basename(lockPath)} (${describeErrno(code)})`, {
      cause: err,
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
  }
}

/**
 * Takes the lock `lockPath` for `file`, waiting for a live holder (up to 60 s) and taking over the
 * lock of a holder that cannot be live.
 *
 * @throws LockFileError when the lock cannot be created or taken.
 */
export function acquire(lockPath: string, file: string): HeldLock {
  const token = randomHex(12);
  const content = JSON.stringify({
    pid: process.pid,
    host: hostName(),
    token,
  });
  const stale = staleLockMs();
  let waited = 0;
  let seen: string | undefined;
  let seenAt = 0;
  for (let attempt = 0; ; attempt++) {
    if (createLock(lockPath, content, file)) {
      heldTokens.add(token);
      return { path: lockPath, token };
    }
    if (waited >= LOCK_WAIT_MS) {
      throw new LockFileError(
        file,
        `could not take ${basename(lockPath)} within ${LOCK_WAIT_MS / 1000} s; if no other synth is running, delete that file`,
      );
    }
    const lock = readLock(lockPath, file);
    if (lock.kind === "gone") {
      waited += sleepSync(1); // released meanwhile
      continue;
    }
    const lockToken = lock.kind === "holder" ? lock.holder.token : lock.token;
    if (lock.kind === "holder" && holderIsDead(lock.holder)) {
      // A crashed or killed writer, or a pid reused: never waited out.
      takeOver(lockPath, lockToken);
      waited += sleepSync(1);
      continue;
    }
    if (lock.kind === "garbage" && lock.ageMs >= EMPTY_LOCK_GRACE_MS) {
      // Empty or unreadable for longer than any writer takes to fill it.
      takeOver(lockPath, lockToken);
      continue;
    }
    if (lockToken !== seen) {
      seen = lockToken;
      seenAt = waited;
    } else if (waited - seenAt >= (lock.kind === "garbage" ? EMPTY_LOCK_GRACE_MS : stale)) {
      // Held unchanged past the limit by a live (paused) or remote process.
      takeOver(lockPath, lockToken);
      continue;
    }
    if (waited >= LOCK_WAIT_MS) {
      const who =
        lock.kind === "holder"
          ? `another process (pid ${lock.holder.pid} on ${lock.holder.host})`
          : "another process";
      throw new LockFileError(
        file,
        `${who} has held ${basename(lockPath)} for over ${LOCK_WAIT_MS / 1000} s; if none is running, delete that file`,
      );
    }
    waited += sleepSync(Math.min(50, 2 + attempt * 3) + Math.floor(Math.random() * 10));
  }
}

/** True while this writer still owns its lock (nobody took it over). */
export function stillOwns(lock: HeldLock): boolean {
  return tokenAt(lock.path) === lock.token;
}

/** Releases a lock this writer still owns. */
export function release(lock: HeldLock): void {
  heldTokens.delete(lock.token);
  if (stillOwns(lock)) rmSync(lock.path, { force: true });
}
