import fc from "fast-check";
import { ValidationError } from "../lib/errors";
import { lookupKey, lookupSpec, parseLookupKey, type LookupSpec } from "../lib/lookups/key";
import { thrownBy } from "./helpers/lookup-harness";

describe("lookupKey", () => {
  it("is kind@site with filters sorted by name and percent-encoded", () => {
    expect(lookupKey(lookupSpec("policies", { type: "SYSTEM_MANAGED" }, {}, {}))).toBe(
      "policies@public?type=SYSTEM_MANAGED",
    );
    expect(lookupKey(lookupSpec("packages", {}, {}, {}))).toBe("packages@public");
    expect(
      lookupKey(lookupSpec("products", { productName: "결제 API&v=2+", isPublished: false }, {}, {})),
    ).toBe("products@public?isPublished=false&productName=%EA%B2%B0%EC%A0%9C%20API%26v%3D2%2B");
  });

  it("does not depend on the order filters are given in", () => {
    const a = lookupSpec(
      "policies",
      { type: "USER_CREATED", searchColumn: "policyName", searchWord: "개발" },
      {},
      {},
    );
    const b = lookupSpec(
      "policies",
      { searchWord: "개발", type: "USER_CREATED", searchColumn: "policyName" },
      {},
      {},
    );
    const c = lookupSpec(
      "policies",
      { searchColumn: "policyName", searchWord: "개발", type: "USER_CREATED" },
      {},
      {},
    );
    expect(lookupKey(a)).toBe(lookupKey(b));
    expect(lookupKey(a)).toBe(lookupKey(c));
    expect(lookupKey(a)).toBe(
      "policies@public?searchColumn=policyName&searchWord=%EA%B0%9C%EB%B0%9C&type=USER_CREATED",
    );
  });

  it("ignores filters given as undefined", () => {
    expect(lookupKey(lookupSpec("policies", { type: undefined, searchWord: "x" }, {}, {}))).toBe(
      lookupKey(lookupSpec("policies", { searchWord: "x" }, {}, {})),
    );
  });

  it("includes the site, from settings or NCLOUD_SITE", () => {
    expect(lookupKey(lookupSpec("policies", {}, { site: "gov" }, {}))).toBe("policies@gov");
    expect(lookupKey(lookupSpec("policies", {}, { site: "FIN" }, {}))).toBe("policies@fin");
    expect(lookupKey(lookupSpec("policies", {}, {}, { NCLOUD_SITE: "gov" }))).toBe("policies@gov");
    // the setting wins over the environment
    expect(lookupKey(lookupSpec("policies", {}, { site: "public" }, { NCLOUD_SITE: "gov" }))).toBe(
      "policies@public",
    );
  });

  it("includes the normalised endpoint override, from settings or NCLOUD_LOOKUPS_ENDPOINT", () => {
    expect(
      lookupKey(lookupSpec("profiles", { searchWord: "a" }, { endpoint: "http://127.0.0.1:8080/" }, {})),
    ).toBe("profiles@public+http://127.0.0.1:8080?searchWord=a");
    expect(
      lookupKey(lookupSpec("profiles", {}, {}, { NCLOUD_LOOKUPS_ENDPOINT: "https://Example.COM:443" })),
    ).toBe("profiles@public+https://example.com");
    // different endpoints and sites are different lookups
    const keys = new Set([
      lookupKey(lookupSpec("profiles", {}, {}, {})),
      lookupKey(lookupSpec("profiles", {}, { site: "gov" }, {})),
      lookupKey(lookupSpec("profiles", {}, { endpoint: "http://127.0.0.1:1" }, {})),
      lookupKey(lookupSpec("profiles", {}, { endpoint: "http://127.0.0.1:2" }, {})),
    ]);
    expect(keys.size).toBe(4);
  });

  it("does not include credentials, profile, timeout or concurrency", () => {
    const plain = lookupKey(lookupSpec("policies", {}, {}, {}));
    expect(
      lookupKey(
        lookupSpec(
          "policies",
          {},
          { accessKey: "AK123", secretKey: "SECRET", profile: "prod", timeoutMs: 5, concurrency: 3 },
          {},
        ),
      ),
    ).toBe(plain);
  });

  it("lookupSpec refuses bad filters and settings with ValidationError", () => {
    expect(() => lookupSpec("policies", { type: "FOO" }, {}, {})).toThrow(ValidationError);
    expect(() => lookupSpec("policies", { bogus: 1 }, {}, {})).toThrow(/unknown parameter\(s\) bogus/);
    expect(() => lookupSpec("policies", {}, { site: "mars" }, {})).toThrow(/site "mars".*public, gov, fin/);
    expect(() => lookupSpec("policies", {}, {}, { NCLOUD_SITE: "mars" })).toThrow(/NCLOUD_SITE "mars"/);
    expect(() => lookupSpec("policies", {}, { endpoint: "http://10.1.2.3" }, {})).toThrow(
      /10\.1\.2\.3.*loopback/,
    );
  });

  it("a filter value with a lone surrogate (no UTF-8 form) is a ValidationError naming the filter", () => {
    const err = thrownBy(() => lookupKey(lookupSpec("policies", { searchWord: "ab\uD800" }, {}, {})));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toContain("searchWord");
  });
});

