/**
 * The zod-free fast checks (used by constructs and the lock file) must accept exactly what the
 * schemas accept: compared on generated inputs, list by list.
 */
import fc from "fast-check";
import type { z } from "zod";
import { itemSchemaOf, validateQueryOf } from "../lib/services/lists";
import {
  checkFilters,
  isValidItem,
  isValidPage,
  isWellFormedText,
  LIST_KINDS,
  listDefinition,
  registerList,
  type ListKind,
} from "../lib/services/meta";

const oneOf = (...values: unknown[]): fc.Arbitrary<unknown> => fc.constantFrom(...values);
const anyValue = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 3 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  oneOf(null, undefined, [], {}, ["a"], [1], "x".repeat(101), "x".repeat(1001), "", "\uD800"),
);

function filterArb(kind: ListKind): fc.Arbitrary<Record<string, unknown>> {
  const params = listDefinition(kind).params;
  const valueFor = (name: string): fc.Arbitrary<unknown> => {
    const p = params.find((q) => q.name === name);
    const good =
      p?.type === "enum"
        ? fc.constantFrom(...(p.values ?? []))
        : p?.type === "boolean"
          ? fc.boolean()
          : fc.string({ maxLength: 120 });
    return fc.oneof(good, anyValue);
  };
  const names = [...params.map((p) => p.name), "page", "size", "bogus"];
  return fc
    .dictionary(fc.constantFrom(...names), fc.constant(null), { maxKeys: 4 })
    .chain((shape) => fc.record(Object.fromEntries(Object.keys(shape).map((n) => [n, valueFor(n)]))));
}

function itemArb(kind: ListKind): fc.Arbitrary<unknown> {
  const fields = Object.keys(listDefinition(kind).fields);
  const good: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.string(),
    boolean: fc.boolean(),
    integer: fc.integer(),
    "string[]": fc.array(fc.string(), { maxLength: 3 }),
    json: fc.jsonValue({ maxDepth: 2 }),
  };
  return fc.record(
    Object.fromEntries(
      fields.map((f) => [
        f,
        fc.oneof(good[listDefinition(kind).fields[f] as string] as fc.Arbitrary<unknown>, anyValue),
      ]),
    ),
    { requiredKeys: [] },
  );
}

describe.each(LIST_KINDS.map((k) => [k]))("%s", (kind) => {
  it("checkFilters accepts exactly what the query schema accepts", () => {
    fc.assert(
      fc.property(filterArb(kind), (input) => {
        let schemaOk = true;
        try {
          validateQueryOf(listDefinition(kind), input);
        } catch {
          schemaOk = false;
        }
        expect(checkFilters(kind, input) !== undefined).toBe(schemaOk);
      }),
      { numRuns: 300 },
    );
  });

  it("isValidItem accepts exactly what the item schema accepts", () => {
    const schema = itemSchemaOf(listDefinition(kind)) as z.ZodType;
    fc.assert(
      fc.property(itemArb(kind), (item) => {
        expect(isValidItem(kind, item)).toBe(schema.safeParse(item).success);
      }),
      { numRuns: 300 },
    );
  });

  it("the field table names every field of the item schema", () => {
    const shape = (itemSchemaOf(listDefinition(kind)) as unknown as { shape: Record<string, unknown> }).shape;
    expect(Object.keys(listDefinition(kind).fields).sort()).toEqual(Object.keys(shape).sort());
  });
});

// Lists registered when the file loads (not inside a test): the definition checks load with them.
registerList({
  kind: "meta-test-tags",
  title: "Tagged things",
  service: "tags",
  basePath: "",
  path: "/tags",
  params: [],
  fields: { id: "string", tags: "string[]" },
  idField: "id",
  nameField: "id",
  paging: { style: "none", response: { items: "$items" } },
});
registerList({
  kind: "meta-test-versioned",
  title: "Versioned things",
  service: "tags",
  basePath: "",
  path: "/versioned",
  params: [],
  fields: { id: "string" },
  idField: "id",
  nameField: "id",
  paging: { style: "none", response: { items: "$items", version: 2, meta: null } as never },
});

