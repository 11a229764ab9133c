/**
 * Lists of the user's own for the CLI: definition modules named by `--lists` (repeatable, or
 * comma-separated) or by `cdktf.json` in the working directory (`context["ncloud-lookups"].lists`).
 * They load before the commands are built, so `list <kind>` offers their kinds and filter flags, and
 * the lock file commands and `external` read their entries.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { UsageError } from "./errors";
import type * as ModulesModule from "../lists/modules";

/** The `--lists` values in `argv`, in order, split at commas. */
export function listsFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") break;
    let value: string | undefined;
    if (a === "--lists") value = argv[++i];
    else if (a.startsWith("--lists=")) value = a.slice("--lists=".length);
    else continue;
    if (value === undefined || value === "" || value.startsWith("-")) {
      throw new UsageError("--lists needs a module path, e.g. --lists ./lists/sub-accounts.js");
    }
    out.push(...value.split(",").filter((v) => v !== ""));
  }
  return out;
}

/** The `lists` of `cdktf.json` in `dir`, or none. @throws UsageError for a cdktf.json that is not JSON. */
function cdktfJsonLists(dir: string): unknown[] | undefined {
  const file = path.join(dir, "cdktf.json");
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(
      `${file}: not valid JSON (${(err as Error).message}); fix it, or run from another directory`,
    );
  }
  const lists = (json as { context?: { "ncloud-lookups"?: { lists?: unknown } } } | null)?.context?.[
    "ncloud-lookups"
  ]?.lists;
  if (lists === undefined) return undefined;
  if (!Array.isArray(lists)) {
    throw new UsageError(
      `${file}: context["ncloud-lookups"].lists must be an array of module paths, e.g. ["./lists/sub-accounts.js"]`,
    );
  }
  return lists;
}

/**
 * Loads the definition modules of cdktf.json in `cwd`, then those of `--lists`.
 *
 * @throws UsageError naming the module and what is wrong with it.
 */
export function loadCliLists(argv: readonly string[], cwd: string = process.cwd()): void {
  const flags = listsFlags(argv);
  const fromFile = cdktfJsonLists(cwd);
  if (flags.length === 0 && fromFile === undefined) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadListModules } = require("../lists/modules") as typeof ModulesModule;
  try {
    if (fromFile !== undefined) loadListModules(fromFile, cwd, 'cdktf.json context["ncloud-lookups"].lists');
    if (flags.length > 0) loadListModules(flags, cwd, "--lists");
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
