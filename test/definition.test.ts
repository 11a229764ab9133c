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

const W = 'list definition "sub-accounts": ';
const FIELDS_OF = "use one of subAccountNo, loginId, name, active";
const PAGING = SUB_ACCOUNTS.paging;
const RESPONSE = PAGING.response;

describe("each refusal, word for word (what a user reads is the contract)", () => {
  const refusal = (def: unknown): string => {
    try {
      completeDefinition(def as ListDefinition);
    } catch (err) {
      expect((err as Error).name).toBe("ValidationError");
      return (err as Error).message;
    }
    return "accepted";
  };
  const patched = (patch: Record<string, unknown>): string => refusal({ ...SUB_ACCOUNTS, ...patch });
  const paging = (patch: Record<string, unknown>): string => patched({ paging: { ...PAGING, ...patch } });

  it.each([
    ["null", null, "a list definition must be an object, got object"],
    ["an array", [SUB_ACCOUNTS], "a list definition must be an object, got object"],
    ["a string", "sub-accounts", "a list definition must be an object, got string"],
  ])("not an object: %s", (_what, def, message) => {
    expect(refusal(def)).toBe(message);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      "an unknown key",
      { idfield: "x" },
      `${W}idfield is not a definition field; the fields are kind, title, service, basePath, siteBasePaths, siteFixedParams, regional, regionOnlyValues, path, params, wireOrder, fields, idField, nameField, nrnField, descriptionField, table, filters, paging, emulator`,
    ],
    ["kind not a string", { kind: 7 }, "list definition: kind is missing: give a non-empty string"],
    ["kind empty", { kind: "" }, 'list definition "": kind is missing: give a non-empty string'],
    [
      "kind with upper case",
      { kind: "Sub Accounts" },
      'list definition "Sub Accounts": kind "Sub Accounts" is not valid: use lower-case letters, digits and -, starting with a letter (e.g. sub-accounts)',
    ],
    [
      "kind starting with a digit",
      { kind: "1st" },
      'list definition "1st": kind "1st" is not valid: use lower-case letters, digits and -, starting with a letter (e.g. sub-accounts)',
    ],
    ["title missing", { title: undefined }, `${W}title is missing: give a non-empty string`],
    ["title empty", { title: "" }, `${W}title is missing: give a non-empty string`],
    [
      "service with a dot",
      { service: "subaccount.apigw" },
      `${W}service "subaccount.apigw" is not valid: the host's first label in lower case (subaccount in subaccount.apigw.ntruss.com)`,
    ],
    [
      "basePath with a trailing /",
      { basePath: "/api/v1/" },
      `${W}basePath "/api/v1/" is not valid: a path such as "/api/v1" (one leading /, no trailing /, no //, . or .. segment, no control character), or ""`,
    ],
    [
      "basePath without the leading /",
      { basePath: "x/api" },
      `${W}basePath "x/api" is not valid: a path such as "/api/v1" (one leading /, no trailing /, no //, . or .. segment, no control character), or ""`,
    ],
    [
      "basePath not a string",
      { basePath: 3 },
      `${W}basePath 3 is not valid: a path such as "/api/v1" (one leading /, no trailing /, no //, . or .. segment, no control character), or ""`,
    ],
    [
      "basePath to another host (//)",
      { basePath: "//evil.example/api" },
      `${W}basePath "//evil.example/api" is not valid: a path such as "/api/v1" (one leading /, no trailing /, no //, . or .. segment, no control character), or ""`,
    ],
    [
      "basePath with a .. segment",
      { basePath: "/api/../admin" },
      `${W}basePath "/api/../admin" is not valid: a path such as "/api/v1" (one leading /, no trailing /, no //, . or .. segment, no control character), or ""`,
    ],
    [
      "path with a NUL",
      { path: "/sub\u0000accounts" },
      `${W}path "/sub\\u0000accounts" is not valid: no //, . or .. segment, backslash or control character`,
    ],
    [
      "siteBasePaths with a number",
      { siteBasePaths: { public: 42 } },
      `${W}siteBasePaths.public 42 is not valid: a path such as "/api/v1" (one leading /, no trailing /, no //, . or .. segment, no control character), or ""`,
    ],
    [
      "siteBasePaths of an unknown site",
      { siteBasePaths: { mars: "/x" } },
      `${W}siteBasePaths.mars is not a site; use public, gov, fin`,
    ],
    [
      "siteFixedParams not an object",
      { siteFixedParams: "nope" },
      `${W}siteFixedParams must be an object of { <param>: "<value>" } by site, e.g. { gov: { platform: "classic" } }, got "nope"`,
    ],
    [
      "siteFixedParams naming no param",
      { siteFixedParams: { gov: { platform: "classic" } } },
      `${W}siteFixedParams.gov.platform is not one of the params (searchWord)`,
    ],
    [
      "regionOnlyValues a number",
      { regionOnlyValues: 7 },
      `${W}regionOnlyValues must be an object of { <param>: "<value>" } by region, e.g. { SGN: { platform: "vpc" } }, got 7`,
    ],
    [
      "regionOnlyValues with a value that is no string",
      { regionOnlyValues: { SGN: { searchWord: 1 } } },
      `${W}regionOnlyValues.SGN.searchWord must be a string, got 1`,
    ],
    ["regional not a boolean", { regional: "yes" }, `${W}regional must be true or false, got "yes"`],
    [
      "path without the leading /",
      { path: "x/sub-accounts" },
      `${W}path "x/sub-accounts" is not valid: a path such as "/sub-accounts" (leading /, no query)`,
    ],
    [
      "path with a query",
      { path: "/sub-accounts?all=1" },
      `${W}path "/sub-accounts?all=1" is not valid: a path such as "/sub-accounts" (leading /, no query)`,
    ],
    [
      "fields empty",
      { fields: {} },
      `${W}fields is missing: give the item fields and their types, e.g. { loginId: "string" }`,
    ],
    [
      "fields an array",
      { fields: ["loginId"] },
      `${W}fields is missing: give the item fields and their types, e.g. { loginId: "string" }`,
    ],
    [
      "a field of an unknown type",
      { fields: { subAccountNo: "string", loginId: "text" } },
      `${W}fields.loginId has type "text"; use one of string, boolean, integer, string[], json`,
    ],
    ["idField missing", { idField: undefined }, `${W}idField is missing; ${FIELDS_OF}`],
    ["nameField missing", { nameField: undefined }, `${W}nameField is missing; ${FIELDS_OF}`],
    [
      "idField not a field",
      { idField: "subAccountId" },
      `${W}idField names "subAccountId", which is not in fields; ${FIELDS_OF}`,
    ],
    [
      "nrnField not a field",
      { nrnField: "nrn" },
      `${W}nrnField names "nrn", which is not in fields; ${FIELDS_OF}`,
    ],
    [
      "descriptionField not a field",
      { descriptionField: "memo" },
      `${W}descriptionField names "memo", which is not in fields; ${FIELDS_OF}`,
    ],
    [
      "idField inherited from Object",
      { idField: "toString" },
      `${W}idField names "toString", which is not in fields; ${FIELDS_OF}`,
    ],
    [
      "params missing",
      { params: undefined },
      `${W}params is missing: give the query parameters, or [] for none`,
    ],
    [
      "a param not an object",
      { params: ["searchWord"] },
      `${W}params[0] must be an object { name, type, description }`,
    ],
    [
      "a param name with a space",
      { params: [{ name: "search word", type: "string", description: "x" }] },
      `${W}params[0].name "search word" is not a parameter name (letters, digits, _ . -)`,
    ],
    [
      "a param name not a string",
      { params: [{ type: "string", description: "x" }] },
      `${W}params[0].name undefined is not a parameter name (letters, digits, _ . -)`,
    ],
    [
      "a param given twice",
      {
        params: [
          { name: "a", type: "string", description: "x" },
          { name: "a", type: "string", description: "y" },
        ],
      },
      `${W}params[1].name "a" is given twice`,
    ],
    [
      "a param of an unknown type",
      { params: [{ name: "searchWord", type: "text", description: "x" }] },
      `${W}params[0].type is "text"; use one of string, boolean, enum`,
    ],
    [
      "an enum without values",
      { params: [{ name: "mode", type: "enum", description: "x" }] },
      `${W}params[0].values must list the allowed values (strings) of an enum`,
    ],
    [
      "an enum with no values",
      { params: [{ name: "mode", type: "enum", values: [], description: "x" }] },
      `${W}params[0].values must list the allowed values (strings) of an enum`,
    ],
    [
      "an enum with a value not a string",
      { params: [{ name: "mode", type: "enum", values: ["A", 2], description: "x" }] },
      `${W}params[0].values must list the allowed values (strings) of an enum`,
    ],
    [
      "a param without a description",
      { params: [{ name: "searchWord", type: "string" }] },
      `${W}params[0].description is missing: say what it filters`,
    ],
    [
      "paging missing",
      { paging: undefined },
      `${W}paging is missing: give { style: "none" | "page" | "offset", ..., response }`,
    ],
    ["table empty", { table: [] }, `${W}table must list one or more fields`],
    ["table not an array", { table: "loginId" }, `${W}table must list one or more fields`],
    [
      "table naming no field",
      { table: ["loginId", "email"] },
      `${W}table names "email", which is not in fields; use some of subAccountNo, loginId, name, active`,
    ],
    [
      "wireOrder not an array",
      { wireOrder: "searchWord" },
      `${W}wireOrder must list every parameter once: searchWord`,
    ],
    [
      "wireOrder too long",
      { wireOrder: ["searchWord", "searchWord"] },
      `${W}wireOrder must list every parameter once: searchWord`,
    ],
    [
      "wireOrder naming another",
      { wireOrder: ["searchword"] },
      `${W}wireOrder must list every parameter once: searchWord`,
    ],
    [
      "wireOrder repeating one parameter and missing another",
      {
        params: [...SUB_ACCOUNTS.params, { name: "b", type: "boolean", description: "x" }],
        wireOrder: ["b", "b"],
      },
      `${W}wireOrder must list every parameter once: searchWord, b`,
    ],
    [
      "a filter on no param, of two",
      {
        params: [...SUB_ACCOUNTS.params, { name: "b", type: "boolean", description: "x" }],
        filters: [{ param: "c", kind: "bucket" }],
      },
      `${W}filters[0].param must name one of params: searchWord, b`,
    ],
    ["filters not an array", { filters: {} }, `${W}filters must be an array`],
    [
      "a filter on no param",
      { filters: [{ param: "query", kind: "equals", field: "loginId" }] },
      `${W}filters[0].param must name one of params: searchWord`,
    ],
    [
      "a filter when there are no params",
      { params: [], filters: [{ param: "query", kind: "bucket" }] },
      `${W}filters[0].param must name one of params: (none)`,
    ],
    [
      "a filter not an object",
      { filters: ["searchWord"] },
      `${W}filters[0].param must name one of params: searchWord`,
    ],
    [
      "an equals filter on no field",
      { filters: [{ param: "searchWord", kind: "equals", field: "email" }] },
      `${W}filters[0].field must name one of fields: subAccountNo, loginId, name, active`,
    ],
    [
      "a contains filter without a field",
      { filters: [{ param: "searchWord", kind: "contains" }] },
      `${W}filters[0].field must name one of fields: subAccountNo, loginId, name, active`,
    ],
    [
      "a filter of an unknown kind",
      { filters: [{ param: "searchWord", kind: "startsWith", field: "loginId" }] },
      `${W}filters[0].kind must be one of equals, contains, containsIn, notListedIn, bucket`,
    ],
    ["emulator not an object", { emulator: 5 }, `${W}emulator must be an object { cap, defaultSize }`],
    ["emulator.cap zero", { emulator: { cap: 0 } }, `${W}emulator.cap must be a positive integer`],
    ["emulator.cap a fraction", { emulator: { cap: 2.5 } }, `${W}emulator.cap must be a positive integer`],
    [
      "emulator.defaultSize negative",
      { emulator: { defaultSize: -1 } },
      `${W}emulator.defaultSize must be a positive integer`,
    ],
  ])("%s", (_what, patch, message) => {
    expect(patched(patch)).toBe(message);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["style unknown", { style: "cursor" }, `${W}paging.style is "cursor"; use one of none, page, offset`],
    [
      "page style without indexParam",
      { indexParam: undefined },
      `${W}paging.indexParam is missing: name the page index parameter`,
    ],
    [
      "offset style without indexParam",
      { style: "offset", indexParam: undefined },
      `${W}paging.indexParam is missing: name the offset parameter`,
    ],
    [
      "page style without sizeParam",
      { sizeParam: undefined },
      `${W}paging.sizeParam is missing: name the page size parameter`,
    ],
    [
      "sizeParam with a space",
      { sizeParam: "page size" },
      `${W}paging.sizeParam is missing: name the page size parameter`,
    ],
    [
      "indexParam also a filter",
      { indexParam: "searchWord" },
      `${W}paging.indexParam "searchWord" is also in params; paging parameters are not filters`,
    ],
    [
      "sizeParam also a filter",
      { sizeParam: "searchWord" },
      `${W}paging.sizeParam "searchWord" is also in params; paging parameters are not filters`,
    ],
    [
      "the same index and size",
      { sizeParam: "page" },
      `${W}paging.sizeParam is the same as paging.indexParam`,
    ],
    [
      "no response",
      { response: undefined },
      `${W}paging.response is missing: give the response body's shape with markers, e.g. { content: "$items", totalCount: "$total" }`,
    ],
    [
      "a response that is an array",
      { response: ["$items"] },
      `${W}paging.response is missing: give the response body's shape with markers, e.g. { content: "$items", totalCount: "$total" }`,
    ],
    [
      "an unknown marker, nested",
      { response: { items: "$items", meta: { paging: { total: "$totl" } } } },
      `${W}paging.response.meta.paging.total holds "$totl", which is not a marker; use one of $items, $total, $index, $size, $pages, $hasNext, $hasPrevious, $isFirst, $isLast, $unfiltered`,
    ],
    [
      "an unknown marker at the top",
      { response: { ...RESPONSE, next: "$next" } },
      `${W}paging.response.next holds "$next", which is not a marker; use one of $items, $total, $index, $size, $pages, $hasNext, $hasPrevious, $isFirst, $isLast, $unfiltered`,
    ],
    [
      "no $items",
      { response: { totalItems: "$total", content: [] } },
      `${W}paging.response has no "$items" marker; put "$items" once, where the items array is`,
    ],
    [
      "$items only inside an array (arrays hold no markers)",
      { response: { totalItems: "$total", content: ["$items"] } },
      `${W}paging.response has no "$items" marker; put "$items" once, where the items array is`,
    ],
    [
      "$items twice",
      { response: { ...RESPONSE, data: { items: "$items" } } },
      `${W}paging.response has more than one "$items" marker; put "$items" once, where the items array is`,
    ],
    [
      "page style without $total",
      { response: { items: "$items" } },
      `${W}paging.response has no "$total" marker; a page-style list needs the total item count to know how many pages to ask for`,
    ],
    [
      "offset style with $total twice",
      { style: "offset", response: { items: "$items", total: "$total", meta: { total: "$total" } } },
      `${W}paging.response has no "$total" marker; a offset-style list needs the total item count to know how many pages to ask for`,
    ],
    ["defaultSize zero", { defaultSize: 0 }, `${W}paging.defaultSize must be a positive integer`],
    ["defaultSize a fraction", { defaultSize: 1.5 }, `${W}paging.defaultSize must be a positive integer`],
    ["defaultSize a string", { defaultSize: "20" }, `${W}paging.defaultSize must be a positive integer`],
  ])("paging: %s", (_what, patch, message) => {
    expect(paging(patch)).toBe(message);
  });

  it.each<[string, Record<string, unknown>]>([
    ["basePath empty", { basePath: "" }],
    ["basePath of one segment", { basePath: "/a" }],
    [
      "an enum with string values",
      { params: [{ name: "mode", type: "enum", values: ["A", "B"], description: "x" }] },
    ],
    ["no params", { params: [] }],
    [
      "wireOrder in another order",
      {
        params: [...SUB_ACCOUNTS.params, { name: "b", type: "boolean", description: "x" }],
        wireOrder: ["b", "searchWord"],
      },
    ],
    ["nrnField and descriptionField naming fields", { nrnField: "name", descriptionField: "name" }],
    ["a containsIn filter without a field", { filters: [{ param: "searchWord", kind: "containsIn" }] }],
    ["a notListedIn filter", { filters: [{ param: "searchWord", kind: "notListedIn" }] }],
    ["emulator with positive numbers", { emulator: { cap: 1, defaultSize: 3 } }],
    ["an empty emulator", { emulator: {} }],
    [
      "strings that are not markers",
      { paging: { ...PAGING, response: { ...RESPONSE, note: "items", list: ["$nope"] } } },
    ],
    [
      "style none without index, size or $total",
      { paging: { style: "none", response: { items: "$items" } } },
    ],
    ["defaultSize 1", { paging: { ...PAGING, defaultSize: 1 } }],
  ])("accepts %s", (_what, patch) => {
    expect(patched(patch)).toBe("accepted");
  });
});

