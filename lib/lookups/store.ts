import { resolve } from "node:path";
import { z } from "zod";
import { FrozenLookupError, LockFileError, type NcloudLookupsError } from "../errors";
import { LISTS, type ListItems, type ListKind } from "../services/lists";
import { bridgeTimeoutMs, LookupBridge, lookupEnv } from "./bridge";
import { fixtureItems, type LookupFixtures } from "./fixtures";
import { lookupKey, lookupSpec, type ConnectionSettings, type LookupSpec } from "./key";
import { LOCK_FILE_NAME, readLockFile, updateLockFile, type LockEntry } from "./lockfile";
import { parseMaxAge, resolveMode, type LookupMode } from "./mode";

/** Settings of how lookups resolve; each can be set per construct, per stack or per app. */
export interface ResolveSettings extends ConnectionSettings {
  /** @default `NCLOUD_LOOKUPS_MODE`, else `frozen` when `CI=true`, else `online` */
  readonly mode?: LookupMode;
  /** Lock file path. @default `NCLOUD_LOOKUPS_LOCK_FILE`, else `ncloud.lookups.json` in the working directory (the app's directory under `cdktf synth`) */
  readonly lockFile?: string;
  /** Maximum age of a lock entry (seconds, or `12h`, `7d`…); older entries are fetched again online and fail frozen. @default `NCLOUD_LOOKUPS_MAX_AGE`, else none */
  readonly maxAge?: string | number;
  /** An in-memory data set used instead of NCP, the lock file and the bridge (unit tests). */
  readonly fixtures?: LookupFixtures;
}

/** A resolved lookup. */
export interface LookupResult<K extends ListKind> {
  readonly key: string;
  readonly spec: LookupSpec<K>;
  readonly items: readonly ListItems[K][];
  /** ISO time the items were fetched. */
  readonly fetchedAt: string;
  /** Where the items came from in this process. */
  readonly source: "lock" | "network" | "fixtures";
  /** The lock file consulted (absent with fixtures). */
  readonly lockFile?: string;
}

/** Resolves the lock file path for settings. */
export function resolveLockFile(settings: ResolveSettings, env: NodeJS.ProcessEnv = process.env): string {
  const configured = settings.lockFile ?? env.NCLOUD_LOOKUPS_LOCK_FILE;
  return resolve(configured !== undefined && configured !== "" ? configured : LOCK_FILE_NAME);
}

/**
 * The process-wide resolver: one fetch per distinct lookup key per process, the lock file as the
 * committed record, and the mode deciding when the network may be used.
 */
export class LookupStore {
  static readonly #memo = new Map<string, LookupResult<ListKind>>();
  static readonly #missing = new Map<string, Set<string>>();

  /** Forgets memoised results (tests). */
  static reset(): void {
    LookupStore.#memo.clear();
    LookupStore.#missing.clear();
  }

  /**
   * Resolves one lookup synchronously.
   *
   * @throws ValidationError (bad filters or settings), FrozenLookupError, LockFileError, BridgeError,
   *   or the lookup's own typed error (ApiError, CredentialsError, TimeoutError…). Failures are never cached.
   */
  static resolve<K extends ListKind>(
    kind: K,
    filters: unknown,
    settings: ResolveSettings = {},
    env: NodeJS.ProcessEnv = process.env,
  ): LookupResult<K> {
    const spec = lookupSpec(kind, filters, settings, env);
    const key = lookupKey(spec);
    if (settings.fixtures !== undefined) {
      return {
        key,
        spec,
        items: Object.freeze(fixtureItems(settings.fixtures, kind, spec.query)),
        fetchedAt: new Date(0).toISOString(),
        source: "fixtures",
      };
    }
    const mode = resolveMode(settings.mode, env);
    const maxAgeMs = parseMaxAge(
      settings.maxAge ?? env.NCLOUD_LOOKUPS_MAX_AGE,
      settings.maxAge !== undefined ? "maxAge" : "NCLOUD_LOOKUPS_MAX_AGE",
    );
    const file = resolveLockFile(settings, env);
    const memoKey = `${file}\n${mode}\n${key}`;
    const memo = LookupStore.#memo.get(memoKey);
    if (memo !== undefined) return memo as LookupResult<K>;

    if (mode !== "refresh") {
      const entry = readLockFile(file)?.entries[key];
      const expired =
        entry !== undefined && maxAgeMs !== undefined && Date.now() - Date.parse(entry.fetchedAt) > maxAgeMs;
      if (entry !== undefined && !expired) {
        const result: LookupResult<K> = {
          key,
          spec,
          items: Object.freeze(validateEntryItems(kind, entry, key, file)),
          fetchedAt: entry.fetchedAt,
          source: "lock",
          lockFile: file,
        };
        LookupStore.#memo.set(memoKey, result);
        return result;
      }
      if (mode === "frozen") {
        let missing = LookupStore.#missing.get(file);
        if (missing === undefined) LookupStore.#missing.set(file, (missing = new Set()));
        missing.add(key);
        throw new FrozenLookupError(file, [...missing], expired ? "missing or older than the maximum age in" : "missing from");
      }
    }

    const [outcome] = LookupBridge.shared().fetchSync(
      [{ spec, connection: settings, env: lookupEnv(env) }],
      bridgeTimeoutMs(env, settings.timeoutMs),
    );
    if (outcome === undefined || "error" in outcome) {
      throw (outcome?.error ?? new Error("no result")) as NcloudLookupsError;
    }
    // The worker parsed these with the list schema already.
    const items = outcome.items as ListItems[K][];
    const fetchedAt = new Date().toISOString();
    const entry: LockEntry = {
      kind,
      site: spec.site,
      ...(spec.endpoint !== undefined ? { endpoint: spec.endpoint } : {}),
      query: spec.query as Record<string, unknown>,
      fetchedAt,
      items,
    };
    updateLockFile(file, (entries) => {
      entries[key] = entry;
    });
    const result: LookupResult<K> = { key, spec, items: Object.freeze(items), fetchedAt, source: "network", lockFile: file };
    LookupStore.#memo.set(memoKey, result);
    return result;
  }
}

const arraySchemas = new Map<ListKind, z.ZodType>();

/** Validates the items of a lock entry against the list's item schema. @throws LockFileError */
export function validateEntryItems<K extends ListKind>(kind: K, entry: Pick<LockEntry, "items">, key: string, file: string): ListItems[K][] {
  let schema = arraySchemas.get(kind);
  if (schema === undefined) arraySchemas.set(kind, (schema = z.array(LISTS[kind].itemSchema)));
  const parsed = schema.safeParse(entry.items);
  if (parsed.success) return parsed.data as ListItems[K][];
  const issue = parsed.error.issues[0];
  throw new LockFileError(
    file,
    `entry ${key} has an invalid item at items${(issue?.path ?? []).map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}: ` +
      `${issue?.message ?? "invalid"}; run \`npx ncloud-lookups reset '${key}'\` and synth online, or \`npx ncloud-lookups refresh\``,
  );
}
