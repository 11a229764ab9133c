/** Sub Account policies (`GET /api/v1/policies`): the list's one definition. */
import type { BuiltInConstructSpec, CompleteListDefinition } from "../definition";

/**
 * A Sub Account policy. Fields NCP adds later are kept on the object as they came (read them with
 * `rawItem(name)` of the construct, or as extra properties in TypeScript); documented fields may be
 * missing or null.
 */
export interface SubAccountPolicy {
  readonly policyId: string;
  readonly policyName: string;
  /** `SYSTEM_MANAGED` or `USER_CREATED`. */
  readonly policyType?: string;
  readonly policyDesc?: string;
  readonly nrn?: string;
}

/** Filters of the policies API (paging aside). */
export interface PoliciesQuery {
  /** Only policies of this type: `SYSTEM_MANAGED` or `USER_CREATED` (checked). @default all types */
  readonly type?: string;
  /** Column `searchWord` applies to: `policyName` (checked). @default "policyName" when `searchWord` is set */
  readonly searchColumn?: string;
  /** Only policies whose name contains this word. */
  readonly searchWord?: string;
}

/** The definition of the policies list. */
export const POLICIES: CompleteListDefinition = {
  kind: "policies",
  title: "Sub Account policies",
  service: "subaccount",
  basePath: "/api/v1",
  path: "/policies",
  params: [
    { name: "type", type: "enum", values: ["SYSTEM_MANAGED", "USER_CREATED"], description: "policy type" },
    {
      name: "searchColumn",
      type: "enum",
      values: ["policyName"],
      description: "column searchWord applies to",
      defaultWhen: { param: "searchWord", value: "policyName" },
    },
    {
      name: "searchWord",
      type: "string",
      maxLength: 1000,
      description: "search keyword",
      placeholder: "<word>",
    },
  ],
  wireOrder: ["searchColumn", "searchWord", "type"],
  fields: {
    policyId: "string",
    policyName: "string",
    policyType: "string",
    policyDesc: "string",
    nrn: "string",
  },
  idField: "policyId",
  nameField: "policyName",
  nrnField: "nrn",
  descriptionField: "policyDesc",
  table: ["policyName", "policyType", "policyId"],
  filters: [
    { param: "type", kind: "equals", field: "policyType" },
    { param: "searchWord", kind: "containsIn", columnParam: "searchColumn", defaultColumn: "policyName" },
  ],
  paging: {
    style: "page",
    indexParam: "page",
    sizeParam: "size",
    paramsFirst: true,
    defaultSize: 10,
    intRange: "int",
    response: {
      page: "$index",
      totalPages: "$pages",
      totalItems: "$total",
      hasPrevious: "$hasPrevious",
      hasNext: "$hasNext",
      items: "$items",
      isFirst: "$isFirst",
      isLast: "$isLast",
    },
  },
  emulator: { defaultSize: 10, cap: 100, wrongNameValue: 12345 },
};

/** Its typed construct class, as `npm run generate` writes it into `lib/constructs/built-in.ts`. */
export const POLICIES_CONSTRUCT: BuiltInConstructSpec = {
  kind: "policies",
  module: "policies",
  className: "SubAccountPolicies",
  itemType: "SubAccountPolicy",
  queryType: "PoliciesQuery",
  example: [
    'const policies = new SubAccountPolicies(this, "policies", { type: "SYSTEM_MANAGED" });',
    'const viewer = policies.byName("NCP_NCLOUD_STORAGE_VIEWER"); // { policyId, policyName, nrn, ... }',
  ],
};
