/**
 * Node built-ins that only writes need, loaded on first call: a lean read of the lock file (the
 * `external` path) never pays for node:crypto or node:os.
 */
import type * as Crypto from "node:crypto";
import type * as Os from "node:os";

/** `bytes` random bytes as hex. */
export function randomHex(bytes: number): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("node:crypto") as typeof Crypto).randomBytes(bytes).toString("hex");
}

/** This machine's host name. */
export function hostName(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("node:os") as typeof Os).hostname();
}
