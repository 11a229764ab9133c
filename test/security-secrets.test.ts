/**
 * Secrets and where requests may go. One demo-like flow with a recognisable secret key: the CLI
 * (list, list against a 403 that echoes the secret, list --verbose, fill, show, check), a cdktf app
 * failing with a wrong secret and one synthesizing to a temp outdir, and errors caught in-process,
 * serialized every way a user might print them. The secret must show up nowhere; the access key only
 * where a user expects it (--verbose, errors' own fields), never in the lock file or synthesized files.
 * Then: plain http to a non-loopback host is refused before any connection is made (a preloaded guard
 * records every socket connect of the CLI process; no traffic leaves loopback). Run `npm run build` first.
 */
import { keyFingerprint } from "../lib/client/http";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { inspect } from "node:util";
import { NcloudClient } from "../lib/client/http";
import { ApiError, NetworkError, TimeoutError } from "../lib/errors";
import { serializeError } from "../lib/lookups/wire-errors";
import { LookupBridge } from "../lib/lookups/bridge";
import { LookupStore } from "../lib/lookups/store";
import { listAllPolicies } from "../lib/services/policies";
import { startEmulatorProcess, type EmulatorProcess } from "../lib/testing";
import { bytesOf, distFile, isolateLookupEnv, REPO_ROOT, TempDirs } from "./helpers/lookup-harness";

/** The lookup store of the tests that resolve without constructs (a fresh one where they say so). */
let store = new LookupStore();

const SECRET = "SECRET-CANARY-7f3a9c";
const WRONG_SECRET = "SECRET-CANARY-wrong-41d0e2";
const ACCESS = "ACCESS-CANARY-5e2b8d";

const CLI = distFile("cli", "main.js");
const dirs = new TempDirs();
let emu: EmulatorProcess;
let restoreEnv: () => void;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runNode(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  nodeArgs: string[] = [],
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeArgs, ...args],
      { env, cwd, timeout: 45_000, killSignal: "SIGKILL", encoding: "utf8", maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        const c = (err as { code?: unknown } | null)?.code;
        resolve({ code: err === null ? 0 : typeof c === "number" ? c : null, stdout, stderr });
      },
    );
  });
}

/** Every file under `dir`, with its text. */
function filesUnder(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push([p, readFileSync(p, "latin1")]);
  }
  return out;
}

beforeAll(async () => {
  restoreEnv = isolateLookupEnv();
  emu = await startEmulatorProcess({
    accessKey: ACCESS,
    secretKey: SECRET,
    generate: { policies: 40, products: 30, profiles: 30, packages: 10 },
  });
}, 30_000);

afterAll(async () => {
  await LookupBridge.stopShared();
  await emu?.stop();
  restoreEnv();
  dirs.cleanup();
});

