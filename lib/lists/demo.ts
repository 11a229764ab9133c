/**
 * The demo data of the built-in lists: the data set the emulator serves (each list's seed examples
 * from NCP's docs plus deterministic generated items; the generators live with their lists, in
 * `lib/lists/<kind>/demo.ts`) and a generator for bigger sets. Nothing here uses Math.random: the
 * same options always give the same data.
 */
import { mulberry32, type Rng } from "./demo-random";
import { duplicatePackage, generatePackages, type PackageItem, type PackagePlatform } from "./packages/demo";
import { duplicatePolicy, generatePolicies, type PolicyItem } from "./policies/demo";
import { duplicateProduct, generateProducts, type ProductItem } from "./products/demo";
import { duplicateProfile, generateProfiles, type ProfileItem } from "./profiles/demo";

export { DEMO_ACCOUNT_ID } from "./demo-random";
export type { PackageItem, PackagePlatform } from "./packages/demo";
export type { PolicyItem, PolicyType } from "./policies/demo";
export type { ProductItem, SubscriptionCode } from "./products/demo";
export { DEMO_USAGE_PLAN_IDS } from "./products/demo";
export type { ProfileItem } from "./profiles/demo";

/**
 * What an emulator serves. Every list is optional: a list left out is served empty. Items are plain
 * JSON objects and are served as given (extra fields included); to serve items lacking documented
 * fields or holding wrong types, cast.
 */
export interface EmulatorDataSet {
  /** Cloud Functions packages keyed by platform. */
  packages?: Partial<Record<PackagePlatform, PackageItem[]>>;
  policies?: PolicyItem[];
  products?: ProductItem[];
  profiles?: ProfileItem[];
  /**
   * For products: productId -> ids of the usage plans that one of its stages is associated with.
   * Used only by the `hasStageNotAssociatedWithUsagePlanId` filter; never served.
   */
  productUsagePlans?: Record<string, string[]>;
}

/** A data set with every list present, as {@link generateDataSet} and {@link defaultDataSet} return. */
export interface CompleteDataSet extends EmulatorDataSet {
  packages: Record<PackagePlatform, PackageItem[]>;
  policies: PolicyItem[];
  products: ProductItem[];
  profiles: ProfileItem[];
  productUsagePlans: Record<string, string[]>;
}

/** Options of {@link generateDataSet}. Counts are totals and include the seed items. */
export interface GenerateOptions {
  /** Policies. @default 300 */
  policies?: number;
  /** Products. @default 250 */
  products?: number;
  /** Profiles. @default 180 */
  profiles?: number;
  /** Packages on the `vpc` platform; `classic` gets a quarter of this. @default 40 */
  packages?: number;
  /** Seed of the pseudo-random generator. @default 20241213 */
  seed?: number;
  /**
   * Extra items per list that reuse an existing name (new id), to test "more than one found".
   * @default 0
   */
  duplicates?: number;
}

/** Adds `count` items per list that reuse an existing name (new ids), list by list for each k. */
function addDuplicates(rng: Rng, data: CompleteDataSet, count: number): void {
  for (let k = 0; k < count; k++) {
    const at = (list: unknown[]): number => (k * 7 + 3) % Math.max(1, list.length);
    duplicatePolicy(rng, data.policies, at);
    duplicateProduct(rng, data.products, at);
    duplicateProfile(rng, data.profiles, at);
    duplicatePackage(data.packages, at);
  }
}

function checkCount(name: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`generateDataSet: ${name} must be a whole number >= 0, got ${String(n)}`);
  }
  return n;
}

/**
 * Generates a deterministic data set: the seed items from NCP's API pages first, then generated
 * items up to the requested counts, with unique names within each list (unless `duplicates` > 0).
 * Use it for benchmarks and for sets bigger than the default one.
 *
 * @throws RangeError when a count is not a whole number >= 0.
 */
export function generateDataSet(options: GenerateOptions = {}): CompleteDataSet {
  const nPolicies = checkCount("policies", options.policies ?? 300);
  const nProducts = checkCount("products", options.products ?? 250);
  const nProfiles = checkCount("profiles", options.profiles ?? 180);
  const nPackages = checkCount("packages", options.packages ?? 40);
  const duplicates = checkCount("duplicates", options.duplicates ?? 0);
  const rng = mulberry32(options.seed ?? 20241213);
  const productUsagePlans: Record<string, string[]> = {};
  // One generator for every list, in this order: the same seed gives the same data set.
  const data: CompleteDataSet = {
    packages: generatePackages(rng, nPackages),
    policies: generatePolicies(rng, nPolicies),
    products: generateProducts(rng, nProducts, productUsagePlans),
    profiles: generateProfiles(rng, nProfiles),
    productUsagePlans,
  };
  if (duplicates > 0) addDuplicates(rng, data, duplicates);
  return data;
}

let defaultCache: CompleteDataSet | undefined;

/**
 * A fresh deep copy of the default data set: 40 `vpc` and 10 `classic` packages, 300 policies,
 * 250 products and 180 profiles, seed examples first (`package001`, `NCP_NCLOUD_STORAGE_VIEWER`,
 * `product`, `profile000`, ...). Same content on every call; callers may mutate their copy.
 */
export function defaultDataSet(): CompleteDataSet {
  defaultCache ??= generateDataSet();
  return structuredClone(defaultCache);
}

/** A deep copy of a data set (plain JSON objects). */
export function cloneDataSet(data: EmulatorDataSet): EmulatorDataSet {
  return structuredClone(data);
}
