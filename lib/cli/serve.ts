/**
 * `ncloud-lookups serve`: runs the bundled NCP emulator until SIGINT/SIGTERM and prints how to point
 * the CLI, the constructs and Terraform at it.
 */
import { readFile } from "node:fs/promises";
import { InvalidArgumentError, Option } from "commander";
import { isLoopbackHost } from "../client/endpoints";
import { LIST_KINDS, listDefinition, listKinds } from "../lists";
import { dataSetExample, dataSetProblem } from "../lists/serve";
import type { EmulatorDataSet } from "../testing/data";
import type { EmulatorOptions, NcloudEmulator } from "../testing/emulator";
import { intInRange, positiveInt, type CliCommand, type CliContext } from "./context";
import { CommandFailedError, PROGRAM_NAME, UsageError } from "./errors";

/** Flags of `serve`. */
interface ServeFlags {
  port: number;
  host: string;
  latencyMs?: number;
  capPolicies?: number;
  capProducts?: number;
  capProfiles?: number;
  cap?: Record<string, number>;
  data?: string;
  json?: boolean;
}

/**
 * Reads and checks the outline of a `--data` file: an object whose lists are arrays of objects (per
 * bucket value where a list's definition has one), for every list known (the built-in ones and yours).
 *
 * @throws UsageError naming the file and the problem.
 */
export async function readDataFile(file: string): Promise<EmulatorDataSet> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UsageError(
      `--data ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--data ${file}: not valid JSON (${(err as Error).message})`);
  }
  const defs = listKinds().map((k) => listDefinition(k));
  const problem = dataSetProblem(json, defs);
  if (problem !== undefined) {
    const builtIn = new Set(LIST_KINDS as readonly string[]);
    const own = defs.filter((d) => !builtIn.has(d.kind)).map((d) => d.kind);
    const hint = problem.startsWith("unknown key")
      ? ` (a list of your own needs its definition module: --lists ./lists/<kind>.js${own.length > 0 ? `; known own lists: ${own.join(", ")}` : ""})`
      : "";
    throw new UsageError(`--data ${file}: ${problem}${hint}; expected ${dataSetExample(defs)}`);
  }
  return json as EmulatorDataSet;
}

/** `export NAME=value`, single-quoted when the value needs it. */
function exportLine(name: string, value: string): string {
  const safe = /^[A-Za-z0-9_@%+=:,./-]+$/.test(value);
  return `export ${name}=${safe ? value : `'${value.replace(/'/g, `'\\''`)}'`}`;
}

