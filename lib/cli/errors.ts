/**
 * Exit codes of the CLI and how errors become one line on stderr.
 *
 * - 0: success (also `--help` and `--version`)
 * - 1: the command ran but failed: API, network, timeout, response shape or size, paging, credentials
 * - 2: usage error: unknown command or kind, unknown flag, bad flag value, flag of another kind
 */
import type { CommanderError } from "commander";
import { sanitizeText } from "../client/answers";
import { CredentialsError, NcloudLookupsError, ValidationError } from "../errors";

/**
 * True for commander's errors (by their code: the lean entry must not load commander to ask
 * `instanceof`).
 */
function isCommanderError(err: unknown): err is CommanderError {
  return (
    err instanceof Error &&
    typeof (err as { code?: unknown }).code === "string" &&
    (err as unknown as { code: string }).code.startsWith("commander.")
  );
}

/** Name the CLI prints before every error. */
export const PROGRAM_NAME = "ncloud-lookups";

/** Exit codes. */
export const EXIT_OK = 0;
/** The command ran and failed (NCP, network, credentials). */
export const EXIT_FAILURE = 1;
/** The command line is wrong. */
export const EXIT_USAGE = 2;

/** A command line mistake found after parsing (e.g. a flag that does not apply to the chosen kind). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A command failed for a reason outside the command line (exit 1), e.g. a port already in use. */
export class CommandFailedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CommandFailedError";
  }
}

/** True for errors that mean "the command line is wrong" (exit 2). */
export function isUsageError(err: unknown): boolean {
  if (err instanceof UsageError) return true;
  if (isCommanderError(err)) return exitCodeFor(err) === EXIT_USAGE;
  // A ValidationError comes from a flag or setting the user gave (site, endpoint, query values).
  return (
    err instanceof ValidationError ||
    (NcloudLookupsError.isNcloudLookupsError(err) && err.code === "VALIDATION")
  );
}

/** The exit code for an error thrown while running a command. */
export function exitCodeFor(err: unknown): number {
  if (isCommanderError(err)) {
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return EXIT_OK;
    // `help` prints help and exits 0; a missing command prints help on stderr with exit code 1.
    if (err.code === "commander.help") return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    return EXIT_USAGE;
  }
  if (isUsageError(err)) return EXIT_USAGE;
  // CredentialsError, ApiError, NetworkError, TimeoutError, ResponseShapeError, ResponseTooLargeError,
  // PagingError, and anything unexpected.
  return EXIT_FAILURE;
}

/** Environment variables that may hold a secret key; their values are scrubbed from every message. */
const SECRET_ENV_NAMES = ["NCLOUD_SECRET_KEY", "NCLOUD_SECRET_ACCESS_KEY"] as const;

/**
 * Removes secret key values known from the environment from a text, and flattens it to one line.
 * The library never puts a secret in a message; this is a second line of defence.
 */
export function sanitizeMessage(text: string, env: NodeJS.ProcessEnv): string {
  let out = text;
  for (const name of SECRET_ENV_NAMES) {
    const secret = env[name]?.trim();
    if (secret !== undefined && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  // Text from servers must not drive the terminal (escape sequences could retitle or clear it).
  return sanitizeText(out.replace(/\s*[\r\n]+\s*/g, " ").trim());
}

/** The message of an error for the one stderr line (without the program name). */
export function errorMessage(err: unknown): string {
  if (isCommanderError(err)) return err.message.replace(/^error: /, "");
  if (err instanceof CredentialsError) return err.message;
  if (err instanceof Error) {
    if (
      err instanceof UsageError ||
      err instanceof CommandFailedError ||
      NcloudLookupsError.isNcloudLookupsError(err)
    ) {
      return err.message;
    }
    return `unexpected error: ${err.message}`;
  }
  return `unexpected error: ${String(err)}`;
}
