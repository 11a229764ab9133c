import fc from "fast-check";
import { NcloudClient } from "../lib/client/http";
import { buildQueryString, encodeRfc3986, requestUri } from "../lib/client/signer";
import { NcloudLookupsError } from "../lib/errors";
import { listAllPolicies } from "../lib/services/policies";
import { NcloudEmulator, type PolicyItem } from "../lib/testing";

const UNRESERVED_OR_PCT = /^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/;

/** Full Unicode: any code point, astral planes included, never a lone surrogate. */
const fullUnicode = fc.string({ unit: "binary", maxLength: 40 });
/** Printable graphemes, combining sequences and emoji included. */
const graphemes = fc.string({ unit: "grapheme", maxLength: 20 });
const anyText = fc.oneof(fullUnicode, graphemes, fc.string({ unit: "binary-ascii", maxLength: 30 }));

describe("encodeRfc3986", () => {
  it.each([
    [" ", "%20"],
    ["a b", "a%20b"],
    ["+", "%2B"],
    ["a+b", "a%2Bb"],
    ["개발팀", "%EA%B0%9C%EB%B0%9C%ED%8C%80"],
    ["é", "%C3%A9"],
    ["🚀", "%F0%9F%9A%80"],
    ["~-._", "~-._"],
    ["AZaz09", "AZaz09"],
    ["!", "%21"],
    ["'", "%27"],
    ["(", "%28"],
    [")", "%29"],
    ["*", "%2A"],
    ["/", "%2F"],
    ["&", "%26"],
    ["=", "%3D"],
    ["?", "%3F"],
    ["#", "%23"],
    ["%", "%25"],
    [":", "%3A"],
    ["@", "%40"],
    [",", "%2C"],
    [";", "%3B"],
    ["$", "%24"],
    ['"', "%22"],
    ["\n", "%0A"],
    ["\u0000", "%00"],
    ["", ""],
  ])("%j -> %s", (input, encoded) => {
    expect(encodeRfc3986(input)).toBe(encoded);
  });

  it("throws URIError for a lone surrogate (no UTF-8 form), as documented", () => {
    expect(() => encodeRfc3986("\uD800")).toThrow(URIError);
    expect(() => encodeRfc3986("a\uDC00b")).toThrow(URIError);
  });
});

