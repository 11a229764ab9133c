import { statSync } from "node:fs";
import { BridgeError, FrozenLookupError, LockFileError, ValidationError } from "../errors";
import { isValidItem, LIST_KINDS, listDefinition, type ListItems, type ListKind } from "../services/meta";
import { parseConcurrency } from "../client/settings";
import type * as BridgeModule from "./bridge";
import type { PagingHint } from "../services/paging";
import type { FetchedLookup } from "./fetch";
import type { LookupFixtures } from "./fixtures";
import { LOCAL_KEY_PREFIX, lookupKey, lookupSpec, type ConnectionSettings, type LookupSpec } from "./key";
import { resolveLockFile } from "./early-start";
import { lazyItemsOf } from "./lock-lazy";
import { readLockFileForLookups, updateLockFile, type LockEntry, type LockFileData } from "./lockfile";
import { parseMaxAge, resolveMode, type LookupMode } from "./mode";
import type * as ZodModule from "zod";
import type * as ListsModule from "../services/lists";
import type * as FixturesModule from "./fixtures";
import type { ResolveAt } from "./resolve-at";

/** Settings of how lookups resolve; each can be set per construct, per stack or per app. */
export interface ResolveSettings extends ConnectionSettings {
  /** `online`, `frozen` or `refresh`. @default `NCLOUD_LOOKUPS_MODE`, else `frozen` when `CI=true`, else `online` */
  readonly mode?: string;
  /** Lock file path. @default `NCLOUD_LOOKUPS_LOCK_FILE`, else `ncloud.lookups.json` in the working directory (the app's directory under `cdktf synth`) */
  readonly lockFile?: string;
  /** Maximum age of a lock entry (seconds, or `12h`, `7d`…); older entries are fetched again online and fail frozen. @default `NCLOUD_LOOKUPS_MAX_AGE`, else none */
  readonly maxAge?: string | number;
  /** An in-memory data set used instead of NCP, the lock file and the bridge (unit tests). */
  readonly fixtures?: LookupFixtures;
  /**
   * When the lookup reads its list: at synth time (values, lock file) or at plan time (a Terraform
   * data source, tokens).
   * @default ResolveAt.SYNTH
   */
  readonly resolveAt?: ResolveAt;
  /**
   * No longer used: plan-time lookups read through the native provider `ncloud-lookups/ncloudlookups`
   * (no program on the Terraform runner). A plan-time lookup with this setting is refused, saying so;
   * plain HCL configurations can still run `ncloud-lookups external`.
   * @deprecated remove it
   */
  readonly planProgram?: string;
}

/** Names of every field of {@link ConnectionSettings}. */
const CONNECTION_SETTING_NAMES = [
  "account",
  "site",
  "region",
  "endpoint",
  "profile",
  "accessKey",
  "secretKey",
  "timeoutMs",
  "concurrency",
] as const satisfies ReadonlyArray<keyof ConnectionSettings>;

/** Names of every field of {@link ResolveSettings} (props and `NcloudLookups.configure` are checked against them). */
export const RESOLVE_SETTING_NAMES: readonly string[] = [
  ...CONNECTION_SETTING_NAMES,
  "mode",
  "lockFile",
  "maxAge",
  "fixtures",
  "resolveAt",
  "planProgram",
];

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
  /**
   * The item named `name` (several when they share it) found without reading all of `items`, when
   * that can be answered so (a big lock file's entry: `lock-lazy.ts`); undefined when it cannot:
   * then search `items`.
   */
  readonly findByName?: (
    nameField: string,
    name: string,
  ) => ListItems[K] | readonly ListItems[K][] | undefined;
}

export { resolveLockFile } from "./early-start";

/** The settings and environment of each pending lookup, out of reach of `util.inspect` and JSON. */
const hidden = new WeakMap<object, { readonly settings: ResolveSettings; readonly env: NodeJS.ProcessEnv }>();

function settingsOf(p: object): ResolveSettings {
  return hidden.get(p)?.settings ?? {};
}

function envOf(p: object): NodeJS.ProcessEnv {
  return hidden.get(p)?.env ?? process.env;
}

/**
 * A registered lookup whose items are fetched on first use, together with every other lookup
 * registered by then: one batch, lists fetched at once.
 */
export class PendingLookup<K extends ListKind> {
  readonly key: string;
  readonly spec: LookupSpec<K>;

