import type { Construct } from "constructs";
import type { SubAccountPolicy } from "../services/policies";
import { NcloudListLookup, type NcloudLookupProps } from "./lookup";

/** Props of {@link SubAccountPolicies}: the API's filters plus the common lookup props. */
export interface SubAccountPoliciesProps extends NcloudLookupProps {
  /** Only policies of this type. @default all types */
  readonly type?: "SYSTEM_MANAGED" | "USER_CREATED";
  /** Column `searchWord` applies to. @default "policyName" when `searchWord` is set */
  readonly searchColumn?: "policyName";
  /** Only policies whose name contains this word. */
  readonly searchWord?: string;
}

/**
 * Sub Account policies (`GET /api/v1/policies`), looked up at synth time.
 *
 * @example
 * const policies = new SubAccountPolicies(this, "policies", { type: "SYSTEM_MANAGED" });
 * const viewer = policies.byName("NCP_NCLOUD_STORAGE_VIEWER"); // { policyId, policyName, nrn, ... }
 */
export class SubAccountPolicies extends NcloudListLookup<"policies"> {
  constructor(scope: Construct, id: string, props: SubAccountPoliciesProps = {}) {
    super(
      scope,
      id,
      "policies",
      { type: props.type, searchColumn: props.searchColumn, searchWord: props.searchWord },
      props,
    );
  }
}

export type { SubAccountPolicy };
