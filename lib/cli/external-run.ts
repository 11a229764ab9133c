/**
 * `ncloud-lookups external` without commander: what Terraform's `external` data source runs, once per
 * data source per plan. It reads one JSON object of strings on stdin (the list, its filters by their
 * API names, an optional item name and settings) and prints one JSON object whose values are all
 * strings. It resolves as the constructs do: the lock file in the working directory (Terraform runs
 * programs in the module's directory), the modes, the account and site. It loads only that path: the
 * lock file's fast check, the registry, name matching; the HTTP client and the worker only when a
 * lookup must fetch.
 */
import { NcloudLookupsError, shortJson, ValidationError } from "../errors";
import { findByName, invisibleDifference, invisiblyEqual, nameIndex, nearestNames } from "../lookups/match";
import { LookupStore, type ResolveSettings } from "../lookups/store";
import { isListKind, listDefinition, listKinds, type ListKind } from "../lists";
import { filterValueOf } from "../lists/definition";
import type { CliIo } from "./context";
import { EXIT_FAILURE, EXIT_OK, PROGRAM_NAME, sanitizeMessage } from "./errors";
import { loadCliLists } from "./lists";

/** Query keys that are settings, not filters (Terraform's query map holds strings only). */
const SETTING_KEYS = ["account", "profile", "site", "region"] as const;

/** Reads the whole of stdin as text. */
export async function readStdin(io: CliIo): Promise<string> {
  const input = io.stdin;
  if (input === undefined) return "";
  if (typeof input === "string") return input;
  const chunks: Buffer[] = [];
  for await (const chunk of input)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

export interface ExternalQuery {
  readonly kind: ListKind;
  readonly name?: string;
  /** Several names at once (a plan-time construct's data source): fields keyed `<position>.<field>`. */
  readonly names?: readonly string[];
  readonly filters: Record<string, unknown>;
  readonly settings: ResolveSettings;
}

/** A query key for a message: as it is when short and plain, else quoted and cut. */
function keyName(key: string): string {
  return key.length <= 60 && /^[\w.-]+$/.test(key) ? key : shortJson(key, 60);
}

/**
 * Parses the query object Terraform sends. A UTF-8 byte order mark is ignored. An empty string, for any
 * key (a filter or a setting), means the key is absent: Terraform's query map holds strings only, so
 * `""` is how an HCL module leaves one out. Values are echoed in errors as a short prefix only.
 *
 * @throws ValidationError naming the problem.
 */
export function parseExternalQuery(text: string): ExternalQuery {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text.trim() === "" ? "{}" : text);
  } catch {
    throw new ValidationError(
      'the query on stdin is not JSON; Terraform sends the data source\'s query map, e.g. {"list": "policies", "name": "NCP_..."}',
    );
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ValidationError("the query on stdin must be a JSON object of strings");
  }
  const q = json as Record<string, unknown>;
  const list = q.list;
  if (typeof list !== "string" || !isListKind(list)) {
    throw new ValidationError(
      `query.list ${list === undefined || list === "" ? "is missing" : `${shortJson(list)} is not a list`}; use one of: ${listKinds().join(", ")}`,
    );
  }
  const params = listDefinition(list).params;
  const filters: Record<string, unknown> = {};
  const settings: Record<string, string> = {};
  let name: string | undefined;
  let names: string[] | undefined;
  for (const [key, value] of Object.entries(q)) {
    if (key === "list") continue;
    if (typeof value !== "string") {
      throw new ValidationError(
        `query.${keyName(key)} must be a string (Terraform's query values are strings)`,
      );
    }
    if (value === "") continue; // absent, for every key alike
    if (key === "name") {
      name = value;
      continue;
    }
    if (key === "names") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        parsed = undefined;
      }
      if (!Array.isArray(parsed) || !parsed.every((n) => typeof n === "string")) {
        throw new ValidationError(
          `query.names must be a JSON array of item names, e.g. ["deploy-bot"], got ${shortJson(value)}`,
        );
      }
      names = parsed as string[];
      continue;
    }
    if ((SETTING_KEYS as readonly string[]).includes(key)) {
      settings[key] = value;
      continue;
    }
    const p = params.find((x) => x.name === key);
    if (p === undefined) {
      throw new ValidationError(
        `query.${keyName(key)} is not a filter of ${list}; its filters are ${params.map((x) => x.name).join(", ") || "none"}, and the other keys list, name, ${SETTING_KEYS.join(", ")}`,
      );
    }
    const typed = filterValueOf(p, value);
    if (typed === undefined) {
      throw new ValidationError(`query.${key} must be "true" or "false", got ${shortJson(value)}`);
    }
    filters[key] = typed;
  }
  if (name !== undefined && names !== undefined) {
    throw new ValidationError("query has both name and names; give one item name, or names as a JSON array");
  }
  return {
    kind: list,
    ...(name !== undefined ? { name } : {}),
    ...(names !== undefined ? { names } : {}),
    filters,
    settings,
  };
}

