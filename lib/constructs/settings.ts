import type { IConstruct } from "constructs";
import { ValidationError } from "../errors";
import { RESOLVE_SETTING_NAMES, type ResolveSettings } from "../lookups/store";

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

  /** The merged settings in force at `scope`: outermost first, innermost last. */
  static settingsFor(scope: IConstruct): ResolveSettings {
    let merged: ResolveSettings = {};
    for (const s of scope.node.scopes) {
      const own = settingsByScope.get(s);
      if (own !== undefined) merged = { ...merged, ...definedOnly(own) };
    }
    return merged;
  }
}

/** Drops keys whose value is `undefined` so they do not mask outer settings. */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