describe("the secret key shows up nowhere", () => {
  it("CLI, app synth and in-process errors: no secret anywhere, the access key only where expected", async () => {
    const work = dirs.make("ncloud-secrets-");
    const lock = path.join(work, "ncloud.lookups.json");
    const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
      HOME: work,
      NCLOUD_LOOKUPS_ENDPOINT: emu.url,
      NCLOUD_ACCESS_KEY: ACCESS,
      NCLOUD_SECRET_KEY: SECRET,
      NCLOUD_LOOKUPS_LOCK_FILE: lock,
      ...extra,
    });
    /** Texts where the access key may appear (verbose output, uncaught errors with their fields). */
    const mayShowAccessKey: Array<[string, string]> = [];
    /** Texts where neither key may appear. */
    const clean: Array<[string, string]> = [];
    const cli = async (what: string, args: string[], expectCode: number, verbose = false): Promise<Run> => {
      const r = await runNode([CLI, ...args], env(), work);
      expect({ what, code: r.code, stderr: r.code === expectCode ? "" : r.stderr }).toEqual({
        what,
        code: expectCode,
        stderr: "",
      });
      clean.push([`${what} stdout`, r.stdout]);
      (verbose ? mayShowAccessKey : clean).push([`${what} stderr`, r.stderr]);
      return r;
    };

    // The CLI, as in the demo.
    const listed = await cli("list policies", ["list", "policies"], 0);
    expect((JSON.parse(listed.stdout) as unknown[]).length).toBe(40);
    await emu.control.injectFault({
      kind: "products",
      type: "status",
      status: 403,
      // A gateway that echoes what it was given: the client must not pass the secret on.
      message: `Forbidden: the request signed with ${SECRET} lacks permission`,
    });
    const denied = await cli("list products (403)", ["list", "products"], 1);
    expect(denied.stderr).toContain("HTTP 403");
    expect(denied.stderr).toContain("[redacted]");
    const verbose = await cli("list profiles --verbose", ["list", "profiles", "--verbose"], 0, true);
    // --verbose names the key by its fingerprint, never the whole access key id
    expect(verbose.stderr).toContain(`using the access key with fingerprint ${keyFingerprint(ACCESS)}`);
    expect(verbose.stderr).not.toContain(ACCESS);
    const keys = ["packages", "policies", "products", "profiles"].map((k) => `${k}@public`);
    await cli("fill", ["fill", ...keys], 0);
    await cli("show", ["show"], 0);
    await cli("show --json", ["show", "--json"], 0);
    await cli("check", ["check"], 0);

    // A cdktf app: one failing with a wrong secret, one synthesizing to a temp outdir.
    const app = path.join(work, "app.js");
    writeFileSync(
      app,
      `"use strict";
const { App, TerraformStack } = require(${JSON.stringify(path.join(REPO_ROOT, "node_modules", "cdktf"))});
const l = require(${JSON.stringify(path.join(REPO_ROOT, "dist", "index.js"))});
const app = new App({ outdir: process.argv[2] });
const stack = new TerraformStack(app, "stack");
new l.SubAccountPolicies(stack, "policies", { pin: true });
new l.ApiGatewayProducts(stack, "products", { outputFields: ["productId", "productName", "tenantId"] });
new l.ExternalAccessProfiles(stack, "profiles");
new l.CloudFunctionsPackages(stack, "packages", { platform: "classic" });
app.synth();
`,
    );
    const appLock = path.join(work, "app.lookups.json");
    const failedOut = path.join(work, "failed.out");
    const failed = await runNode(
      [app, failedOut],
      env({
        NCLOUD_SECRET_KEY: WRONG_SECRET,
        NCLOUD_LOOKUPS_LOCK_FILE: appLock,
        NCLOUD_LOOKUPS_MODE: "online",
      }),
      work,
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/ApiError: stack\/\w+: .*HTTP 401/);
    expect(bytesOf(appLock)).toBeUndefined();
    mayShowAccessKey.push(["failed synth stderr", failed.stderr]);
    clean.push(["failed synth stdout", failed.stdout]);

    const outdir = path.join(work, "cdktf.out");
    const synth = await runNode(
      [app, outdir],
      env({ NCLOUD_LOOKUPS_LOCK_FILE: appLock, NCLOUD_LOOKUPS_MODE: "online" }),
      work,
    );
    if (synth.code !== 0) throw new Error(`synth failed:\n${synth.stderr}`);
    clean.push(["synth stdout", synth.stdout], ["synth stderr", synth.stderr]);
    const synthesized = filesUnder(outdir);
    expect(synthesized.map(([f]) => path.basename(f))).toContain("cdk.tf.json");
    clean.push(...synthesized);
    clean.push([lock, readFileSync(lock, "utf8")], [appLock, readFileSync(appLock, "utf8")]);
    expect(Object.keys(JSON.parse(readFileSync(appLock, "utf8")).entries as object)).toHaveLength(4);

    // Errors caught in-process, printed every way a user might.
    const printed = (what: string, err: unknown): void => {
      mayShowAccessKey.push(
        [`${what} JSON.stringify`, JSON.stringify(err) ?? ""],
        [`${what} inspect`, inspect(err, { showHidden: true, depth: null })],
        [`${what} String`, String(err)],
        [`${what} stack`, (err as Error).stack ?? ""],
        [`${what} serializeError`, JSON.stringify(serializeError(err))],
      );
    };
    store = new LookupStore();
    const storeLock = path.join(work, "store.lookups.json");
    let storeError: unknown;
    try {
      store.resolve(
        "policies",
        {},
        {
          endpoint: emu.url,
          accessKey: ACCESS,
          secretKey: WRONG_SECRET,
          lockFile: storeLock,
          mode: "online",
        },
      );
    } catch (err) {
      storeError = err;
    }
    expect(storeError).toBeInstanceOf(ApiError);
    expect((storeError as ApiError).status).toBe(401);
    expect(bytesOf(storeLock)).toBeUndefined();
    printed("LookupStore.resolve", storeError);

    const client = new NcloudClient({
      endpoint: emu.url,
      credentials: { accessKey: ACCESS, secretKey: WRONG_SECRET },
      timeoutMs: 300,
      maxRetries: 0,
    });
    try {
      const apiError = await listAllPolicies(client).catch((e: unknown) => e);
      expect(apiError).toBeInstanceOf(ApiError);
      printed("listAllPolicies (wrong secret)", apiError);
      // Errors with a cause chain: a timeout and a reset, made with the right secret this time.
      const good = new NcloudClient({
        endpoint: emu.url,
        credentials: { accessKey: ACCESS, secretKey: SECRET },
        timeoutMs: 300,
        maxRetries: 0,
      });
      try {
        await emu.control.injectFault({ kind: "policies", type: "hang" });
        const timeout = await listAllPolicies(good).catch((e: unknown) => e);
        expect(timeout).toBeInstanceOf(TimeoutError);
        printed("listAllPolicies (hang)", timeout);
        await emu.control.injectFault({ kind: "policies", type: "reset" });
        const reset = await listAllPolicies(good).catch((e: unknown) => e);
        expect(reset).toBeInstanceOf(NetworkError);
        printed("listAllPolicies (reset)", reset);
        clean.push(
          ["client JSON", JSON.stringify(good)],
          ["client inspect", inspect(good, { showHidden: true, depth: null })],
          ["client String", String(good)],
        );
      } finally {
        good.close();
      }
    } finally {
      client.close();
    }

    for (const [where, text] of [...clean, ...mayShowAccessKey]) {
      expect({ where, secret: text.includes("SECRET-CANARY") }).toEqual({ where, secret: false });
    }
    for (const [where, text] of clean) {
      expect({ where, accessKey: text.includes(ACCESS) }).toEqual({ where, accessKey: false });
    }
    // The scan is meaningful: the recorded requests carried the access key, and stdout had real data.
    expect((await emu.control.requests()).every((q) => q.accessKey === ACCESS)).toBe(true);
    expect(clean.length).toBeGreaterThan(20);
  }, 90_000);
});

