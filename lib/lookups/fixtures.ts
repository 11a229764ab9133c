/* eslint-disable @typescript-eslint/no-explicit-any -- jsii: maps of any (`{ [key: string]: any }`) and fields of undocumented type */
import { ValidationError } from "../errors";
import type { ListItems, ListKind, ListQueries } from "../services/meta";
import type { EmulatorDataSet } from "../testing/data";
import { answerList, FilterCache } from "../testing/responses";

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

const ALL = String(2 ** 31 - 1);
const NO_CAPS = { policies: 2 ** 31 - 1, products: 2 ** 31 - 1, profiles: 2 ** 31 - 1 };

/** The items of a list in a fixture data set, filtered exactly as the emulator filters. */
export function fixtureItems<K extends ListKind>(
  fixtures: LookupFixtures,
  kind: K,
  query: ListQueries[K],
): ListItems[K][] {
  if ((fixtures as Record<string, unknown>)[kind] === undefined) {
    const has = Object.keys(fixtures).filter((k) => k !== "productUsagePlans");
    throw new ValidationError(
      `the fixtures have no ${kind} list (they have: ${has.join(", ") || "none"}); add fixtures.${kind}` +
        `${kind === "packages" ? " ({ vpc: [...], classic: [...] })" : ": [...]"}, an empty one for an empty list`,
    );
  }
  const raw: Record<string, string> = { size: ALL, limit: ALL };
  for (const [k, v] of Object.entries(query as Record<string, unknown>)) {
    if (v !== undefined) raw[k] = String(v);
  }
  return answerList(kind, raw, fixtures as EmulatorDataSet, NO_CAPS, new FilterCache())
    .items as unknown as ListItems[K][];
}
