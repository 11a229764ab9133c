/**
 * Inputs and outputs where real use breaks them (issue 10): typos in props, output fields, names that
 * differ only in Unicode form or invisibly, items named like Object's own properties, text from
 * servers on a terminal, redirects, errors answered with 200, compressed bodies, and secrets.
 */
import { execFile } from "node:child_process";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { gzipSync } from "node:zlib";
import { App, TerraformStack, Testing } from "cdktf";
import * as pkg from "../lib";
import { NcloudClient } from "../lib/client/http";
import { ApiError, LookupNotFoundError, ResponseShapeError, ValidationError } from "../lib/errors";
import { LookupStore } from "../lib/lookups/store";
import { listAllPolicies, listAllProducts } from "../lib/services";
import { ApiGatewayProducts, NcloudLookups, SubAccountPolicies, type SubAccountPoliciesProps } from "../lib";
import {
  defaultDataSet,
  startEmulatorProcess,
  type EmulatorProcess,
  type PolicyItem,
  type ProductItem,
} from "../lib/testing";
import { distFile, isolateLookupEnv, REPO_ROOT, TempDirs, thrownBy } from "./helpers/lookup-harness";

jest.setTimeout(30_000);
const dirs = new TempDirs();
let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = isolateLookupEnv();
});
afterAll(() => {
  restoreEnv();
  dirs.cleanup();
});

const A = defaultDataSet();
const policy = (id: string, name: string): PolicyItem =>
  ({ ...(A.policies[0] as PolicyItem), policyId: id, policyName: name }) as PolicyItem;

function stack(): TerraformStack {
  return new TerraformStack(Testing.app({ outdir: dirs.make("cdktf-out-") }), "s");
}