  /** @internal */ readonly mode: LookupMode;
  /** @internal */ readonly maxAgeMs: number | undefined;
  /** @internal */ readonly file: string;
  /** @internal */ readonly memoKey: string;
  /** @internal Who asked: a construct path, or a CLI command. */ readonly owner: string;
  /** @internal Identity of the credentials (a hash, never stored). */ readonly credentials: string;
  /** @internal True when the account was declared (`account`, `NCLOUD_LOOKUPS_ACCOUNT`, a profile). */ readonly accountDeclared: boolean;
  /** @internal A live lookup (plan time): fetched every time, the lock file neither read nor written. */ readonly live: boolean;
  #outcome: { result: LookupResult<K> } | { error: unknown } | undefined;

  readonly #store: LookupStore;

  /** @internal */
  constructor(
    store: LookupStore,
    kind: K,
    filters: unknown,
    settings: ResolveSettings,
    env: NodeJS.ProcessEnv,
    owner: string,
    live = false,
  ) {
    this.#store = store;
    this.owner = owner;
    this.live = live;
    this.spec = lookupSpec(kind, filters, settings, env);
    this.key = lookupKey(this.spec);
    // Settings hold the secret key: kept where no export, inspect or JSON reaches them.
    hidden.set(this, { settings, env });
    // A live lookup ignores the modes (CI=true included): they are about the lock file, which it does not use.
    this.mode = live ? "refresh" : resolveMode(settings.mode, env);
    // Checked here, as the CLI checks it, not first in the worker.
    parseConcurrency(settings.concurrency, "concurrency");
    parseConcurrency(env.NCLOUD_LOOKUPS_CONCURRENCY, "NCLOUD_LOOKUPS_CONCURRENCY");
    this.maxAgeMs = parseMaxAge(
      settings.maxAge ?? env.NCLOUD_LOOKUPS_MAX_AGE,
      settings.maxAge !== undefined ? "maxAge" : "NCLOUD_LOOKUPS_MAX_AGE",
    );
    this.file = resolveLockFile(settings, env);
    // Lookups made with different credentials never share a memo entry, a fetch or a connection.
    this.credentials = credentialsIdentity(settings, env);
    this.accountDeclared =
      settings.account !== undefined ||
      (env.NCLOUD_LOOKUPS_ACCOUNT ?? "").trim() !== "" ||
      (settings.profile ?? env.NCLOUD_PROFILE ?? "").trim() !== "";
    this.memoKey = `${this.file}\n${this.mode}\n${this.key}\n${this.credentials}`;
  }

  /** @internal True once the lookup failed. */
  get failed(): boolean {
    return this.#outcome !== undefined && "error" in this.#outcome;
  }

  /** True once the lookup has a result or an error. */
  get settled(): boolean {
    return this.#outcome !== undefined;
  }

  /**
   * The result, resolving every pending lookup first if this one is not settled yet.
   *
   * @throws the lookup's typed error (never cached across processes; retried by a new lookup).
   */
  get(): LookupResult<K> {
    if (this.#outcome === undefined) this.#store.flush();
    const o = this.#outcome;
    if (o === undefined) throw new BridgeError(`lookup ${this.key} was not resolved`);
    if ("error" in o) throw o.error;
    return o.result;
  }

  /** @internal */
  settle(outcome: { result: LookupResult<K> } | { error: unknown }): void {
    this.#outcome ??= outcome;
  }
}

/** Validates the items of a lock entry against the list's item schema. @throws LockFileError */
export function validateEntryItems<K extends ListKind>(
  kind: K,
  entry: Pick<LockEntry, "items">,
  key: string,
  file: string,
): ListItems[K][] {
  // Items pass as they are (no copy, no schema loaded) when the fast check accepts them all.
  if (entry.items.every((item) => isValidItem(kind, item))) return entry.items as ListItems[K][];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { itemSchemaOf } = require("../services/lists") as typeof ListsModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { z } = require("zod") as typeof ZodModule;
  const parsed = z.array(itemSchemaOf(listDefinition(kind))).safeParse(entry.items);
  if (parsed.success) return parsed.data as ListItems[K][];
  const issue = parsed.error.issues[0];
  const at = (issue?.path ?? []).map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
  throw new LockFileError(
    file,
    `entry ${key} has an invalid item at items${at}: ${issue?.message ?? "invalid"}; ` +
      `run \`npx ncloud-lookups reset '${key}'\` and synth online, or \`npx ncloud-lookups refresh\``,
  );
}

type AnyPending = PendingLookup<ListKind>;

/** The bridge (worker, HTTP client), loaded only by a process that fetches: not by frozen or warm synths. */
function loadBridge(): typeof BridgeModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("./bridge") as typeof BridgeModule;
}

