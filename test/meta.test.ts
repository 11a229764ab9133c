/**
 * The zod-free fast checks (used by constructs and the lock file) must accept exactly what the
 * schemas accept: compared on generated inputs, list by list.
 */
import fc from "fast-check";
import type { z } from "zod";
import { itemSchemaOf, validateQueryOf } from "../lib/services/lists";
import { checkFilters, isValidItem, LIST_KINDS, listDefinition, type ListKind } from "../lib/services/meta";

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