/** RFC 3986 percent-encoding as the API docs describe it, written apart from the library's encoder. */
function percentEncoded(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const c = String.fromCharCode(byte);
    out +=
      byte < 0x80 && /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

describe("buildQueryString", () => {
  it("keeps the given order, joins with & and encodes keys and values", () => {
    expect(
      buildQueryString([
        ["size", "10"],
        ["page", "0"],
        ["search Word", "a b+c&d=e"],
        ["type", "USER_CREATED"],
      ]),
    ).toBe("size=10&page=0&search%20Word=a%20b%2Bc%26d%3De&type=USER_CREATED");
  });

  it("keeps empty values and gives an empty string for no pairs", () => {
    expect(buildQueryString([["searchWord", ""]])).toBe("searchWord=");
    expect(buildQueryString([])).toBe("");
    expect(requestUri("/api/v1/policies", "")).toBe("/api/v1/policies");
  });

  it("matches the documented request example byte for byte", () => {
    expect(
      buildQueryString([
        ["hasDeployedStage", "true"],
        ["isPublished", "false"],
        ["subscriptionCode", "PUBLIC"],
      ]),
    ).toBe("hasDeployedStage=true&isPublished=false&subscriptionCode=PUBLIC");
  });
});

describe("encoding properties", () => {
  it("decodeURIComponent(encodeRfc3986(x)) === x", () => {
    fc.assert(
      fc.property(anyText, (x) => {
        expect(decodeURIComponent(encodeRfc3986(x))).toBe(x);
      }),
      { numRuns: 500 },
    );
  });

  it("the output holds only unreserved characters and upper-case %XX", () => {
    fc.assert(
      fc.property(anyText, (x) => {
        expect(encodeRfc3986(x)).toMatch(UNRESERVED_OR_PCT);
      }),
      { numRuns: 500 },
    );
  });

  it("encodes to exactly the UTF-8 bytes of the input", () => {
    fc.assert(
      fc.property(anyText, (x) => {
        const bytes = [...Buffer.from(x, "utf8")];
        const expected = bytes
          .map((b) => {
            const c = String.fromCharCode(b);
            return b < 0x80 && /[A-Za-z0-9\-._~]/.test(c)
              ? c
              : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
          })
          .join("");
        expect(encodeRfc3986(x)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("a built query splits back into the same pairs", () => {
    const pair = fc.tuple(anyText, anyText);
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 6 }), (pairs) => {
        const q = buildQueryString(pairs);
        expect(q).toMatch(/^(?:[A-Za-z0-9\-._~%]*=[A-Za-z0-9\-._~%]*(?:&|$))*$/);
        const back = q === "" ? [] : q.split("&").map((p) => p.split("=").map(decodeURIComponent));
        expect(back).toEqual(pairs.length === 0 ? [] : pairs.map(([k, v]) => [k, v]));
      }),
      { numRuns: 200 },
    );
  });
});

describe("the emulator's signature check agrees for arbitrary Unicode", () => {
  let emulator: NcloudEmulator;
  let client: NcloudClient;
  let policies: PolicyItem[];

  beforeAll(async () => {
    emulator = await NcloudEmulator.start();
    client = new NcloudClient({
      endpoint: emulator.url,
      credentials: { accessKey: emulator.accessKey, secretKey: emulator.secretKey },
      env: {},
      maxRetries: 0,
    });
    policies = emulator.data().policies ?? [];
  });

  afterAll(async () => {
    client.close();
    await emulator.stop();
  });

  // Same semantics as the emulator (and NCP): case-insensitive substring of the policy name.
  const expectedFor = (word: string): PolicyItem[] =>
    word === "" ? policies : policies.filter((p) => p.policyName.toLowerCase().includes(word.toLowerCase()));

  it("a policies listing with an arbitrary searchWord is accepted, sent as signed and filtered", async () => {
    // Mix in real fragments of policy names so that some runs match items.
    const word = fc.oneof(
      anyText,
      fc.constantFrom("개발팀", "NCP_", "viewer", "ops-", "보안팀-읽기전용", "a+b", "100% "),
      fc.tuple(anyText, fc.constantFrom("팀", "_", "-")).map(([a, b]) => a + b),
    );
    await fc.assert(
      fc.asyncProperty(word, async (searchWord) => {
        emulator.clearRequests();
        const got = await listAllPolicies(client, { searchWord }, { pageSize: 100 });
        const recs = emulator.requests;
        expect(recs.length).toBeGreaterThanOrEqual(1);
        for (const rec of recs) expect(rec.status).toBe(200);
        const first = recs[0];
        // Expected target written independently of buildQueryString: UTF-8 bytes, every byte but
        // A-Z a-z 0-9 - . _ ~ as %XX (upper case), the policies API's wire order with paging first.
        expect(first?.target).toBe(
          `/api/v1/policies?page=0&size=100&searchColumn=policyName&searchWord=${percentEncoded(searchWord)}`,
        );
        expect(first?.query.searchWord).toBe(searchWord);
        expect(got).toEqual(expectedFor(searchWord));
      }),
      { numRuns: 60 },
    );
  });

  // A lone surrogate cannot be sent as UTF-8: the query schema refuses it before any request.
  it("a lone surrogate in searchWord is refused as a ValidationError", async () => {
    emulator.clearRequests();
    const err = await listAllPolicies(client, { searchWord: "abc\uD800" }).catch((e: unknown) => e);
    expect(NcloudLookupsError.isNcloudLookupsError(err)).toBe(true);
    expect((err as NcloudLookupsError).code).toBe("VALIDATION");
    expect(emulator.requests).toHaveLength(0);
  });
});
