import type { Construct } from "constructs";
import type { SubAccountPolicy, PoliciesQuery } from "../lists/policies";
import { NcloudListLookup, type IItemPredicate, type NcloudLookupProps, type SelectionCount } from "./lookup";

/** Props of the construct: the API's filters (see `lib/lists/policies.ts`) plus the common lookup props. */
export interface SubAccountPoliciesProps extends NcloudLookupProps, PoliciesQuery {}

/**
 * Sub Account policies (`GET /api/v1/policies`), looked up at synth time.
 *
 * @example
 * const policies = new SubAccountPolicies(this, "policies", { type: "SYSTEM_MANAGED" });
 * const viewer = policies.byName("NCP_NCLOUD_STORAGE_VIEWER"); // { policyId, policyName, nrn, ... }
 */
export class SubAccountPolicies extends NcloudListLookup<"policies"> {
  constructor(scope: Construct, id: string, props: SubAccountPoliciesProps = {}) {
    super(scope, id, "policies", props);
  }
  // Typed for every language (jsii): the hidden base class's members, with this list's item type.

  /** Every item, in server order (the first use resolves every lookup constructed by then). */
  override get items(): SubAccountPolicy[] {
    return super.items;
  }

  /**
   * The item named `name` (matched under Unicode normalization).
   *
   * @throws LookupNotFoundError (with "Did you mean …"), AmbiguousLookupError, or the lookup's error.
   */
  override byName(name: string): SubAccountPolicy {
    return super.byName(name);
  }

  /** The item named `name`, or undefined for a real not-found. @throws AmbiguousLookupError */
  override tryByName(name: string): SubAccountPolicy | undefined {
    return super.tryByName(name);
  }

  /** Items the predicate keeps, checked against `count` (see `SelectionCount`). */
  override selectWhere(predicate: IItemPredicate, count?: SelectionCount): SubAccountPolicy[] {
    return super.selectWhere(predicate, count);
  }
}

export type { SubAccountPolicy, PoliciesQuery };
