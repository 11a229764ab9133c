/**
 * The right data for every account, site, region and credentials file (issue 9): real processes (a
 * cdktf app and the CLI) against an emulator in a child process that holds two accounts, over loopback
 * HTTP with real signatures.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { readLockFile, serializeLockFile, type LockEntry } from "../lib/lookups/lockfile";
import {
  defaultDataSet,
  startEmulatorProcess,
  type EmulatorDataSet,
  type EmulatorProcess,
  type PolicyItem,
} from "../lib/testing";
import { LookupStore } from "../lib/lookups/store";
import { distFile, isolateLookupEnv, REPO_ROOT, TempDirs } from "./helpers/lookup-harness";

/** The lookup store of the tests that resolve without constructs (a fresh one where they say so). */
let store = new LookupStore();

jest.setTimeout(60_000);

const dirs = new TempDirs();
const MAIN = distFile("cli", "main.js");
const INDEX = distFile("index.js");
const PROD_ACCESS = "NCPPRODACCESSKEY0001";
// Fingerprints pinned as literals (a committed lock file depends on the format): the first 12 hex
// digits of SHA-256 of the access key, as `printf %s KEY | openssl dgst -sha256` prints them.
const PROD_FINGERPRINT = "e7550c5b6d87";
const DEMO_FINGERPRINT = "7e7eb900e70f"; // NCPDEMO0ACCESS0KEY00, the emulator's key
const PROD_SECRET = "prod-secret-not-a-real-ncp-key";

const A = defaultDataSet();
const NAME = (A.policies.find((p) => p.policyType === "USER_CREATED") as PolicyItem).policyName;
/** The second account: the same policy name with another id, and one policy of its own. */
const B: EmulatorDataSet = {
  policies: [
    {
      ...(A.policies.find((p) => p.policyName === NAME) as PolicyItem),
      policyId: "prod-0000-id-of-the-same-name",
    },
    {
      policyId: "prod-0001",
      policyName: "ONLY_IN_PROD",
      policyType: "USER_CREATED",
      policyDesc: "",
      nrn: "nrn:PUB:IAM::2:Policy/prod-0001",
    } as PolicyItem,
  ],
};
const DEV_ID = (A.policies.find((p) => p.policyName === NAME) as PolicyItem).policyId;

let emu: EmulatorProcess;

beforeAll(async () => {
  emu = await startEmulatorProcess({
    accounts: [{ accessKey: PROD_ACCESS, secretKey: PROD_SECRET, data: B }],
  });
});

afterAll(async () => {
  await emu.stop();
  dirs.cleanup();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      args,
      {
        env: { PATH: process.env.PATH, NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9", ...env },
        cwd,
        timeout: 45_000,
        encoding: "utf8",
      },
      (err, stdout, stderr) =>
        done({ code: err === null ? 0 : typeof err.code === "number" ? err.code : null, stdout, stderr }),
    );
  });
}

function home(configure: string): string {
  const h = dirs.make("ncloud-identity-home-");
  mkdirSync(path.join(h, ".ncloud"));
  writeFileSync(path.join(h, ".ncloud", "configure"), configure);
  return h;
}

const TWO_PROFILES = `[dev]
ncloud_access_key_id = ${"NCPDEMO0ACCESS0KEY00"}
ncloud_secret_access_key = demo-secret-not-a-real-ncp-key

[prod]
ncloud_access_key_id = ${PROD_ACCESS}
ncloud_secret_access_key = ${PROD_SECRET}
`;

