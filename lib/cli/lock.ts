/**
 * Lock file commands: `show`, `fill`, `refresh`, `reset` and `check`. Thin: parse flags, call
 * `lib/lookups/manage`, print.
 */
import { existsSync } from "node:fs";
import { Option, type Command } from "commander";
import { parseEndpointOverride } from "../client/endpoints";
import type { ConnectionSettings } from "../lookups/key";
import {
  checkLockFile,
  fillLockEntries,
  refreshLockFile,
  resetLockEntries,
  readableKeyOf,
  summarizeLockFile,
  type EntryDiff,
  type FetchEntriesOptions,
} from "../lookups/manage";
import { resolveLockFile } from "../lookups/store";
import { MAX_TIMER_MS, positiveInt, type CliCommand, type CliContext } from "./context";
import { CommandFailedError, PROGRAM_NAME } from "./errors";
import { renderTable } from "./output";

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
          "scheme://host[:port] to send every request to (default: NCLOUD_LOOKUPS_ENDPOINT, else where each entry was recorded from)",
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
    if (!existsSync(file)) {
      throw new CommandFailedError(
        `${file} does not exist${flags.lockFile !== undefined ? "" : " yet"}; synth once online, or run '${PROGRAM_NAME} fill <key>'`,
      );
    }
    const rows = summarizeLockFile(file);
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
          key: readableKeyOf(r.key),
          items: r.itemCount,
          age: formatAge(r.ageMs),
          fetched: r.fetchedAt,
          source: r.source ?? "",
          "access key": r.keyFingerprint ?? "",
        })),
        ["key", "items", "age", "fetched", "source", "access key"],
        // Off a terminal (a pipe, a file) keys are printed whole, to paste into reset and fill.
        { columns: ctx.io.isTTY ? ctx.columns : Number.MAX_SAFE_INTEGER, colour: ctx.colour },
      ),
    );
    ctx.err(`${count(rows.length, "entry", "entries")} in ${file}`);
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
    const counts = await fillLockEntries(file, keys, {
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
    const onList = progress(flags, ctx);
    const counts = await refreshLockFile(file, {
      ...fetchOptions(flags, ctx),
      ...(onList !== undefined ? { onList } : {}),
    });
    const n = Object.keys(counts).length;
    ctx.err(
      n === 0 ? `${file}: no entries to refresh` : `refreshed ${count(n, "entry", "entries")} in ${file}`,
    );
  });

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
    const removed = resetLockEntries(file, patterns);
    for (const key of removed) ctx.err(`removed ${key}`);
    ctx.err(`${count(removed.length, "entry", "entries")} removed from ${file}`);
  });

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
    const { diffs, keyChanges } = await checkLockFile(file, fetchOptions(flags, ctx));
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
        `${diffs.length} lock entr${diffs.length === 1 ? "y differs" : "ies differ"} from the live API; run '${PROGRAM_NAME} refresh' and commit ${file}`,
      );
    }
    ctx.err(`${file} matches the live API`);
  });

/** Every lock file command, in help order. */
export const LOCK_COMMANDS: readonly CliCommand[] = [
  showCommand,
  fillCommand,
  refreshCommand,
  resetCommand,
  checkCommand,
];