/** Fixture support (the emulator's filters), loaded only by apps that use fixtures. */
function loadFixtures(): typeof FixturesModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("./fixtures") as typeof FixturesModule;
}

/** What one flush has read and decided so far. */
interface FlushPass {
  /** Each lock file read (or why it could not be). */
  readonly locks: Map<string, LockFileData | undefined | { error: unknown }>;
  /** Lookups to fetch, grouped by memo key (one request per group). */
  readonly fetches: Map<string, AnyPending[]>;
  /** Per lock file, the frozen lookups it lacks. */
  readonly frozenMisses: Map<string, { keys: Set<string>; lookups: AnyPending[]; expired: boolean }>;
  /** Expired entries' item count and page size: their refetch asks for every page at once. */
  readonly hints: Map<string, PagingHint>;
}

/**
 * The resolver an app owns (`LookupStore.of(app)`; a CLI run makes its own): one fetch per
 * distinct lookup key, the lock file as the committed record, and the mode deciding when the network
 * may be used.
 */
export class LookupStore {
  static readonly #byRoot = new WeakMap<object, LookupStore>();

  /**
   * The store an app owns: one per construct tree root, so two apps in one process (tests) share
   * no memo, claims or pending lookups. A process without an app (the CLI) makes its own with `new`.
   */
  static of(scope: { readonly node: { readonly root: object } }): LookupStore {
    const root = scope.node.root;
    let store = this.#byRoot.get(root);
    if (store === undefined) this.#byRoot.set(root, (store = new LookupStore()));
    return store;
  }

  readonly #memo = new Map<string, LookupResult<ListKind>>();
  readonly #missing = new Map<string, Set<string>>();
  #pending: AnyPending[] = [];
  /** Per lock file and key: the credentials that key is read with in this process, and who first asked. */
  readonly #claims = new Map<
    string,
    { readonly credentials: string; readonly owner: string; readonly by: AnyPending }
  >();

  /**
   * Registers a lookup to resolve on first use (with every other pending one).
   *
   * @throws ValidationError at once for bad filters or settings.
   */
  defer<K extends ListKind>(
    kind: K,
    filters: unknown,
    settings: ResolveSettings = {},
    env: NodeJS.ProcessEnv = process.env,
    owner = "a lookup",
    live = false,
  ): PendingLookup<K> {
    const p = new PendingLookup(this, kind, filters, settings, env, owner, live);
    // The worker starts now, while the rest of the stack is built, when this lookup will fetch.
    if (this.#mayFetch(p as unknown as AnyPending)) loadBridge().LookupBridge.prestart();
    this.#pending.push(p as unknown as AnyPending);
    return p;
  }

  /**
   * Resolves one lookup now (and any pending ones with it).
   *
   * @throws ValidationError, FrozenLookupError, LockFileError, BridgeError, or the lookup's own typed
   *   error (ApiError, CredentialsError, TimeoutError…). Failures are never cached.
   */
  resolve<K extends ListKind>(
    kind: K,
    filters: unknown,
    settings: ResolveSettings = {},
    env: NodeJS.ProcessEnv = process.env,
    owner?: string,
  ): LookupResult<K> {
    return this.defer(kind, filters, settings, env, owner).get();
  }

  /**
   * One key, one set of credentials: a lookup whose key another lookup of this process reads with other
   * credentials (another account's keys given as props, with no `account`) would record or serve one
   * account's items for the other. It fails, naming both, instead.
   */
  #claimError(p: AnyPending): Error | undefined {
    const id = `${p.file}\n${p.key}`;
    const claim = this.#claims.get(id);
    if (claim === undefined) {
      this.#claims.set(id, { credentials: p.credentials, owner: p.owner, by: p });
      return undefined;
    }
    // Declared accounts were asserted by the user (teammates' keys of one account differ).
    if (claim.credentials === p.credentials || (p.accountDeclared && claim.by.accountDeclared))
      return undefined;
    return new ValidationError(
      `${p.owner} and ${claim.owner} both look up ${p.key} but with different credentials ` +
        "(keys, profile or environment): they may read two accounts, and one lock entry cannot hold both. " +
        'Give each the `account` it reads (e.g. account: "prod"), or the same credentials',
    );
  }

