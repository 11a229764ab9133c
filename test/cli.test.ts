/**
 * The `ncloud-lookups` CLI run as a real process (`node dist/cli/main.js`) against an emulator
 * started in this test process.
 */
import { keyFingerprint } from "../lib/client/http";
import { execFile, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DEMO_USAGE_PLAN_IDS, NcloudEmulator, type CompleteDataSet } from "../lib/testing";

const ROOT = resolve(__dirname, "..");
const MAIN = join(ROOT, "dist", "cli", "main.js");

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Newest modification time of the .ts files under a folder. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than lib/ (tsc emits even when another file has type errors). */
async function ensureBuilt(): Promise<void> {
  if (existsSync(MAIN) && statSync(MAIN).mtimeMs >= newestSource(join(ROOT, "lib"))) return;
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  await new Promise<void>((done) => {
    execFile(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: ROOT, timeout: 180_000 }, () =>
      done(),
    );
  });
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build`);
}

let emulator: NcloudEmulator;
let data: CompleteDataSet;
let home: string;

/** Environment of the CLI: the emulator, its keys, an empty HOME, nothing else from NCP. */
function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
    HOME: home,
    NCLOUD_LOOKUPS_ENDPOINT: emulator.url,
    NCLOUD_ACCESS_KEY: emulator.accessKey,
    NCLOUD_SECRET_KEY: emulator.secretKey,
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Runs the CLI asynchronously (the emulator lives on this process's event loop). */
function cli(args: readonly string[], extraEnv: Record<string, string | undefined> = {}): Promise<Result> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { env: cliEnv(extraEnv), cwd: home, timeout: 30_000, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === "number" ? err.code : null;
        done({ code, stdout, stderr });
      },
    );
  });
}

function json(r: Result): unknown {
  expect(r.stdout.endsWith("\n")).toBe(true);
  return JSON.parse(r.stdout);
}

function contains(value: unknown, word: string): boolean {
  return typeof value === "string" && value.toLowerCase().includes(word.toLowerCase());
}

/** Terminal width of a string, counted independently of the CLI: Hangul and CJK are 2 columns. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/u.test(ch) ? 2 : 1;
  return w;
}

/** Asserts a failed run: the exit code, nothing on stdout, one `ncloud-lookups:` line first on stderr. */
function expectFailure(r: Result, code: number): string {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe("");
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  expect(lines[0]).toMatch(/^ncloud-lookups: /);
  if (code === 1) expect(lines).toHaveLength(1);
  if (code === 2) {
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/--help/);
  }
  return lines[0] ?? "";
}

beforeAll(async () => {
  await ensureBuilt();
  home = mkdtempSync(join(tmpdir(), "ncloud-lookups-cli-"));
  emulator = await NcloudEmulator.start();
  data = emulator.data() as CompleteDataSet;
}, 240_000);

afterAll(async () => {
  await emulator?.stop();
  if (home !== undefined) rmSync(home, { recursive: true, force: true });
});

afterEach(() => {
  emulator.clearFaults();
  emulator.setPageSizeCap("policies", 100);
  emulator.setPageSizeCap("products", 100);
  emulator.setPageSizeCap("profiles", 50);
});

describe("list: json equals the emulator's data", () => {
  test("policies: all, then --type USER_CREATED --search-word 팀 (Korean)", async () => {
    const all = await cli(["list", "policies"]);
    expect(all.code).toBe(0);
    expect(all.stderr).toBe("");
    expect(json(all)).toEqual(data.policies);
    expect(data.policies.length).toBeGreaterThan(100);

    const filtered = await cli(["list", "policies", "--type", "USER_CREATED", "--search-word", "팀"]);
    expect(filtered.code).toBe(0);
    const expected = data.policies.filter(
      (p) => p.policyType === "USER_CREATED" && contains(p.policyName, "팀"),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(json(filtered)).toEqual(expected);
  });

  test("products: all, --product-name 주문 --published true, and the other product filters", async () => {
    const all = await cli(["list", "products"]);
    expect(all.code).toBe(0);
    expect(json(all)).toEqual(data.products);

    const ko = await cli(["list", "products", "--product-name", "주문", "--published", "true"]);
    expect(ko.code).toBe(0);
    const expectedKo = data.products.filter((p) => contains(p.productName, "주문") && p.isPublished);
    expect(expectedKo.length).toBeGreaterThan(0);
    expect(json(ko)).toEqual(expectedKo);

    const plan = DEMO_USAGE_PLAN_IDS[0] as string;
    const more = await cli([
      "list",
      "products",
      "--subscription-code",
      "PROTECTED",
      "--has-deployed-stage",
      "false",
      "--has-stage-not-associated-with-usage-plan-id",
      plan,
    ]);
    expect(more.code).toBe(0);
    const expectedMore = data.products.filter(
      (p) =>
        p.subscriptionCode === "PROTECTED" &&
        !p.hasDeployedStage &&
        !(data.productUsagePlans[p.productId] ?? []).includes(plan),
    );
    expect(expectedMore.length).toBeGreaterThan(0);
    expect(json(more)).toEqual(expectedMore);
  });

  test("profiles: all, --search-word 개발 (Korean), --search-column profileNrn", async () => {
    const all = await cli(["list", "profiles"]);
    expect(all.code).toBe(0);
    expect(json(all)).toEqual(data.profiles);

    const ko = await cli(["list", "profiles", "--search-word", "개발"]);
    expect(ko.code).toBe(0);
    const expectedKo = data.profiles.filter((p) => contains(p.name, "개발"));
    expect(expectedKo.length).toBeGreaterThan(0);
    expect(json(ko)).toEqual(expectedKo);

    const id = (data.profiles[5]?.profileId ?? "").slice(0, 8);
    const byNrn = await cli(["list", "profiles", "--search-column", "profileNrn", "--search-word", id]);
    expect(byNrn.code).toBe(0);
    expect(json(byNrn)).toEqual(data.profiles.filter((p) => contains(p.profileNrn, id)));
  });

  test("packages: vpc by default, --platform classic", async () => {
    const vpc = await cli(["list", "packages"]);
    expect(vpc.code).toBe(0);
    expect(json(vpc)).toEqual(data.packages.vpc);

    const classic = await cli(["list", "packages", "--platform", "classic"]);
    expect(classic.code).toBe(0);
    expect(json(classic)).toEqual(data.packages.classic);
    expect(data.packages.classic).not.toEqual(data.packages.vpc);
  });

  test("page size caps smaller than the page size asked for still give every item", async () => {
    emulator.setPageSizeCap("policies", 7);
    emulator.setPageSizeCap("products", 9);
    emulator.setPageSizeCap("profiles", 4);
    emulator.clearRequests();
    const [policies, products, profiles] = await Promise.all([
      cli(["list", "policies", "--concurrency", "3"]),
      cli(["list", "products"]),
      cli(["list", "profiles", "--search-word", "-"]),
    ]);
    expect(json(policies)).toEqual(data.policies);
    expect(json(products)).toEqual(data.products);
    expect(json(profiles)).toEqual(data.profiles.filter((p) => contains(p.name, "-")));
    const count = (kind: string): number => emulator.requests.filter((r) => r.kind === kind).length;
    expect(count("policies")).toBe(Math.ceil(data.policies.length / 7));
    expect(count("products")).toBe(Math.ceil(data.products.length / 9));
    expect(count("profiles")).toBeGreaterThan(1);
  });

  test("--endpoint and --profile: keys from ~/.ncloud/configure, endpoint from the flag", async () => {
    const profileHome = mkdtempSync(join(tmpdir(), "ncloud-lookups-cli-profile-"));
    try {
      mkdirSync(join(profileHome, ".ncloud"));
      writeFileSync(
        join(profileHome, ".ncloud", "configure"),
        `[DEFAULT]\nncloud_access_key_id = nope\nncloud_secret_access_key = nope-nope\n\n` +
          `[demo]\nncloud_access_key_id = ${emulator.accessKey}\nncloud_secret_access_key = ${emulator.secretKey}\n`,
      );
      const r = await cli(["list", "packages", "--profile", "demo", "--endpoint", emulator.url], {
        HOME: profileHome,
        NCLOUD_LOOKUPS_ENDPOINT: undefined,
        NCLOUD_ACCESS_KEY: undefined,
        NCLOUD_SECRET_KEY: undefined,
      });
      expect(r.code).toBe(0);
      expect(json(r)).toEqual(data.packages.vpc);
    } finally {
      rmSync(profileHome, { recursive: true, force: true });
    }
  });
});

describe("list: table", () => {
  test("columns of the kind, fitted to COLUMNS, Korean counted as 2, count on stderr, no colour", async () => {
    const r = await cli(["list", "products", "--product-name", "주문", "--output", "table"], {
      COLUMNS: "44",
    });
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines.pop()).toBe("");
    const expected = data.products.filter((p) => contains(p.productName, "주문"));
    expect(lines).toHaveLength(expected.length + 1);
    const header = lines[0]?.split(/\s+/) ?? [];
    const names = ["productName", "productId", "isPublished", "subscriptionCode"];
    expect(header).toHaveLength(names.length);
    header.forEach((cell, i) => {
      const name = names[i] ?? "";
      expect(cell === name || (cell.endsWith("…") && name.startsWith(cell.slice(0, -1)))).toBe(true);
    });
    for (const line of lines) expect(width(line)).toBeLessThanOrEqual(44);
    expect(r.stdout).toContain("…");
    expect(r.stdout).not.toContain("\u001b");
    expect(r.stderr).toBe(`${expected.length} items\n`);
  });

  test("wide terminal: whole cells, one row per item; --quiet drops the count", async () => {
    const r = await cli(["list", "policies", "--type", "SYSTEM_MANAGED", "-o", "table", "--quiet"], {
      COLUMNS: "200",
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const expected = data.policies.filter((p) => p.policyType === "SYSTEM_MANAGED");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^policyName\s+policyType\s+policyId$/);
    expect(lines.slice(1)).toHaveLength(expected.length);
    expected.forEach((p, i) => {
      expect(lines[i + 1]?.split(/\s+/)).toEqual([p.policyName, p.policyType, p.policyId]);
    });
  });

  test("profiles and packages tables have their columns", async () => {
    const profiles = await cli(["list", "profiles", "-o", "table"], { COLUMNS: "200" });
    expect(profiles.stdout.split("\n")[0]).toMatch(/^name\s+profileId\s+enabled$/);
    const packages = await cli(["list", "packages", "-o", "table"], { COLUMNS: "200" });
    expect(packages.stdout.split("\n")[0]).toMatch(/^name\s+description$/);
    expect(packages.stderr).toBe(`${data.packages.vpc.length} items\n`);
  });
});

describe("list: usage errors exit 2", () => {
  test("unknown kind", async () => {
    const line = expectFailure(await cli(["list", "bogus"]), 2);
    expect(line).toContain("bogus");
    expect(line).toContain("packages, policies, products, profiles");
  });

  test("--type FOO names the value and the allowed ones", async () => {
    const before = emulator.requests.length;
    const line = expectFailure(await cli(["list", "policies", "--type", "FOO"]), 2);
    expect(line).toContain("FOO");
    expect(line).toContain("SYSTEM_MANAGED");
    expect(line).toContain("USER_CREATED");
    expect(emulator.requests.length).toBe(before);
  });

  test("a flag of another kind names the kind's flags", async () => {
    const line = expectFailure(await cli(["list", "packages", "--search-word", "x"]), 2);
    expect(line).toContain("--search-word");
    expect(line).toContain("packages takes --platform");
    const line2 = expectFailure(await cli(["list", "policies", "--published", "true"]), 2);
    expect(line2).toContain("--type, --search-column, --search-word");
  });

  test("--timeout-ms abc, unknown flag, bad boolean, bad search column, unknown command", async () => {
    expect(expectFailure(await cli(["list", "policies", "--timeout-ms", "abc"]), 2)).toContain("abc");
    expect(expectFailure(await cli(["list", "policies", "--nope"]), 2)).toContain("--nope");
    expect(expectFailure(await cli(["list", "products", "--published", "yes"]), 2)).toMatch(
      /yes.*true, false/,
    );
    expect(expectFailure(await cli(["list", "profiles", "--search-column", "policyName"]), 2)).toContain(
      "name, profileNrn",
    );
    expect(expectFailure(await cli(["lsit"]), 2)).toContain("lsit");
    expect(expectFailure(await cli(["list", "policies", "--output", "yaml"]), 2)).toContain("json, table");
  });

  test("no command prints help on stderr and exits 2", async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Usage: ncloud-lookups");
  });
});

describe("list: failures exit 1 with one line, nothing on stdout, never the secret", () => {
  const noSecret = (r: Result, ...secrets: string[]): void => {
    for (const s of [emulator.secretKey, ...secrets]) {
      expect(r.stdout).not.toContain(s);
      expect(r.stderr).not.toContain(s);
    }
  };

  test("403 fault: status, NCP code and the permission hint", async () => {
    emulator.injectFault({ kind: "policies", type: "status", status: 403 });
    const r = await cli(["list", "policies"]);
    const line = expectFailure(r, 1);
    expect(line).toContain("HTTP 403");
    expect(line).toContain(" 230");
    expect(line).toMatch(/permission/);
    noSecret(r);
  });

  test("no-permission on packages: 403 code 80002", async () => {
    emulator.injectFault({ kind: "packages", type: "no-permission" });
    const line = expectFailure(await cli(["list", "packages"]), 1);
    expect(line).toContain("HTTP 403 (NCP error code 80002)");
  });

  test("bad secret: 401 code 200 mentioning the keys and the clock (also with --verbose)", async () => {
    const wrong = "wrong-secret-value-123";
    const r = await cli(["list", "profiles"], { NCLOUD_SECRET_KEY: wrong });
    const line = expectFailure(r, 1);
    expect(line).toContain("HTTP 401 (NCP error code 200)");
    expect(line).toMatch(/access key and secret key/);
    expect(line).toMatch(/clock/);
    noSecret(r, wrong);

    const verbose = await cli(["list", "profiles", "--verbose"], { NCLOUD_SECRET_KEY: wrong });
    expect(verbose.code).toBe(1);
    expect(verbose.stdout).toBe("");
    expect(verbose.stderr).toContain(`fingerprint ${keyFingerprint(emulator.accessKey)}`);
    expect(verbose.stderr).not.toContain(emulator.accessKey);
    noSecret(verbose, wrong);
  });

  test("429 with Retry-After, then success: exit 0", async () => {
    emulator.clearRequests();
    emulator.injectFault({ kind: "products", type: "status", status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    const r = await cli(["list", "products"]);
    expect(r.code).toBe(0);
    expect(json(r)).toEqual(data.products);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const statuses = emulator.requests.filter((q) => q.kind === "products").map((q) => q.status);
    expect(statuses[0]).toBe(429);
    expect(statuses[1]).toBe(200);
  });

  test("--timeout-ms 300 against a hang: exit 1, timed out", async () => {
    emulator.injectFault({ kind: "policies", type: "hang" });
    const started = Date.now();
    const line = expectFailure(await cli(["list", "policies", "--timeout-ms", "300"]), 1);
    expect(line).toContain("timed out");
    expect(line).toContain("300 ms");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test("wrong shape and broken paging are exit 1 too", async () => {
    emulator.injectFault({ kind: "profiles", type: "wrong-shape" });
    expect(expectFailure(await cli(["list", "profiles"]), 1)).toContain("unexpected response");
    emulator.setPageSizeCap("policies", 50);
    emulator.injectFault({ kind: "policies", type: "stuck-paging", times: Infinity });
    expect(expectFailure(await cli(["list", "policies"]), 1)).toMatch(/incomplete/);
  });

  test("missing credentials: exit 1 listing where it looked", async () => {
    const before = emulator.requests.length;
    const r = await cli(["list", "policies"], { NCLOUD_ACCESS_KEY: undefined, NCLOUD_SECRET_KEY: undefined });
    const line = expectFailure(r, 1);
    expect(line).toContain("no NCP credentials found");
    expect(line).toContain(
      "NCLOUD_ACCESS_KEY_ID/NCLOUD_ACCESS_KEY/NCLOUD_SECRET_ACCESS_KEY/NCLOUD_SECRET_KEY",
    );
    expect(line).toContain(join(home, ".ncloud", "configure"));
    expect(emulator.requests.length).toBe(before);
  });
});

describe("help and version", () => {
  test("--help of the program and of every command has examples", async () => {
    for (const args of [["--help"], ["list", "--help"], ["serve", "--help"], ["help", "list"]]) {
      const r = await cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Examples:");
      expect(r.stderr).toBe("");
    }
    const list = await cli(["list", "--help"]);
    for (const flag of [
      "--platform",
      "--type",
      "--search-column",
      "--search-word",
      "--product-name",
      "--published",
      "--subscription-code",
      "--has-deployed-stage",
      "--has-stage-not-associated-with-usage-plan-id",
      "--site",
      "--profile",
      "--endpoint",
      "--timeout-ms",
      "--concurrency",
      "--output",
      "--quiet",
    ]) {
      expect(list.stdout).toContain(flag);
    }
  });

  test("--version prints the package version", async () => {
    const r = await cli(["--version"]);
    expect(r.code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });
});

describe("serve", () => {
  /** Starts `serve`, resolves with the child and its first stdout lines once they arrived. */
  function startServe(
    args: readonly string[],
    lines: number,
  ): Promise<{ child: ReturnType<typeof spawn>; out: string[]; exited: Promise<number | null> }> {
    const child = spawn(process.execPath, [MAIN, "serve", ...args], {
      env: cliEnv({
        NCLOUD_LOOKUPS_ENDPOINT: undefined,
        NCLOUD_ACCESS_KEY: undefined,
        NCLOUD_SECRET_KEY: undefined,
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    return new Promise((done, fail) => {
      let buf = "";
      let errBuf = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        errBuf += chunk.toString("utf8");
      });
      child.stdout?.on("data", (chunk: Buffer) => {
        buf += chunk.toString("utf8");
        const got = buf.split("\n");
        if (got.length > lines) done({ child, out: got.slice(0, lines), exited });
      });
      void exited.then((code) => fail(new Error(`serve exited early with ${String(code)}: ${errBuf}`)));
    });
  }

  test("--json prints a URL that answers; SIGTERM stops it with exit 0", async () => {
    const { child, out, exited } = await startServe(["--json", "--cap-policies", "11"], 1);
    try {
      const info = JSON.parse(out[0] ?? "") as { url: string; accessKey: string; secretKey: string };
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${info.url}/api/v1/policies`);
      expect(health.status).toBe(401);
      const r = await cli(["list", "policies"], {
        NCLOUD_LOOKUPS_ENDPOINT: info.url,
        NCLOUD_ACCESS_KEY: info.accessKey,
        NCLOUD_SECRET_KEY: info.secretKey,
      });
      expect(r.code).toBe(0);
      expect((json(r) as unknown[]).length).toBe(data.policies.length);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });

  test("export lines, --data file, SIGINT", async () => {
    const file = join(home, "data.json");
    const policies = data.policies.slice(0, 3);
    writeFileSync(file, JSON.stringify({ policies }));
    const { child, out, exited } = await startServe(["--data", file, "--latency-ms", "1"], 3);
    try {
      expect(out[0]).toMatch(/^export NCLOUD_LOOKUPS_ENDPOINT=http:\/\/127\.0\.0\.1:\d+$/);
      expect(out[1]).toMatch(/^export NCLOUD_ACCESS_KEY=\S+$/);
      expect(out[2]).toMatch(/^export NCLOUD_SECRET_KEY=\S+$/);
      const env = Object.fromEntries(
        out.map((l) => l.replace(/^export /, "").split("=") as [string, string]),
      );
      const r = await cli(["list", "policies"], env);
      expect(r.code).toBe(0);
      expect(json(r)).toEqual(policies);
      const empty = await cli(["list", "products"], env);
      expect(json(empty)).toEqual([]);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  });

  test("bad --data and bad --port are usage errors", async () => {
    const file = join(home, "bad.json");
    writeFileSync(file, JSON.stringify({ policies: 3 }));
    expect(expectFailure(await cli(["serve", "--data", file]), 2)).toContain('"policies" must be an array');
    expect(expectFailure(await cli(["serve", "--port", "70000"]), 2)).toContain("70000");
  });
});
