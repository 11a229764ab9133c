/** Lock file entries and keys shared by the lock file tests. */
import type { LockEntry } from "../../lib/lookups/lock-format";
import { policiesEntry, policyItem } from "./lookup-harness";

/** Two entries of different lists and sites, and their keys. */
export const entryA = policiesEntry([policyItem(2, "zeta"), policyItem(1, "alpha")], {
  query: { type: "USER_CREATED" },
});
export const entryB: LockEntry = {
  kind: "products",
  site: "gov",
  source: "https://apigateway.apigw.gov-ntruss.com",
  query: { productName: "결제 API", isPublished: true },
  fetchedAt: "2024-06-01T00:00:00.000+09:00",
  items: [{ productName: "결제 API", productId: "p1", zoneCode: "PUBLIC", isPublished: true }],
};
export const KEY_A = "policies@public?type=USER_CREATED";
export const KEY_B = "products@gov?isPublished=true&productName=%EA%B2%B0%EC%A0%9C%20API";

/** The format tests' file name, clock, key and item, and an entry of that key as a plain object. */
export const FILE = "ncloud.lookups.json";
export const NOW = Date.parse("2024-06-01T00:00:00Z");
export const KEY = KEY_A;
export const ITEM = { policyId: "p1", policyName: "a", policyType: "USER_CREATED" };
export const rawEntry = (patch: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: "policies",
  site: "public",
  query: { type: "USER_CREATED" },
  fetchedAt: "2024-01-01T00:00:00Z",
  items: [ITEM],
  ...patch,
});
