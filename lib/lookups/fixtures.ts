/* eslint-disable @typescript-eslint/no-explicit-any -- jsii: maps of any (`{ [key: string]: any }`) and fields of undocumented type */
import { ValidationError } from "../errors";
import type { ListItems, ListKind, ListQueries } from "../services/meta";
import { FilterCache, serveList } from "../lists/serve";
import { listDefinition, listKinds } from "../services/meta";

/**
 * An in-memory data set standing in for NCP in users' unit tests: the emulator's data set format
 * (items per list; packages per platform; optional usage plans per product).
 */
export interface LookupFixtures {
  /** Cloud Functions packages by platform: `{ vpc: [...], classic: [...] }`. */
  readonly packages?: { [platform: string]: any[] };
  /** Sub Account policies. */
  readonly policies?: any[];
  /** API Gateway products. */
  readonly products?: any[];
  /** External Access profiles. */
  readonly profiles?: any[];
  /** For products: product id to the usage plan ids its stages are associated with. */
  readonly productUsagePlans?: { [productId: string]: string[] };
}

/** The items of a list in a fixture data set, filtered exactly as a server filters (the list's definition). */
export function fixtureItems<K extends ListKind>(
  fixtures: LookupFixtures,
  kind: K,
  query: ListQueries[K],
): ListItems[K][] {
  const def = listDefinition(kind);
  const bucket = def.filters.find((f) => f.kind === "bucket");
  if ((fixtures as Record<string, unknown>)[kind] === undefined) {
    const has = listKinds().filter((k) => (fixtures as Record<string, unknown>)[k] !== undefined);
    throw new ValidationError(
      `the fixtures have no ${kind} list (they have: ${has.join(", ") || "none"}); add fixtures.${kind}` +
        `${bucket !== undefined ? ` ({ ${bucket.kind === "bucket" ? bucket.defaultValue : "value"}: [...], ... } by ${bucket.param})` : ": [...]"}, an empty one for an empty list`,
    );
  }
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(query as Record<string, unknown>)) {
    if (v !== undefined) raw[k] = String(v);
  }
  if (def.paging.sizeParam !== undefined) raw[def.paging.sizeParam] = String(2 ** 31 - 1);
  return serveList(def, raw, fixtures as Record<string, unknown>, Number.MAX_SAFE_INTEGER, new FilterCache())
    .items as unknown as ListItems[K][];
}
