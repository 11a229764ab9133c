/**
 * Lock file commands: `show`, `fill`, `refresh`, `reset` and `check`. Thin: parse flags, call
 * `lib/lookups/manage`, print.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { Option, type Command } from "commander";
import { parseEndpointOverride } from "../client/endpoints";
import type { ConnectionSettings } from "../lookups/key";
import type { EntryDiff, FetchEntriesOptions } from "../lookups/manage";
import type * as ManageModule from "../lookups/manage";
import { resolveLockFile } from "../lookups/store";
import { parseLockFile, serializeLockFile, writeFileAtomic, type LockFileData } from "../lookups/lockfile";
import { mergeLockData, splitConflicts } from "../lookups/merge";
import { MAX_TIMER_MS, positiveInt, type CliCommand, type CliContext } from "./context";
import { LockFileError } from "../errors";
import { CommandFailedError, PROGRAM_NAME, UsageError } from "./errors";
import { renderTable } from "./output";

/** The lock file operations, loaded when a command runs (their HTTP client and worker too). */
function manage(): typeof ManageModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../lookups/manage") as typeof ManageModule;
}

interface LockFlags {
  lockFile?: string;
  profile?: string;
  endpoint?: string;
  timeoutMs?: number;
  json?: boolean;
  quiet?: boolean;
}

function withLockFlags(cmd: Command, network: boolean): Command {
  cmd.addOption(
    new Option(
      "--lock-file <path>",
      "lock file (default: NCLOUD_LOOKUPS_LOCK_FILE, else ./ncloud.lookups.json)",
    ),
  );
  if (network) {
    cmd
      .addOption(
        new Option(
          "--profile <name>",
          "profile of ~/.ncloud/configure to take the keys from (default: the profile each entry was recorded with)",
        ),
      )
      .addOption(
        new Option(
          "--endpoint <url>",
          "scheme://host[:port] to send every request to (default: NCLOUD_LOOKUPS_ENDPOINT, else NCP's hosts); a loopback address fetches the local: test entries, anything else NCP's",
        ),
      )
      .addOption(
        new Option("--timeout-ms <n>", "per-request timeout in ms").argParser(
          positiveInt("--timeout-ms", MAX_TIMER_MS),
        ),
      )
      .addOption(new Option("-q, --quiet", "no progress on stderr"));
  }
  return cmd;
}

function lockFileOf(flags: LockFlags, ctx: CliContext): string {
  return resolveLockFile(flags.lockFile !== undefined ? { lockFile: flags.lockFile } : {}, ctx.io.env);
}

function connectionOf(flags: LockFlags): ConnectionSettings {
  return {
    ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
    ...(flags.timeoutMs !== undefined ? { timeoutMs: flags.timeoutMs } : {}),
  };
}

function fetchOptions(flags: LockFlags, ctx: CliContext): FetchEntriesOptions {
  return {
    connection: connectionOf(flags),
    env: ctx.io.env,
    ...(flags.endpoint !== undefined
      ? { endpoint: parseEndpointOverride(flags.endpoint, "--endpoint") }
      : {}),
  };
}

function progress(flags: LockFlags, ctx: CliContext): ((key: string, n: number) => void) | undefined {
  return flags.quiet === true || !ctx.stderrIsTTY
    ? undefined
    : (key, n) => ctx.err(`fetched ${key}: ${n} items`);
}

/** `1 entry`, `2 entries`. */
function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `1d 4h`, `12m`, `40s` from milliseconds. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

const showCommand: CliCommand = (parent, ctx) =>
  withLockFlags(
    parent
      .command("show")
      .description("show what the lock file holds, by key, with item counts and ages")
      .option("--json", "print JSON instead of a table")
      .addHelpText(
        "after",
        `\nExamples:\n  $ ${PROGRAM_NAME} show\n  $ ${PROGRAM_NAME} show --lock-file infra/ncloud.lookups.json --json`,
      ),
    false,
  ).action((flags: LockFlags) => {
    const file = lockFileOf(flags, ctx);
    if (!existsSync(file)) throw missingLockFile(file);
    const rows = manage().summarizeLockFile(file);
    if (flags.json === true) {
      ctx.out(`${JSON.stringify({ file, entries: rows }, null, 2)}\n`);
      return;
    }
    if (rows.length === 0) {
      ctx.err(`${file}: no entries (synth once online, or run '${PROGRAM_NAME} fill <key>')`);
      return;
    }
    ctx.out(
      renderTable(
        rows.map((r) => ({
          key: manage().readableKeyOf(r.key),
          data: r.test ? "test" : "NCP",
          items: r.itemCount,
          age: formatAge(r.ageMs),
          fetched: r.fetchedAt,
          source: r.source ?? "",
          "access key": r.keyFingerprint ?? "",
        })),
        ["key", "data", "items", "age", "fetched", "source", "access key"],
        // Off a terminal (a pipe, a file) keys are printed whole, to paste into reset and fill.
        { columns: ctx.io.isTTY ? ctx.columns : Number.MAX_SAFE_INTEGER, colour: ctx.colour },
      ),
    );
    const tests = rows.filter((r) => r.test).length;
    ctx.err(
      `${count(rows.length, "entry", "entries")} in ${file}` +
        (tests > 0
          ? ` (${tests} of test data: local:, recorded from a local test server; they never serve a lookup aimed at NCP)`
          : ""),
    );
  });

