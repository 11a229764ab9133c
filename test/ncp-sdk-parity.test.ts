/**
 * NCP as NCP's own SDKs see it (issue 17): fin Cloud Functions, Server Role credentials, the headers of
 * NCP's examples, form-decoded queries (Go's `+` for a space), the configure file read verbatim, and
 * settings that do not belong in committed files. Real processes, the emulator over loopback.
 */
import { createHmac } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { metadataEndpoint } from "../lib/client/server-role";
import { lookupSpec } from "../lib/lookups/key";
import { resolveCredentials } from "../lib/client/credentials";
import { CredentialsError, ValidationError } from "../lib/errors";
import { SubAccountPolicies } from "../lib";
import { defaultDataSet } from "../lib/testing";
import { useEmulatorProcess } from "./helpers/emulator-fixture";
import { distFile, REPO_ROOT, runNode, thrownBy, type NodeRun } from "./helpers/lookup-harness";

jest.setTimeout(60_000);

const fixture = useEmulatorProcess();
const { dirs } = fixture;
const CLI = distFile("cli", "main.js");
const data = defaultDataSet();

function cli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<NodeRun> {
  return runNode([CLI, ...args], { cwd: dirs.make("ncloud-parity-home-"), env });
}

const keys = fixture.online;

describe("Cloud Functions on the fin site", () => {
  it("requests /api/v2/packages without platform and lists the classic packages", async () => {
    await fixture.emu.control.clearRequests();
    const r = await cli(["list", "packages", "--output", "json"], { ...keys(), NCLOUD_SITE: "fin" });
    expect(r.stderr).toBe("");
    expect((JSON.parse(r.stdout) as Array<{ name: string }>).map((p) => p.name)).toEqual(
      data.packages.classic.map((p) => p.name),
    );
    const sent = (await fixture.emu.control.requests()).map((q) => q.target);
    expect(sent).toEqual(["/api/v2/packages"]);
  });

  it.each(["gov", "fin"])("on %s a platform other than classic is an error naming the site", (site) => {
    const err = thrownBy(() => lookupSpec("packages", { platform: "vpc" }, { site }, {})) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain(`on the ${site} site`);
    expect(err.message).toContain("classic");
  });
});

