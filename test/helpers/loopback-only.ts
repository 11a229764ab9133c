/**
 * Jest set-up (every test file, in-process code): tests send traffic only to loopback addresses. A
 * host name other than `localhost` is not resolved (the lookup fails as on a machine without DNS,
 * `ENOTFOUND`) and a connection to a non-loopback IP address is refused before a packet leaves; each
 * attempt is recorded, and the test file fails at its end naming them. A test that needs a name to
 * resolve mocks `dns.lookup` to a loopback address itself (see real-servers.test.ts). Child processes
 * are not covered: their tests point them at the emulator explicitly.
 */
import type * as Dns from "node:dns";
import type * as Net from "node:net";

// The module objects themselves (what node:net and node:http call), not ES namespace copies.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dns = require("node:dns") as typeof Dns;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const net = require("node:net") as typeof Net;

const attempts: string[] = [];

/** True for a loopback address or name (127/8, ::1, an IPv4-mapped loopback, localhost). */
function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost") || h === "::1") return true;
  return /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(h);
}

const realLookup = dns.lookup;
dns.lookup = function guardedLookup(hostname: string, ...rest: unknown[]): void {
  const callback = rest[rest.length - 1] as (err: NodeJS.ErrnoException | null, ...a: unknown[]) => void;
  if (typeof hostname === "string" && !isLoopback(hostname) && net.isIP(hostname) === 0) {
    attempts.push(`resolve ${hostname}`);
    const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    err.code = "ENOTFOUND";
    err.syscall = "getaddrinfo";
    process.nextTick(() => callback(err));
    return;
  }
  (realLookup as (...a: unknown[]) => void).call(dns, hostname, ...rest);
} as typeof dns.lookup;

const realConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: Net.Socket, ...args: unknown[]): Net.Socket {
  const first = args[0];
  const options = (Array.isArray(first) ? first[0] : first) as unknown;
  let host: string | undefined;
  if (typeof options === "object" && options !== null) {
    const o = options as { host?: string | null; path?: string | null };
    // A Unix socket has a path; http passes `path: null` for TCP.
    if (typeof o.path !== "string") host = o.host ?? "localhost";
  } else if (typeof options === "number" || (typeof options === "string" && /^\d+$/.test(options))) {
    host = typeof args[1] === "string" ? args[1] : "localhost";
  }
  if (host !== undefined && net.isIP(host.replace(/^\[|\]$/g, "")) !== 0 && !isLoopback(host)) {
    attempts.push(`connect ${host}`);
    const err: NodeJS.ErrnoException = new Error(`connect ECONNREFUSED ${host} (tests reach loopback only)`);
    err.code = "ECONNREFUSED";
    process.nextTick(() => this.destroy(err));
    return this;
  }
  return (realConnect as (...a: unknown[]) => Net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

afterAll(() => {
  if (attempts.length > 0) {
    const seen = [...new Set(attempts)];
    throw new Error(
      `this test file tried to reach beyond loopback (${seen.join("; ")}): point it at the emulator, or mock dns.lookup to a loopback address`,
    );
  }
});
