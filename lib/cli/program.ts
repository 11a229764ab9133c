/**
 * The `ncloud-lookups` program: a thin layer over the library. It parses flags (commander), calls the
 * library, prints, and maps errors to exit codes (see `./errors`). The process entry is `main.ts`,
 * which reaches here for everything but the paths it answers lean (`external`, `--version`).
 */
import { Command, type CommanderError } from "commander";
import { createContext, type CliCommand, type CliIo } from "./context";
import { packageVersion } from "./version";
import { errorMessage, exitCodeFor, EXIT_OK, EXIT_USAGE, PROGRAM_NAME, sanitizeMessage } from "./errors";
import { environmentHelp } from "./environment";
import { externalCommand } from "./external";
import { listCommand } from "./list";
import { loadCliLists } from "./lists";
import { LOCK_COMMANDS } from "./lock";
import { serveCommand } from "./serve";

export type { CliIo, CliStream, CliContext, CliCommand } from "./context";
export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from "./errors";

/** Every command, in help order. Adding a command: one file exporting a CliCommand, one line here. */
const COMMANDS: readonly CliCommand[] = [listCommand, ...LOCK_COMMANDS, externalCommand, serveCommand];

const PROGRAM_HELP = `
Environment (every variable the commands read):
${environmentHelp()}

Examples:
  $ ${PROGRAM_NAME} list policies --type SYSTEM_MANAGED --output table
  $ ${PROGRAM_NAME} list products --product-name 주문 > products.json
  $ ${PROGRAM_NAME} show                        # what ncloud.lookups.json holds
  $ ${PROGRAM_NAME} check                       # CI: exit 1 when the lock file differs from NCP
  $ ${PROGRAM_NAME} serve --port 8080          # a local NCP emulator with demo data and keys
  $ echo '{"list":"policies"}' | ${PROGRAM_NAME} external   # for Terraform's external data source
  $ git config merge.ncloud-lookups.driver "npx ${PROGRAM_NAME} merge-driver %O %A %B"
  $ ${PROGRAM_NAME} list --help

Exit codes: 0 success, 1 NCP/network/credentials failure, 2 usage error.`;

function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap((c) => allCommands(c))];
}

function commandPath(cmd: Command | undefined): string {
  const names: string[] = [];
  for (let c: Command | null | undefined = cmd; c; c = c.parent) names.unshift(c.name());
  return names.length > 0 ? names.join(" ") : PROGRAM_NAME;
}

/**
 * Runs the CLI with `argv` (the arguments after the program name) and resolves with the exit code.
 * Never calls `process.exit`; everything it prints goes to `io.stdout` and `io.stderr`.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx = createContext(io);
  try {
    loadCliLists(argv);
  } catch (err) {
    io.stderr.write(`${PROGRAM_NAME}: ${sanitizeMessage(errorMessage(err), io.env)}\n`);
    return exitCodeFor(err);
  }
  /** The command whose parsing failed (commander reports the error through its own output config). */
  let failed: Command | undefined;
  /** The command whose action is running. */
  let running: Command | undefined;
  const program = new Command(PROGRAM_NAME)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => {
        io.stdout.write(s);
      },
      writeErr: (s) => {
        io.stderr.write(s);
      },
      getOutHelpWidth: () => ctx.columns,
      getErrHelpWidth: () => ctx.columns,
      getOutHasColors: () => ctx.colour,
      getErrHasColors: () => false,
    })
    .description(
      "Look up NAVER Cloud Platform lists: Cloud Functions packages, Sub Account policies, API Gateway products, External Access profiles",
    )
    .version(packageVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .option(
      "--lists <modules>",
      'definition modules of your own lists (comma-separated or repeated; also cdktf.json context["ncloud-lookups"].lists)',
    )
    .showSuggestionAfterError(true)
    .addHelpText("after", PROGRAM_HELP)
    .hook("preAction", (_program, action) => {
      running = action;
    });
  for (const add of COMMANDS) add(program, ctx);
  for (const cmd of allCommands(program)) {
    cmd.configureOutput({
      outputError: () => {
        failed = cmd;
      },
    });
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT_OK;
  } catch (err) {
    const code = exitCodeFor(err);
    if (code === EXIT_OK) return code;
    // Help asked for by mistake (no command) was already printed on stderr.
    if ((err as CommanderError).code === "commander.help") return code;
    io.stderr.write(`${PROGRAM_NAME}: ${sanitizeMessage(errorMessage(err), io.env)}\n`);
    if (code === EXIT_USAGE) io.stderr.write(`Run '${commandPath(failed ?? running)} --help' for usage.\n`);
    return code;
  }
}