const fillCommand: CliCommand = (parent, ctx) =>
  withLockFlags(
    parent
      .command("fill")
      .description("fetch the given lookup keys and record them in the lock file (all or nothing)")
      .argument("<key...>", "lookup keys, as frozen mode and `show` print them")
      .addHelpText(
        "after",
        `\nExamples:\n  $ ${PROGRAM_NAME} fill 'policies@public?type=SYSTEM_MANAGED'\n  $ ${PROGRAM_NAME} fill packages@public 'profiles@gov?searchWord=deploy'`,
      ),
    true,
  ).action(async (keys: string[], flags: LockFlags) => {
    const file = lockFileOf(flags, ctx);
    const onList = progress(flags, ctx);
    const counts = await manage().fillLockEntries(file, keys, {
      ...fetchOptions(flags, ctx),
      ...(onList !== undefined ? { onList } : {}),
    });
    for (const [key, n] of Object.entries(counts)) ctx.err(`recorded ${key}: ${count(n, "item", "items")}`);
    ctx.err(`wrote ${file}`);
  });

const refreshCommand: CliCommand = (parent, ctx) =>
  withLockFlags(
    parent
      .command("refresh")
      .description("re-fetch every entry of the lock file concurrently and rewrite them (all or nothing)")
      .addHelpText(
        "after",
        `\nExamples:\n  $ ${PROGRAM_NAME} refresh\n  $ ${PROGRAM_NAME} refresh --profile prod`,
      ),
    true,
  ).action(async (flags: LockFlags) => {
    const file = lockFileOf(flags, ctx);
    if (!existsSync(file)) throw missingLockFile(file);
    const onList = progress(flags, ctx);
    const options = fetchOptions(flags, ctx);
    const { counts, skipped } = await manage().refreshLockFile(file, {
      ...options,
      ...(onList !== undefined ? { onList } : {}),
    });
    noteSkipped(ctx, skipped, options);
    const n = Object.keys(counts).length;
    ctx.err(
      n === 0
        ? `${file}: no entries to refresh from ${manage().describeRunTarget(options)}`
        : `refreshed ${count(n, "entry", "entries")} in ${file} from ${manage().describeRunTarget(options)}`,
    );
  });

/** The note on the entries of the other realm that refresh and check leave alone. */
function noteSkipped(ctx: CliContext, skipped: readonly string[], options: FetchEntriesOptions): void {
  if (skipped.length === 0) return;
  const local = manage().runTarget(options).realm === "local";
  ctx.err(
    local
      ? `skipped ${count(skipped.length, "entry", "entries")} of NCP's data (a local test server cannot stand in for NCP; run without --endpoint or NCLOUD_LOOKUPS_ENDPOINT to include them)`
      : `skipped ${count(skipped.length, "test entry", "test entries")} (local:, recorded from a local test server; run with --endpoint or NCLOUD_LOOKUPS_ENDPOINT pointing at that server to include them)`,
  );
}

/** The error of a command that needs a lock file when there is none. */
function missingLockFile(file: string): LockFileError {
  return new LockFileError(
    file,
    `does not exist yet; synth once online, or run '${PROGRAM_NAME} fill <key>'`,
  );
}

const resetCommand: CliCommand = (parent, ctx) =>
  withLockFlags(
    parent
      .command("reset")
      .description("remove entries from the lock file by key or pattern (* is a wildcard)")
      .argument("<pattern...>", "keys or patterns, e.g. 'policies@*'")
      .addHelpText(
        "after",
        `\nExamples:\n  $ ${PROGRAM_NAME} reset 'policies@public?type=USER_CREATED'\n  $ ${PROGRAM_NAME} reset '*'`,
      ),
    false,
  ).action((patterns: string[], flags: LockFlags) => {
    const file = lockFileOf(flags, ctx);
    if (!existsSync(file)) throw missingLockFile(file);
    const removed = manage().resetLockEntries(file, patterns);
    for (const key of removed) ctx.err(`removed ${key}`);
    ctx.err(`${count(removed.length, "entry", "entries")} removed from ${file}`);
  });