describe("defaults", () => {
  it("derives a contains filter for a string param named like a field, equals for others, none for the rest", () => {
    const def = completeDefinition({
      ...SUB_ACCOUNTS,
      params: [
        { name: "loginId", type: "string", description: "x" },
        { name: "active", type: "boolean", description: "y" },
        { name: "mode", type: "enum", values: ["a"], description: "z" },
        { name: "name", type: "enum", values: ["a"], description: "z" },
      ],
    });
    expect(def.filters).toEqual([
      { param: "loginId", kind: "contains", field: "loginId" },
      { param: "active", kind: "equals", field: "active" },
      { param: "name", kind: "equals", field: "name" },
    ]);
  });

  it("keeps given filters, table and wire order", () => {
    const filters = [{ param: "searchWord", kind: "contains" as const, field: "loginId" }];
    const def = completeDefinition({ ...SUB_ACCOUNTS, filters, table: ["name"], wireOrder: ["searchWord"] });
    expect(def.filters).toStrictEqual(filters);
    expect(def.table).toEqual(["name"]);
    expect(def.wireOrder).toEqual(["searchWord"]);
  });

  it("a table of one column when name and id are the same field", () => {
    expect(completeDefinition({ ...SUB_ACCOUNTS, idField: "loginId" }).table).toEqual(["loginId"]);
  });

  it("the emulator: no wrong-name value, the paging default size, then what the definition gives", () => {
    expect(completeDefinition(SUB_ACCOUNTS).emulator).toStrictEqual({ wrongNameValue: null });
    const sized = { ...SUB_ACCOUNTS, paging: { ...PAGING, defaultSize: 20 } };
    expect(completeDefinition(sized).emulator).toStrictEqual({ wrongNameValue: null, defaultSize: 20 });
    expect(completeDefinition({ ...sized, emulator: { cap: 5, defaultSize: 7 } }).emulator).toStrictEqual({
      wrongNameValue: null,
      defaultSize: 7,
      cap: 5,
    });
  });

  it("returns the given fields as they are, and optional ones absent stay absent", () => {
    const def = completeDefinition(SUB_ACCOUNTS);
    expect(def.idField).toBe("subAccountNo");
    expect(def.nameField).toBe("loginId");
    expect(def.nrnField).toBeUndefined();
    expect(def.paging).toBe(SUB_ACCOUNTS.paging);
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