describe("credentials from a Server Role", () => {
  const noKeys = (metadata: string): NodeJS.ProcessEnv => ({
    NCLOUD_LOOKUPS_ENDPOINT: fixture.emu.url,
    NCLOUD_METADATA_API_ENDPOINT: metadata,
  });

  it("no keys, an empty home: the emulator's metadata service gives the role's keys to list and to a synth", async () => {
    const r = await cli(["list", "policies", "--output", "json"], noKeys(fixture.emu.url));
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toHaveLength(data.policies.length);
    const asked = (await fixture.emu.control.requests()).map((q) => q.path);
    expect(asked).toContain("/latest/meta-data/iam/security-credentials/");
    expect(asked).toContain("/latest/meta-data/iam/security-credentials/ncloud-lookups-emulator-role");

    const app = dirs.make("ncloud-parity-app-");
    writeFileSync(
      path.join(app, "app.js"),
      `const { App, TerraformStack } = require(${JSON.stringify(require.resolve("cdktf", { paths: [REPO_ROOT] }))});
const { SubAccountPolicies } = require(${JSON.stringify(distFile("index.js"))});
const stack = new TerraformStack(new App({ outdir: "out" }), "s");
process.stdout.write(new SubAccountPolicies(stack, "p", { type: "SYSTEM_MANAGED", outputs: false }).idOf("NCP_NCLOUD_STORAGE_VIEWER"));
`,
    );
    const synth = await runNode(["app.js"], { cwd: app, env: noKeys(fixture.emu.url) });
    expect(synth.stderr).toBe("");
    expect(synth.stdout).toBe(
      data.policies.find((p) => p.policyName === "NCP_NCLOUD_STORAGE_VIEWER")?.policyId,
    );
  });

  it("turned off, or with the endpoint dead, the credentials error comes within about a second and names the metadata service", async () => {
    const off = await cli(["list", "policies"], {
      ...noKeys(fixture.emu.url),
      NCLOUD_LOOKUPS_SERVER_ROLE: "off",
    });
    expect(off.code).toBe(1);
    expect(off.stderr).toContain("no NCP credentials found");
    expect(off.stderr).toContain(
      "the Server Role metadata service (turned off: NCLOUD_LOOKUPS_SERVER_ROLE=off)",
    );
    const dead = await cli(["list", "policies"], noKeys("http://127.0.0.1:9"));
    expect(dead.code).toBe(1);
    expect(dead.stderr).toContain("Server Role metadata service at http://127.0.0.1:9");
    expect(dead.stderr).toMatch(/unreachable \(ECONNREFUSED\)/);
    expect(dead.stderr).toContain("NCLOUD_LOOKUPS_SERVER_ROLE=off");
  });

  it("a service that never answers is given up on after 1 s (not the Go SDK's 3 s per try)", async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const r = await cli(["list", "policies"], noKeys(url));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("no answer within 1 s");
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it("the suite never reaches NCP's metadata address: the jest set-up points it at loopback, also for lookups given their own environment", () => {
    for (const env of [process.env, {}]) {
      const host = new URL(metadataEndpoint(env)).hostname;
      expect(["127.0.0.1", "localhost", "[::1]"]).toContain(host);
    }
    // Every test file that starts processes hands them the loopback endpoint (or the whole environment).
    const files = ["test", "test/helpers"].flatMap((d) =>
      readdirSync(path.join(REPO_ROOT, d))
        .filter((n) => n.endsWith(".ts"))
        .map((n) => path.join(d, n)),
    );
    for (const name of files) {
      const text = readFileSync(path.join(REPO_ROOT, name), "utf8");
      if (!/\b(spawn|execFile|execFileSync|spawnSync|fork)\(/.test(text) || !/\benv:\s*\{/.test(text))
        continue;
      expect({ name, safe: /NCLOUD_METADATA_API_ENDPOINT|\.\.\.process\.env\b/.test(text) }).toEqual({
        name,
        safe: true,
      });
    }
  });
});

describe("headers and queries as NCP's clients send them", () => {
  it("every GET carries Content-Type: application/json and Accept: application/json", async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { "content-type": "application/json" }).end('{"content":[{"name":"a"}]}');
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await cli(["list", "packages", "--output", "json"], {
        ...keys(),
        NCLOUD_LOOKUPS_ENDPOINT: url,
      });
      expect(r.code).toBe(0);
      expect(seen.length).toBeGreaterThan(0);
      for (const h of seen) {
        expect(h["content-type"]).toBe("application/json");
        expect(h.accept).toBe("application/json");
      }
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  /** Signs and sends a GET the way an SDK does, with a query spelled by that SDK; returns the parsed body. */
  function sdkGet(pathAndQuery: string): Promise<{ status: number; body: unknown }> {
    const ts = String(Date.now());
    // Written from NCP's documented message format, not with the library's signer.
    const signature = createHmac("sha256", fixture.emu.secretKey)
      .update(`GET ${pathAndQuery}\n${ts}\n${fixture.emu.accessKey}`)
      .digest("base64");
    const u = new URL(fixture.emu.url);
    return new Promise((done, fail) => {
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: pathAndQuery,
          headers: {
            "x-ncp-apigw-timestamp": ts,
            "x-ncp-iam-access-key": fixture.emu.accessKey,
            "x-ncp-apigw-signature-v2": signature,
          },
        },
        (res) => {
          let text = "";
          res.on("data", (d: Buffer) => (text += d.toString()));
          res.on("end", () => done({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
        },
      );
      req.on("error", fail);
      req.end();
    });
  }

  it("a product name with a space, sent the Go SDK's way (+) and the Java SDK's way (%20), finds the same items", async () => {
    const name = data.products.find((p) => p.productName.includes(" "))?.productName as string;
    expect(name).toBeDefined();
    const word = name.split(" ").slice(0, 2).join(" ");
    const go = `/api/v1/products?limit=100&offset=0&productName=${encodeURIComponent(word).replace(/%20/g, "+")}`;
    const java = `/api/v1/products?limit=100&offset=0&productName=${encodeURIComponent(word)}`;
    expect(go).toContain("+");
    const a = await sdkGet(go);
    const b = await sdkGet(java);
    expect(a.status).toBe(200);
    expect(a.body).toEqual(b.body);
    const items = (a.body as { productPage: { content: Array<{ productName: string }> } }).productPage
      .content;
    expect(items.length).toBeGreaterThan(0);
    for (const p of items) expect(p.productName).toContain(word);
    // %2B is a plus, not a space: a name with a literal plus finds nothing here.
    const plus = await sdkGet(
      `/api/v1/products?limit=100&offset=0&productName=${encodeURIComponent(word.replace(" ", "+"))}`,
    );
    expect((plus.body as { productPage: { content: unknown[] } }).productPage.content).toEqual([]);
  });
});

describe("the configure file and environment, as the SDKs read them", () => {
  function home(configure: string): string {
    const h = dirs.make("ncloud-parity-conf-");
    mkdirSync(path.join(h, ".ncloud"));
    writeFileSync(path.join(h, ".ncloud", "configure"), configure);
    return h;
  }

  it("values are verbatim (a ; or # inside is not a comment) and a section name may hold dots", () => {
    const h = home(
      "# comment\n[DEFAULT]\nncloud_access_key_id = AK1\nncloud_secret_access_key = ab;cd#ef\n\n[prod.eu]\nncloud_access_key_id=AK2\nncloud_secret_access_key=x=y#z\n",
    );
    const d = resolveCredentials({ env: { HOME: h } });
    expect([d.accessKey, d.secretKey]).toEqual(["AK1", "ab;cd#ef"]);
    const eu = resolveCredentials({ env: { HOME: h, NCLOUD_PROFILE: "prod.eu" } });
    expect([eu.accessKey, eu.secretKey, eu.source]).toEqual([
      "AK2",
      "x=y#z",
      "~/.ncloud/configure [prod.eu]",
    ]);
  });

  it("both access key variables (or both secret variables) set to different values: refused, naming both", () => {
    for (const [env, names] of [
      [
        { NCLOUD_ACCESS_KEY: "A", NCLOUD_ACCESS_KEY_ID: "B", NCLOUD_SECRET_KEY: "S" },
        ["NCLOUD_ACCESS_KEY_ID", "NCLOUD_ACCESS_KEY"],
      ],
      [
        { NCLOUD_ACCESS_KEY: "A", NCLOUD_SECRET_KEY: "s1-secret", NCLOUD_SECRET_ACCESS_KEY: "s2-secret" },
        ["NCLOUD_SECRET_ACCESS_KEY", "NCLOUD_SECRET_KEY"],
      ],
    ] as const) {
      const err = thrownBy(() =>
        resolveCredentials({ env: { HOME: "/nonexistent", ...env } }),
      ) as CredentialsError;
      expect(err).toBeInstanceOf(CredentialsError);
      for (const n of names) expect(err.message).toContain(n);
      expect(err.message).not.toContain("secret");
    }
    // The same value under both names is fine.
    expect(
      resolveCredentials({
        env: { NCLOUD_ACCESS_KEY: "A", NCLOUD_ACCESS_KEY_ID: "A", NCLOUD_SECRET_KEY: "S" },
      }).accessKey,
    ).toBe("A");
  });

  it("a 401 names where the keys came from, never the keys", async () => {
    const r = await cli(["list", "policies"], { ...keys(), NCLOUD_SECRET_KEY: "wrong-secret-value" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("HTTP 401");
    expect(r.stderr).toContain("the keys came from environment (NCLOUD_ACCESS_KEY");
    expect(r.stderr).not.toContain("wrong-secret-value");
  });

  it("a secretKey (or an endpoint) in the construct context, a committed file, is refused saying where it belongs", () => {
    for (const [key, where] of <Array<[string, string]>>[
      ["secretKey", "keys belong in the environment"],
      ["endpoint", "never decides where signed requests go"],
    ]) {
      const app = Testing.app({ context: { "ncloud-lookups": { [key]: "x" } } });
      const err = thrownBy(
        () => new SubAccountPolicies(new TerraformStack(app, "s"), "p", { fixtures: { policies: [] } }),
      ) as ValidationError;
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.message).toContain(where);
    }
  });
});
