/**
 * The request target that is both sent and signed: RFC 3986 encoding, the query string in the order
 * given, the URI. No crypto here, so lock keys and messages can use it without loading node:crypto.
 */
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