  /** Lock files read by this store, kept while their size and mtime stay the same. */
  readonly #lockCache = new Map<
    string,
    { readonly stamp: string; readonly data: LockFileData | undefined }
  >();

  /** The lock file's content, parsed once per version of the file. @throws LockFileError */
  #readLock(file: string): LockFileData | undefined {
    let stamp: string;
    try {
      const st = statSync(file);
      stamp = `${st.size}:${st.mtimeMs}:${st.ino}`;
    } catch {
      stamp = "absent";
    }
    const cached = this.#lockCache.get(file);
    if (cached !== undefined && cached.stamp === stamp) return cached.data;
    const data = readLockFileForLookups(file);
    this.#lockCache.set(file, { stamp, data });
    return data;
  }

  /**
   * True when a new lookup will go to the network: not fixtures or frozen, and no fresh lock entry or
   * memo holds it (reading the lock file now, which the first use then finds parsed).
   */
  #mayFetch(p: AnyPending): boolean {
    if (settingsOf(p).fixtures !== undefined || p.mode === "frozen") return false;
    if (p.mode === "refresh") return true;
    if (this.#memo.has(p.memoKey)) return false;
    try {
      const entry = this.#readLock(p.file)?.entries[p.key];
      if (entry === undefined) return true;
      return p.maxAgeMs !== undefined && Date.now() - Date.parse(entry.fetchedAt) > p.maxAgeMs;
    } catch {
      return false; // a broken lock file: the first use reports it
    }
  }

  /** Resolves every pending lookup: memo, fixtures, lock file, then one network batch. */
  flush(): void {
    const batch = this.#pending.filter((p) => !p.settled);
    this.#pending = [];
    const pass: FlushPass = {
      locks: new Map(),
      fetches: new Map(),
      frozenMisses: new Map(),
      hints: new Map(),
    };
    for (const p of batch) {
      if (this.#settleWithoutNetwork(p, pass)) continue;
      const group = pass.fetches.get(p.memoKey);
      if (group === undefined) pass.fetches.set(p.memoKey, [p]);
      else group.push(p);
    }
    this.#failFrozenMisses(pass);
    if (pass.fetches.size > 0) this.#fetchBatch([...pass.fetches.values()], pass.hints);
    // A failed lookup holds no key: the next one (right keys this time) may take it.
    for (const [id, claim] of this.#claims) if (claim.by.failed) this.#claims.delete(id);
  }

  /**
   * Settles a lookup from a claim clash, the memo, fixtures or the lock file (a frozen miss is noted
   * for `#failFrozenMisses`); false when it needs the network.
   */
  #settleWithoutNetwork(p: AnyPending, pass: FlushPass): boolean {
    const fixtures = settingsOf(p).fixtures;
    if (fixtures === undefined) {
      const clash = this.#claimError(p);
      if (clash !== undefined) {
        p.settle({ error: clash });
        return true;
      }
    }
    const memo = this.#memo.get(p.memoKey);
    if (memo !== undefined) {
      p.settle({ result: memo });
      return true;
    }
    if (fixtures !== undefined) {
      p.settle({
        result: {
          key: p.key,
          spec: p.spec,
          items: Object.freeze(loadFixtures().fixtureItems(fixtures, p.spec.kind, p.spec.query)),
          fetchedAt: new Date(0).toISOString(),
          source: "fixtures",
        },
      });
      return true;
    }
    return p.mode !== "refresh" && this.#settleFromLock(p, pass);
  }

  /** Settles a lookup from its lock file's entry, or notes a frozen miss; false when it must fetch. */
  #settleFromLock(p: AnyPending, pass: FlushPass): boolean {
    if (!pass.locks.has(p.file)) {
      try {
        pass.locks.set(p.file, this.#readLock(p.file));
      } catch (error) {
        pass.locks.set(p.file, { error });
      }
    }
    const lock = pass.locks.get(p.file);
    if (lock !== undefined && "error" in lock) {
      p.settle({ error: lock.error });
      return true;
    }
    const entry = lock?.entries[p.key];
    const expired =
      entry !== undefined &&
      p.maxAgeMs !== undefined &&
      Date.now() - Date.parse(entry.fetchedAt) > p.maxAgeMs;
    if (entry !== undefined && !expired) {
      try {
        const result: LookupResult<ListKind> =
          lazyItemsOf(entry) !== undefined
            ? lazyLockResult(p, entry)
            : {
                key: p.key,
                spec: p.spec,
                items: Object.freeze(validateEntryItems(p.spec.kind, entry, p.key, p.file)),
                fetchedAt: entry.fetchedAt,
                source: "lock",
                lockFile: p.file,
              };
        this.#memo.set(p.memoKey, result);
        p.settle({ result });
      } catch (error) {
        p.settle({ error });
      }
      return true;
    }
    if (expired && entry.pageSize !== undefined) {
      const total = lazyItemsOf(entry)?.count ?? entry.items.length;
      pass.hints.set(p.memoKey, { total, pageSize: entry.pageSize });
    }
    if (p.mode !== "frozen") return false;
    let miss = pass.frozenMisses.get(p.file);
    if (miss === undefined)
      pass.frozenMisses.set(p.file, (miss = { keys: new Set(), lookups: [], expired: false }));
    miss.keys.add(p.key);
    miss.lookups.push(p);
    miss.expired ||= expired;
    return true;
  }

  /** Fails the frozen lookups the lock files lack, each file's at once, naming every missing key. */
  #failFrozenMisses({ locks, frozenMisses }: FlushPass): void {
    for (const [file, miss] of frozenMisses) {
      // Keys missed earlier in this process that the lock file still lacks are listed too.
      const lock = locks.get(file);
      const entries = lock !== undefined && !("error" in lock) ? lock.entries : {};
      const earlier = [...(this.#missing.get(file) ?? [])].filter((k) => !Object.hasOwn(entries, k));
      const all = new Set([...earlier, ...miss.keys]);
      this.#missing.set(file, all);
      // A key of NCP whose query the lock file holds only as test data (from a local test server).
      const testOnly = [...all].filter(
        (k) => !k.startsWith(LOCAL_KEY_PREFIX) && Object.hasOwn(entries, `${LOCAL_KEY_PREFIX}${k}`),
      );
      const expiredKeys = [...all].filter((k) => Object.hasOwn(entries, k));
      const error = new FrozenLookupError(
        file,
        [...all].sort(),
        miss.expired ? "missing or older than the maximum age in" : "missing from",
        {
          testOnly,
          expired: expiredKeys.map((k) => ({ key: k, fetchedAt: (entries[k] as LockEntry).fetchedAt })),
        },
      );
      for (const p of miss.lookups) p.settle({ error });
    }
  }

  #fetchBatch(groups: AnyPending[][], hints: ReadonlyMap<string, PagingHint>): void {
    const leaders = groups.map((g) => g[0] as AnyPending);
    let outcomes: Array<(FetchedLookup & { fetchedAt?: string }) | { error: Error }>;
    try {
      const { bridgeTimeoutMs, LookupBridge, lookupEnv } = loadBridge();
      const timeout = Math.max(...leaders.map((p) => bridgeTimeoutMs(envOf(p), settingsOf(p).timeoutMs)));
      outcomes = LookupBridge.shared().fetchSync(
        leaders.map((p) => ({
          spec: p.spec,
          connection: connectionOf(settingsOf(p)),
          env: lookupEnv(envOf(p)),
          ...(hints.has(p.memoKey) ? { hint: hints.get(p.memoKey) } : {}),
          // A list registered in this thread travels with its lookup (the worker has only the shipped ones).
          ...((LIST_KINDS as readonly string[]).includes(p.spec.kind)
            ? {}
            : { definition: listDefinition(p.spec.kind) }),
        })),
        timeout,
      );
    } catch (error) {
      for (const g of groups) for (const p of g) p.settle({ error });
      return;
    }
    // The worker's clock: real time even under fake timers.
    const first = outcomes.find((o): o is FetchedLookup & { fetchedAt?: string } => !("error" in o));
    const fetchedAt = first?.fetchedAt ?? new Date().toISOString();
    const byFile = new Map<string, Array<{ group: AnyPending[]; entry: LockEntry }>>();
    groups.forEach((group, i) => {
      const outcome = outcomes[i];
      const leader = group[0] as AnyPending;
      if (outcome === undefined || "error" in outcome) {
        const error = outcome?.error ?? new BridgeError(`no result for ${leader.key}`);
        for (const p of group) p.settle({ error });
        return;
      }
      // The worker parsed the items with the list's schema already.
      const entry = lockEntryOf(leader.spec, { ...outcome, items: Object.freeze(outcome.items) }, fetchedAt);
      const list = byFile.get(leader.file);
      if (list === undefined) byFile.set(leader.file, [{ group, entry }]);
      else list.push({ group, entry });
    });
    for (const [file, written] of byFile) {
      const recorded = written.filter(({ group }) => !(group[0] as AnyPending).live);
      try {
        if (recorded.length > 0) {
          updateLockFile(file, (entries) => {
            for (const { group, entry } of recorded) entries[(group[0] as AnyPending).key] = entry;
          });
        }
      } catch (error) {
        for (const { group } of written) for (const p of group) p.settle({ error });
        continue;
      }
      for (const { group, entry } of written) {
        const leader = group[0] as AnyPending;
        const result: LookupResult<ListKind> = {
          key: leader.key,
          spec: leader.spec,
          items: entry.items as readonly ListItems[ListKind][],
          fetchedAt,
          source: "network",
          lockFile: file,
        };
        this.#memo.set(leader.memoKey, result);
        for (const p of group) p.settle({ result });
      }
    }
  }
}

