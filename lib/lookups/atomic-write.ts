/**
 * Atomic writes of a file, as write-file-atomic does them (a temp file beside the target, fsync,
 * rename; only its own temp file removed on failure), synchronously and with a hook between the fsync
 * and the rename (where the lock file's writer checks it still owns its `.lock`). A symlinked file is
 * written through (the link stays), its mode is kept, a read-only file is refused.
 */
import {
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { LockFileError } from "../errors";
import { describeErrno, holderIsDead, writeFully } from "./write-lock";
import { hostName, randomHex } from "./lazy-node";

/** Where a write goes: the file, or the target of a symlinked file (the link is kept); and its mode. */
export interface WriteTarget {
  /** The real file written (a symlink's target). */
  readonly path: string;
  readonly mode: number;
}

function lockError(file: string, what: string, err: unknown): LockFileError {
  return new LockFileError(file, `${what} (${describeErrno((err as NodeJS.ErrnoException).code)})`, {
    cause: err,
  });
}

/**
 * Resolves where a write of `file` goes (through symlinks, also dangling ones) and the mode to keep.
 *
 * @throws LockFileError for a read-only file or one that cannot be resolved.
 */
export function writeTarget(file: string): WriteTarget {
  let path = resolve(file);
  try {
    path = realpathSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw lockError(file, "cannot be resolved", err);
    // A dangling symlink (possibly through other links): write to where it points.
    for (let hops = 0; hops < 40; hops++) {
      let link: string;
      try {
        link = readlinkSync(path);
      } catch {
        break; // no file yet, or not a link
      }
      path = resolve(dirname(path), link);
    }
    try {
      // Its directory may itself be reached through links.
      path = join(realpathSync(dirname(path)), basename(path));
    } catch {
      // the directory does not exist: the write reports it
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

/** Writes `content` to a new temp file beside `target`, fsynced; returns its path. */
export function writeTemp(target: WriteTarget, content: string, file: string): string {
  const tmp = join(dirname(target.path), `.${basename(target.path)}.${process.pid}.${randomHex(4)}.tmp`);
  try {
    const fd = openSync(tmp, "wx", target.mode);
    try {
      writeFully(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return tmp;
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new LockFileError(
      file,
      `could not be written (${describeErrno((err as NodeJS.ErrnoException).code)}); it is unchanged, and nothing was recorded`,
      { cause: err },
    );
  }
}

/** Renames the temp file `tmp` over `target`. */
export function renameOver(tmp: string, target: string, file: string): void {
  try {
    renameSync(tmp, target);
  } catch (err) {
    throw lockError(file, "could not be written", err);
  }
}

const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-z]+\.tmp$/;

/** Removes temp files beside `file` that writers which are no longer running left (crash, SIGKILL). */
export function removeOrphanTemps(file: string): void {
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
    if (pid !== process.pid && holderIsDead({ pid, host: hostName(), token: "" })) {
      rmSync(join(dir, name), { force: true });
    }
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

const SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
let heldSignals: Array<readonly [NodeJS.Signals, () => void]> | undefined;

/**
 * Makes SIGINT, SIGTERM and SIGHUP that arrive during a write wait until it is done: the write is
 * synchronous, so they are delivered on the next turn of the event loop, when the lock and the temp file
 * are gone, and then end the process as they would have. Only signals nobody else handles are held.
 * Without it, Node's default action ends the process mid-write, leaving the `.lock` and a temp file
 * (taken over and removed by the next writer; `test/lock-robustness.test.ts` shows the difference).
 */
export function holdSignals(): void {
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
