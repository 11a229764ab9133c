import type { ListItems, ListKind, ListQueries } from "../services/lists";

/** An in-memory data set standing in for NCP in users' unit tests: items per list (packages by platform). */
export interface LookupFixtures {
  readonly packages?: readonly ListItems["packages"][] | { readonly vpc?: readonly ListItems["packages"][]; readonly classic?: readonly ListItems["packages"][] };
  readonly policies?: readonly ListItems["policies"][];
  readonly products?: readonly ListItems["products"][];
  readonly profiles?: readonly ListItems["profiles"][];
}

const contains = (value: unknown, word: string): boolean =>
  typeof value === "string" && value.toLowerCase().includes(word.toLowerCase());

/**
 * Applies a list's filters to items the way NCP does (search words match part of a field, ignoring
 * case; enums and booleans match exactly). The emulator and fixtures share these semantics.
 */
export function applyFilters<K extends ListKind>(
  kind: K,
  query: ListQueries[K],
  items: readonly ListItems[K][],
  usagePlansOf?: (item: ListItems[K]) => readonly string[],
): ListItems[K][] {
  const q = query as Record<string, unknown>;
  return items.filter((raw) => {
    const item = raw as Record<string, unknown>;
    switch (kind) {
      case "policies": {
        if (q.type !== undefined && item.policyType !== q.type) return false;
        if (typeof q.searchWord === "string" && !contains(item.policyName, q.searchWord)) return false;
        return true;
      }
      case "profiles": {
        const column = (q.searchColumn as string | undefined) ?? "name";
        if (typeof q.searchWord === "string" && !contains(item[column], q.searchWord)) return false;
        return true;
      }
      case "products": {
        if (typeof q.productName === "string" && !contains(item.productName, q.productName)) return false;
        if (q.isPublished !== undefined && item.isPublished !== q.isPublished) return false;
        if (q.subscriptionCode !== undefined && item.subscriptionCode !== q.subscriptionCode) return false;
        if (q.hasDeployedStage !== undefined && item.hasDeployedStage !== q.hasDeployedStage) return false;
        const plan = q.hasStageNotAssociatedWithUsagePlanId;
        if (typeof plan === "string" && usagePlansOf !== undefined && usagePlansOf(raw).includes(plan)) return false;
        return true;
      }
      default:
        return true;
    }
  });
}

/** The items of a list in a fixture data set, filtered like NCP would. */
export function fixtureItems<K extends ListKind>(fixtures: LookupFixtures, kind: K, query: ListQueries[K]): ListItems[K][] {
  if (kind === "packages") {
    const p = fixtures.packages;
    const platform = (query as ListQueries["packages"]).platform ?? "vpc";
    const list = p === undefined ? [] : Array.isArray(p) ? p : ((p as Record<string, ListItems["packages"][]>)[platform] ?? []);
    return [...list] as ListItems[K][];
  }
  const list = (fixtures[kind] ?? []) as readonly ListItems[K][];
  return applyFilters(kind, query, list);
}
