/**
 * Server Role keys (issue 30, item 8 and the test audit): a user name or password in
 * NCLOUD_METADATA_API_ENDPOINT is never printed; role names `.` and `..` (which would change the
 * request's path) are refused; keys are renewed 5 minutes before their Expiration, not after (a clock
 * injected). A real metadata server on loopback answers.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { ServerRoleKeys } from "../lib/client/server-role";

interface Meta {
  url: string;
  requests: string[];
  role: string;
  expiration: string;
  close(): Promise<void>;
}

async function metadataServer(role: string, expiration: string): Promise<Meta> {
  const requests: string[] = [];
  const meta: Partial<Meta> = { requests, role, expiration };
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    if (req.url === "/latest/meta-data/iam/security-credentials/") {
      res.end(`${meta.role}\n`);
    } else if (
      req.url === `/latest/meta-data/iam/security-credentials/${encodeURIComponent(meta.role ?? "")}`
    ) {
      res.end(
        JSON.stringify({
          AccessKeyId: `AK${requests.length}`,
          SecretAccessKey: "SK",
          Expiration: meta.expiration,
        }),
      );
    } else {
      res.statusCode = 404;
      res.end("{}");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  meta.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  meta.close = () => new Promise((r) => server.close(() => r()));
  return meta as Meta;
}

/** The Server Role keys of one owner (a client owns one): a fresh one per test. */
let keys = new ServerRoleKeys();
beforeEach(() => (keys = new ServerRoleKeys()));
const serverRoleCredentials = (env: NodeJS.ProcessEnv, now?: () => number) => keys.get(env, now);

describe("Server Role", () => {
  it("never prints a user name or password of NCLOUD_METADATA_API_ENDPOINT", async () => {
    const meta = await metadataServer("role-a", "2099-01-01T00:00:00Z");
    try {
      const withPassword = meta.url.replace("http://", "http://admin:s3cret-pw@");
      const ok = await serverRoleCredentials({ NCLOUD_METADATA_API_ENDPOINT: withPassword });
      expect(ok.ok).toBe(true);
      if (ok.ok) {
        expect(ok.credentials.source).not.toContain("s3cret-pw");
        expect(ok.credentials.source).toContain("[redacted]@127.0.0.1");
      }
      keys = new ServerRoleKeys();
      meta.role = ""; // no role: the outcome says why, naming the endpoint
      const none = await serverRoleCredentials({ NCLOUD_METADATA_API_ENDPOINT: withPassword });
      expect(none.ok).toBe(false);
      if (!none.ok) {
        expect(none.searched).toContain("no role attached");
        expect(none.searched).not.toContain("s3cret-pw");
        expect(none.searched).not.toContain("admin");
      }
    } finally {
      await meta.close();
    }
  });

  it.each([".", ".."])("refuses the role name %j (it would change the request's path)", async (role) => {
    const meta = await metadataServer(role, "2099-01-01T00:00:00Z");
    try {
      const out = await serverRoleCredentials({ NCLOUD_METADATA_API_ENDPOINT: meta.url });
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.searched).toContain("an unexpected role name");
      expect(meta.requests).toEqual(["/latest/meta-data/iam/security-credentials/"]);
    } finally {
      await meta.close();
    }
  });

  it("renews the keys 5 minutes before Expiration, not after", async () => {
    const t0 = Date.parse("2030-01-01T00:00:00Z");
    const meta = await metadataServer("role-a", "2030-01-01T00:10:00Z"); // expires at t0 + 10 min
    try {
      let now = t0;
      const clock = () => now;
      const env = { NCLOUD_METADATA_API_ENDPOINT: meta.url };
      const first = await serverRoleCredentials(env, clock);
      expect(first.ok).toBe(true);
      expect(meta.requests).toHaveLength(2);
      now = t0 + 4 * 60_000 + 59_000; // 5:01 before expiry: the same keys
      await serverRoleCredentials(env, clock);
      expect(meta.requests).toHaveLength(2);
      now = t0 + 5 * 60_000 + 1_000; // 4:59 before expiry: renewed
      const renewed = await serverRoleCredentials(env, clock);
      expect(meta.requests).toHaveLength(4);
      if (first.ok && renewed.ok) expect(renewed.credentials.accessKey).not.toBe(first.credentials.accessKey);
    } finally {
      await meta.close();
    }
  });
});