/**
 * The result of a lookup from a lock entry whose items are read lazily: `items` parses and checks them
 * all on first use; `findByName` answers a name from the lines that hold it while they are unread
 * (each item found checked as `items` checks them; any doubt leaves it to `items`).
 */
function lazyLockResult(p: AnyPending, entry: LockEntry): LookupResult<ListKind> {
  const lazy = lazyItemsOf(entry) as NonNullable<ReturnType<typeof lazyItemsOf>>;
  const kind = p.spec.kind;
  let items: readonly ListItems[ListKind][] | undefined;
  return {
    key: p.key,
    spec: p.spec,
    get items() {
      return (items ??= Object.freeze(validateEntryItems(kind, entry, p.key, p.file)));
    },
    fetchedAt: entry.fetchedAt,
    source: "lock",
    lockFile: p.file,
    findByName: (nameField, name) => {
      if (items !== undefined) return undefined;
      const hits = lazy.findExact(nameField, name);
      if (hits === undefined || hits.length === 0 || !hits.every((h) => isValidItem(kind, h)))
        return undefined;
      const found = hits as ListItems[ListKind][];
      return found.length === 1 ? found[0] : found;
    },
  };
}

/** Each distinct credential set of this process, numbered: identities without hashing (or loading crypto). */
const credentialSets = new Map<string, string>();

