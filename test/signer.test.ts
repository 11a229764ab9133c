import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expectedSignature } from "../lib/testing/auth";
import { keyFingerprint } from "../lib/client/http";
import {
  buildQueryString,
  requestUri,
  signatureMessage,
  signedHeaders,
  signV2,
  type QueryPair,
} from "../lib/client/signer";

interface SignatureVector {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly query: QueryPair[];
  readonly requestUri: string;
  readonly timestamp: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly signature: string;
}

interface VectorFile {
  readonly generatedWith: string;
  readonly vectors: SignatureVector[];
}

// Generated once with the reference one-liner of NCP-API-NOTES.md (bash + openssl), not by this library.
const fixture = JSON.parse(
  readFileSync(join(__dirname, "..", "conformance", "signatures.json"), "utf8"),
) as VectorFile;

/** The notes' reference implementation, run through a shell with the inputs passed as environment variables. */
const ONE_LINER = `printf 'GET %s\\n%s\\n%s' "$URI" "$TS" "$AK" | openssl dgst -sha256 -hmac "$SK" -binary | openssl enc -base64`;

function opensslAvailable(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function opensslSign(v: {
  requestUri: string;
  timestamp: string;
  accessKey: string;
  secretKey: string;
}): string {
  return execFileSync("sh", ["-c", ONE_LINER], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9", // (openssl: no lookup; the suite-wide rule)
      URI: v.requestUri,
      TS: v.timestamp,
      AK: v.accessKey,
      SK: v.secretKey,
    },
  })
    .toString("utf8")
    .trim();
}

describe("signature v2 against the openssl reference vectors", () => {
  it("has a meaningful fixture (vectors with and without query, distinct keys and timestamps)", () => {
    expect(fixture.generatedWith).toBe(ONE_LINER);
    expect(fixture.vectors.length).toBeGreaterThanOrEqual(8);
    expect(fixture.vectors.some((v) => !v.requestUri.includes("?"))).toBe(true);
    expect(new Set(fixture.vectors.map((v) => v.accessKey)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(fixture.vectors.map((v) => v.timestamp)).size).toBe(fixture.vectors.length);
    expect(new Set(fixture.vectors.map((v) => v.signature)).size).toBe(fixture.vectors.length);
  });

  // signV2 and the request URI of every vector: conformance/signatures.json, run by
  // test/conformance.test.ts here and by go test in provider/ (one set of cases for both runtimes).

  it("signedHeaders carries the timestamp, the access key and the vector's signature", () => {
    const v = fixture.vectors[2] as SignatureVector;
    expect(signedHeaders(v)).toEqual({
      "x-ncp-apigw-timestamp": v.timestamp,
      "x-ncp-iam-access-key": v.accessKey,
      "x-ncp-apigw-signature-v2": v.signature,
    });
  });

  it("signs METHOD URI\\nTIMESTAMP\\nACCESS_KEY exactly", () => {
    expect(signatureMessage({ method: "GET", requestUri: "/a?b=c", timestamp: "12", accessKey: "AK" })).toBe(
      "GET /a?b=c\n12\nAK",
    );
  });

  it("changes when any input changes", () => {
    const v = fixture.vectors[1] as SignatureVector;
    const base = {
      method: v.method,
      requestUri: v.requestUri,
      timestamp: v.timestamp,
      accessKey: v.accessKey,
      secretKey: v.secretKey,
    };
    const variants = [
      { ...base, method: "POST" },
      { ...base, requestUri: `${v.requestUri}&x=1` },
      { ...base, timestamp: String(Number(v.timestamp) + 1) },
      { ...base, accessKey: `${v.accessKey}x` },
      { ...base, secretKey: `${v.secretKey}x` },
    ];
    for (const variant of variants) expect(signV2(variant)).not.toBe(v.signature);
    expect(signV2(base)).toBe(v.signature);
  });

  it("produces standard padded base64 of a 32-byte digest", () => {
    for (const v of fixture.vectors) {
      const s = signV2(v);
      expect(s).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(s, "base64")).toHaveLength(32);
    }
  });
});

const hasOpenssl = opensslAvailable();
const describeLive = hasOpenssl ? describe : describe.skip;

describeLive(
  `signature v2 against openssl, run live${hasOpenssl ? "" : " (skipped: openssl not on PATH)"}`,
  () => {
    it.each(
      [0, 2, 8].map(
        (i) => [fixture.vectors[i]?.name ?? String(i), fixture.vectors[i] as SignatureVector] as const,
      ),
    )("openssl and signV2 agree and match the fixture: %s", (_name, v) => {
      const live = opensslSign(v);
      expect(live).toBe(v.signature);
      expect(signV2(v)).toBe(live);
    });

    it("agrees with openssl on a fresh timestamp and a query built by buildQueryString", () => {
      const uri = requestUri(
        "/api/v1/policies",
        buildQueryString([
          ["page", "3"],
          ["size", "25"],
          ["searchColumn", "policyName"],
          ["searchWord", "보안팀 a+b/c&d=e"],
        ]),
      );
      const input = {
        method: "GET",
        requestUri: uri,
        timestamp: "1763870000123",
        accessKey: "live-access-key",
        secretKey: "live-secret-key/+=",
      };
      expect(signV2(input)).toBe(opensslSign(input));
    });
  },
);

describe("keyFingerprint: pinned, since committed lock files hold it", () => {
  // Expected values computed outside this code: `printf %s KEY | openssl dgst -sha256`, first 12 hex digits.
  it.each([
    ["NCPDEMO0ACCESS0KEY00", "7e7eb900e70f"],
    ["NCPPRODACCESSKEY0001", "e7550c5b6d87"],
    ["AKMODESTEST0000KEY01", "4dbc434ef0b7"],
  ])("%s -> %s", (key, fingerprint) => {
    expect(keyFingerprint(key)).toBe(fingerprint);
  });
});

describe("methods other than GET: vectors computed with openssl, not by this library", () => {
  // printf '%s %s\n%s\n%s' "$METHOD" "$URI" "$TS" "$AK" | openssl dgst -sha256 -hmac "$SK" -binary | openssl enc -base64
  const base = {
    requestUri: "/api/v1/policies?type=USER_CREATED",
    timestamp: "1700000000123",
    accessKey: "NCPMETHODTESTKEY0001",
    secretKey: "method-test-secret-9z8y7x",
  };
  it.each([
    ["POST", "96OF9uCXSiy0WgDvY9PaRh7xw6KQqtuLOC+3I2Mw+Mo="],
    ["DELETE", "S0gqYSP6SGnSMdJ2D6uogSS3FCJ5ofod5kZxkFFztN4="],
    ["PUT", "01u/Na28L4pVP4Nw//nDaSwnHsQi+2wsdXBHMCa9JK4="],
  ])("%s", (method, signature) => {
    expect(signV2({ ...base, method })).toBe(signature);
    // The emulator's own check, written apart from signV2, agrees with the same outside vectors.
    expect(expectedSignature(method, base.requestUri, base.timestamp, base.accessKey, base.secretKey)).toBe(
      signature,
    );
  });

  it("the emulator's check agrees with every GET vector of the openssl fixture", () => {
    for (const v of fixture.vectors) {
      expect(expectedSignature(v.method, v.requestUri, v.timestamp, v.accessKey, v.secretKey)).toBe(
        v.signature,
      );
    }
  });
});
