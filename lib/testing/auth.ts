/**
 * Signature v2 verification as NCP's API gateway does it: the message is `METHOD URI\nTIMESTAMP\nACCESS_KEY`
 * over the request target exactly as received, signed with HMAC-SHA256 and compared in constant time.
 *
 * Written here from NCP's documented format on purpose, not with the client's `signV2`: end-to-end tests
 * then check the client's signatures against an independent implementation, so a wrong signer fails
 * them (test/signer.test.ts checks both against openssl).
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** Header names NCP's gateway reads for signature v2 (lower case, as node:http gives them). */
export const TIMESTAMP_HEADER = "x-ncp-apigw-timestamp";
/** Header carrying the access key. */
export const ACCESS_KEY_HEADER = "x-ncp-iam-access-key";
/** Header carrying the base64 signature. */
export const SIGNATURE_HEADER = "x-ncp-apigw-signature-v2";

/** How far a request timestamp may be from the server clock: 5 minutes. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** What the verifier needs of a request. */
export interface VerifiableRequest {
  /** HTTP method as received. */
  readonly method: string;
  /** Raw request target (`req.url`): path plus `?query` exactly as received. */
  readonly target: string;
  /** Request headers, names in lower case. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Outcome of {@link verifySignatureV2}; `details` says why a request was refused (never a secret). */
export type VerifyResult =
  | { readonly ok: true; readonly accessKey: string }
  | { readonly ok: false; readonly accessKey?: string; readonly details: string };

function header(req: VerifiableRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Constant-time string equality (hashes first so unequal lengths leak nothing either). */
export function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a, "utf8").digest();
  const hb = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/**
 * Verifies the signature v2 headers of a request.
 *
 * @param secretFor returns the secret key of an access key, or undefined for an unknown key.
 * @param nowMs the server clock, epoch milliseconds.
 */
export function verifySignatureV2(
  req: VerifiableRequest,
  secretFor: (accessKey: string) => string | undefined,
  nowMs: number,
): VerifyResult {
  const timestamp = header(req, TIMESTAMP_HEADER);
  const accessKey = header(req, ACCESS_KEY_HEADER);
  const signature = header(req, SIGNATURE_HEADER);
  if (accessKey === undefined || accessKey === "") {
    return { ok: false, details: `Missing header ${ACCESS_KEY_HEADER}.` };
  }
  if (timestamp === undefined || timestamp === "") {
    return { ok: false, accessKey, details: `Missing header ${TIMESTAMP_HEADER}.` };
  }
  if (signature === undefined || signature === "") {
    return { ok: false, accessKey, details: `Missing header ${SIGNATURE_HEADER}.` };
  }
  const secretKey = secretFor(accessKey);
  if (secretKey === undefined) {
    return { ok: false, accessKey, details: "Invalid access key: no such key." };
  }
  if (!/^\d{1,16}$/.test(timestamp)) {
    return { ok: false, accessKey, details: "Invalid timestamp: expected epoch milliseconds." };
  }
  if (Math.abs(nowMs - Number(timestamp)) > MAX_CLOCK_SKEW_MS) {
    return {
      ok: false,
      accessKey,
      details: "Timestamp is more than 5 minutes away from server time.",
    };
  }
  const expected = expectedSignature(req.method, req.target, timestamp, accessKey, secretKey);
  if (!constantTimeEqual(expected, signature)) {
    return { ok: false, accessKey, details: "Signature mismatch." };
  }
  return { ok: true, accessKey };
}

/**
 * The signature NCP's gateway expects (API Gateway docs, "Signature v2"): base64 of
 * HMAC-SHA256(secret key, "{method} {url}\n{timestamp}\n{access key}"), the url being the request
 * target as sent (path and query string).
 */
export function expectedSignature(
  method: string,
  target: string,
  timestamp: string,
  accessKey: string,
  secretKey: string,
): string {
  const space = " ";
  const newLine = "\n";
  const message = method + space + target + newLine + timestamp + newLine + accessKey;
  return createHmac("sha256", Buffer.from(secretKey, "utf8"))
    .update(Buffer.from(message, "utf8"))
    .digest("base64");
}
