/**
 * `ncloud-lookups list <kind>`: lists every item of one of the four lists, as JSON or a table.
 * The filter flags are made from the list definitions' query parameters (kebab-case).
 */
import { lookupSpec } from "../lookups/key";
import { filterValueOf } from "../lists/definition";
import { Argument, InvalidArgumentError, Option } from "commander";
import type { NcloudClient } from "../client/http";
import { parseConcurrency } from "../client/settings";
import type { ListAllOptions } from "../services/paging";
import type * as ListsModule from "../services/lists";
import { listDefinition, listKinds, type ListKind, type QueryParamInfo } from "../services/meta";
import { addClientOptions, createClient, type CliCommand, type ClientFlags } from "./context";
import { PROGRAM_NAME, UsageError } from "./errors";
import { OUTPUT_FORMATS, renderJson, renderTable, type OutputFormat } from "./output";

/** Highest `--concurrency` the pager accepts. */

/** One filter flag and the lists it applies to. */
export interface QueryFlag {
  /** API parameter name, e.g. `searchColumn`. */
  readonly param: string;
  /** Long flag, e.g. `--search-column`. */
  readonly flag: string;
  /** commander's attribute name of the flag, e.g. `searchColumn`. */
  readonly attribute: string;
  /** The parameter as each list that has it describes it. */
  readonly byKind: ReadonlyMap<ListKind, QueryParamInfo>;
}

/** `searchColumn` -> `search-column`. */
function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Every filter flag of every list known in this process, in list order, each flag once. */
export function queryFlags(): QueryFlag[] {
  const flags = new Map<string, { param: string; flag: string; byKind: Map<ListKind, QueryParamInfo> }>();
  for (const kind of listKinds()) {
    for (const p of listDefinition(kind).params) {
      const flag = `--${p.flag ?? kebab(p.name)}`;
      let entry = flags.get(flag);
      if (entry === undefined) {
        entry = { param: p.name, flag, byKind: new Map() };
        flags.set(flag, entry);
      }
      entry.byKind.set(kind as ListKind, p);
    }
  }
  return [...flags.values()].map((f) => ({
    ...f,
    attribute: f.flag.slice(2).replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()),
  }));
}

/** The filter flags of one list, as help and errors show them. */
export function flagsOf(kind: ListKind): string[] {
  return queryFlags()
    .filter((f) => f.byKind.has(kind))
    .map((f) => f.flag);
}

function describeFlag(f: QueryFlag): string {
  const entries = [...f.byKind.entries()];
  const kinds = `[${entries.map(([k]) => k).join(", ")}]`;
  const descriptions = new Set(entries.map(([, p]) => p.description));
  const valueLists = new Set(entries.map(([, p]) => p.values?.join(", ") ?? ""));
  if (descriptions.size > 1) {
    return entries
      .map(([k, p]) => `${k}: ${p.description}${p.values !== undefined ? ` (${p.values.join(", ")})` : ""}`)
      .join("; ");
  }
  const description = entries[0]?.[1].description ?? "";
  if (valueLists.size === 1) {
    const values = [...valueLists][0] ?? "";
    return `${description}${values !== "" ? `: ${values}` : ""} ${kinds}`;
  }
  return `${description}: ${entries.map(([k, p]) => `${p.values?.join(", ") ?? "any"} for ${k}`).join("; ")}`;
}

function queryOption(f: QueryFlag): Option {
  const first = [...f.byKind.values()][0];
  const boolean = first?.type === "boolean";
  const placeholder = boolean ? "<true|false>" : (first?.placeholder ?? "<value>");
  const option = new Option(`${f.flag} ${placeholder}`, describeFlag(f));
  return boolean ? option.choices(["true", "false"]) : option;
}

/** Flags of `list`. */
interface ListFlags extends ClientFlags {
  concurrency?: number;
  output?: OutputFormat;
  quiet?: boolean;
  [attribute: string]: unknown;
}

/**
 * Turns the given filter flags into the list's query input.
 *
 * @throws UsageError for a flag of another list or a value the list does not allow.
 */
export function queryInput(
  kind: ListKind,
  flags: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const given = queryFlags().filter((f) => flags[f.attribute] !== undefined);
  const foreign = given.filter((f) => !f.byKind.has(kind));
  if (foreign.length > 0) {
    const own = flagsOf(kind);
    throw new UsageError(
      `${foreign.map((f) => f.flag).join(", ")} ${foreign.length === 1 ? "does" : "do"} not apply to ${kind}; ` +
        `${kind} takes ${own.length > 0 ? own.join(", ") : "no filter flags"}`,
    );
  }
  const input: Record<string, unknown> = {};
  for (const f of given) {
    const p = f.byKind.get(kind) as QueryParamInfo;
    const raw = String(flags[f.attribute]);
    if (p.type === "boolean") {
      // commander allows only "true" and "false" here (its choices).
      input[p.name] = filterValueOf(p, raw);
    } else if (p.type === "enum" && p.values !== undefined && !p.values.includes(raw)) {
      throw new UsageError(
        `${f.flag} "${raw}" is not allowed for ${kind}; use one of: ${p.values.join(", ")}`,
      );
    } else {
      input[p.name] = raw;
    }
  }
  return input;
}