/**
 * Two values of a field as a diff shows them: JSON (a missing field as (none)), long values cut to
 * where they start to differ, and at 60 characters.
 */
function shownPair(before: unknown, after: unknown): string {
  const json = (v: unknown): string => (v === undefined ? "(none)" : (JSON.stringify(v) ?? String(v)));
  let [a, b] = [json(before), json(after)];
  let same = 0;
  while (same < a.length && same < b.length && a[same] === b[same]) same++;
  if (Math.max(a.length, b.length) > 60 && same > 20) {
    [a, b] = [`…${a.slice(same - 10)}`, `…${b.slice(same - 10)}`];
  }
  const cut = (t: string): string => (t.length > 60 ? `${t.slice(0, 57)}…` : t);
  return `${cut(a)} → ${cut(b)}`;
}

/** A readable diff of entries against the live API. */
export function renderDiff(diffs: readonly EntryDiff[]): string {
  const lines: string[] = [];
  const list = (names: readonly string[]): string =>
    names.length <= 10 ? names.join(", ") : `${names.slice(0, 10).join(", ")}, … (${names.length})`;
  for (const d of diffs) {
    lines.push(d.key);
    if (d.added.length > 0) lines.push(`  + added (${d.added.length}): ${list(d.added)}`);
    if (d.removed.length > 0) lines.push(`  - removed (${d.removed.length}): ${list(d.removed)}`);
    if (d.changed.length > 0) lines.push(`  ~ changed (${d.changed.length}): ${list(d.changed)}`);
    for (const item of d.fieldChanges.slice(0, 10)) {
      for (const f of item.fields) {
        lines.push(`      ${item.name}: ${f.field} ${shownPair(f.before, f.after)}`);
      }
    }
    if (d.fieldChanges.length > 10)
      lines.push(`      … and ${d.fieldChanges.length - 10} more changed items`);
    if (d.reordered) lines.push("  ~ same items in a different order");
  }
  return `${lines.join("\n")}\n`;
}

const checkCommand: CliCommand = (parent, ctx) =>
  withLockFlags(
    parent
      .command("check")
      .description("compare the lock file with the live API; exit 1 with a diff when they differ (for CI)")
      .option("--json", "print the differences as JSON")
      .addHelpText(
        "after",
        `\nExamples:\n  $ ${PROGRAM_NAME} check\n  $ ${PROGRAM_NAME} check --json > drift.json\n\nExit codes: 0 the lock file matches, 1 it differs (or the API failed), 2 usage error.`,
      ),
    true,
  ).action(async (flags: LockFlags) => {
    const file = lockFileOf(flags, ctx);
    if (!existsSync(file)) throw missingLockFile(file);
    const options = fetchOptions(flags, ctx);
    const { diffs, keyChanges, skipped, compared } = await manage().checkLockFile(file, options);
    noteSkipped(ctx, skipped, options);
    if (compared.length === 0 && flags.json !== true) {
      ctx.err(
        `${file} holds no entries ${skipped.length > 0 ? "of this run's realm " : ""}to compare: nothing to check ` +
          `(compared with ${manage().describeRunTarget(options)}; record lookups with a synth or \`${PROGRAM_NAME} fill <key>\`)`,
      );
      return;
    }
    if (flags.json === true) {
      ctx.out(`${JSON.stringify({ file, differences: diffs, keyChanges }, null, 2)}\n`);
    } else if (diffs.length > 0) ctx.out(renderDiff(diffs));
    for (const k of keyChanges) {
      ctx.err(
        `note: ${k.key} was recorded with access key ${k.recorded} (fingerprint); the current credentials are ${k.current}`,
      );
    }
    if (diffs.length > 0) {
      throw new CommandFailedError(
        `${diffs.length} lock entr${diffs.length === 1 ? "y differs" : "ies differ"} from the live API (compared with ${manage().describeRunTarget(options)}); run '${PROGRAM_NAME} refresh' and commit ${file}`,
      );
    }
    ctx.err(`${file} matches the live API (compared with ${manage().describeRunTarget(options)})`);
  });

