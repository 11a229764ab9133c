/**
 * Errors across the bridge: the worker serializes the typed errors of failed lookups, the calling
 * thread revives them as the same classes (message, fields and the library's brand kept).
 */
import {
  ApiError,
  CredentialsError,
  LockFileError,
  NcloudLookupsError,
  NetworkError,
  PagingError,
  ResponseShapeError,
  ResponseTooLargeError,
  TimeoutError,
  ValidationError,
} from "../errors";

const BRAND = Symbol.for("cdktf-ncloud-lookups.NcloudLookupsError");

/** An error in a form that crosses threads and processes (`postMessage`, JSON). */
export interface SerializedError {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
  readonly props: Record<string, unknown>;
}

const REVIVABLE: Record<string, { prototype: object }> = {
  ValidationError: ValidationError,
  CredentialsError: CredentialsError,
  ApiError: ApiError,
  NetworkError: NetworkError,
  TimeoutError: TimeoutError,
  ResponseTooLargeError: ResponseTooLargeError,
  ResponseShapeError: ResponseShapeError,
  PagingError: PagingError,
  LockFileError: LockFileError,
};

/** Turns any thrown value into a {@link SerializedError}, keeping public fields but not `cause`. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) {
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(err)) {
      if (
        k !== "cause" &&
        (v === null || ["string", "number", "boolean"].includes(typeof v) || Array.isArray(v))
      ) {
        props[k] = v;
      }
    }
    const code = (err as { code?: unknown }).code;
    return { name: err.name, ...(typeof code === "string" ? { code } : {}), message: err.message, props };
  }
  return { name: "Error", message: String(err), props: {} };
}

/** Rebuilds an error of the same class (for this library's classes) from {@link SerializedError}. */
export function reviveError(s: SerializedError): Error {
  const cls = REVIVABLE[s.name];
  if (cls === undefined) {
    const e = new NcloudLookupsError(s.code ?? "UNKNOWN", s.message);
    return e;
  }
  const e = Object.create(cls.prototype) as Error;
  Object.assign(e, s.props);
  Object.defineProperty(e, "message", { value: s.message, writable: true, configurable: true });
  Object.defineProperty(e, "name", { value: s.name, writable: true, configurable: true });
  Object.defineProperty(e, BRAND, { value: true });
  Error.captureStackTrace(e, reviveError);
  return e;
}
