/**
 * Where `check` and `refresh` send their requests (issue 30, item 4 and the test audit): never to the
 * `source` a lock entry says it came from, and never to a profile's `ncloud_api_url` of another realm
 * than the entry's. Listeners count connections; every request the code under test should make goes to
 * loopback, and a listener named by this machine's non-loopback address must get none.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import { networkInterfaces } from "node:os";
import * as path from "node:path";
import { serializeLockFile } from "../lib/lookups/lockfile";
import { NcloudEmulator } from "../lib/testing";
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
  withLan(
    "never to the lock entry's source (a non-loopback origin), only to the run's endpoint",
    async () => {
      // Every request of this test goes to loopback (the emulator, the run's endpoint). The entry is test
      // data (local:) whose recorded source names a listener on this machine's non-loopback address: a
      // run that followed it would connect there. A local: key keeps whatever source it says.
      const source = await counter("0.0.0.0");
      const emu = await NcloudEmulator.start();
      try {
        const dir = dirs.make("ncloud-dest-");
        const key = `local:${ENTRY_KEY}`;
        writeFileSync(
          path.join(dir, "ncloud.lookups.json"),
          serializeLockFile({
            [key]: policiesEntry([policyItem(1)], {
              query: { type: "USER_CREATED" },
              source: `https://${lanAddress}:${source.port}`,
            }),
          }),
        );
        for (const command of ["check", "refresh"]) {
          emu.clearRequests();
          const r = await runNode([CLI, command], {
            cwd: dir,
            env: {
              NCLOUD_LOOKUPS_ENDPOINT: emu.url,
              NCLOUD_ACCESS_KEY: emu.accessKey,
              NCLOUD_SECRET_KEY: emu.secretKey,
              NCLOUD_LOOKUPS_SERVER_ROLE: "off",
            },
          });
          expect(r.stderr).not.toContain(String(source.port));
          expect(emu.requests.filter((q) => q.kind === "policies").length).toBeGreaterThan(0);
        }
        expect(source.count()).toBe(0);
      } finally {
        await source.close();
        await emu.stop();
      }
    },
  );

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
