// The policies list's client functions, derived from its one definition in `lib/lists/policies.ts`.
import { POLICIES, type SubAccountPolicy, type PoliciesQuery } from "../lists/policies";
import { listClientOf } from "./lists";

export type { SubAccountPolicy, PoliciesQuery };

export const {
  querySchema: policiesQuerySchema,
  itemSchema: policySchema,
  pageSchema: policiesPageSchema,
  queryPairs: policiesQueryPairs,
  fetchPage: fetchPoliciesPage,
  listAll: listAllPolicies,
} = listClientOf<SubAccountPolicy, PoliciesQuery>(POLICIES);
