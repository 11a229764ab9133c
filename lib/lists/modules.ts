/**
 * Loads list definition modules named in `cdktf.json` (`context["ncloud-lookups"].lists`) or by the
 * CLI's `--lists`. A module either calls `registerList` itself or exports its definitions
 * (`module.exports = def`, `export default def`, named exports, or an array); both work, even when the
 * module's `cdktf-ncloud-lookups` is another copy than the caller's (the registry is shared).
 */
import * as path from "node:path";
import { ValidationError } from "../errors";
import { listKinds, registerList } from "./index";
import type { ListDefinition } from "./definition";

const loaded = new Map<string, readonly string[]>();

const looksLikeDefinition = (v: unknown): v is ListDefinition =>
  typeof v === "object" && v !== null && !Array.isArray(v) && "kind" in v && "paging" in v;

/** The definitions a module exports, in order. */
function exportedDefinitions(exports: unknown): ListDefinition[] {
  if (looksLikeDefinition(exports)) return [exports];
  if (Array.isArray(exports)) return exports.filter(looksLikeDefinition);
  if (typeof exports !== "object" || exports === null) return [];
  const out: ListDefinition[] = [];
  for (const v of Object.values(exports)) {
    if (looksLikeDefinition(v)) out.push(v);
    else if (Array.isArray(v)) out.push(...v.filter(looksLikeDefinition));
  }
  return [...new Set(out)];
}

/** Lets `require` read a `.ts` definition module: with ts-node when the project has it. */
function ensureTypeScript(file: string, baseDir: string, origin: string): void {
  if (!/\.[cm]?ts$/.test(file) || require.extensions[".ts"] !== undefined) return;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(require.resolve("ts-node/register/transpile-only", { paths: [baseDir] }));
  } catch {
    throw new ValidationError(
      `${origin}: ${file} is TypeScript and ts-node is not installed beside it; compile the definition to .js and name that file, or npm install ts-node`,
    );
  }
}

/**
 * Loads each module once and registers the lists it defines.
 *
 * @param specs module paths (relative to `baseDir`) or package names
 * @param origin where the names came from, for messages (`--lists`, `cdktf.json …lists`)
 * @returns the kinds the modules defined
 * @throws ValidationError naming the module and the problem (not found, a bad definition, no list)
 */
export function loadListModules(specs: readonly unknown[], baseDir: string, origin: string): string[] {
  const kinds: string[] = [];
  specs.forEach((spec, i) => {
    const where = specs.length > 1 ? `${origin}[${i}]` : origin;
    if (typeof spec !== "string" || spec.trim() === "") {
      throw new ValidationError(`${where} must name a module file, e.g. "./lists/sub-accounts.js"`);
    }
    let file: string;
    try {
      file = require.resolve(/^\.{0,2}[\\/]/.test(spec) ? path.resolve(baseDir, spec) : spec, {
        paths: [baseDir],
      });
    } catch {
      throw new ValidationError(
        `${where}: cannot find the list definition module ${JSON.stringify(spec)} (looked from ${baseDir}); check the path, relative to that directory`,
      );
    }
    const known = loaded.get(file);
    if (known !== undefined) {
      kinds.push(...known);
      return;
    }
    ensureTypeScript(file, baseDir, where);
    const before = new Set(listKinds());
    let exports: unknown;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      exports = require(file);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new ValidationError(`${where}: loading ${spec} failed: ${message}`);
    }
    const mine: string[] = [];
    for (const def of exportedDefinitions(exports)) {
      try {
        mine.push(registerList(def).kind);
      } catch (err) {
        throw new ValidationError(`${where} (${spec}): ${(err as Error).message}`);
      }
    }
    for (const k of listKinds()) if (!before.has(k) && !mine.includes(k)) mine.push(k);
    if (mine.length === 0) {
      throw new ValidationError(
        `${where}: ${spec} defines no list; export its definition (module.exports = { kind, ... }) or call registerList in it`,
      );
    }
    loaded.set(file, mine);
    kinds.push(...mine);
  });
  return kinds;
}