/** Every scalar field of an item as a string (Terraform's result map holds strings only). */
function flatten(item: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(item)) {
    if (typeof v === "string") out[k] = v;
    else if (typeof v === "number" || typeof v === "boolean") out[k] = String(v);
  }
  return out;
}

/** The result map: one item's fields (with `id` and `nrn`), or the list's name → id. */
export function externalResult(query: ExternalQuery, items: readonly unknown[]): Record<string, string> {
  const meta = listDefinition(query.kind);
  if (query.names !== undefined) {
    // Each named item's fields under `<position>.<field>`: one process answers every byName of a
    // plan-time construct. A name not found fails the whole query, as one would.
    const out: Record<string, string> = {};
    query.names.forEach((name, i) => {
      for (const [field, value] of Object.entries(
        externalResult({ ...query, names: undefined, name }, items),
      )) {
        out[`${i}.${field}`] = value;
      }
    });
    return out;
  }
  const idOf = (item: Record<string, unknown>): string => String(item[meta.idField]);
  if (query.name === undefined) {
    const out: Record<string, string> = {};
    for (const it of items as Array<Record<string, unknown>>) {
      const name = String(it[meta.nameField]);
      const key = Object.prototype.hasOwnProperty.call(out, name) ? `${name}#${idOf(it)}` : name;
      Object.defineProperty(out, key, {
        value: idOf(it),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  const hit = findByName(items, meta.nameField, query.name);
  if (hit === undefined) {
    const index = nameIndex(items, meta.nameField);
    const invisible = invisiblyEqual(query.name, index.keys());
    const near = invisible !== undefined ? [invisible] : nearestNames(query.name, index.keys());
    throw new ValidationError(
      `no ${meta.title} item named ${shortJson(query.name)} among ${items.length}` +
        `${near.length > 0 ? `. Did you mean ${near.map((n) => JSON.stringify(n)).join(" or ")}?` : "; check the name and the filters"}` +
        `${invisible !== undefined ? ` (it differs only in characters you cannot see: ${invisibleDifference(query.name, invisible)})` : ""}`,
    );
  }
  if (Array.isArray(hit)) {
    throw new ValidationError(
      `${hit.length} ${meta.title} items are named ${shortJson(query.name)} (ids ${hit.map((h) => idOf(h as Record<string, unknown>)).join(", ")}); narrow the filters`,
    );
  }
  const item = hit as Record<string, unknown>;
  const out = flatten(item);
  out.id = idOf(item);
  if (meta.nrnField !== undefined && typeof item[meta.nrnField] === "string")
    out.nrn = item[meta.nrnField] as string;
  return out;
}

/**
 * Answers one query: the result map as one JSON line.
 *
 * @throws the lookup's error, or ValidationError for a bad query or a name not found.
 */
export async function answerExternal(io: CliIo): Promise<string> {
  const query = parseExternalQuery(await readStdin(io));
  // A plan-time construct's query (names) is live, as data sources are: fetched with the Terraform
  // run's credentials each plan, the lock file neither read nor written. A plain query uses the lock file.
  const live = query.names !== undefined;
  const result = new LookupStore()
    .defer(query.kind, query.filters, query.settings, io.env, "ncloud-lookups external", live)
    .get();
  return `${JSON.stringify(externalResult(query, result.items))}\n`;
}

/**
 * Runs `external` (with `--lists` only, the lean entry's path): one line on stderr and exit 1 on any
 * failure, as Terraform shows a failing program's stderr.
 */
export async function runExternal(argv: readonly string[], io: CliIo): Promise<number> {
  let output: string;
  try {
    loadCliLists(argv);
    output = await answerExternal(io);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const line = NcloudLookupsError.isNcloudLookupsError(err) ? message : `unexpected error: ${message}`;
    io.stderr.write(`${PROGRAM_NAME}: ${sanitizeMessage(line, io.env)}\n`);
    return EXIT_FAILURE;
  }
  io.stdout.write(output);
  return EXIT_OK;
}
