/**
 * A valid lock file is read by the fast check alone: zod (the schema that explains a refusal) is never
 * loaded for it, so a synth from the lock file stays light. Here zod cannot be loaded at all.
 */
import { parseLockFile } from "../lib/lookups/lock-format";
import { FILE, ITEM, KEY, NOW, rawEntry } from "./helpers/lock-fixtures";

jest.mock("zod", () => {
  throw new Error("zod was loaded");
});

const entry = rawEntry;

describe("a valid file is read without zod (the fast check passes it)", () => {
  it("every field a writer records, at its edges, passes without loading the schema", () => {
    const full = {
      [KEY]: entry({
        account: "default",
        source: "https://subaccount.apigw.ntruss.com",
        profile: "DEFAULT",
        keyFingerprint: "e7550c5b6d87",
        itemCount: 2,
        pageSize: 1,
        items: [ITEM, { ...ITEM, policyId: "p2" }],
        fetchedAt: "2024-01-01T09:00:00.5+09:00",
      }),
      "packages@public:SGN": entry({ kind: "packages", query: {}, region: "SGN", itemCount: 0, items: [] }),
      "v1-style@public": entry({ endpoint: "http://127.0.0.1:1" }),
    };
    const data = parseLockFile(JSON.stringify({ formatVersion: 2, entries: full }), FILE, NOW);
    expect(Object.keys(data.entries).sort()).toEqual(
      ["local:v1-style@public", "packages@public:SGN", KEY].sort(),
    );
  });

  it("a refused entry needs the schema: here, where zod cannot load, that fails loudly", () => {
    const bad = JSON.stringify({ formatVersion: 2, entries: { [KEY]: entry({ pageSize: 0 }) } });
    expect(() => parseLockFile(bad, FILE, NOW)).toThrow("zod was loaded");
  });
});
