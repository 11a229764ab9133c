/**
 * Reading and updating the lock file: the format lives in `lock-format.ts`, the cross-process `.lock`
 * in `write-lock.ts`, the atomic write in `atomic-write.ts`.
 */
import { readFileSync, rmSync, statSync } from "node:fs";
import { LockFileError } from "../errors";
import { holdSignals, removeOrphanTemps, renameOver, writeTarget, writeTemp } from "./atomic-write";
import { parseLockFile, serializeLockFile, type LockEntry, type LockFileData } from "./lock-format";
import { LAZY_FROM_BYTES, readLazily } from "./lock-lazy";
import { acquire, release, specialFileKind, stillOwns } from "./write-lock";

export {
  conflictMarkerLine,
  duplicateEntryKey,
  LOCK_FILE_NAME,
  LOCK_FORMAT_VERSION,
  MERGE_DRIVER_SETUP,
  parseLockFile,
  serializeLockFile,
  type LockEntry,
  type LockFileData,
} from "./lock-format";
export { writeFileAtomic } from "./atomic-write";
export { DEFAULT_STALE_LOCK_MS } from "./write-lock";

/** Reads the lock file; `undefined` when it does not exist. @throws LockFileError when unreadable or invalid. */
export function readLockFile(file: string): LockFileData | undefined {
  const read = readLockBytes(file);
  return read === undefined ? undefined : parseLockFile(read.bytes.toString("utf8"), file, read.now);
}

/**
 * Reads the lock file as lookups need it: a big one (from {@link LAZY_FROM_BYTES}) with each entry's
 * items parsed on first use, and found by name reading only their lines (`lock-lazy.ts`); otherwise
 * as {@link readLockFile}. The same checks, the same errors.
 *
 * @throws LockFileError when unreadable or invalid.
 */
export function readLockFileForLookups(
  file: string,
  lazyFromBytes: number = LAZY_FROM_BYTES,
): LockFileData | undefined {
  const read = readLockBytes(file);
  if (read === undefined) return undefined;
  const { bytes, now } = read;
  return (
    (bytes.length >= lazyFromBytes ? readLazily(bytes, file, now) : undefined) ??
    parseLockFile(bytes.toString("utf8"), file, now)
  );
}

/**
 * The lock file's bytes, and the time its fetch times are bounded by; `undefined` when it does not
 * exist. @throws LockFileError when it is not a regular file or cannot be read.
 */
function readLockBytes(file: string): { readonly bytes: Buffer; readonly now: number } | undefined {
  let bytes: Buffer;
  try {
    // A FIFO would block the read forever: only a regular file (or a link to one) is read.
    const st = statSync(file);
    const special = st.isDirectory() ? undefined : specialFileKind(st);
    if (special !== undefined) {
      throw new LockFileError(
        file,
        `is ${special}, not a lock file; remove it (\`rm ${JSON.stringify(file)}\`) and record the lookups again`,
      );
    }
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof LockFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new LockFileError(
      file,
      code === "EISDIR"
        ? "is a directory, not a lock file; move it aside"
        : `cannot be read (${code ?? "error"})`,
      { cause: err },
    );
  }
  // Under fake timers Date.now() is frozen in the past: the file's own time is real.
  let now = Date.now();
  try {
    now = Math.max(now, statSync(file).mtimeMs);
  } catch {
    // read a moment ago; keep Date.now()
  }
  return { bytes, now };
}

/** Internal hooks of {@link updateLockFile} (tests). */
export interface UpdateHooks {
  /** Called after the temp file is written and before the ownership check and the rename. */
  readonly beforeRename?: () => void;
}

/**
 * Read-modify-write of the lock file under an exclusive `.lock` beside the real file (a symlinked lock
 * file is locked at its target, so writers through different links serialize), so concurrent synths
 * each add their entries and lose none. The new content goes to a temp file, is fsynced and renamed
 * over the old one: a crash at any point leaves the old file whole. A writer whose lock was taken over
 * meanwhile does not rename: it takes the lock again and merges again. A corrupt existing file is
 * reported, never replaced. Top-level fields of a newer version are kept. Signals that arrive meanwhile
 * take effect after the write.
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
  const lockPath = `${target.path}.lock`;
  for (let round = 0; ; round++) {
    // While waiting for the .lock nothing is held: a signal then ends the process at once (nothing
    // written). Only once the lock is this writer's are signals held until the write is done.
    const lock = acquire(lockPath, file);
    holdSignals();
    let tmp: string | undefined;
    try {
      removeOrphanTemps(target.path);
      const current = readLockFile(file);
      const entries: Record<string, LockEntry> = { ...(current?.entries ?? {}) };
      mutate(entries);
      tmp = writeTemp(target, serializeLockFile(entries, current?.extra), file);
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
