import { createHash } from "node:crypto";
import { NcloudClient, type NcloudClientOptions } from "../client/http";
import type { ListDefinition } from "../lists/definition";
import { listAllOf, listOriginOf } from "../services/lists";
import { isListKind, listDefinition, registerList, type ListItems, type ListKind } from "../services/meta";
import type { PagingHint } from "../services/paging";
import type { ConnectionSettings, LookupSpec } from "./key";

/** A lookup to fetch, as it crosses to the bridge worker: spec plus the connection's credentials. */
export interface FetchRequest<K extends ListKind = ListKind> {
  readonly spec: LookupSpec<K>;
  readonly connection: ConnectionSettings;
  /** Environment the lookup reads (NCLOUD_* and HOME), sent fresh with each request. */
  readonly env?: Record<string, string>;
  /** The list's definition, for lists registered in the calling thread (plain data: it crosses to the worker). */
  readonly definition?: ListDefinition;
  /** The lock entry's item count and page size: every page is asked for at once. */
  readonly hint?: PagingHint;
}

/** The hint of a lock entry that recorded its page size. */
export function hintOf(
  entry: { readonly items: readonly unknown[]; readonly pageSize?: number } | undefined,
): PagingHint | undefined {
  return entry?.pageSize !== undefined ? { total: entry.items.length, pageSize: entry.pageSize } : undefined;
}

/** The definition of a request's list: the one it carries (registered here if new), else the registry's. */
function definitionOf(request: FetchRequest): ListDefinition {
  const def = request.definition;
  if (def !== undefined) {
    if (!isListKind(def.kind)) registerList(def);
    return def;
  }
  return listDefinition(request.spec.kind);
}

/** Builds a client for a spec and its connection settings. */
export function clientFor(
  spec: LookupSpec,
  connection: ConnectionSettings,
  extra: NcloudClientOptions = {},
): NcloudClient {
  const credentials =
    connection.accessKey !== undefined ||
    connection.secretKey !== undefined ||
    connection.profile !== undefined
      ? {
          ...(connection.accessKey !== undefined ? { accessKey: connection.accessKey } : {}),
          ...(connection.secretKey !== undefined ? { secretKey: connection.secretKey } : {}),
          ...(connection.profile !== undefined ? { profile: connection.profile } : {}),
        }
      : undefined;
  return new NcloudClient({
    site: spec.site,
    ...(spec.region !== undefined ? { region: spec.region } : {}),
    ...(spec.endpoint !== undefined ? { endpoint: spec.endpoint } : {}),
    ...(connection.timeoutMs !== undefined ? { timeoutMs: connection.timeoutMs } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
    ...extra,
  });
}

/** Fetches every item of a lookup with a client (reused across calls when given), and the page size served. */
export async function fetchLookup<K extends ListKind>(
  request: FetchRequest<K>,
  client: NcloudClient = clientFor(request.spec, request.connection),
): Promise<{ items: ListItems[K][]; pageSize?: number }> {
  let pageSize: number | undefined;
  const items = (await listAllOf(client, definitionOf(request), request.spec.query, {
    ...(request.connection.concurrency !== undefined ? { concurrency: request.connection.concurrency } : {}),
    ...(request.env !== undefined ? { env: request.env } : {}),
    ...(request.hint !== undefined ? { hint: request.hint } : {}),
    onPageSize: (size) => {
      pageSize = size;
    },
  })) as ListItems[K][];
  return { items, ...(pageSize !== undefined ? { pageSize } : {}) };
}

/** What a fetch brings besides the items: where they came from and with which key (never a secret). */
export interface FetchProvenance {
  /** Origin of the service the items came from. */
  readonly source: string;
  /** Short fingerprint of the access key used. */
  readonly keyFingerprint: string;
  /** The configure-file profile whose keys were used, if any. */
  readonly profile?: string;
}

/** The provenance of items fetched for a spec with a client. */
export function provenanceOf(spec: LookupSpec, client: NcloudClient): FetchProvenance {
  const profile = client.credentialsProfile;
  return {
    source: listOriginOf(listDefinition(spec.kind), client),
    keyFingerprint: client.keyFingerprint,
    ...(profile !== undefined ? { profile } : {}),
  };
}

/** A fetched lookup: its items and their provenance. */
export interface FetchedLookup extends FetchProvenance {
  readonly items: unknown[];
  /** The page size the server served (paged lists). */
  readonly pageSize?: number;
}

/** Fetches several lookups at once (the bridge batches what a synth needs). */
export async function fetchLookups(
  requests: readonly FetchRequest[],
  clientCache: Map<string, NcloudClient> = new Map(),
): Promise<PromiseSettledResult<FetchedLookup>[]> {
  return Promise.allSettled(
    requests.map(async (r) => {
      const c = r.connection;
      const cacheKey = createHash("sha256")
        .update(
          JSON.stringify([
            r.spec.site,
            r.spec.region,
            r.spec.endpoint,
            c.accessKey,
            c.secretKey,
            c.profile,
            c.timeoutMs,
            r.env,
          ]),
        )
        .digest("hex");
      let client = clientCache.get(cacheKey);
      if (client === undefined) {
        client = clientFor(r.spec, c, r.env !== undefined ? { env: r.env } : {});
        clientCache.set(cacheKey, client);
      }
      const { items, pageSize } = await fetchLookup(r, client);
      return {
        items: items as unknown[],
        ...(pageSize !== undefined ? { pageSize } : {}),
        ...provenanceOf(r.spec, client),
      };
    }),
  );
}
