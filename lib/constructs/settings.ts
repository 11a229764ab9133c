import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { IConstruct } from "constructs";
import { definedOnly } from "../client/settings";
import { ValidationError } from "../errors";
import { RESOLVE_SETTING_NAMES, type ResolveSettings } from "../lookups/store";
import type * as ModulesModule from "../lists/modules";

const settingsByScope = new WeakMap<IConstruct, ResolveSettings>();

/**
 * Connection and lock-file settings shared by every lookup construct under a scope (an app, a stack
 * or any construct): `NcloudLookups.configure(app, { site: "gov", profile: "prod" })`.
 */
export class NcloudLookups {
  /** Sets defaults for every lookup under `scope`; settings of inner scopes and props win. */
  static configure(scope: IConstruct, settings: ResolveSettings): void {
    for (const key of Object.keys(settings)) {
      if (!RESOLVE_SETTING_NAMES.includes(key)) {
        throw new ValidationError(
          `${scope.node.path || "the app"}: NcloudLookups.configure got an unknown setting ${JSON.stringify(key)}; the settings are ${RESOLVE_SETTING_NAMES.join(", ")}`,
        );
      }
    }
    settingsByScope.set(scope, { ...settingsByScope.get(scope), ...settings });
  }

  /**
   * The merged settings in force at `scope`: the construct context's `ncloud-lookups` object
   * (`cdktf.json` "context", `Testing.app({ context })`) first, then `configure` of the outermost
   * scope to the innermost.
   */
  static settingsFor(scope: IConstruct): ResolveSettings {
    let merged: ResolveSettings = contextSettings(scope);
    for (const s of scope.node.scopes) {
      const own = settingsByScope.get(s);
      if (own !== undefined) merged = { ...merged, ...definedOnly(own) };
    }
    return merged;
  }
}

/** The key of the construct context that holds lookup settings. */
export const CONTEXT_KEY = "ncloud-lookups";

/** Settings a committed file must not hold, and where they belong. */
const NOT_IN_CONTEXT: Readonly<Record<string, string>> = {
  secretKey:
    "keys belong in the environment (NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY), ~/.ncloud/configure or a Server Role, never in a committed file; remove it (and rotate the key if it was committed)",
  accessKey:
    "keys belong in the environment (NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY), ~/.ncloud/configure or a Server Role; remove it",
  endpoint:
    "a committed file never decides where signed requests go; set NCLOUD_LOOKUPS_ENDPOINT in the environment of the run, or the endpoint prop",
};

/** Settings from the construct context (`"ncloud-lookups": { "site": "gov", ... }`), checked like configure's. */
function contextSettings(scope: IConstruct): ResolveSettings {
  const raw: unknown = scope.node.tryGetContext(CONTEXT_KEY);
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new ValidationError(
      `the construct context "${CONTEXT_KEY}" must be an object of settings, e.g. { "site": "gov", "profile": "prod" }`,
    );
  }
  for (const key of Object.keys(raw)) {
    if (NOT_IN_CONTEXT[key] !== undefined) {
      throw new ValidationError(
        `the construct context "${CONTEXT_KEY}" (cdktf.json, a committed file) must not hold ${JSON.stringify(key)}: ${NOT_IN_CONTEXT[key]}`,
      );
    }
    if (key === "lists") continue;
    if (!RESOLVE_SETTING_NAMES.includes(key)) {
      throw new ValidationError(
        `the construct context "${CONTEXT_KEY}" has an unknown setting ${JSON.stringify(key)}; the settings are ${RESOLVE_SETTING_NAMES.join(", ")}`,
      );
    }
  }
  const { lists: _lists, ...settings } = raw as ResolveSettings & { lists?: unknown };
  return definedOnly(settings);
}

/**
 * Loads the list definition modules the construct context names (`"lists": ["./lists/x.js"]`,
 * relative to the app's directory), so `NcloudListLookup` knows lists defined in the app's repo in
 * every jsii language.
 *
 * @throws ValidationError for a module that is missing or defines a bad list.
 */
export function loadContextLists(scope: IConstruct): void {
  let raw: unknown = scope.node.tryGetContext(CONTEXT_KEY);
  let where = `the construct context "${CONTEXT_KEY}".lists (cdktf.json)`;
  if (typeof raw !== "object" || raw === null || !("lists" in raw)) {
    // The app runs without cdktf synth (python main.py, ts-node main.ts, a unit test): the context is
    // not passed, so cdktf.json beside the app (the working directory, as cdktf runs it) is read.
    const file = join(process.cwd(), "cdktf.json");
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      return; // no cdktf.json (or not JSON: cdktf itself says so)
    }
    raw = (json as { context?: Record<string, unknown> } | null)?.context?.[CONTEXT_KEY];
    if (typeof raw !== "object" || raw === null || !("lists" in raw)) return;
    where = `${file}: context["${CONTEXT_KEY}"].lists`;
  }
  const lists = (raw as { lists: unknown }).lists;
  if (!Array.isArray(lists)) {
    throw new ValidationError(`${where} must be an array of module paths, e.g. ["./lists/sub-accounts.js"]`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadListModules } = require("../lists/modules") as typeof ModulesModule;
  loadListModules(lists, process.cwd(), where);
}

export { definedOnly };