/** Reads one side of a merge: an empty base (a file new on both sides) is no data. */
function readSide(path: string, what: string, allowEmpty: boolean): LockFileData | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if (allowEmpty && (err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CommandFailedError(
      `cannot read ${what} (${path}): ${(err as NodeJS.ErrnoException).code ?? "error"}`,
    );
  }
  if (allowEmpty && text.trim() === "") return undefined;
  return parseLockFile(text, `${what} (${path})`);
}

/** The base, ours and theirs of a lock file that holds conflict markers: git's index stages, else the markers. */
function conflictSides(file: string): { base?: string; ours: string; theirs: string } {
  const dir = dirname(file);
  const git = (args: string[]): string | undefined => {
    try {
      return execFileSync("git", args, {
        cwd: dir,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
        maxBuffer: 1 << 30,
      });
    } catch {
      return undefined;
    }
  };
  const rel = relative(dir, file);
  const ours = git(["show", `:2:./${rel}`]);
  const theirs = git(["show", `:3:./${rel}`]);
  if (ours !== undefined && theirs !== undefined) {
    const base = git(["show", `:1:./${rel}`]);
    return { ours, theirs, ...(base !== undefined ? { base } : {}) };
  }
  const split = splitConflicts(readFileSync(file, "utf8"));
  if (split === undefined) {
    throw new CommandFailedError(
      `${file} holds no git conflict markers and git has no unmerged versions of it: nothing to resolve`,
    );
  }
  return split;
}

interface MergeFlags {
  resolve?: string | boolean;
  lockFile?: string;
}

const mergeDriverCommand: CliCommand = (parent, ctx) =>
  parent
    .command("merge-driver")
    .description(
      "git merge driver for ncloud.lookups.json: writes the union of both sides' entries to %A (the newer fetch wins where both changed a key); with --resolve, fixes a file that already holds conflict markers",
    )
    .argument(
      "[files...]",
      "%O %A %B: the base, ours (written with the result) and theirs, as git passes them",
    )
    .option(
      "--resolve [file]",
      "resolve a lock file that holds conflict markers, keeping the entries of both sides (default: ./ncloud.lookups.json)",
    )
    .addHelpText(
      "after",
      `\nSet-up (once per clone):\n  $ echo 'ncloud.lookups.json merge=ncloud-lookups' >> .gitattributes\n  $ git config merge.ncloud-lookups.driver "npx ncloud-lookups merge-driver %O %A %B"\n\nExamples:\n  $ ${PROGRAM_NAME} merge-driver --resolve            # after a merge without the driver\n\nExit codes: 0 merged, 1 a side cannot be read (git then reports a conflict), 2 usage error.`,
    )
    .action((files: string[], flags: MergeFlags) => {
      let base: LockFileData | undefined;
      let ours: LockFileData;
      let theirs: LockFileData;
      let out: string;
      if (flags.resolve !== undefined) {
        if (files.length > 0) throw new UsageError("merge-driver --resolve takes one file, not %O %A %B");
        out = resolve(typeof flags.resolve === "string" ? flags.resolve : resolveLockFile({}, ctx.io.env));
        const sides = conflictSides(out);
        ours = parseLockFile(sides.ours, `${out} (ours)`);
        theirs = parseLockFile(sides.theirs, `${out} (theirs)`);
        try {
          base =
            sides.base !== undefined && sides.base.trim() !== ""
              ? parseLockFile(sides.base, `${out} (base)`)
              : undefined;
        } catch {
          base = undefined; // a base that does not parse: a plain union
        }
      } else {
        if (files.length !== 3) {
          throw new UsageError(
            `merge-driver takes three files, %O %A %B (got ${files.length}); set it up with: git config merge.ncloud-lookups.driver "npx ncloud-lookups merge-driver %O %A %B"`,
          );
        }
        const [o, a, b] = files as [string, string, string];
        base = readSide(o, "the merge base", true);
        ours = readSide(a, "our side", false) as LockFileData;
        theirs = readSide(b, "their side", false) as LockFileData;
        out = a;
      }
      const merged = mergeLockData(base, ours, theirs);
      for (const note of merged.notes) ctx.err(`${PROGRAM_NAME} merge-driver: ${note}`);
      writeFileAtomic(out, serializeLockFile(merged.entries, merged.extra));
      if (flags.resolve !== undefined) {
        ctx.err(
          `resolved ${out}: ${count(Object.keys(merged.entries).length, "entry", "entries")}; now \`git add ${relative(process.cwd(), out) || out}\``,
        );
      }
    });

/** Every lock file command, in help order. */
export const LOCK_COMMANDS: readonly CliCommand[] = [
  showCommand,
  fillCommand,
  refreshCommand,
  resetCommand,
  checkCommand,
  mergeDriverCommand,
];
