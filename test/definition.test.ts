/**
 * List definitions (issue 19): `registerList` refuses a bad one naming the field, and fills the defaults
 * of a minimal one. Also the built-in definitions pass the same checks.
 */
import { completeDefinition } from "../lib/lists/complete";
import type { ListDefinition } from "../lib/lists/definition";
import { BUILT_IN_LISTS } from "../lib/lists";

const SUB_ACCOUNTS: ListDefinition = {
  kind: "sub-accounts",
  title: "Sub Account sub-accounts",
  service: "subaccount",
  basePath: "/api/v1",
  path: "/sub-accounts",
  params: [{ name: "searchWord", type: "string", description: "login id contains" }],
  fields: { subAccountNo: "string", loginId: "string", name: "string", active: "boolean" },
  idField: "subAccountNo",
  nameField: "loginId",
  paging: {
    style: "page",
    indexParam: "page",
    sizeParam: "size",
    response: { page: "$index", totalPages: "$pages", totalItems: "$total", items: "$items" },
  },
};

describe("registerList refuses a bad definition, naming the field", () => {
  const bad = (patch: Record<string, unknown>): string => {
    try {
      completeDefinition({ ...SUB_ACCOUNTS, ...patch } as ListDefinition);
    } catch (err) {
      return (err as Error).message;
    }
    return "accepted";
  };
  it.each([
    [
      { paging: { ...SUB_ACCOUNTS.paging, response: { totalItems: "$total", content: [] } } },
      /paging\.response has no "\$items" marker/,
    ],
    [{ paging: { ...SUB_ACCOUNTS.paging, response: { items: "$items" } } }, /has no "\$total" marker/],
    [
      { idField: "subAccountId" },
      /idField names "subAccountId", which is not in fields; use one of subAccountNo, loginId/,
    ],
    [{ nameField: undefined }, /nameField is missing/],
    [{ kind: "Sub Accounts" }, /kind "Sub Accounts" is not valid/],
    [{ fields: { subAccountNo: "string", loginId: "text" } }, /fields\.loginId has type "text"/],
    [{ idfield: "x" }, /idfield is not a definition field/],
    [
      { paging: { style: "page", sizeParam: "size", response: SUB_ACCOUNTS.paging.response } },
      /paging\.indexParam is missing/,
    ],
    [{ params: [{ name: "searchWord", type: "text", description: "x" }] }, /params\[0\]\.type is "text"/],
    [{ table: ["loginId", "email"] }, /table names "email"/],
  ])("%j", (patch, message) => {
    expect(bad(patch)).toMatch(message);
  });

  it("fills the defaults: table of name and id, wire order as given, no description field, filters derived", () => {
    const def = completeDefinition({
      ...SUB_ACCOUNTS,
      params: [...SUB_ACCOUNTS.params, { name: "active", type: "boolean", description: "active only" }],
    });
    expect(def.table).toEqual(["loginId", "subAccountNo"]);
    expect(def.wireOrder).toEqual(["searchWord", "active"]);
    expect(def.descriptionField).toBeUndefined();
    expect(def.filters).toEqual([{ param: "active", kind: "equals", field: "active" }]);
    expect(def.emulator.cap).toBeUndefined();
  });
});

describe("the built-in definitions", () => {
  it.each(BUILT_IN_LISTS.map((d) => [d.kind, d] as const))(
    "%s passes registerList's checks unchanged",
    (_kind, def) => {
      const complete = completeDefinition(def);
      expect(complete.table).toEqual(def.table);
      expect(complete.filters).toEqual(def.filters);
    },
  );
});
