import { createHmac } from "node:crypto";

export { buildQueryString, encodeRfc3986, requestUri, type QueryPair } from "./query";

/** Inputs of one signature v2. */
export interface SignatureInput {
  /** HTTP method, upper case, e.g. `GET`. */
  readonly method: string;
  /** Path plus `?query` exactly as sent, no scheme, no host. */
  readonly requestUri: string;
  /** Epoch milliseconds as a decimal string, identical to the header. */
  readonly timestamp: string;
  readonly accessKey: string;
  readonly secretKey: string;
}

/** The message signature v2 signs: `METHOD URI\nTIMESTAMP\nACCESS_KEY`. */
export function signatureMessage(input: Omit<SignatureInput, "secretKey">): string {
  return `${input.method} ${input.requestUri}\n${input.timestamp}\n${input.accessKey}`;
}

/** NCP API Gateway signature v2: base64(HMAC-SHA256(secretKey, message)), standard padded base64. */
export function signV2(input: SignatureInput): string {
  return createHmac("sha256", input.secretKey).update(signatureMessage(input), "utf8").digest("base64");
}

/** The headers NCP's gateway reads for signature v2. */
export function signedHeaders(input: SignatureInput): Record<string, string> {
  return {
    "x-ncp-apigw-timestamp": input.timestamp,
    "x-ncp-iam-access-key": input.accessKey,
    "x-ncp-apigw-signature-v2": signV2(input),
  };
}
