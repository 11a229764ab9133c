#!/usr/bin/env node
/**
 * The `ncloud-lookups` process entry, kept lean: Terraform starts one process per `external` data
 * source, and `--version` is what scripts probe with. Those two paths load only what they need (no
 * commander, no zod, no HTTP client unless a lookup must fetch); everything else goes to the full
 * program (`program.ts`).
 *
 * `run(argv, io)` runs the CLI in-process.
 */

// First, before any module loads: V8's compile cache (Node 22.1+; a no-op before), so later starts
// skip compiling this package's modules. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require("node:module") as { enableCompileCache?: () => unknown }).enableCompileCache?.();
}

import type { CliIo } from "./context";
import type * as ProgramModule from "./program";
import type * as ExternalModule from "./external-run";
import type * as Fs from "node:fs";

export type { CliIo, CliStream, CliContext, CliCommand } from "./context";

/**
 * Runs the CLI with `argv` (the arguments after the program name) and resolves with the exit code.
 * Never calls `process.exit`; everything it prints goes to `io.stdout` and `io.stderr`.
 */
export function run(argv: readonly string[], io: CliIo): Promise<number> {
  return bundled<typeof ProgramModule>("./program-lean", "./program").run(argv, io);
}

/** A one-file bundle `npm run build` writes (see build-lean.js), else its sources (ts-node, tests). */
function bundled<T>(lean: string, source: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(lean) as T;
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND" ||
      !String((err as Error).message).includes(lean.slice(2))
    )
      throw err;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(source) as T;
  }
}

/** True for `external` with nothing but `--lists` after it: the lean path handles it. */
export function isLeanExternal(argv: readonly string[]): boolean {
  if (argv[0] !== "external") return false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--lists") i++;
    else if (!a.startsWith("--lists=")) return false;
  }
  return true;
}

/**
 * Writes to a file descriptor synchronously (1 or 2), without creating `process.stdout` or
 * `process.stderr` (building those streams costs several ms of a lean start).
 */
function writeFd(fd: number, text: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { writeSync } = require("node:fs") as typeof Fs;
  const buf = Buffer.from(text, "utf8");
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") continue; // a non-blocking pipe that is full: try again
      if (code === "EPIPE") return; // a closed pipe (`| head`) is not an error worth a trace
      throw err;
    }
  }
}

let helpText: string | null | undefined;

/**
 * The help text `npm run build` saved (dist/cli/help.txt), when this run would print exactly that:
 * into a pipe or file, with the default width, and no lists of your own named in cdktf.json.
 */
function cachedHelp(): string | undefined {
  if (helpText === undefined) {
    helpText = null;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { existsSync, readFileSync } = require("node:fs") as typeof Fs;
    if ((process.env.COLUMNS ?? "") === "" && !isCharDevice(1) && !namesOwnLists(existsSync, readFileSync)) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        helpText = readFileSync(require("node:path").join(__dirname, "help.txt") as string, "utf8");
      } catch {
        helpText = null; // not built (ts-node): the program prints it
      }
    }
  }
  return helpText ?? undefined;
}

/** True when cdktf.json in the working directory names lists of your own (or cannot be read). */
function namesOwnLists(exists: typeof Fs.existsSync, read: typeof Fs.readFileSync): boolean {
  if (!exists("cdktf.json")) return false;
  try {
    const json = JSON.parse(read("cdktf.json", "utf8")) as { context?: Record<string, { lists?: unknown }> };
    return json.context?.["ncloud-lookups"]?.lists !== undefined;
  } catch {
    return true;
  }
}

/** True when a file descriptor is a character device (a terminal, or /dev/null), or cannot be told. */
function isCharDevice(fd: number): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("node:fs") as typeof Fs).fstatSync(fd).isCharacterDevice();
  } catch {
    return true;
  }
}

/** Standard input as text, read synchronously (the lean path): a pipe or file Terraform gives. */
function readFd0(): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readFileSync } = require("node:fs") as typeof Fs;
  try {
    return readFileSync(0, "utf8");
  } catch {
    return undefined; // EAGAIN on a non-blocking descriptor and the like: read it as a stream
  }
}

/** The `external` runner. */
function leanExternal(): typeof ExternalModule {
  return bundled<typeof ExternalModule>("./external-lean", "./external-run");
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    writeFd(1, `${(require("./version") as { packageVersion(): string }).packageVersion()}\n`);
  } else if (argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h") && cachedHelp() !== undefined) {
    writeFd(1, cachedHelp() as string);
  } else if (isLeanExternal(argv)) {
    const input = readFd0();
    const io: CliIo = {
      stdout: { write: (s: string) => writeFd(1, s) },
      stderr: { write: (s: string) => writeFd(2, s) },
      stdin: input ?? process.stdin,
      env: process.env,
      isTTY: false,
    };
    void leanExternal()
      .runExternal(argv, io)
      .then((code) => {
        process.exitCode = code;
      });
  } else {
    // Not a terminal (a pipe, a file): plain synchronous writes, without building the stream objects
    // (node:tty alone loads node:net). A character device may be a terminal: the stream tells.
    const out = isCharDevice(1) ? process.stdout : { write: (s: string) => writeFd(1, s) };
    const err = isCharDevice(2) ? process.stderr : { write: (s: string) => writeFd(2, s) };
    for (const stream of [out, err]) {
      // A closed pipe (`| head`) is not an error worth a stack trace.
      if (stream instanceof Object && "on" in stream) {
        stream.on("error", (e: NodeJS.ErrnoException) => {
          if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
          throw e;
        });
      }
    }
    const io: CliIo = {
      stdout: out,
      stderr: err,
      // Read on first use: building process.stdin costs a few ms that `--help` need not pay.
      get stdin() {
        return process.stdin;
      },
      env: process.env,
      isTTY: out === process.stdout && process.stdout.isTTY === true,
      stderrIsTTY: err === process.stderr && process.stderr.isTTY === true,
    };
    void run(argv, io).then((code) => {
      process.exitCode = code;
    });
  }
}