/** A cdktf app with two stacks, one per profile, each looking the same policy name up. */
function twoAccountApp(): string {
  const dir = dirs.make("ncloud-identity-app-");
  writeFileSync(
    path.join(dir, "app.js"),
    `const { App, TerraformStack } = require(${JSON.stringify(require.resolve("cdktf", { paths: [REPO_ROOT] }))});
const { SubAccountPolicies, NcloudLookups } = require(${JSON.stringify(INDEX)});
const app = new App({ outdir: "cdktf.out" });
const out = {};
for (const profile of ["dev", "prod"]) {
  const stack = new TerraformStack(app, profile);
  NcloudLookups.configure(stack, { profile });
  out[profile] = new SubAccountPolicies(stack, "policies", { type: "USER_CREATED" }).idOf(${JSON.stringify(NAME)});
}
app.synth();
process.stdout.write(JSON.stringify(out));
`,
  );
  return dir;
}

describe("two stacks of one app with two profiles", () => {
  it("get each their own account's ids online, then frozen with nothing, then through another port", async () => {
    const app = twoAccountApp();
    const h = home(TWO_PROFILES);
    await emu.control.clearRequests();
    const online = await run(["app.js"], { HOME: h, NCLOUD_LOOKUPS_ENDPOINT: emu.url }, app);
    expect(online.stderr).toBe("");
    expect(JSON.parse(online.stdout)).toEqual({ dev: DEV_ID, prod: "prod-0000-id-of-the-same-name" });
    const requests = await emu.control.requests();
    expect(new Set(requests.map((r) => r.accessKey))).toEqual(new Set([emu.accessKey, PROD_ACCESS]));

    const lock = readLockFile(path.join(app, "ncloud.lookups.json"));
    expect(Object.keys(lock?.entries ?? {}).sort()).toEqual([
      "local:policies@public/dev?type=USER_CREATED",
      "local:policies@public/prod?type=USER_CREATED",
    ]);
    const prod = lock?.entries["local:policies@public/prod?type=USER_CREATED"] as LockEntry;
    expect(prod).toMatchObject({
      account: "prod",
      profile: "prod",
      source: emu.url,
      keyFingerprint: PROD_FINGERPRINT,
    });
    const text = readFileSync(path.join(app, "ncloud.lookups.json"), "utf8");
    expect(text).not.toContain(PROD_SECRET);
    expect(text).not.toContain(PROD_ACCESS);

    // Frozen: no credentials, no configure file, a dead loopback endpoint (test data), no server reached.
    await emu.control.clearRequests();
    const frozen = await run(
      ["app.js"],
      { HOME: dirs.make("ncloud-empty-home-"), CI: "true", NCLOUD_LOOKUPS_ENDPOINT: "http://127.0.0.1:9" },
      app,
    );
    expect(frozen.stderr).toBe("");
    expect(JSON.parse(frozen.stdout)).toEqual(JSON.parse(online.stdout));
    expect(await emu.control.requests()).toHaveLength(0);

    // Online again through an emulator on another port: the lock serves it, the endpoint is not identity.
    const other = await startEmulatorProcess({ data: {} });
    try {
      const moved = await run(["app.js"], { HOME: h, NCLOUD_LOOKUPS_ENDPOINT: other.url }, app);
      expect(moved.stderr).toBe("");
      expect(JSON.parse(moved.stdout)).toEqual(JSON.parse(online.stdout));
      expect(await other.control.requests()).toHaveLength(0);
    } finally {
      await other.stop();
    }
  });
});

describe("lookups with different credentials in one process", () => {
  it("never share a memo entry or a fetch, even under one declared account", () => {
    const restore = isolateLookupEnv();
    try {
      const lockFile = path.join(dirs.make("ncloud-identity-memo-"), "ncloud.lookups.json");
      const common = { account: "shared", endpoint: emu.url, lockFile, mode: "refresh" as const };
      const dev = store.resolve(
        "policies",
        { type: "USER_CREATED" },
        { ...common, accessKey: emu.accessKey, secretKey: emu.secretKey },
      );
      const prod = store.resolve(
        "policies",
        { type: "USER_CREATED" },
        { ...common, accessKey: PROD_ACCESS, secretKey: PROD_SECRET },
      );
      expect(dev.key).toBe(prod.key);
      expect(dev.items.map((p) => p.policyId)).toContain(DEV_ID);
      expect(prod.items.map((p) => p.policyId)).toEqual((B.policies ?? []).map((p) => p.policyId));
    } finally {
      store = new LookupStore();
      restore();
    }
  });
});

