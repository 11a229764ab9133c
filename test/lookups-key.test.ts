import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { ValidationError } from "../lib/errors";
import {
  describeFilters,
  lookupKey,
  lookupSpec,
  parseLookupKey,
  parseV1LookupKey,
  realmOf,
  resolveAccount,
  type LookupSpec,
} from "../lib/lookups/key";
import { SITE_REGIONS } from "../lib/lists/regions";
import { distFile, runNode, thrownBy } from "./helpers/lookup-harness";

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

  it("does not include the endpoint (nor its port), only whether it is a local test server", () => {
    const plain = lookupKey(lookupSpec("profiles", { searchWord: "a" }, {}, {}));
    expect(plain).toBe("profiles@public?searchWord=a");
    const local = lookupKey(
      lookupSpec("profiles", { searchWord: "a" }, { endpoint: "http://127.0.0.1:8080/" }, {}),
    );
    expect(local).toBe("local:profiles@public?searchWord=a");
    for (const endpoint of [
      "http://127.0.0.1:9",
      "http://localhost:1234",
      "http://[::1]:80",
      "https://127.8.9.10",
    ]) {
      expect(
        lookupKey(lookupSpec("profiles", { searchWord: "a" }, {}, { NCLOUD_LOOKUPS_ENDPOINT: endpoint })),
      ).toBe(local);
    }
    // A non-loopback override (a proxy in front of NCP) counts as NCP.
    expect(
      lookupKey(
        lookupSpec("profiles", { searchWord: "a" }, { endpoint: "https://ncp-proxy.example.com" }, {}),
      ),
    ).toBe(plain);
    expect(parseLookupKey(local)).toMatchObject({ realm: "local", kind: "profiles" });
    // the endpoint is still part of the spec, to send the requests there
    expect(lookupSpec("profiles", {}, { endpoint: "http://127.0.0.1:8080/" }, {}).endpoint).toBe(
      "http://127.0.0.1:8080",
    );
  });

  it("includes the account: the account setting, else NCLOUD_LOOKUPS_ACCOUNT, else the profile name", () => {
    const key = (c: object, env: NodeJS.ProcessEnv = {}): string =>
      lookupKey(lookupSpec("policies", { type: "USER_CREATED" }, c, env));
    expect(key({})).toBe("policies@public?type=USER_CREATED");
    expect(key({ profile: "prod" })).toBe("policies@public/prod?type=USER_CREATED");
    expect(key({}, { NCLOUD_PROFILE: "dev" })).toBe("policies@public/dev?type=USER_CREATED");
    expect(key({ profile: "DEFAULT" })).toBe("policies@public?type=USER_CREATED");
    expect(key({}, { NCLOUD_LOOKUPS_ACCOUNT: "acme" })).toBe("policies@public/acme?type=USER_CREATED");
    expect(key({ account: "acme prod", profile: "prod" }, { NCLOUD_LOOKUPS_ACCOUNT: "x" })).toBe(
      "policies@public/acme%20prod?type=USER_CREATED",
    );
    // two profiles are two lookups; computing them needs no credentials at all
    expect(key({ profile: "dev" })).not.toBe(key({ profile: "prod" }));
  });

  it("refuses an empty or unprintable account", () => {
    expect(() => lookupSpec("policies", {}, { account: " " }, {})).toThrow(
      /account " " is not an account name/,
    );
    expect(() => lookupSpec("policies", {}, {}, { NCLOUD_LOOKUPS_ACCOUNT: "a\nb" })).toThrow(
      /NCLOUD_LOOKUPS_ACCOUNT/,
    );
  });

  it("includes a non-default region of a regional list only", () => {
    expect(lookupKey(lookupSpec("packages", {}, { region: "SGN" }, {}))).toBe("packages@public:SGN");
    expect(lookupKey(lookupSpec("packages", {}, {}, { NCLOUD_REGION: "jpn" }))).toBe("packages@public:JPN");
    expect(lookupKey(lookupSpec("packages", {}, { region: "KR" }, {}))).toBe("packages@public");
    // policies are not regional: the region is not part of their key, nor checked
    expect(lookupKey(lookupSpec("policies", {}, {}, { NCLOUD_REGION: "SGN" }))).toBe("policies@public");
    expect(lookupKey(lookupSpec("policies", {}, {}, { NCLOUD_REGION: "MARS" }))).toBe("policies@public");
  });

  it("an unknown region is an error listing the known ones", () => {
    expect(() => lookupSpec("packages", {}, { region: "USWN" }, {})).toThrow(
      /region "USWN" is not a Cloud Functions region of the public site; use one of: KR, SGN, JPN/,
    );
    expect(() => lookupSpec("packages", {}, {}, { NCLOUD_SITE: "gov", NCLOUD_REGION: "SGN" })).toThrow(
      /NCLOUD_REGION "SGN".*gov site; use one of: KR/,
    );
  });

  it("gov packages are classic only; Singapore and Japan are VPC only", () => {
    expect(() => lookupSpec("packages", { platform: "vpc" }, { site: "gov" }, {})).toThrow(
      /platform "vpc" is not served by Cloud Functions packages on the gov site/,
    );
    // classic is what gov serves: the same lookup as no platform
    expect(lookupKey(lookupSpec("packages", { platform: "classic" }, { site: "gov" }, {}))).toBe(
      "packages@gov",
    );
    expect(() => lookupSpec("packages", { platform: "classic" }, { region: "SGN" }, {})).toThrow(
      /platform "classic" is not served by Cloud Functions packages in region SGN/,
    );
  });

  it("does not include credentials, timeout or concurrency", () => {
    const plain = lookupKey(lookupSpec("policies", {}, {}, {}));
    expect(
      lookupKey(
        lookupSpec(
          "policies",
          {},
          { accessKey: "AK123", secretKey: "SECRET", timeoutMs: 5, concurrency: 3 },
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
      account: "default",
      query: { type: "SYSTEM_MANAGED" },
    });
    expect(parseLookupKey("products@gov/team%20a?isPublished=true&productName=%EA%B2%B0%EC%A0%9C")).toEqual({
      kind: "products",
      site: "gov",
      account: "team a",
      query: { isPublished: true, productName: "결제" },
    });
    expect(parseLookupKey("packages@fin")).toEqual({
      kind: "packages",
      site: "fin",
      region: "FKR",
      account: "default",
      query: {},
    });
    expect(parseLookupKey("packages@public:SGN/prod?platform=vpc")).toEqual({
      kind: "packages",
      site: "public",
      region: "SGN",
      account: "prod",
      query: { platform: "vpc" },
    });
    expect(() => parseLookupKey("policies@public:SGN")).toThrow(/policies is not a regional list/);
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
    ["policies@public/"],
    ["policies@public:KR"],
    ["packages@public:MARS"],
    ["packages@gov:SGN"],
    ["packages@gov?platform=vpc"],
    ["policies@public/%ZZ"],
    ["policies@public?type=FOO"],
    ["policies@public?bogus=1"],
    ["products@public?productName=" + "x".repeat(101)],
    ["profiles@public?searchColumn=nrn"],
    ["policies@public+http://127.0.0.1:8080"],
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

const anySpec: fc.Arbitrary<{ spec: LookupSpec; filters: Record<string, unknown>; settings: object }> = fc
  .record({
    kindAndFilters: fc.oneof(
      ...Object.entries(filtersOf).map(([kind, arb]) =>
        (arb as fc.Arbitrary<Record<string, unknown>>).map((filters) => ({ kind, filters })),
      ),
    ),
    site: fc.constantFrom("public", "gov", "fin"),
    region: maybe(fc.constantFrom("KR", "SGN", "JPN")),
    account: maybe(fc.constantFrom("default", "prod", "team a", "개발/운영", "a?b&c=d", "100%")),
    endpoint: maybe(
      fc.oneof(
        fc.integer({ min: 1, max: 65535 }).map((p) => `http://127.0.0.1:${p}`),
        fc.constantFrom("https://api.example.com", "http://localhost:8080", "http://[::1]:9000"),
      ),
    ),
  })
  .map(({ kindAndFilters: { kind, filters: raw }, site, region: r, account, endpoint }) => {
    // Only what the site and region serve: gov is classic only, Singapore and Japan VPC only.
    const region = kind === "packages" && site === "public" ? r : undefined;
    const filters = { ...raw };
    if (
      kind === "packages" &&
      (site === "gov" || site === "fin" || (region !== undefined && region !== "KR"))
    ) {
      delete filters.platform;
    }
    return {
      filters,
      settings: {
        site,
        ...(region !== undefined ? { region } : {}),
        ...(account !== undefined ? { account } : {}),
        ...(endpoint !== undefined ? { endpoint } : {}),
      },
      spec: lookupSpec(
        kind as LookupSpec["kind"],
        filters,
        {
          site,
          ...(region !== undefined ? { region } : {}),
          ...(account !== undefined ? { account } : {}),
          ...(endpoint !== undefined ? { endpoint } : {}),
        },
        {},
      ),
    };
  });

describe("lookup keys (property)", () => {
  it("parseLookupKey(lookupKey(spec)) gives the spec back, and its key again", () => {
    fc.assert(
      fc.property(anySpec, ({ spec }) => {
        const key = lookupKey(spec);
        const parsed = parseLookupKey(key);
        // The endpoint is transport: a key does not hold it.
        const { endpoint: _endpoint, ...identity } = spec;
        expect(parsed).toEqual(identity);
        expect(lookupKey(parsed)).toBe(key);
      }),
      { numRuns: 1000 },
    );
  });

  it("keys are the same for any order of the same filters", () => {
    fc.assert(
      fc.property(
        anySpec.chain(({ spec, filters, settings }) =>
          fc
            .shuffledSubarray(Object.entries(filters), { minLength: Object.keys(filters).length })
            .map((shuffled) => ({
              spec,
              settings,
              shuffled: Object.fromEntries(shuffled),
            })),
        ),
        ({ spec, shuffled, settings }) => {
          const again = lookupSpec(spec.kind, shuffled, settings, {});
          expect(lookupKey(again)).toBe(lookupKey(spec));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keys are equal exactly when realm, kind, site, region, account and filters are", () => {
    const canonical = (s: LookupSpec): string =>
      JSON.stringify([
        s.realm ?? null,
        s.kind,
        s.site,
        s.region ?? null,
        s.account,
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

describe("parseLookupKey reads only the key", () => {
  it("a key's realm and endpoint never come from the configure file (a loopback ncloud_api_url there)", async () => {
    const home = mkdtempSync(path.join(tmpdir(), "ncloud-key-home-"));
    try {
      mkdirSync(path.join(home, ".ncloud"));
      writeFileSync(
        path.join(home, ".ncloud", "configure"),
        "[DEFAULT]\nncloud_access_key_id = a\nncloud_secret_access_key = b\nncloud_api_url = http://127.0.0.1:8080\n",
      );
      // A child process: os.homedir() reads the real environment, not jest's copy of it.
      const script = `const k = require(${JSON.stringify(distFile("lookups", "key.js"))});
process.stdout.write(JSON.stringify([k.parseLookupKey("policies@public?type=USER_CREATED"), k.parseLookupKey("local:policies@public")]));`;
      const r = await runNode(["-e", script], { cwd: home });
      expect(r.stderr).toBe("");
      const [ncp, local] = JSON.parse(r.stdout) as LookupSpec[];
      expect(ncp?.realm).toBeUndefined();
      expect(ncp?.endpoint).toBeUndefined();
      expect(local?.realm).toBe("local");
      expect(local?.endpoint).toBeUndefined();
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe("keys and specs, exactly (mutation survivors of key.ts)", () => {
  const message = (fn: () => unknown): string => {
    const err = thrownBy(fn);
    expect(err).toBeInstanceOf(ValidationError);
    return (err as Error).message;
  };

  it("a spec has no region, realm or endpoint property unless it has a value", () => {
    const spec = lookupSpec("policies", { type: "USER_CREATED", searchWord: undefined }, {}, {});
    expect(spec).toStrictEqual({
      kind: "policies",
      site: "public",
      account: "default",
      query: { type: "USER_CREATED" },
    });
    expect(Object.keys(spec)).toEqual(["kind", "site", "account", "query"]);
    const local = lookupSpec("packages", {}, { endpoint: "http://127.0.0.1:9000", region: "SGN" }, {});
    expect(local).toStrictEqual({
      kind: "packages",
      site: "public",
      region: "SGN",
      account: "default",
      realm: "local",
      endpoint: "http://127.0.0.1:9000",
      query: {},
    });
  });

  it("lookupKey leaves out undefined filters and sorts names whatever the spec's order", () => {
    const spec = {
      kind: "products",
      site: "public",
      account: "default",
      query: { productName: "b", isPublished: undefined, productId: "p-1", apiId: "a" },
    } as unknown as LookupSpec;
    expect(lookupKey(spec)).toBe("products@public?apiId=a&productId=p-1&productName=b");
  });

  it("an account name: 128 characters at most, printable, from the named source", () => {
    const long = "a".repeat(128);
    expect(resolveAccount({ account: long }, {})).toBe(long);
    expect(message(() => resolveAccount({ account: `${long}b` }, {}))).toBe(
      `account "${long}b" is not an account name; use 1 to 128 printable characters, e.g. "prod"`,
    );
    expect(resolveAccount({}, { NCLOUD_LOOKUPS_ACCOUNT: " \t" })).toBe("default"); // blank is unset
    expect(message(() => resolveAccount({ profile: "a\u0001" }, {}))).toBe(
      'profile "a\\u0001" is not an account name; use 1 to 128 printable characters, e.g. "prod"',
    );
    expect(resolveAccount({}, { NCLOUD_PROFILE: "DEFAULT" })).toBe("default");
    expect(resolveAccount({}, { NCLOUD_PROFILE: " prod " })).toBe("prod");
  });

  it("realmOf: local for a loopback endpoint, none for another host or no URL at all", () => {
    expect(realmOf("http://127.0.0.1:9000")).toBe("local");
    expect(realmOf("http://[::1]:9000")).toBe("local");
    expect(realmOf("https://proxy.example.com")).toBeUndefined();
    expect(realmOf("not a url")).toBeUndefined();
    expect(realmOf(undefined)).toBeUndefined();
  });

  it.each([
    [
      "policies@public/%E0%A4%A",
      '"policies@public/%E0%A4%A" is not a lookup key: the account has a broken %-escape',
    ],
    [
      "products@public?isPublished=yes",
      '"products@public?isPublished=yes" is not a lookup key: isPublished must be true or false, got "yes"',
    ],
    [
      "products@public?isPublished",
      '"products@public?isPublished" is not a lookup key: isPublished must be true or false, got ""',
    ],
    [
      "packages@public:XYZ",
      'region "XYZ" is not a Cloud Functions region of the public site; use one of: KR, SGN, JPN',
    ],
    [
      "policies@public?=x",
      '"policies@public?=x" is not a lookup key: a filter has no name (write name=value)',
    ],
    [
      "policies@public?type",
      'policies query: type "" is not allowed; use one of: SYSTEM_MANAGED, USER_CREATED',
    ],
  ])("parseLookupKey(%j) is refused: %s", (key, expected) => {
    expect(message(() => parseLookupKey(key))).toBe(expected);
  });

  it("an undefined filter is no filter, even when another one is refused", () => {
    expect(message(() => lookupSpec("policies", { bogus: undefined, type: "OTHER" }, {}, {}))).toBe(
      message(() => lookupSpec("policies", { type: "OTHER" }, {}, {})),
    );
  });

  it("a filter value may hold '='", () => {
    expect(parseLookupKey("policies@public?searchWord=a%3Db=c").query).toEqual({ searchWord: "a=b=c" });
  });

  it("parseV1LookupKey reads a version 1 key, with the endpoint it held", () => {
    expect(parseV1LookupKey("policies@public+http://127.0.0.1:9000?type=USER_CREATED")).toStrictEqual({
      kind: "policies",
      site: "public",
      account: "default",
      query: { type: "USER_CREATED" },
      v1Endpoint: "http://127.0.0.1:9000",
    });
    expect(parseV1LookupKey("packages@gov?platform=classic")).toStrictEqual({
      kind: "packages",
      site: "gov",
      region: SITE_REGIONS.gov[0],
      account: "default",
      query: {}, // the gov site's only platform: not part of the key
    });
    expect(parseV1LookupKey("products@fin")).toStrictEqual({
      kind: "products",
      site: "fin",
      account: "default",
      query: {},
    });
  });

  it.each([
    "Policies@public",
    "nope@public",
    "policies@public/prod",
    "x-policies@public",
    "policies@public+",
    "policies@moon",
  ])("parseV1LookupKey refuses %j", (key) => {
    expect(message(() => parseV1LookupKey(key))).toBe(`"${key}" is not a version 1 lookup key`);
  });

  it("describeFilters: k=JSON pairs without undefined ones, or none", () => {
    expect(describeFilters({})).toBe("none");
    expect(describeFilters({ a: undefined })).toBe("none");
    expect(describeFilters({ a: "x", b: undefined, c: true })).toBe('a="x", c=true');
  });
});