describe("props and settings", () => {
  it("an unknown filter key is a ValidationError naming it and the allowed ones, before any request", () => {
    const err = thrownBy(
      () =>
        new SubAccountPolicies(stack(), "p", {
          tpye: "SYSTEM_MANAGED",
          fixtures: { policies: [] },
        } as unknown as SubAccountPoliciesProps),
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toContain('unknown prop "tpye"');
    expect((err as Error).message).toContain('did you mean "type"');
    expect((err as Error).message).toContain("type, searchColumn, searchWord");
  });

  it("an unknown output field is a ValidationError naming it and the fields there are", () => {
    const err = thrownBy(
      () => new SubAccountPolicies(stack(), "p", { fixtures: { policies: [] }, outputFields: ["policyID"] }),
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toContain('"policyID"');
    expect((err as Error).message).toContain('did you mean "policyId"');
    expect((err as Error).message).toContain("policyId, policyName, policyType, policyDesc, nrn");
  });

  it("NcloudLookups.configure refuses an unknown setting", () => {
    const app = Testing.app();
    expect(() => NcloudLookups.configure(app, { proflie: "x" } as never)).toThrow(
      /unknown setting "proflie"/,
    );
  });

  it("NCLOUD_LOOKUPS_CONCURRENCY is checked at construction as the CLI checks it", () => {
    const prev = process.env.NCLOUD_LOOKUPS_CONCURRENCY;
    process.env.NCLOUD_LOOKUPS_CONCURRENCY = "0";
    try {
      const err = thrownBy(() => new SubAccountPolicies(stack(), "p", { fixtures: { policies: [] } }));
      expect((err as Error).message).toContain(
        'NCLOUD_LOOKUPS_CONCURRENCY must be an integer from 1 to 256, got "0"',
      );
    } finally {
      if (prev === undefined) delete process.env.NCLOUD_LOOKUPS_CONCURRENCY;
      else process.env.NCLOUD_LOOKUPS_CONCURRENCY = prev;
    }
  });

  it("fixtures that lack a list say so instead of acting as an empty list", () => {
    const p = new SubAccountPolicies(stack(), "p", { fixtures: { profiles: [] } });
    expect(() => p.items).toThrow(/the fixtures have no policies list \(they have: profiles\)/);
  });
});

describe("names", () => {
  const nfd = "개발팀".normalize("NFD");
  const fixtures = { policies: [policy("p-nfd", nfd), policy("p-zw", "OPS\u200bADMIN")] };

  it("a Korean name stored decomposed (NFD) is found by the same name typed composed (NFC)", () => {
    expect(nfd).not.toBe("개발팀");
    const p = new SubAccountPolicies(stack(), "p", { fixtures });
    expect(p.idOf("개발팀")).toBe("p-nfd");
    expect(p.idOf(nfd)).toBe("p-nfd");
    expect(p.has("개발팀")).toBe(true);
  });

  it("a name that differs only invisibly is not found, and the message says so", () => {
    const p = new SubAccountPolicies(stack(), "p", { fixtures });
    const err = thrownBy(() => p.byName("OPSADMIN"));
    expect(err).toBeInstanceOf(LookupNotFoundError);
    expect((err as Error).message).toContain("differs from it only in characters you cannot see");
    expect((err as Error).message).toContain('Did you mean "OPS\\u200bADMIN"?');
  });

  it("items named __proto__ and constructor survive into the output map (__proto__ as __proto__#<id>)", () => {
    const s = stack();
    const products: ProductItem[] = ["__proto__", "constructor", "toString"].map(
      (name, i) =>
        ({ ...(A.products[0] as ProductItem), productId: `pr-${i}`, productName: name }) as ProductItem,
    );
    new ApiGatewayProducts(s, "products", { fixtures: { products }, outputAll: true });
    const out = (
      JSON.parse(Testing.synth(s)) as { output: Record<string, { value: Record<string, unknown> }> }
    ).output.products?.value;
    expect(Object.keys(out ?? {}).sort()).toEqual(["__proto__#pr-0", "constructor", "toString"]);
    expect(out?.["__proto__#pr-0"]).toEqual({ id: "pr-0" });
    expect(out?.constructor).toEqual({ id: "pr-1" });
  });
});

describe("the secret key", () => {
  it("is not reachable through util.inspect of a construct, the package or JSON", () => {
    const SECRET = "SECRET-CANARY-inspect-9d2e";
    const app = new App({ outdir: dirs.make("cdktf-out-") });
    const s = new TerraformStack(app, "s");
    const p = new SubAccountPolicies(s, "p", {
      accessKey: "AK",
      secretKey: SECRET,
      fixtures: { policies: [] },
    });
    for (const text of [
      inspect(p, { showHidden: true, depth: 8 }),
      inspect(s, { showHidden: true, depth: 8 }),
      inspect(pkg, { showHidden: true, depth: 8 }),
      inspect(LookupStore, { showHidden: true, depth: 8 }),
    ]) {
      expect(text).not.toContain(SECRET);
    }
  });
});

describe("text from servers on a terminal", () => {
  let emu: EmulatorProcess;
  beforeAll(async () => {
    emu = await startEmulatorProcess();
  });
  afterAll(async () => {
    await emu.stop();
  });

  it("a 403 message with terminal escapes reaches stderr without them", async () => {
    await emu.control.injectFault({
      kind: "policies",
      type: "status",
      status: 403,
      message: "Forbidden\u001b]0;pwned\u0007\u001b[2J\u001b[H\u009b31m cleared",
    });
    const r = await new Promise<{ code: number | null; stderr: string }>((done) =>
      execFile(
        process.execPath,
        [distFile("cli", "main.js"), "list", "policies"],
        {
          cwd: REPO_ROOT,
          env: {
            PATH: process.env.PATH,
            NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
            HOME: dirs.make("home-"),
            NCLOUD_LOOKUPS_ENDPOINT: emu.url,
            NCLOUD_ACCESS_KEY: emu.accessKey,
            NCLOUD_SECRET_KEY: emu.secretKey,
          },
          encoding: "utf8",
        },
        (err, _out, stderr) => done({ code: err === null ? 0 : (err.code as number), stderr }),
      ),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Forbidden");
    // eslint-disable-next-line no-control-regex
    expect(r.stderr.trimEnd()).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

describe("answers that are not what they seem", () => {
  let server: Server;
  let url: string;
  let answer: (res: ServerResponse) => void = () => undefined;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      answer(res);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });
  const client = (): NcloudClient =>
    new NcloudClient({
      endpoint: url,
      credentials: { accessKey: "a", secretKey: "b" },
      env: {},
      maxRetries: 0,
    });

  it("a redirect names where it points and why it is not followed", async () => {
    answer = (res) => {
      res.writeHead(302, { location: "https://subaccount.apigw.gov-ntruss.com/api/v1/policies?page=0" });
      res.end();
    };
    const err = (await listAllPolicies(client()).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toContain("HTTP 302");
    expect(err.message).toContain("redirected to https://subaccount.apigw.gov-ntruss.com/api/v1/policies");
    expect(err.message).toContain("redirects are not followed");
  });

  it("a 200 carrying an NCP error body is an error, not an empty list", async () => {
    answer = (res) => {
      res.writeHead(200, { "content-type": "application/json", "x-ncp-apigw-request-id": "req-200" });
      res.end(JSON.stringify({ error: { errorCode: "210", message: "Permission Denied" } }));
    };
    const err = (await listAllProducts(client()).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toContain("answered HTTP 200 but its body is an NCP error");
    expect(err.message).toContain("Permission Denied");
    expect(err.requestId).toBe("req-200");
  });

  it("a gzip body is inflated when the server says so, and named when it does not", async () => {
    const body = JSON.stringify({ totalItems: 1, items: [policy("p-1", "ONE")] });
    answer = (res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(gzipSync(body));
    };
    expect((await listAllPolicies(client())).map((p) => p.policyId)).toEqual(["p-1"]);
    answer = (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(gzipSync(body));
    };
    const err = (await listAllPolicies(client()).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ResponseShapeError);
    expect(err.message).toContain("gzip-compressed but the server did not say so");
    answer = (res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "zstd" });
      res.end("xx");
    };
    const other = (await listAllPolicies(client()).catch((e: unknown) => e)) as Error;
    expect(other.message).toContain('Content-Encoding "zstd"');
  });
});

describe("settings from the construct context", () => {
  const fixtures = { policies: [policy("p-ctx", "FROM_CONTEXT")] };

  it("are read from the ncloud-lookups context, below configure and props", () => {
    const app = Testing.app({ context: { "ncloud-lookups": { account: "ctx-account", fixtures } } });
    const s = new TerraformStack(app, "s");
    const p = new SubAccountPolicies(s, "p");
    expect(p.lookupKey).toBe("policies@public/ctx-account");
    expect(p.idOf("FROM_CONTEXT")).toBe("p-ctx");
    NcloudLookups.configure(s, { account: "configured" });
    expect(new SubAccountPolicies(s, "q").lookupKey).toBe("policies@public/configured");
    expect(new SubAccountPolicies(s, "r", { account: "prop" }).lookupKey).toBe("policies@public/prop");
  });

  it("an unknown key there is an error naming it", () => {
    const app = Testing.app({ context: { "ncloud-lookups": { siet: "gov" } } });
    expect(() => new SubAccountPolicies(new TerraformStack(app, "s"), "p")).toThrow(/unknown setting "siet"/);
  });
});