/** Validates the query and lists every item, as plain JSON objects with the API's field names. */
async function listItems(
  kind: string,
  client: NcloudClient,
  input: Record<string, unknown>,
  options: ListAllOptions,
): Promise<Record<string, unknown>[]> {
  // zod and the pager load when a listing runs, not for `--help`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { listAllOf } = require("../services/lists") as typeof ListsModule;
  return (await listAllOf(client, listDefinition(kind), input, options)) as Record<string, unknown>[];
}

function concurrencyFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  try {
    return parseConcurrency(env.NCLOUD_LOOKUPS_CONCURRENCY, "NCLOUD_LOOKUPS_CONCURRENCY");
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

const examples = (): string => `
Filters per list:
${listKinds()
  .map((k) => `  ${k.padEnd(9)} ${flagsOf(k as ListKind).join(" ") || "(none)"}`)
  .join("\n")}

Output: json (one array, the API's field names) when stdout is not a terminal, a table when it is.
Credentials: --profile, else NCLOUD_ACCESS_KEY_ID or NCLOUD_ACCESS_KEY with NCLOUD_SECRET_ACCESS_KEY or
NCLOUD_SECRET_KEY, else ~/.ncloud/configure [DEFAULT].

Examples:
  $ ${PROGRAM_NAME} list policies --type USER_CREATED
  $ ${PROGRAM_NAME} list policies --search-word STORAGE --output table
  $ ${PROGRAM_NAME} list products --product-name 주문 --published true
  $ ${PROGRAM_NAME} list profiles --search-word deploy --quiet > profiles.json
  $ ${PROGRAM_NAME} list packages --site gov --profile prod      # gov: classic only
  $ ${PROGRAM_NAME} list packages --region SGN                   # Singapore (VPC only)
  $ NCLOUD_LOOKUPS_ENDPOINT=http://127.0.0.1:8080 ${PROGRAM_NAME} list products   # against "serve"

Exit codes: 0 success, 1 NCP/network/credentials failure, 2 usage error.`;

/** Registers `list`. */
export const listCommand: CliCommand = (parent, ctx) => {
  const cmd = parent
    .command("list")
    .description("list every item of an NCP list, all pages fetched")
    .addArgument(new Argument("<kind>", "the list").choices(listKinds()));
  for (const f of queryFlags()) cmd.addOption(queryOption(f));
  addClientOptions(cmd)
    .addOption(
      new Option(
        "--concurrency <n>",
        "page requests in flight (default: NCLOUD_LOOKUPS_CONCURRENCY, else 20)",
      ).argParser((v: string) => {
        try {
          return parseConcurrency(v, "--concurrency") as number;
        } catch (err) {
          throw new InvalidArgumentError((err as Error).message);
        }
      }),
    )
    .addOption(
      new Option("-o, --output <format>", "output format (default: table on a terminal, else json)").choices(
        OUTPUT_FORMATS,
      ),
    )
    .option("-q, --quiet", "no progress and no item count on stderr")
    .addHelpText("after", examples())
    .action(async (kind: ListKind, flags: ListFlags) => {
      const input = queryInput(kind, flags);
      // Validate the query, site, region and platform before credentials are looked at: a typo should
      // not read ~/.ncloud.
      lookupSpec(
        kind,
        input,
        {
          ...(flags.site !== undefined ? { site: flags.site } : {}),
          ...(flags.region !== undefined ? { region: flags.region } : {}),
          ...(flags.endpoint !== undefined ? { endpoint: flags.endpoint } : {}),
          ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
        },
        ctx.io.env,
        { site: "--site", endpoint: "--endpoint", region: "--region" },
      );
      const format: OutputFormat = flags.output ?? (ctx.io.isTTY ? "table" : "json");
      const concurrency = flags.concurrency ?? concurrencyFromEnv(ctx.io.env);
      const client = createClient(flags, ctx);
      const showProgress = ctx.stderrIsTTY && flags.quiet !== true && flags.verbose !== true;
      let progressShown = false;
      const options: ListAllOptions = {
        ...(concurrency !== undefined ? { concurrency } : {}),
        ...(showProgress
          ? {
              onProgress: (received: number, total: number) => {
                progressShown = true;
                ctx.io.stderr.write(`\r${kind}: ${received}/${total}`);
              },
            }
          : {}),
      };
      let items: Record<string, unknown>[];
      try {
        items = await listItems(kind, client, input, options);
      } finally {
        client.close();
        if (progressShown) ctx.io.stderr.write("\r\u001b[K");
      }
      const text =
        format === "json"
          ? renderJson(items)
          : renderTable(items, listDefinition(kind).table, { columns: ctx.columns, colour: ctx.colour });
      ctx.out(text);
      if (format === "table" && flags.quiet !== true) {
        ctx.err(`${items.length} ${items.length === 1 ? "item" : "items"}`);
      }
    });
  return cmd;
};