describe("the fast checks, case by case", () => {
  it.each<[string, string, unknown, unknown]>([
    ["no filters", "policies", undefined, {}],
    ["null", "policies", null, {}],
    ["a string", "policies", "type=USER_CREATED", undefined],
    ["an array", "policies", [], undefined],
    ["a number", "policies", 5, undefined],
    ["undefined values left out", "policies", { type: undefined, searchWord: "a" }, { searchWord: "a" }],
    ["an unknown name", "policies", { bogus: "1" }, undefined],
    ["an enum value", "policies", { type: "USER_CREATED" }, { type: "USER_CREATED" }],
    ["an enum value not listed", "policies", { type: "OTHER" }, undefined],
    ["an enum value not a string", "policies", { type: 1 }, undefined],
    ["a boolean", "products", { isPublished: false }, { isPublished: false }],
    ["a boolean as text", "products", { isPublished: "true" }, undefined],
    [
      "a string of the longest length",
      "policies",
      { searchWord: "x".repeat(1000) },
      { searchWord: "x".repeat(1000) },
    ],
    ["a string one too long", "policies", { searchWord: "x".repeat(1001) }, undefined],
    ["a string not a string", "policies", { searchWord: 5 }, undefined],
    ["a string with a lone surrogate", "policies", { searchWord: "a\uD800" }, undefined],
    [
      "a string under its minimum length",
      "products",
      { hasStageNotAssociatedWithUsagePlanId: "" },
      undefined,
    ],
    [
      "a string of its minimum length",
      "products",
      { hasStageNotAssociatedWithUsagePlanId: "s" },
      { hasStageNotAssociatedWithUsagePlanId: "s" },
    ],
    ["an empty string without a minimum", "policies", { searchWord: "" }, { searchWord: "" }],
  ])("checkFilters: %s", (_what, kind, input, expected) => {
    expect(checkFilters(kind, input)).toStrictEqual(expected);
  });

  it.each([
    ["a", true],
    ["", true],
    ["\uD83D\uDE00", true],
    ["\uD800", false],
    ["\uDC00", false],
    ["a\uDC00b", false],
    ["\uD800a", false],
    ["\uDE00\uD83D", false],
  ])("isWellFormedText(%j) is %s", (text, expected) => {
    expect(isWellFormedText(text)).toBe(expected);
  });

  const profile = {
    profileId: "p-1",
    name: "ci",
    enabled: true,
    durationSeconds: 3600,
    roleNrnList: [{ a: 1 }],
  };
  it.each<[string, unknown, boolean]>([
    ["a full item", profile, true],
    ["unknown fields kept", { ...profile, extra: 1 }, true],
    ["optional fields null or absent", { profileId: "p-1", name: "ci", description: null }, true],
    ["no name", { profileId: "p-1" }, false],
    ["a null id", { profileId: null, name: "ci" }, false],
    ["an id not a string", { profileId: 1, name: "ci" }, false],
    ["a boolean as text", { ...profile, enabled: "yes" }, false],
    ["an integer with a fraction", { ...profile, durationSeconds: 1.5 }, false],
    ["an integer past 2^53", { ...profile, durationSeconds: 2 ** 53 }, false],
    ["an integer as text", { ...profile, durationSeconds: "3600" }, false],
    ["json of any shape", { ...profile, roleNrnList: "x" }, true],
    ["a string as a number", { ...profile, description: 5 }, false],
    ["null", null, false],
    ["an array", [profile], false],
    ["a string", "ci", false],
  ])("isValidItem(profiles): %s", (_what, item, expected) => {
    expect(isValidItem("profiles", item)).toBe(expected);
  });

  it("isValidItem checks string[] fields: an array of strings only", () => {
    expect(isValidItem("meta-test-tags", { id: "a", tags: ["x", "y"] })).toBe(true);
    expect(isValidItem("meta-test-tags", { id: "a", tags: [] })).toBe(true);
    expect(isValidItem("meta-test-tags", { id: "a", tags: ["x", 1] })).toBe(false);
    expect(isValidItem("meta-test-tags", { id: "a", tags: "x" })).toBe(false);
    expect(isValidPage("meta-test-tags", { items: [{ id: "a" }] })).toBe(true);
    expect(isValidPage("meta-test-tags", { items: [{ id: 1 }] })).toBe(false);
    // Numbers and null in the template are not markers: whatever the body holds there is fine.
    expect(isValidPage("meta-test-versioned", { items: [], version: "x" })).toBe(true);
  });

  const item = { policyId: "p-1", policyName: "a", policyType: "USER_CREATED" };
  const page = {
    page: 0,
    totalPages: 1,
    totalItems: 1,
    hasPrevious: false,
    hasNext: false,
    items: [item],
    isFirst: true,
    isLast: true,
  };
  it.each<[string, Record<string, unknown>, boolean]>([
    ["a full page", {}, true],
    [
      "no optional markers",
      {
        page: undefined,
        totalPages: undefined,
        hasPrevious: undefined,
        hasNext: undefined,
        isFirst: undefined,
        isLast: undefined,
      },
      true,
    ],
    ["total 0", { totalItems: 0, items: [] }, true],
    ["index and page count 0", { page: 0, totalPages: 0, totalItems: 0, items: [] }, true],
    ["no total", { totalItems: undefined }, false],
    ["a negative total", { totalItems: -1 }, false],
    ["a fractional total", { totalItems: 1.5 }, false],
    ["a total as text", { totalItems: "1" }, false],
    ["a negative index", { page: -1 }, false],
    ["a fractional index", { page: 0.5 }, false],
    ["a negative page count", { totalPages: -1 }, false],
    ["a null page count", { totalPages: null }, false],
    ["hasNext as text", { hasNext: "no" }, false],
    ["hasPrevious as a number", { hasPrevious: 0 }, false],
    ["isFirst null", { isFirst: null }, false],
    ["isLast as text", { isLast: "true" }, false],
    ["items not an array", { items: item }, false],
    ["an item without its id", { items: [{ policyName: "a" }] }, false],
  ])("isValidPage(policies): %s", (_what, patch, expected) => {
    expect(isValidPage("policies", { ...page, ...patch })).toBe(expected);
  });

  it.each<[string, unknown, boolean]>([
    ["a page", { pageNo: 0, totalElements: 0, pageSize: 20, content: [] }, true],
    ["a null size", { pageNo: 0, totalElements: 0, pageSize: null, content: [] }, true],
    ["no size", { pageNo: 0, totalElements: 0, content: [] }, true],
    ["size 0", { pageNo: 0, totalElements: 0, pageSize: 0, content: [] }, true],
    ["a negative size", { pageNo: 0, totalElements: 0, pageSize: -1, content: [] }, false],
    ["a fractional size", { pageNo: 0, totalElements: 0, pageSize: 2.5, content: [] }, false],
    ["null", null, false],
    ["an array", [], false],
    ["a string", "page", false],
  ])("isValidPage(profiles): %s", (_what, body, expected) => {
    expect(isValidPage("profiles", body)).toBe(expected);
  });

  it.each<[string, unknown, boolean]>([
    ["a nested page", { initialCount: 3, productPage: { total: 0, content: [] } }, true],
    ["an unfiltered count null", { initialCount: null, productPage: { total: 0, content: [] } }, true],
    ["no unfiltered count", { productPage: { total: 0, content: [] } }, true],
    [
      "a negative unfiltered count (not checked for sign)",
      { initialCount: -3, productPage: { total: 0, content: [] } },
      true,
    ],
    ["a fractional unfiltered count", { initialCount: 1.5, productPage: { total: 0, content: [] } }, false],
    ["the nested object missing", { initialCount: 3 }, false],
    ["the nested object an array", { initialCount: 3, productPage: [] }, false],
    ["the nested object null", { initialCount: 3, productPage: null }, false],
  ])("isValidPage(products): %s", (_what, body, expected) => {
    expect(isValidPage("products", body)).toBe(expected);
  });
});