describe("plain http to a non-loopback host is refused before any connection", () => {
  let guard: string;
  let work: string;

  beforeAll(() => {
    work = dirs.make("ncloud-guard-");
    guard = path.join(work, "guard.js");
    // Preloaded into the CLI process: records every socket connect, and blocks any off loopback.
    writeFileSync(
      guard,
      `"use strict";
const net = require("node:net");
const fs = require("node:fs");
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const a = Array.isArray(args[0]) ? args[0] : args;
  const o = typeof a[0] === "object" && a[0] !== null ? a[0] : { port: a[0], host: typeof a[1] === "string" ? a[1] : undefined };
  const host = String(o.host ?? "localhost");
  fs.appendFileSync(process.env.CONNECT_LOG, JSON.stringify({ host, port: o.port ?? null }) + "\\n");
  if (o.path === undefined && !/^(127\\.|::1$|localhost$|\\[::1\\]$)/.test(host)) {
    throw new Error("guard: blocked a connection to " + host);
  }
  return connect.apply(this, args);
};
`,
    );
  });

  const run = async (
    args: string[],
    extra: Record<string, string | undefined>,
  ): Promise<Run & { connects: string[] }> => {
    const log = path.join(dirs.make("ncloud-guard-log-"), "connects.log");
    writeFileSync(log, "");
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
      HOME: work,
      NCLOUD_ACCESS_KEY: ACCESS,
      NCLOUD_SECRET_KEY: SECRET,
      NCLOUD_LOOKUPS_LOCK_FILE: path.join(work, "ncloud.lookups.json"),
      CONNECT_LOG: log,
    };
    for (const [k, v] of Object.entries(extra)) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    const r = await runNode([CLI, ...args], env, work, ["--require", guard]);
    return {
      ...r,
      connects: readFileSync(log, "utf8")
        .split("\n")
        .filter((l) => l !== ""),
    };
  };

  it("the guard sees the connections of a normal run (so an empty log means no traffic)", async () => {
    const r = await run(["list", "packages", "--endpoint", emu.url], {});
    expect(r.code).toBe(0);
    expect(r.connects.length).toBeGreaterThan(0);
    expect(r.connects.every((c) => (JSON.parse(c) as { host: string }).host === "127.0.0.1")).toBe(true);
  });

  it.each<[string, string[], Record<string, string | undefined>, string]>([
    [
      "--endpoint http://10.0.0.1:80",
      ["list", "policies", "--endpoint", "http://10.0.0.1:80"],
      {},
      "10.0.0.1",
    ],
    [
      "--endpoint with no credentials set at all",
      ["list", "policies", "--endpoint", "http://10.0.0.1:80"],
      { NCLOUD_ACCESS_KEY: undefined, NCLOUD_SECRET_KEY: undefined },
      "10.0.0.1",
    ],
    [
      "NCLOUD_LOOKUPS_ENDPOINT, list",
      ["list", "packages"],
      { NCLOUD_LOOKUPS_ENDPOINT: "http://10.0.0.1:80" },
      "10.0.0.1",
    ],
    [
      "an endpoint given to fill",
      ["fill", "--endpoint", "http://10.0.0.1:80", "policies@public"],
      {},
      "10.0.0.1",
    ],
    [
      "NCLOUD_LOOKUPS_ENDPOINT, fill of a key without endpoint",
      ["fill", "profiles@public"],
      { NCLOUD_LOOKUPS_ENDPOINT: "http://10.0.0.1:80" },
      "10.0.0.1",
    ],
    [
      "a hex IPv4 (0x0a000001 is 10.0.0.1)",
      ["list", "policies", "--endpoint", "http://0x0a000001:80"],
      {},
      "10.0.0.1",
    ],
    ["IPv6 unique local", ["list", "products", "--endpoint", "http://[fd00::1]:80"], {}, "[fd00::1]"],
    [
      "IPv4-mapped IPv6",
      ["list", "products", "--endpoint", "http://[::ffff:10.0.0.1]:80"],
      {},
      "[::ffff:a00:1]",
    ],
    ["0.0.0.0", ["list", "profiles", "--endpoint", "http://0.0.0.0:80"], {}, "0.0.0.0"],
  ])("%s: exit 2 naming the host, no connection at all", async (_name, args, extra, host) => {
    const r = await run(args, extra);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`plain http to ${host}`);
    expect(r.stderr).toContain("loopback");
    expect(r.connects).toEqual([]);
  });

  it.each([
    ["user:password in a URL", "http://user:SECRET-CANARY-7f3a9c@127.0.0.1:1"],
    ["user:password in something that is not a URL", "http//AK:SECRET-CANARY-7f3a9c@host"],
  ])("an endpoint holding %s is refused without echoing it", async (_name, endpoint) => {
    const r = await run(["list", "policies", "--endpoint", endpoint], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--endpoint");
    expect(r.stderr).not.toContain("SECRET-CANARY");
    expect(r.connects).toEqual([]);
  });
});
