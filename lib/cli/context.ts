/**
 * What every command gets: the I/O it may use, and helpers for the flags several commands share.
 *
 * Adding a command: write `lib/cli/<name>.ts` exporting a {@link CliCommand}, and add it to
 * `COMMANDS` in `lib/cli/main.ts`.
 */
import { InvalidArgumentError, Option, type Command } from "commander";
import type { AttemptEvent, NcloudClient } from "../client/http";
import type * as HttpModule from "../client/http";
import { parsePositiveInt } from "../client/settings";
import { parseEndpointOverride, SITES } from "../client/endpoints";
import { ValidationError } from "../errors";
import { DEFAULT_COLUMNS } from "./output";

/** A stream the CLI writes to. */
export interface CliStream {
  write(chunk: string): unknown;
  /** Terminal width, when a terminal. */
  readonly columns?: number;
  readonly isTTY?: boolean;
}

/** The outside world of one CLI run; `run()` takes it so the CLI can run in-process. */
export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /** Standard input (`external` reads its query there): text, or a stream. */
  readonly stdin?: string | AsyncIterable<string | Buffer>;
  readonly env: NodeJS.ProcessEnv;
  /** stdout is a terminal: table output by default, colours allowed. */
  readonly isTTY: boolean;
  /** stderr is a terminal: progress is shown. @default `stderr.isTTY`, else `isTTY` */
  readonly stderrIsTTY?: boolean;
  /** Terminal width. @default `stdout.columns`, else `COLUMNS`, else 100 */
  readonly columns?: number;
  /** Stops long-running commands (`serve`) when aborted, besides SIGINT/SIGTERM. */
  readonly signal?: AbortSignal;
}

/** What a command's action can use. */
export interface CliContext {
  readonly io: CliIo;
  /** Colours allowed on stdout: a terminal and `NO_COLOR` unset. */
  readonly colour: boolean;
  /** Width to fit tables to. */
  readonly columns: number;
  /** stderr is a terminal. */
  readonly stderrIsTTY: boolean;
  /** Writes text to stdout as given (callers build the whole output, then write once). */
  out(text: string): void;
  /** Writes one line to stderr (a newline is added). */
  err(line: string): void;
}

/** A command: adds itself (with `parent.command(...)`) to the program, and returns itself. */
export type CliCommand = (parent: Command, ctx: CliContext) => Command;

/** Builds the context of one run. */
export function createContext(io: CliIo): CliContext {
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "";
  const fromEnv = Number(io.env.COLUMNS);
  const columns = io.columns ?? io.stdout.columns ?? (Number.isInteger(fromEnv) ? fromEnv : undefined);
  return {
    io,
    colour: io.isTTY && !noColor && io.env.TERM !== "dumb",
    columns: columns !== undefined && columns > 0 ? columns : DEFAULT_COLUMNS,
    stderrIsTTY: io.stderrIsTTY ?? io.stderr.isTTY ?? io.isTTY,
    out: (text) => {
      io.stdout.write(text);
    },
    err: (line) => {
      io.stderr.write(`${line}\n`);
    },
  };
}

/** Longest delay `setTimeout` honours (a larger one fires after 1 ms). */
export const MAX_TIMER_MS = 2_147_483_647;

/** A commander argument parser for a positive integer flag; a bad value is a usage error naming it. */
export function positiveInt(flag: string, max?: number): (value: string) => number {
  return (value) => {
    try {
      return parsePositiveInt(value, flag, max) as number;
    } catch (err) {
      throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
    }
  };
}

/** A commander argument parser for an integer from `min` to `max`. */
export function intInRange(flag: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value.trim());
    if (value.trim() === "" || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${flag} must be an integer from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

/** Flags shared by every command that calls NCP. */
export interface ClientFlags {
  site?: string;
  region?: string;
  profile?: string;
  endpoint?: string;
  timeoutMs?: number;
  verbose?: boolean;
}

/** Adds `--site`, `--profile`, `--endpoint`, `--timeout-ms` and `--verbose` to a command. */
export function addClientOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option("--site <site>", `NCP site: ${SITES.join(", ")} (default: NCLOUD_SITE, else public)`),
    )
    .addOption(
      new Option(
        "--region <code>",
        "Cloud Functions region: KR, SGN, JPN on public (default: NCLOUD_REGION, else the site's first)",
      ),
    )
    .addOption(new Option("--profile <name>", "profile of ~/.ncloud/configure to take the keys from"))
    .addOption(
      new Option(
        "--endpoint <url>",
        "scheme://host[:port] replacing every NCP host, e.g. the emulator (default: NCLOUD_LOOKUPS_ENDPOINT)",
      ),
    )
    .addOption(
      new Option(
        "--timeout-ms <n>",
        "per-request timeout in ms (default: NCLOUD_LOOKUPS_TIMEOUT_MS, else 30000)",
      ).argParser(positiveInt("--timeout-ms", MAX_TIMER_MS)),
    )
    .addOption(new Option("--verbose", "log every HTTP attempt to stderr (never keys or signatures)"));
}

/**
 * Creates the signed client from the shared flags and the run's environment.
 *
 * @throws ValidationError for a bad site or endpoint, CredentialsError when no keys are found.
 */
export function createClient(flags: ClientFlags, ctx: CliContext): NcloudClient {
  const endpoint =
    flags.endpoint !== undefined ? parseEndpointOverride(flags.endpoint, "--endpoint") : undefined;
  if (flags.site !== undefined && flags.site.trim() === "")
    throw new ValidationError("--site must not be empty");
  // The HTTP client loads when a command needs it: `--help` and argument errors do not pay for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { NcloudClient: Client } = require("../client/http") as typeof HttpModule;
  const client = new Client({
    env: ctx.io.env,
    credentials: flags.profile !== undefined ? { profile: flags.profile } : {},
    ...(flags.site !== undefined ? { site: flags.site } : {}),
    ...(flags.region !== undefined ? { region: flags.region } : {}),
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(flags.timeoutMs !== undefined ? { timeoutMs: flags.timeoutMs } : {}),
    ...(flags.verbose === true
      ? {
          onAttempt: (e: AttemptEvent) =>
            ctx.err(
              `${e.service} GET ${e.path} -> ${e.status === 0 ? "no answer" : `HTTP ${e.status}`} ` +
                `(attempt ${e.attempt}, ${Math.round(e.durationMs)} ms)`,
            ),
        }
      : {}),
  });
  if (flags.verbose === true) {
    ctx.err(
      `using the access key with fingerprint ${client.keyFingerprint} from ${client.credentialsSource}; site ${client.site}` +
        (client.endpoint !== undefined ? `; endpoint ${client.endpoint}` : ""),
    );
  }
  return client;
}
