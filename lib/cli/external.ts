/**
 * `ncloud-lookups external`: a program for Terraform's `external` data source (hashicorp/external), so
 * plain HCL stacks look the lists up at plan time. It reads one JSON object of strings on stdin (the
 * list, its filters by their API names, an optional item name and settings) and prints one JSON object
 * whose values are all strings. It resolves as the constructs do: the lock file in the working
 * directory (Terraform runs programs in the module's directory), the modes, the account and site.
 */
import type { Command } from "commander";
import { NcloudLookupsError, shortJson, ValidationError } from "../errors";
import { invisibleDifference, invisiblyEqual, lookupName, nameIndex, nearestNames } from "../lookups/match";
import { LookupStore, type ResolveSettings } from "../lookups/store";
import { isListKind, LIST_KINDS, listDefinition, type ListKind } from "../services/meta";
import type { CliCommand, CliContext } from "./context";
import { CommandFailedError, PROGRAM_NAME } from "./errors";

/** Query keys that are settings, not filters (Terraform's query map holds strings only). */
const SETTING_KEYS = ["account", "profile", "site", "region"] as const;

/** Reads the whole of stdin as text. */
async function readStdin(ctx: CliContext): Promise<string> {
  const input = ctx.io.stdin;
  if (input === undefined) return "";
  if (typeof input === "string") return input;
  const chunks: Buffer[] = [];
  for await (const chunk of input)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

interface ExternalQuery {
  readonly kind: ListKind;
  readonly name?: string;
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
      `query.list ${list === undefined || list === "" ? "is missing" : `${shortJson(list)} is not a list`}; use one of: ${LIST_KINDS.join(", ")}`,
    );
  }
  const params = listDefinition(list).params;
  const filters: Record<string, unknown> = {};
  const settings: Record<string, string> = {};
  let name: string | undefined;
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
    if (p.type === "boolean") {
      if (value !== "true" && value !== "false") {
        throw new ValidationError(`query.${key} must be "true" or "false", got ${shortJson(value)}`);
      }
      filters[key] = value === "true";
    } else {
      filters[key] = value;
    }
  }
  return { kind: list, ...(name !== undefined ? { name } : {}), filters, settings };
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
  const index = nameIndex(items, meta.nameField);
  const hit = lookupName(index, query.name);
  if (hit === undefined) {
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

/** Registers `external`. */
export const externalCommand: CliCommand = (parent: Command, ctx) =>
  parent
    .command("external")
    .description(
      "a program for Terraform's external data source: a query object on stdin, a string map on stdout",
    )
    .addHelpText(
      "after",
      `
Reads {"list": "<packages|policies|products|profiles>", <filters by API name>, "name": "<item>"}
(and optionally "account", "profile", "site", "region") on stdin. With "name" it prints that item's
fields (id, nrn where the list has one, and its other scalar fields); without it, name -> id for the
whole list. Every value is a string. It uses ncloud.lookups.json in the working directory and the
modes (frozen when CI=true), as the constructs do. Errors: exit 1 and one line on stderr.

Example (HCL):
  data "external" "viewer" {
    program = ["./node_modules/.bin/${PROGRAM_NAME}", "external"]
    query   = { list = "policies", type = "SYSTEM_MANAGED", name = "NCP_NCLOUD_STORAGE_VIEWER" }
  }
  # data.external.viewer.result.id

  $ echo '{"list":"policies","type":"SYSTEM_MANAGED"}' | ${PROGRAM_NAME} external`,
    )
    .action(async () => {
      let output: string;
      try {
        const query = parseExternalQuery(await readStdin(ctx));
        const result = LookupStore.resolve(query.kind, query.filters, query.settings, ctx.io.env);
        output = `${JSON.stringify(externalResult(query, result.items))}\n`;
      } catch (err) {
        // Terraform shows stderr when the program exits non-zero: one line, exit 1, nothing on stdout.
        const message = err instanceof Error ? err.message : String(err);
        throw new CommandFailedError(
          NcloudLookupsError.isNcloudLookupsError(err) ? message : `unexpected error: ${message}`,
        );
      }
      ctx.out(output);
    });