describe("ncloud-lookups list with credentials as NCP users have them", () => {
  const cli = (args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> =>
    run([MAIN, ...args], { NCLOUD_LOOKUPS_ENDPOINT: emu.url, ...env }, REPO_ROOT);

  it("a configure file with no section header is the default profile", async () => {
    const h = home(`ncloud_access_key_id = ${PROD_ACCESS}\nncloud_secret_access_key = ${PROD_SECRET}\n`);
    const r = await cli(["list", "policies", "--output", "json"], { HOME: h });
    expect(r.stderr).toBe("");
    expect((JSON.parse(r.stdout) as PolicyItem[]).map((p) => p.policyId)).toEqual(
      (B.policies ?? []).map((p) => p.policyId),
    );
  });

  it.each([
    ["NCLOUD_ACCESS_KEY", "NCLOUD_SECRET_ACCESS_KEY"],
    ["NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_KEY"],
  ])("mixed variable names %s + %s list policies", async (akVar, skVar) => {
    const r = await cli(["list", "policies", "--output", "json"], {
      HOME: dirs.make("ncloud-empty-home-"),
      [akVar]: PROD_ACCESS,
      [skVar]: PROD_SECRET,
    });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toHaveLength((B.policies ?? []).length);
  });

  it("NCLOUD_API_GW that is not an NCP host receives every request, as in NCP's SDKs", async () => {
    const r = await run(
      [MAIN, "list", "policies", "--output", "json"],
      { HOME: home(TWO_PROFILES), NCLOUD_PROFILE: "prod", NCLOUD_API_GW: emu.url },
      REPO_ROOT,
    );
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toHaveLength((B.policies ?? []).length);
  });
});

describe("gov Cloud Functions", () => {
  const env = (): NodeJS.ProcessEnv => ({
    HOME: dirs.make("ncloud-empty-home-"),
    NCLOUD_LOOKUPS_ENDPOINT: emu.url,
    NCLOUD_ACCESS_KEY: emu.accessKey,
    NCLOUD_SECRET_KEY: emu.secretKey,
  });

  it("list packages --site gov requests /api/v2/packages and returns the classic packages", async () => {
    await emu.control.clearRequests();
    const r = await run([MAIN, "list", "packages", "--site", "gov", "--output", "json"], env(), REPO_ROOT);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual(A.packages.classic);
    const requests = await emu.control.requests();
    expect(requests.map((q) => q.target)).toEqual(["/api/v2/packages"]);
  });

  it("--platform vpc there is a usage error (exit 2) and sends nothing", async () => {
    await emu.control.clearRequests();
    const r = await run([MAIN, "list", "packages", "--site", "gov", "--platform", "vpc"], env(), REPO_ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('platform "vpc" is not served by Cloud Functions packages on the gov site');
    expect(await emu.control.requests()).toHaveLength(0);
  });

  it("an unknown region exits 2 listing the known ones", async () => {
    const r = await run([MAIN, "list", "packages", "--region", "USWN"], env(), REPO_ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("KR, SGN, JPN");
  });
});

describe("a lock file of format version 1", () => {
  it("is read (the frozen synth uses it) and upgraded on the next write, nothing lost", async () => {
    const dir = dirs.make("ncloud-identity-v1-");
    const file = path.join(dir, "ncloud.lookups.json");
    const items = A.policies.filter((p) => p.policyType === "USER_CREATED");
    const v1 = {
      formatVersion: 1,
      entries: {
        [`policies@public+${emu.url}?type=USER_CREATED`]: {
          kind: "policies",
          site: "public",
          endpoint: emu.url,
          query: { type: "USER_CREATED" },
          fetchedAt: "2026-01-01T00:00:00.000Z",
          itemCount: items.length,
          items,
        },
        "profiles@gov": {
          kind: "profiles",
          site: "gov",
          query: {},
          fetchedAt: "2026-01-02T00:00:00.000Z",
          itemCount: 0,
          items: [],
        },
      },
    };
    writeFileSync(file, `${JSON.stringify(v1, null, 2)}\n`);
    writeFileSync(
      path.join(dir, "app.js"),
      `const { App, TerraformStack } = require(${JSON.stringify(require.resolve("cdktf", { paths: [REPO_ROOT] }))});
const { SubAccountPolicies } = require(${JSON.stringify(INDEX)});
const app = new App({ outdir: "cdktf.out" });
const stack = new TerraformStack(app, "s");
process.stdout.write(new SubAccountPolicies(stack, "p", { type: "USER_CREATED" }).idOf(${JSON.stringify(NAME)}));
`,
    );
    // Its emulator entry is test data: it serves a frozen run aimed at a loopback server (any port).
    const frozen = await run(
      ["app.js"],
      { HOME: dir, CI: "true", NCLOUD_LOOKUPS_ENDPOINT: "http://127.0.0.1:9" },
      dir,
    );
    expect(frozen.stderr).toBe("");
    expect(frozen.stdout).toBe(DEV_ID);

    // The next write (fill of another key) upgrades the file and keeps the old entries.
    const fill = await run(
      [MAIN, "fill", "local:products@public"],
      {
        HOME: dir,
        NCLOUD_LOOKUPS_ENDPOINT: emu.url,
        NCLOUD_ACCESS_KEY: emu.accessKey,
        NCLOUD_SECRET_KEY: emu.secretKey,
      },
      dir,
    );
    expect(fill.code).toBe(0);
    const after = JSON.parse(readFileSync(file, "utf8")) as {
      formatVersion: number;
      entries: Record<string, LockEntry>;
    };
    expect(after.formatVersion).toBe(2);
    expect(Object.keys(after.entries).sort()).toEqual([
      "local:policies@public?type=USER_CREATED",
      "local:products@public",
      "profiles@gov",
    ]);
    expect(after.entries["local:policies@public?type=USER_CREATED"]).toMatchObject({
      source: emu.url,
      items,
    });
    expect(after.entries["local:policies@public?type=USER_CREATED"]).not.toHaveProperty("endpoint");
  });
});

describe("fill never records one account's key with another account's credentials", () => {
  const fill = (args: string[], env: NodeJS.ProcessEnv, dir: string): Promise<Run> =>
    run([MAIN, "fill", ...args], { NCLOUD_LOOKUPS_ENDPOINT: emu.url, ...env }, dir);

  it("a key of a named account uses the profile of that name; a mismatch is a usage error", async () => {
    const dir = dirs.make("ncloud-identity-fill-");
    const h = home(TWO_PROFILES);
    const ok = await fill(["local:policies@public/prod?type=USER_CREATED"], { HOME: h }, dir);
    expect(ok.code).toBe(0);
    const entry = readLockFile(path.join(dir, "ncloud.lookups.json"))?.entries[
      "local:policies@public/prod?type=USER_CREATED"
    ];
    expect(entry?.items.map((p) => (p as PolicyItem).policyId)).toEqual(
      (B.policies ?? []).map((p) => p.policyId),
    );
    expect(entry?.keyFingerprint).toBe(PROD_FINGERPRINT);

    const wrongProfile = await fill(["--profile", "dev", "local:policies@public/prod"], { HOME: h }, dir);
    expect(wrongProfile.code).toBe(2);
    expect(wrongProfile.stderr).toContain(
      'is a lookup of account "prod", but --profile dev reads account "dev"',
    );
    const wrongEnv = await fill(["local:policies@public"], { HOME: h, NCLOUD_PROFILE: "prod" }, dir);
    expect(wrongEnv.code).toBe(2);
    expect(wrongEnv.stderr).toContain('the environment reads account "prod"');
    expect(Object.keys(readLockFile(path.join(dir, "ncloud.lookups.json"))?.entries ?? {})).toEqual([
      "local:policies@public/prod?type=USER_CREATED",
    ]);
  });
});

describe("show and check tell where an entry came from and with which key", () => {
  it("show prints the source and the key fingerprint; check notes other credentials", async () => {
    const dir = dirs.make("ncloud-identity-show-");
    const file = path.join(dir, "ncloud.lookups.json");
    const env = {
      HOME: dir,
      NCLOUD_LOOKUPS_ENDPOINT: emu.url,
      NCLOUD_ACCESS_KEY: emu.accessKey,
      NCLOUD_SECRET_KEY: emu.secretKey,
    };
    expect((await run([MAIN, "fill", "local:policies@public?type=SYSTEM_MANAGED"], env, dir)).code).toBe(0);
    const show = await run([MAIN, "show", "--json"], { HOME: dir }, dir);
    const entries = (JSON.parse(show.stdout) as { entries: Array<Record<string, unknown>> }).entries;
    expect(entries[0]).toMatchObject({
      key: "local:policies@public?type=SYSTEM_MANAGED",
      account: "default",
      source: emu.url,
      keyFingerprint: DEMO_FINGERPRINT,
    });
    const table = await run([MAIN, "show"], { HOME: dir, COLUMNS: "300" }, dir);
    expect(table.stdout).toContain(DEMO_FINGERPRINT);
    expect(table.stdout).toContain(emu.url);

    // check against the emulator, with a teammate's other key of the same account: a note, not a failure.
    const teammate = {
      HOME: dir,
      NCLOUD_LOOKUPS_ENDPOINT: emu.url,
      NCLOUD_ACCESS_KEY: PROD_ACCESS,
      NCLOUD_SECRET_KEY: PROD_SECRET,
    };
    const bytes = readFileSync(file);
    const check = await run([MAIN, "check"], teammate, dir);
    expect(check.stderr).toContain(
      `was recorded with access key ${DEMO_FINGERPRINT} (fingerprint); the current credentials are ${PROD_FINGERPRINT}`,
    );
    expect(readFileSync(file)).toEqual(bytes);
  });

  it("refresh never goes where an entry says it was recorded from: with no endpoint, test entries are skipped", async () => {
    const dir = dirs.make("ncloud-identity-refresh-");
    const file = path.join(dir, "ncloud.lookups.json");
    const entry: LockEntry = {
      kind: "policies",
      site: "public",
      account: "default",
      query: { type: "SYSTEM_MANAGED" },
      fetchedAt: "2026-01-01T00:00:00.000Z",
      source: emu.url,
      items: [],
    };
    writeFileSync(file, serializeLockFile({ "local:policies@public?type=SYSTEM_MANAGED": entry }));
    await emu.control.clearRequests();
    const r = await run(
      [MAIN, "refresh"],
      { HOME: dir, NCLOUD_ACCESS_KEY: emu.accessKey, NCLOUD_SECRET_KEY: emu.secretKey },
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("skipped 1 test entry");
    expect(await emu.control.requests()).toHaveLength(0);
    expect(readLockFile(file)?.entries["local:policies@public?type=SYSTEM_MANAGED"]?.items).toEqual([]);
    // Pointed at the emulator, the same refresh fetches it there.
    const there = await run(
      [MAIN, "refresh"],
      {
        HOME: dir,
        NCLOUD_LOOKUPS_ENDPOINT: emu.url,
        NCLOUD_ACCESS_KEY: emu.accessKey,
        NCLOUD_SECRET_KEY: emu.secretKey,
      },
      dir,
    );
    expect(there.code).toBe(0);
    expect(readLockFile(file)?.entries["local:policies@public?type=SYSTEM_MANAGED"]?.items).toEqual(
      A.policies.filter((p) => p.policyType === "SYSTEM_MANAGED"),
    );
  });
});
