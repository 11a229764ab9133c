// A list of one's own, registered in the app: its plan-time lookup inlines this definition into the
// ncloudlookups_list data source, so the Terraform runner needs nothing else.
import type { ListDefinition } from "cdktf-ncloud-lookups";

export const SUB_ACCOUNTS: ListDefinition = {
  kind: "sub-accounts",
  title: "Sub Account sub accounts",
  service: "subaccount",
  basePath: "/api/v1",
  path: "/sub-accounts",
  params: [{ name: "searchWord", type: "string", maxLength: 100, description: "login id contains" }],
  fields: { subAccountNo: "string", loginId: "string", active: "boolean", loginCount: "integer" },
  idField: "subAccountNo",
  nameField: "loginId",
  paging: {
    style: "page",
    indexParam: "page",
    sizeParam: "size",
    response: { page: "$index", totalItems: "$total", items: "$items" },
  },
};
