import { createHmac } from "node:crypto";

/**
 * Percent-encodes one query key or value as RFC 3986 requires: everything but
 * `A-Z a-z 0-9 - . _ ~` becomes `%XX` over its UTF-8 bytes (space is `%20`, never `+`).
 *
 * @throws URIError for a string holding a lone surrogate (it has no UTF-8 form).
 */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** One query parameter as it goes on the wire, in the order given. */
export type QueryPair = readonly [name: string, value: string];

/**
 * Builds the query string (without `?`) that is both sent and signed, byte for byte.
 * Pairs keep the order given; callers pass them in a fixed order.
 */
export function buildQueryString(pairs: readonly QueryPair[]): string {
  return pairs.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join("&");
}

/** The request target that is signed: path plus `?query` only when there is a query. */
export function requestUri(path: string, query: string): string {
  return query.length > 0 ? `${path}?${query}` : path;
}

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