/** Resolves on SIGINT, SIGTERM or when the run's abort signal fires. */
function waitForStop(ctx: CliContext): Promise<string> {
  return new Promise((resolve) => {
    const signal = ctx.io.signal;
    const done = (why: string): void => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      signal?.removeEventListener("abort", onAbort);
      resolve(why);
    };
    const onInt = (): void => done("SIGINT");
    const onTerm = (): void => done("SIGTERM");
    const onAbort = (): void => done("abort");
    process.once("SIGINT", onInt);
    process.once("SIGTERM", onTerm);
    if (signal?.aborted === true) done("abort");
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}

const EXAMPLES = `
The emulator speaks NCP's four list APIs on plain http (signature v2 checked, paging, filters) and
serves demo data (Korean names included) unless --data gives a file. The demo keys are public and fake.

Examples:
  $ ${PROGRAM_NAME} serve --port 8080
  # in another shell, paste the export lines it prints, then:
  $ ${PROGRAM_NAME} list policies --output table
  $ ${PROGRAM_NAME} serve --cap-policies 7 --latency-ms 50     # small pages, slow answers
  $ ${PROGRAM_NAME} serve --data my-lists.json --json          # one JSON line for scripts
  $ ${PROGRAM_NAME} serve --lists ./lists/sub-accounts.js --data data.json --cap sub-accounts=5

Lists of your own: --lists <module> (repeatable) or cdktf.json's context["ncloud-lookups"].lists load
their definitions first; the emulator then serves them from --data (items under the list's kind) and
filters by the definition's filters (a parameter without one is named at start: it is not filtered).`;

/** Items served per list, every list known (the built-in ones and yours): "300 policies, 23 sub-accounts". */
function servedCounts(served: Record<string, unknown>): string {
  return listKinds()
    .map((kind) => {
      const v = served[kind];
      const n = Array.isArray(v)
        ? v.length
        : typeof v === "object" && v !== null
          ? Object.values(v).reduce((sum: number, x) => sum + (Array.isArray(x) ? x.length : 0), 0)
          : 0;
      return `${n} ${kind}`;
    })
    .join(", ");
}

/**
 * A note for each list with parameters the emulator cannot filter by (its definition has no filter
 * for them): it then serves every item whatever their value, so a test would record too much. Said
 * at start, never silently.
 */
function unfilteredParams(): string[] {
  const notes: string[] = [];
  for (const kind of listKinds()) {
    const def = listDefinition(kind);
    const used = new Set(
      (def.filters ?? []).flatMap((f) => (f.kind === "containsIn" ? [f.param, f.columnParam] : [f.param])),
    );
    const missing = def.params.map((p) => p.name).filter((n) => !used.has(n));
    if (missing.length > 0) {
      notes.push(
        `note: the emulator cannot filter ${kind} by ${missing.join(", ")} (its definition has no filter for ${missing.length === 1 ? "it" : "them"}): ` +
          `a request with ${missing.length === 1 ? "it" : "them"} gets every item. Add filters to the definition, e.g. ` +
          `filters: [{ param: ${JSON.stringify(missing[0])}, kind: "contains", field: "<field>" }]`,
      );
    }
  }
  return notes;
}

/** Registers `serve`. */
export const serveCommand: CliCommand = (parent, ctx) =>
  parent
    .command("serve")
    .description("run the bundled NCP emulator until Ctrl+C, and print the settings that point at it")
    .addOption(
      new Option("-p, --port <n>", "port to listen on; 0 picks a free one")
        .default(0)
        .argParser(intInRange("--port", 0, 65535)),
    )
    .addOption(new Option("--host <host>", "interface to listen on").default("127.0.0.1"))
    .addOption(
      new Option("--latency-ms <n>", "delay before every answer, in ms").argParser(
        intInRange("--latency-ms", 0, 600_000),
      ),
    )
    .addOption(
      new Option("--cap-policies <n>", "largest policies page the emulator serves (default 100)").argParser(
        positiveInt("--cap-policies"),
      ),
    )
    .addOption(
      new Option("--cap-products <n>", "largest products page the emulator serves (default 100)").argParser(
        positiveInt("--cap-products"),
      ),
    )
    .addOption(
      new Option("--cap-profiles <n>", "largest profiles page the emulator serves (default 50)").argParser(
        positiveInt("--cap-profiles"),
      ),
    )
    .addOption(
      new Option(
        "--cap <kind=n>",
        "largest page of any paged list, yours too (repeatable), e.g. --cap sub-accounts=7",
      ).argParser((value: string, previous: Record<string, number> | undefined) => {
        const m = /^([a-z][a-z0-9-]*)=(\d+)$/.exec(value);
        const n = m !== null ? Number(m[2]) : NaN;
        if (m === null || !Number.isSafeInteger(n) || n < 1) {
          throw new InvalidArgumentError(
            `--cap ${value}: use <kind>=<n>, n a whole number >= 1, e.g. --cap policies=25`,
          );
        }
        return { ...previous, [m[1] as string]: n };
      }),
    )
    .addOption(new Option("--data <file.json>", "serve this data set instead of the demo data"))
    .option(
      "--json",
      'print one JSON line {"url","accessKey","secretKey","metadataEndpoint"} instead of export lines',
    )
    .addHelpText("after", EXAMPLES)
    .action(async (flags: ServeFlags) => {
      const data = flags.data !== undefined ? await readDataFile(flags.data) : undefined;
      const caps: NonNullable<EmulatorOptions["pageSizeCaps"]> = {
        ...flags.cap,
        ...(flags.capPolicies !== undefined ? { policies: flags.capPolicies } : {}),
        ...(flags.capProducts !== undefined ? { products: flags.capProducts } : {}),
        ...(flags.capProfiles !== undefined ? { profiles: flags.capProfiles } : {}),
      };
      let emulator: NcloudEmulator;
      try {
        // Loaded here so other commands do not pay for the emulator at start-up.
        const { NcloudEmulator: Emulator } = await import("../testing/emulator");
        emulator = await Emulator.start({
          host: flags.host,
          port: flags.port,
          pageSizeCaps: caps,
          ...(flags.latencyMs !== undefined ? { latencyMs: flags.latencyMs } : {}),
          ...(data !== undefined ? { data } : {}),
        });
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        const why =
          e.code === "EADDRINUSE"
            ? "the port is already in use; pick another with --port, or --port 0 for a free one"
            : e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND"
              ? "no such interface on this machine"
              : (e.message ?? String(err));
        throw new CommandFailedError(`cannot listen on ${flags.host}:${flags.port}: ${why}`, { cause: err });
      }
      try {
        if (flags.json === true) {
          ctx.out(
            `${JSON.stringify({ url: emulator.url, accessKey: emulator.accessKey, secretKey: emulator.secretKey, metadataEndpoint: emulator.url })}\n`,
          );
        } else {
          ctx.out(
            [
              exportLine("NCLOUD_LOOKUPS_ENDPOINT", emulator.url),
              exportLine("NCLOUD_ACCESS_KEY", emulator.accessKey),
              exportLine("NCLOUD_SECRET_KEY", emulator.secretKey),
              `# or, with no keys set, the Server Role path (its metadata service answers these keys):`,
              `# ${exportLine("NCLOUD_METADATA_API_ENDPOINT", emulator.url)}`,
              "",
            ].join("\n"),
          );
          const counts = servedCounts(emulator.data() as Record<string, unknown>);
          ctx.err(
            `NCP emulator listening on ${emulator.url} (${counts}); demo keys above are fake. Ctrl+C stops it.`,
          );
          if (!isLoopbackHost(flags.host)) {
            ctx.err(
              `note: ${flags.host} is not a loopback address; the client talks plain http to loopback hosts only`,
            );
          }
        }
        for (const note of unfilteredParams()) ctx.err(note);
        await waitForStop(ctx);
      } finally {
        await emulator.stop();
      }
      if (flags.json !== true) ctx.err("emulator stopped");
    });
