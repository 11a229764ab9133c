/**
 * Where `check` and `refresh` send their requests (issue 30, item 4 and the test audit): never to the
 * `source` a lock entry says it came from, and never to a profile's `ncloud_api_url` of another realm
 * than the entry's. Listeners count connections: the source listener is on 0.0.0.0 and named by this
 * machine's non-loopback address (an NCP-realm origin that a bug could reach); traffic never leaves
 * the machine.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import { networkInterfaces } from "node:os";
import * as path from "node:path";
import { serializeLockFile } from "../lib/lookups/lockfile";
import { distFile, policiesEntry, policyItem, runNode, TempDirs } from "./helpers/lookup-harness";

const CLI = distFile("cli", "main.js");
const dirs = new TempDirs();
afterAll(() => dirs.cleanup());

/** A TCP listener that counts connections and closes them. */
async function counter(host: string): Promise<{ port: number; count(): number; close(): Promise<void> }> {
  let n = 0;
  const server = net.createServer((s) => {
    n++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return {
    port: (server.address() as net.AddressInfo).port,
    count: () => n,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a !== undefined && a.family === "IPv4" && !a.internal)?.address;
const withLan = lanAddress !== undefined ? it : it.skip;

const ENTRY_KEY = "policies@public?type=USER_CREATED";

describe("check and refresh send requests where the run says", () => {
  withLan("never to the lock entry's source (an NCP-realm origin), but to the run's endpoint", async () => {
    const source = await counter("0.0.0.0");
    const endpoint = await counter("0.0.0.0");
    try {
      const dir = dirs.make("ncloud-dest-");
      writeFileSync(
        path.join(dir, "ncloud.lookups.json"),
        serializeLockFile({
          [ENTRY_KEY]: policiesEntry([policyItem(1)], {
            query: { type: "USER_CREATED" },
            source: `https://${lanAddress}:${source.port}`,
          }),
        }),
      );
      for (const command of ["check", "refresh"]) {
        const r = await runNode([CLI, command], {
          cwd: dir,
          env: {
            NCLOUD_LOOKUPS_ENDPOINT: `https://${lanAddress}:${endpoint.port}`,
            NCLOUD_ACCESS_KEY: "NCPDEMO0ACCESS0KEY00",
            NCLOUD_SECRET_KEY: "demo-secret-not-a-real-ncp-key",
            NCLOUD_LOOKUPS_SERVER_ROLE: "off",
            NCLOUD_LOOKUPS_TIMEOUT_MS: "3000",
          },
        });
        expect(r.code).not.toBe(0); // the endpoint is no TLS server
      }
      expect(source.count()).toBe(0);
      expect(endpoint.count()).toBeGreaterThan(0);
    } finally {
      await source.close();
      await endpoint.close();
    }
  });

  it("a named account's NCP entry is never sent to its profile's ncloud_api_url on a test server", async () => {
    const logger = await counter("127.0.0.1");
    try {
      const dir = dirs.make("ncloud-dest-profile-");
      const key = "policies@public/staging?type=USER_CREATED";
      writeFileSync(
        path.join(dir, "ncloud.lookups.json"),
        serializeLockFile({
          [key]: policiesEntry([policyItem(1)], {
            query: { type: "USER_CREATED" },
            account: "staging",
            profile: "staging",
            source: "https://subaccount.apigw.ntruss.com",
          }),
        }),
      );
      mkdirSync(path.join(dir, ".ncloud"));
      writeFileSync(
        path.join(dir, ".ncloud", "configure"),
        `[staging]\nncloud_access_key_id = AKSTAGING\nncloud_secret_access_key = SKSTAGING\nncloud_api_url = http://127.0.0.1:${logger.port}\n`,
      );
      for (const command of ["check", "refresh"]) {
        const r = await runNode([CLI, command], {
          cwd: dir,
          env: { HOME: dir, NCLOUD_LOOKUPS_SERVER_ROLE: "off" },
        });
        expect(r.code).not.toBe(0);
        expect(r.stderr).toContain(
          `holds NCP data, but the profile "staging" sends its requests to http://127.0.0.1:${logger.port}`,
        );
        expect(r.stderr).not.toContain("SKSTAGING");
      }
      expect(logger.count()).toBe(0);
    } finally {
      await logger.close();
    }
  });
});