describe("parseLookupKey", () => {
  it("parses keys back into specs", () => {
    expect(parseLookupKey("policies@public?type=SYSTEM_MANAGED")).toEqual({
      kind: "policies",
      site: "public",
      query: { type: "SYSTEM_MANAGED" },
    });
    expect(
      parseLookupKey("products@gov+http://127.0.0.1:9?isPublished=true&productName=%EA%B2%B0%EC%A0%9C"),
    ).toEqual({
      kind: "products",
      site: "gov",
      endpoint: "http://127.0.0.1:9",
      query: { isPublished: true, productName: "결제" },
    });
    expect(parseLookupKey("packages@fin")).toEqual({ kind: "packages", site: "fin", query: {} });
  });

  it("does not read the environment (a key says everything)", () => {
    const saved = process.env.NCLOUD_SITE;
    process.env.NCLOUD_SITE = "gov";
    try {
      expect(parseLookupKey("policies@public").site).toBe("public");
    } finally {
      if (saved === undefined) delete process.env.NCLOUD_SITE;
      else process.env.NCLOUD_SITE = saved;
    }
  });

  it.each([
    [""],
    ["policies"],
    ["policies@"],
    ["policies@mars"],
    ["widgets@public"],
    ["Policies@public"],
    [" policies@public"],
    ["policies@public+"],
    ["policies@public?type=FOO"],
    ["policies@public?bogus=1"],
    ["products@public?productName=" + "x".repeat(101)],
    ["profiles@public?searchColumn=nrn"],
    ["policies@public+http://10.1.2.3"],
    ["policies@public+ftp://127.0.0.1"],
    ["policies@public+http://127.0.0.1/path"],
  ])("%j is a ValidationError", (key) => {
    const err = thrownBy(() => parseLookupKey(key));
    expect(err).toBeInstanceOf(ValidationError);
  });

  it("names the bad key and shows what a key looks like", () => {
    expect(() => parseLookupKey("nonsense")).toThrow(
      /"nonsense" is not a lookup key.*policies@public\?type=SYSTEM_MANAGED/,
    );
  });

  // A broken percent escape is a malformed key like any other.
  it.each([
    ["policies@public?searchWord=%E0%A4%A"],
    ["policies@public?searchWord=100%"],
    ["profiles@public?searchWord=%ZZ"],
  ])("%j (broken percent escape) is a ValidationError, not a bare URIError", (key) => {
    const err = thrownBy(() => parseLookupKey(key));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toContain(key);
  });

  // A boolean filter value other than true/false is refused, not read as false.
  it.each([["yes"], ["TRUE"], ["1"], [""]])("a boolean filter written %j is a ValidationError", (value) => {
    const err = thrownBy(() => parseLookupKey(`products@public?isPublished=${value}`));
    expect(err).toBeInstanceOf(ValidationError);
  });
});

// Characters that matter in keys: separators, encoding-sensitive ASCII, Korean, emoji.
const keyChars = fc.constantFrom(
  "&",
  "=",
  "+",
  " ",
  "%",
  "?",
  "#",
  "@",
  "/",
  ":",
  "~",
  "*",
  "'",
  "a",
  "Z",
  "0",
  "개",
  "발",
  "결",
  "제",
  "팀",
  "é",
  "🚀",
  "\n",
);
const text = (maxLength: number, minLength = 0): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: keyChars, minLength, maxLength }),
    fc.string({ unit: "grapheme", minLength, maxLength }),
    fc.string({ unit: "binary", minLength, maxLength }),
  );
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

