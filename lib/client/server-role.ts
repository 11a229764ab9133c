/**
 * Credentials of an NCP VPC server's Server Role, from the server metadata service, as NCP's Go SDK
 * reads them (`ncloud/credentials/server_role_provider.go`, `ncloud/metadata/client.go`):
 * `GET {endpoint}/latest/meta-data/iam/security-credentials/` answers the role names, one a line (the
 * first is used); `GET .../security-credentials/<role>` answers
 * `{"AccessKeyId","SecretAccessKey","Expiration","Code","Message"}`. `{endpoint}` is
 * `http://169.254.169.254`, or `NCLOUD_METADATA_API_ENDPOINT`.
 *
 * The last source of the chain: tried only when nothing else gave keys, at most once per process (and
 * again only to renew keys near their `Expiration`), with a short connect timeout so that a laptop
 * without credentials gets its error at once. `NCLOUD_LOOKUPS_SERVER_ROLE=off` turns it off.
 */
import * as http from "node:http";
import { Credentials } from "./credentials";

/** NCP's server metadata service. */
export const DEFAULT_METADATA_ENDPOINT = "http://169.254.169.254";
const CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/";
/** The first request (role names) waits this long for an answer: off NCP nothing answers. */
const FIRST_TIMEOUT_MS = 1_000;
/** The Go SDK's timeout, for the credentials themselves. */
const CREDENTIALS_TIMEOUT_MS = 3_000;
/** Keys are renewed this long before they expire. */
const RENEW_BEFORE_MS = 5 * 60_000;
const MAX_BODY = 64 * 1024;

/** What the metadata service said: the credentials, or why there are none (for the error's "searched"). */
export type ServerRoleOutcome =
  | { readonly ok: true; readonly credentials: Credentials; readonly expiresAt: number }
  | { readonly ok: false; readonly searched: string };

/** True when the Server Role source is turned off (`NCLOUD_LOOKUPS_SERVER_ROLE=off`, `false`, `0`, `no`). */
export function serverRoleDisabled(env: NodeJS.ProcessEnv): boolean {
  // A property of the machine, not of one lookup: a lookup's own environment falls back to the process's.
  const v = (env.NCLOUD_LOOKUPS_SERVER_ROLE ?? process.env.NCLOUD_LOOKUPS_SERVER_ROLE)?.trim().toLowerCase();
  return v === "off" || v === "false" || v === "0" || v === "no";
}

/** The metadata service's base URL for an environment. */
export function metadataEndpoint(env: NodeJS.ProcessEnv): string {
  const v = (env.NCLOUD_METADATA_API_ENDPOINT ?? process.env.NCLOUD_METADATA_API_ENDPOINT)?.trim();
  return (v !== undefined && v !== "" ? v : DEFAULT_METADATA_ENDPOINT).replace(/\/+$/, "");
}

/**
 * The Server Role's keys as one owner (a client) knows them: asked once per metadata endpoint,
 * renewed before `Expiration`. Each client owns one, so nothing is kept per process.
 */
export class ServerRoleKeys {
  readonly #attempts = new Map<string, { promise: Promise<ServerRoleOutcome>; renewAt: number }>();

  /** The credentials for the environment. Never rejects: a failure says what the service answered. */
  get(env: NodeJS.ProcessEnv, now: () => number = Date.now): Promise<ServerRoleOutcome> {
    const endpoint = metadataEndpoint(env);
    const known = this.#attempts.get(endpoint);
    if (known !== undefined && now() < known.renewAt) return known.promise;
    const promise = fetchRole(endpoint, now);
    const entry = { promise, renewAt: Number.POSITIVE_INFINITY };
    this.#attempts.set(endpoint, entry);
    void promise.then((o) => {
      if (o.ok) entry.renewAt = o.expiresAt - RENEW_BEFORE_MS;
    });
    return promise;
  }
}

/** A URL as messages show it: a user name or password in it replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1[redacted]@");
}

async function fetchRole(endpoint: string, now: () => number): Promise<ServerRoleOutcome> {
  const shown = redactUrl(endpoint);
  const where = `the Server Role metadata service at ${shown} (NCLOUD_METADATA_API_ENDPOINT; NCLOUD_LOOKUPS_SERVER_ROLE=off turns it off)`;
  let url: URL;
  try {
    url = new URL(`${endpoint}${CREDENTIALS_PATH}`);
    if (url.protocol !== "http:") throw new Error("not http");
  } catch {
    return { ok: false, searched: `${where}: not an http:// URL` };
  }
  const names = await get(url, FIRST_TIMEOUT_MS);
  if ("error" in names) return { ok: false, searched: `${where}: ${names.error}` };
  if (names.status !== 200)
    return { ok: false, searched: `${where}: HTTP ${names.status} for the role names (no Server Role?)` };
  const role = names.body
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== "");
  if (role === undefined) return { ok: false, searched: `${where}: no role attached to this server` };
  // `.` and `..` would change the request's path: refused like any other odd name.
  if (!/^[\w+=,.@-]{1,128}$/.test(role) || role === "." || role === "..")
    return { ok: false, searched: `${where}: an unexpected role name` };
  const creds = await get(
    new URL(`${endpoint}${CREDENTIALS_PATH}${encodeURIComponent(role)}`),
    CREDENTIALS_TIMEOUT_MS,
  );
  if ("error" in creds) return { ok: false, searched: `${where}, role ${role}: ${creds.error}` };
  if (creds.status !== 200) return { ok: false, searched: `${where}, role ${role}: HTTP ${creds.status}` };
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(creds.body) as Record<string, unknown>;
    if (typeof j !== "object" || j === null) throw new Error("not an object");
  } catch {
    return { ok: false, searched: `${where}, role ${role}: an answer that is not JSON` };
  }
  const ak = typeof j.AccessKeyId === "string" ? j.AccessKeyId.trim() : "";
  const sk = typeof j.SecretAccessKey === "string" ? j.SecretAccessKey.trim() : "";
  if (ak === "" || sk === "") {
    const code = typeof j.Code === "string" || typeof j.Code === "number" ? ` (Code ${String(j.Code)})` : "";
    const message = typeof j.Message === "string" ? `: ${j.Message.slice(0, 200)}` : "";
    return { ok: false, searched: `${where}, role ${role}: no keys in the answer${code}${message}` };
  }
  const expiry = typeof j.Expiration === "string" ? Date.parse(j.Expiration) : Number.NaN;
  // Without a (valid) Expiration, renew hourly.
  const expiresAt = Number.isFinite(expiry) ? expiry : now() + 3_600_000;
  return {
    ok: true,
    credentials: new Credentials(ak, sk, `Server Role ${role} (metadata service ${shown})`),
    expiresAt,
  };
}

/** One GET with a whole-request timeout; never rejects. */
function get(url: URL, timeoutMs: number): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs, headers: { accept: "*/*" }, agent: false }, (res) => {
      let size = 0;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          req.destroy();
          resolve({ error: "an answer over 64 KiB" });
          return;
        }
        chunks.push(c);
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", () => resolve({ error: "the answer broke off" }));
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ error: `no answer within ${timeoutMs / 1000} s (not an NCP server?)` });
    }, timeoutMs);
    timer.unref();
    req.on("timeout", () => {
      req.destroy();
      resolve({ error: `no answer within ${timeoutMs / 1000} s (not an NCP server?)` });
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ error: `unreachable (${err.code ?? err.message})` });
    });
    req.on("close", () => clearTimeout(timer));
  });
}