/**
 * The identity of the credentials a lookup is made with (explicit keys, profile, the environment's key
 * variables and configure file): a number per distinct set in this process (kept in a module-private
 * map, never printed or stored), equal only for lookups that sign with the same keys, so lookups with
 * different keys never share a memo entry, a claim or a connection.
 */
function credentialsIdentity(s: ResolveSettings, env: NodeJS.ProcessEnv): string {
  const text = JSON.stringify([
    s.accessKey,
    s.secretKey,
    s.profile,
    env.NCLOUD_PROFILE,
    env.NCLOUD_ACCESS_KEY_ID,
    env.NCLOUD_ACCESS_KEY,
    env.NCLOUD_SECRET_ACCESS_KEY,
    env.NCLOUD_SECRET_KEY,
    env.NCLOUD_CONFIG_FILE,
    env.HOME,
  ]);
  let id = credentialSets.get(text);
  if (id === undefined) credentialSets.set(text, (id = `credentials#${credentialSets.size + 1}`));
  return id;
}

/** The lock entry of a spec fetched now. */
export function lockEntryOf(
  spec: LookupSpec,
  fetched: Omit<FetchedLookup, "items"> & { readonly items: readonly unknown[] },
  fetchedAt: string,
): LockEntry {
  return {
    kind: spec.kind,
    site: spec.site,
    ...(spec.region !== undefined ? { region: spec.region } : {}),
    account: spec.account,
    query: spec.query as Record<string, unknown>,
    fetchedAt,
    source: fetched.source,
    ...(fetched.profile !== undefined ? { profile: fetched.profile } : {}),
    keyFingerprint: fetched.keyFingerprint,
    ...(fetched.pageSize !== undefined ? { pageSize: fetched.pageSize } : {}),
    items: fetched.items,
  };
}

function connectionOf(s: ResolveSettings): ConnectionSettings {
  const out: Record<string, unknown> = {};
  for (const k of CONNECTION_SETTING_NAMES) if (s[k] !== undefined) out[k] = s[k];
  return out as ConnectionSettings;
}