const filtersOf = {
  packages: fc.record({ platform: maybe(fc.constantFrom("vpc", "classic")) }),
  policies: fc.record({
    type: maybe(fc.constantFrom("SYSTEM_MANAGED", "USER_CREATED")),
    searchColumn: maybe(fc.constant("policyName")),
    searchWord: maybe(text(30)),
  }),
  products: fc.record({
    productName: maybe(text(30)),
    isPublished: maybe(fc.boolean()),
    subscriptionCode: maybe(fc.constantFrom("PUBLIC", "PROTECTED")),
    hasDeployedStage: maybe(fc.boolean()),
    hasStageNotAssociatedWithUsagePlanId: maybe(text(30, 1)),
  }),
  profiles: fc.record({
    searchColumn: maybe(fc.constantFrom("name", "profileNrn")),
    searchWord: maybe(text(30)),
  }),
};

const anySpec: fc.Arbitrary<{ spec: LookupSpec; filters: Record<string, unknown> }> = fc
  .record({
    kindAndFilters: fc.oneof(
      ...Object.entries(filtersOf).map(([kind, arb]) =>
        (arb as fc.Arbitrary<Record<string, unknown>>).map((filters) => ({ kind, filters })),
      ),
    ),
    site: fc.constantFrom("public", "gov", "fin"),
    endpoint: maybe(
      fc.oneof(
        fc.integer({ min: 1, max: 65535 }).map((p) => `http://127.0.0.1:${p}`),
        fc.constantFrom("https://api.example.com", "http://localhost:8080", "http://[::1]:9000"),
      ),
    ),
  })
  .map(({ kindAndFilters: { kind, filters }, site, endpoint }) => ({
    filters,
    spec: lookupSpec(
      kind as LookupSpec["kind"],
      filters,
      { site, ...(endpoint !== undefined ? { endpoint } : {}) },
      {},
    ),
  }));

describe("lookup keys (property)", () => {
  it("parseLookupKey(lookupKey(spec)) gives the spec back, and its key again", () => {
    fc.assert(
      fc.property(anySpec, ({ spec }) => {
        const key = lookupKey(spec);
        const parsed = parseLookupKey(key);
        expect(parsed).toEqual(spec);
        expect(lookupKey(parsed)).toBe(key);
      }),
      { numRuns: 1000 },
    );
  });

  it("keys are the same for any order of the same filters", () => {
    fc.assert(
      fc.property(
        anySpec.chain(({ spec, filters }) =>
          fc
            .shuffledSubarray(Object.entries(filters), { minLength: Object.keys(filters).length })
            .map((shuffled) => ({
              spec,
              shuffled: Object.fromEntries(shuffled),
            })),
        ),
        ({ spec, shuffled }) => {
          const again = lookupSpec(spec.kind, shuffled, { site: spec.site, endpoint: spec.endpoint }, {});
          expect(lookupKey(again)).toBe(lookupKey(spec));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keys are equal exactly when kind, site, endpoint and filters are", () => {
    const canonical = (s: LookupSpec): string =>
      JSON.stringify([
        s.kind,
        s.site,
        s.endpoint ?? null,
        Object.entries(s.query)
          .filter(([, v]) => v !== undefined)
          .sort(([x], [y]) => (x < y ? -1 : 1)),
      ]);
    fc.assert(
      fc.property(anySpec, anySpec, (a, b) => {
        expect(lookupKey(a.spec) === lookupKey(b.spec)).toBe(canonical(a.spec) === canonical(b.spec));
        expect(lookupKey(a.spec) === lookupKey(a.spec)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("a key has no raw separator inside a filter value", () => {
    fc.assert(
      fc.property(anySpec, ({ spec }) => {
        const key = lookupKey(spec);
        const query = key.includes("?") ? key.slice(key.indexOf("?") + 1) : "";
        const parts = query === "" ? [] : query.split("&");
        expect(parts).toHaveLength(Object.values(spec.query).filter((v) => v !== undefined).length);
        for (const p of parts) expect(p.split("=")).toHaveLength(2);
      }),
      { numRuns: 300 },
    );
  });
});
