/**
 * Faults of a broken or hostile NCP, for each of the four lists, through the two user-facing paths:
 * the `ncloud-lookups fill` / `refresh` commands (a real CLI process) and a cdktf app synthesized in a
 * child process (the compiled package, as an app requires it). Every fault ends in the complete,
 * correct list or in a clear error; never a partial list, never a hang, and a failure leaves the lock
 * file exactly as it was (byte-identical, or absent when it was absent).
 *
 * Each case gets its own in-process emulator (small data, small pages, so a listing takes three pages),
 * which lets the cases run concurrently: the CLI and the app run in child processes, so this thread
 * stays free to serve them. Run `npm run build` first (the CLI and the app use dist/).
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { NcloudClient } from "../lib/client/http";
import { PagingError } from "../lib/errors";
import { parseLockFile, serializeLockFile, type LockEntry } from "../lib/lookups/lockfile";
import { listAllProducts } from "../lib/services/products";
import { generateDataSet, NcloudEmulator, type FaultSpec } from "../lib/testing";
import { bytesOf, distFile, REPO_ROOT, strayFiles, TempDirs } from "./helpers/lookup-harness";

const KINDS = ["packages", "policies", "products", "profiles"] as const;
type Kind = (typeof KINDS)[number];

/** 25 items per paged list at 10 a page: every listing takes three pages. */
const DATA = generateDataSet({ policies: 25, products: 25, profiles: 25, packages: 8, seed: 4242 });
const CAPS = { policies: 10, products: 10, profiles: 10 } as const;
/** Every normal answer of DATA is far below this; `oversize` answers are 64 KB. */
const MAX_BYTES = 20_000;
const HANG_TIMEOUT_MS = 300;

const EXPECTED: Record<Kind, readonly unknown[]> = {
  packages: DATA.packages.vpc,
  policies: DATA.policies,
  products: DATA.products,
  profiles: DATA.profiles,
};

/** Where `wrong-shape` breaks an item (index 1 of the page), as the error must name it. */
const WRONG_SHAPE_PATH: Record<Kind, string> = {
  packages: "$.content[1].name",
  policies: "$.items[1].policyName",
  products: "$.productPage.content[1].productName",
  profiles: "$.content[1].name",
};

const CONSTRUCTS: Record<Kind, string> = {
  packages: "CloudFunctionsPackages",
  policies: "SubAccountPolicies",
  products: "ApiGatewayProducts",
  profiles: "ExternalAccessProfiles",
};

const CLI = distFile("cli", "main.js");
const dirs = new TempDirs();
let appScript: string;

interface Run {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `node args…` asynchronously; SIGKILL after `timeoutMs` (a hang shows as signal SIGKILL). */
function runNode(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  timeoutMs = 45_000,
): Promise<Run> {
  return new Promise((resolve) => {
    const started = Date.now();
    execFile(
      process.execPath,
      [...args],
      { env, cwd, timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 32 * 1024 * 1024, encoding: "utf8" },
      (err, stdout, stderr) => {
        const e = err as (Error & { code?: unknown; signal?: string | null }) | null;
        resolve({
          code: e === null ? 0 : typeof e.code === "number" ? e.code : null,
          signal: e?.signal ?? null,
          stdout,
          stderr,
          ms: Date.now() - started,
        });
      },
    );
  });
}

beforeAll(() => {
  const dir = dirs.make("ncloud-faults-app-");
  appScript = path.join(dir, "app.js");
  // A minimal cdktf app, as a user writes it: lookup constructs, synth, then use of their items.
  writeFileSync(
    appScript,
    `"use strict";
const { App, TerraformStack } = require(${JSON.stringify(path.join(REPO_ROOT, "node_modules", "cdktf"))});
const lookups = require(${JSON.stringify(path.join(REPO_ROOT, "dist", "index.js"))});
const classes = ${JSON.stringify(CONSTRUCTS)};
const [kinds, outdir] = process.argv.slice(2);
const app = new App({ outdir });
const stack = new TerraformStack(app, "stack");
const made = kinds.split(",").map((kind) => [kind, new lookups[classes[kind]](stack, kind, { outputAll: true })]);
app.synth();
const out = {};
for (const [kind, c] of made) out[kind] = { key: c.lookupKey, source: c.source, items: c.items };
process.stdout.write(JSON.stringify(out));
`,
  );
});

afterAll(() => dirs.cleanup());

/** One fault scenario; its faults are injected for the list under test only. */
interface FaultCase {
  readonly name: string;
  readonly faults: (kind: Kind) => FaultSpec[];
  /** `ok`: the complete list despite the fault; otherwise the error class the lookup must fail with. */
  readonly outcome:
    | "ok"
    | "NetworkError"
    | "ApiError"
    | "TimeoutError"
    | "ResponseTooLargeError"
    | "ResponseShapeError"
    | "PagingError";
  /** What the one-line message must hold. */
  readonly message?: (kind: Kind) => RegExp;
  /** Paging faults: packages answer in one response. */
  readonly pagedOnly?: boolean;
  /** The fault types that must show in the emulator's records (the fault really fired). */
  readonly fired: readonly string[];
  /** HTTP statuses the emulator must have answered (besides 200). */
  readonly statuses?: readonly number[];
  /** Lower bound of a run's duration (Retry-After). */
  readonly minMs?: number;
  /** Environment added to every run. */
  readonly env?: Record<string, string>;
  /** Skip the `refresh` run of a failure (refresh succeeding is in cli-lock.test.ts). */
  readonly skipRefresh?: boolean;
}

/** For paged lists the fault hits a later page (after a good first page); packages have only one. */
const later = (kind: Kind): { afterRequests?: number } => (kind === "packages" ? {} : { afterRequests: 1 });

const CASES: readonly FaultCase[] = [
  {
    name: "429 with Retry-After: 1",
    faults: (kind) => [{ kind, type: "status", status: 429, retryAfterSeconds: 1, ...later(kind) }],
    outcome: "ok",
    fired: ["status"],
    statuses: [429],
    minMs: 950,
  },
  {
    name: "429 without Retry-After",
    faults: (kind) => [{ kind, type: "status", status: 429, ...later(kind) }],
    outcome: "ok",
    fired: ["status"],
    statuses: [429],
  },
  {
    name: "500, 503 and 504, one each",
    faults: (kind) =>
      ([500, 503, 504] as const).map(
        (status): FaultSpec => ({ kind, type: "status", status, ...later(kind) }),
      ),
    outcome: "ok",
    fired: ["status"],
    statuses: [500, 503, 504],
  },
  {
    name: "connection reset once",
    faults: (kind) => [{ kind, type: "reset", ...later(kind) }],
    outcome: "ok",
    fired: ["reset"],
  },
  {
    name: "truncated body once",
    faults: (kind) => [{ kind, type: "truncate", ...later(kind) }],
    outcome: "ok",
    fired: ["truncate"],
  },
  {
    name: "connection reset on every attempt",
    faults: (kind) => [{ kind, type: "reset", times: Infinity, ...later(kind) }],
    outcome: "NetworkError",
    message: () => /failed: connection reset by the server after 5 attempts/,
    fired: ["reset"],
    skipRefresh: true,
  },
  {
    name: "truncated body on every attempt",
    faults: (kind) => [{ kind, type: "truncate", times: Infinity, ...later(kind) }],
    outcome: "NetworkError",
    message: () => /failed: .+ after 5 attempts/,
    fired: ["truncate"],
    skipRefresh: true,
  },
  {
    name: "a server that hangs (NCLOUD_LOOKUPS_TIMEOUT_MS=300)",
    faults: (kind) => [{ kind, type: "hang", ...later(kind) }],
    outcome: "TimeoutError",
    message: () => new RegExp(`timed out after ${HANG_TIMEOUT_MS} ms`),
    fired: ["hang"],
    env: { NCLOUD_LOOKUPS_TIMEOUT_MS: String(HANG_TIMEOUT_MS) },
  },
  {
    name: "no permission",
    faults: (kind) => [{ kind, type: "no-permission" }],
    outcome: "ApiError",
    message: () => /HTTP 40[13] .*permission/,
    fired: ["no-permission"],
  },
  {
    name: "a body over NCLOUD_LOOKUPS_MAX_RESPONSE_BYTES",
    faults: (kind) => [{ kind, type: "oversize", bytes: 64_000, ...later(kind) }],
    outcome: "ResponseTooLargeError",
    message: () => new RegExp(`exceeds ${MAX_BYTES} bytes.*NCLOUD_LOOKUPS_MAX_RESPONSE_BYTES`),
    fired: ["oversize"],
  },
  {
    name: "a wrong-shaped item",
    faults: (kind) => [{ kind, type: "wrong-shape", ...later(kind) }],
    outcome: "ResponseShapeError",
    message: (kind) =>
      new RegExp(`unexpected response at ${WRONG_SHAPE_PATH[kind].replace(/[$.[\]]/g, "\\$&")}: `),
    fired: ["wrong-shape"],
  },
  {
    name: "paging that never ends (stuck-paging)",
    faults: (kind) => [{ kind, type: "stuck-paging", times: Infinity }],
    outcome: "PagingError",
    message: () => /the list was not returned because it would be incomplete/,
    fired: ["stuck-paging"],
    pagedOnly: true,
  },
  {
    name: "totals that change mid-way",
    faults: (kind) => [{ kind, type: "changing-totals", ...later(kind) }],
    outcome: "PagingError",
    message: () => /the total changed from 25 to 26/,
    fired: ["changing-totals"],
    pagedOnly: true,
  },
];

const ROWS: Array<[string, Kind, FaultCase, number]> = [];
CASES.forEach((c, i) => {
  KINDS.forEach((kind, k) => {
    if (c.pagedOnly === true && kind === "packages") return;
    ROWS.push([c.name, kind, c, (i + k) % 2]);
  });
});

const STALE_TIME = "2024-01-02T03:04:05.000Z";

/** A lock file holding an older, shorter entry of every list (as if filled a while ago). */
function staleLock(url: string): { text: string; entries: Record<string, LockEntry> } {
  const entries: Record<string, LockEntry> = {};
  for (const kind of KINDS) {
    entries[`local:${kind}@public`] = {
      kind,
      site: "public",
      source: url,
      query: {},
      fetchedAt: STALE_TIME,
      items: EXPECTED[kind].slice(0, 3),
    };
  }
  return { text: serializeLockFile(entries), entries };
}

function readEntries(file: string): Record<string, LockEntry> {
  return { ...parseLockFile(readFileSync(file, "utf8"), file).entries };
}

/** Asserts a run succeeded, showing its stderr when it did not. */
function expectOk(r: Run): void {
  if (r.code !== 0) throw new Error(`exit ${String(r.code)} after ${r.ms} ms:\n${r.stderr}`);
}

/** Asserts a run ended by itself (no hang, no kill). */
function expectEnded(r: Run, what: string): void {
  if (r.signal !== null || r.code === null) {
    throw new Error(
      `${what} did not end by itself (signal ${String(r.signal)}) after ${r.ms} ms:\n${r.stderr}`,
    );
  }
}

/** Environment of a CLI or app run: the emulator, its keys, an empty HOME, nothing inherited of NCP. */
function runEnv(emu: NcloudEmulator, dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
    HOME: dir,
    NCLOUD_LOOKUPS_ENDPOINT: emu.url,
    NCLOUD_ACCESS_KEY: emu.accessKey,
    NCLOUD_SECRET_KEY: emu.secretKey,
    NCLOUD_LOOKUPS_MAX_RESPONSE_BYTES: String(MAX_BYTES),
    ...extra,
  };
}

/**
 * Arms the case's faults for `kinds`, runs, and checks that the run ended by itself, that each fault
 * really fired, and that no output holds the secret.
 */
async function armed(
  emu: NcloudEmulator,
  c: FaultCase,
  kinds: readonly Kind[],
  what: string,
  run: () => Promise<Run>,
): Promise<Run> {
  emu.clearFaults();
  emu.clearRequests();
  for (const kind of kinds) for (const f of c.faults(kind)) emu.injectFault(f);
  const r = await run();
  expectEnded(r, what);
  // Never a hang: the slowest case (five attempts with backoff, then exit) takes a few seconds.
  expect(r.ms).toBeLessThan(30_000);
  for (const kind of kinds) {
    const requests = emu.requests.filter((q) => q.kind === kind);
    expect({ kind, faults: requests.map((q) => q.fault).filter((f) => f !== undefined) }).toEqual({
      kind,
      faults: expect.arrayContaining([...c.fired]),
    });
    expect({ kind, statuses: requests.map((q) => q.status) }).toEqual({
      kind,
      statuses: expect.arrayContaining([...(c.statuses ?? [])]),
    });
  }
  if (c.minMs !== undefined) expect(r.ms).toBeGreaterThanOrEqual(c.minMs);
  expect(r.stderr).not.toContain(emu.secretKey);
  expect(r.stdout).not.toContain(emu.secretKey);
  return r;
}

/** Synthesizes the app with one lookup construct per kind (id = kind) in stack `stack`. */
function synthApp(
  emu: NcloudEmulator,
  kinds: readonly Kind[],
  dir: string,
  lock: string,
  mode: "online" | "refresh",
  extraEnv: Record<string, string> = {},
): Promise<Run> {
  const env = runEnv(emu, dir, { ...extraEnv, NCLOUD_LOOKUPS_LOCK_FILE: lock, NCLOUD_LOOKUPS_MODE: mode });
  return runNode([appScript, kinds.join(","), path.join(dir, "cdktf.out")], env, dir);
}

const OK_CASES = CASES.filter((c) => c.outcome === "ok");

describe("faults through `ncloud-lookups fill` and `refresh`, and errors through a synthesized app", () => {
  it.concurrent.each(ROWS)(
    "%s: %s",
    async (_name, kind, c, lockVariant) => {
      const emu = await NcloudEmulator.start({ data: DATA, pageSizeCaps: CAPS });
      const key = `local:${kind}@public`;
      const expectCliFailure = (r: Run): void => {
        expect(r.code).toBe(1);
        expect(r.stdout).toBe("");
        const lines = r.stderr.split("\n").filter((l) => l !== "");
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^ncloud-lookups: /);
        expect(lines[0]).toMatch(c.message?.(kind) ?? /./);
      };
      try {
        // CLI fill with no lock file yet: the complete list is recorded, or nothing is written at all.
        {
          const dir = dirs.make("ncloud-faults-fill-");
          const lock = path.join(dir, "ncloud.lookups.json");
          const r = await armed(emu, c, [kind], "fill", () =>
            runNode([CLI, "fill", key, "--lock-file", lock], runEnv(emu, dir, c.env), dir),
          );
          if (c.outcome === "ok") {
            expectOk(r);
            expect(r.stderr).toContain(`recorded ${key}: ${EXPECTED[kind].length} items`);
            const entries = readEntries(lock);
            expect(Object.keys(entries)).toEqual([key]);
            expect(entries[key]?.items).toEqual(EXPECTED[kind]);
          } else {
            expectCliFailure(r);
            expect(bytesOf(lock)).toBeUndefined();
          }
          expect(strayFiles(dir, ["ncloud.lookups.json"])).toEqual([]);
        }

        // CLI refresh of a lock file holding every list: all or nothing.
        if (c.outcome !== "ok" && c.skipRefresh !== true) {
          const dir = dirs.make("ncloud-faults-refresh-");
          const lock = path.join(dir, "ncloud.lookups.json");
          const stale = staleLock(emu.url);
          writeFileSync(lock, stale.text);
          const r = await armed(emu, c, [kind], "refresh", () =>
            runNode([CLI, "refresh", "--lock-file", lock], runEnv(emu, dir, c.env), dir),
          );
          expectCliFailure(r);
          expect(readFileSync(lock, "utf8")).toBe(stale.text);
          expect(strayFiles(dir, ["ncloud.lookups.json"])).toEqual([]);
        }

        // An app whose lookup fails: exit 1 naming the construct, nothing synthesized, the lock file
        // as it was. Online without a lock file, or (every other case) refresh mode over an entry.
        if (c.outcome !== "ok") {
          const dir = dirs.make("ncloud-faults-app-");
          const lock = path.join(dir, "ncloud.lookups.json");
          const stale = staleLock(emu.url);
          const present = lockVariant === 1;
          if (present) writeFileSync(lock, stale.text);
          const r = await armed(emu, c, [kind], "synth", () =>
            synthApp(emu, [kind], dir, lock, present ? "refresh" : "online", c.env),
          );
          expect(r.code).toBe(1);
          expect(r.stdout).toBe("");
          expect(r.stderr).toContain(`${c.outcome}: stack/${kind}: `);
          expect(r.stderr).toMatch(c.message?.(kind) ?? /./);
          if (present) expect(readFileSync(lock, "utf8")).toBe(stale.text);
          else expect(bytesOf(lock)).toBeUndefined();
          expect(bytesOf(path.join(dir, "cdktf.out", "stacks", "stack", "cdk.tf.json"))).toBeUndefined();
          expect(strayFiles(dir, ["ncloud.lookups.json", "cdktf.out"])).toEqual([]);
        }
      } finally {
        await emu.stop();
      }
    },
    60_000,
  );
});

describe("recoverable faults in an app looking up all four lists in one synth", () => {
  it.concurrent.each(OK_CASES.map((c, i): [string, boolean, FaultCase] => [c.name, i % 2 === 1, c]))(
    "%s on every list: each list complete and recorded (lock file present before: %s)",
    async (_name, present, c) => {
      const emu = await NcloudEmulator.start({ data: DATA, pageSizeCaps: CAPS });
      try {
        const dir = dirs.make("ncloud-faults-app-");
        const lock = path.join(dir, "ncloud.lookups.json");
        const stale = staleLock(emu.url);
        if (present) writeFileSync(lock, stale.text);
        const r = await armed(emu, c, KINDS, "synth", () =>
          synthApp(emu, KINDS, dir, lock, present ? "refresh" : "online", c.env),
        );
        expectOk(r);
        const out = JSON.parse(r.stdout) as Record<Kind, { key: string; source: string; items: unknown[] }>;
        const entries = readEntries(lock);
        const synthesized = JSON.parse(
          readFileSync(path.join(dir, "cdktf.out", "stacks", "stack", "cdk.tf.json"), "utf8"),
        ) as { output: Record<string, { value: object }> };
        expect(Object.keys(entries).sort()).toEqual(KINDS.map((k) => `local:${k}@public`).sort());
        for (const kind of KINDS) {
          const key = `local:${kind}@public`;
          expect(out[kind]).toEqual({ key, source: "network", items: EXPECTED[kind] });
          expect(entries[key]?.items).toEqual(EXPECTED[kind]);
          expect(Date.parse(entries[key]?.fetchedAt ?? "")).toBeGreaterThan(Date.parse(STALE_TIME));
          expect(Object.keys(synthesized.output[kind]?.value ?? {})).toHaveLength(EXPECTED[kind].length);
        }
        expect(strayFiles(dir, ["ncloud.lookups.json", "cdktf.out"])).toEqual([]);
      } finally {
        await emu.stop();
      }
    },
    60_000,
  );
});

describe("slow and endless bodies the emulator cannot imitate, through `ncloud-lookups list`", () => {
  /** A server that answers every request with `answer`. */
  async function serving(
    answer: (res: http.ServerResponse) => void,
  ): Promise<{ url: string; close: () => Promise<void> }> {
    const server = http.createServer((req, res) => {
      req.resume();
      answer(res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }
  const drip = (res: http.ServerResponse, first: string, chunk: string, everyMs: number): void => {
    if (first !== "") res.write(first);
    const timer = setInterval(() => {
      if (res.destroyed) clearInterval(timer);
      else res.write(chunk);
    }, everyMs);
    res.on("close", () => clearInterval(timer));
  };

  it.each<[string, (res: http.ServerResponse) => void, RegExp]>([
    [
      "headers, then a body dripping one byte every 50 ms",
      (res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": "10000" });
        drip(res, "", " ", 50);
      },
      new RegExp(`timed out after ${HANG_TIMEOUT_MS} ms`),
    ],
    [
      "headers, then silence",
      (res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.flushHeaders();
      },
      new RegExp(`timed out after ${HANG_TIMEOUT_MS} ms`),
    ],
    [
      "a chunked body without Content-Length that never ends",
      (res) => {
        res.writeHead(200, { "content-type": "application/json" });
        drip(res, '{"content":[', " ".repeat(4096), 1);
      },
      new RegExp(`exceeds ${MAX_BYTES} bytes`),
    ],
  ])("%s: exit 1, a clear message, within seconds", async (_name, answer, message) => {
    const srv = await serving(answer);
    const dir = dirs.make("ncloud-faults-slow-");
    try {
      const r = await runNode(
        [CLI, "list", "packages", "--endpoint", srv.url, "--timeout-ms", String(HANG_TIMEOUT_MS)],
        {
          PATH: process.env.PATH,
          NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
          HOME: dir,
          NCLOUD_ACCESS_KEY: "AK",
          NCLOUD_SECRET_KEY: "SK-not-checked",
          NCLOUD_LOOKUPS_MAX_RESPONSE_BYTES: String(MAX_BYTES),
        },
        dir,
        20_000,
      );
      expectEnded(r, "list");
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.ms).toBeLessThan(10_000);
    } finally {
      await srv.close();
    }
  });
});

describe("paging that never ends, against a server the emulator cannot imitate", () => {
  /** A products server answering every offset with the same page and a total of `total`. */
  async function stuckServer(
    total: number,
  ): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
    let requests = 0;
    const server = http.createServer((req, res) => {
      requests++;
      req.resume();
      const body = JSON.stringify({
        productPage: { total, content: [{ productId: "p-1", productName: "only" }] },
      });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      requests: () => requests,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }

  it("a total of 2^53-1 with one item a page is a PagingError, not a RangeError", async () => {
    const srv = await stuckServer(Number.MAX_SAFE_INTEGER);
    const client = new NcloudClient({
      endpoint: srv.url,
      credentials: { accessKey: "ak", secretKey: "sk-not-used" },
      timeoutMs: 2000,
      maxRetries: 0,
    });
    try {
      const err = await listAllProducts(client).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(PagingError);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it("a server repeating its first page is given up on after the pages in flight, not after every page", async () => {
    const srv = await stuckServer(500);
    const client = new NcloudClient({
      endpoint: srv.url,
      credentials: { accessKey: "ak", secretKey: "sk-not-used" },
      timeoutMs: 2000,
      maxRetries: 0,
    });
    try {
      const err = await listAllProducts(client, {}, { concurrency: 4 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(PagingError);
      expect((err as Error).message).toMatch(/came twice|repeated/);
      expect(srv.requests()).toBeLessThanOrEqual(1 + 4 + 4);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it("the same server with a plausible total is refused with a PagingError at the first repeated page", async () => {
    const srv = await stuckServer(30);
    const client = new NcloudClient({
      endpoint: srv.url,
      credentials: { accessKey: "ak", secretKey: "sk-not-used" },
      timeoutMs: 2000,
      maxRetries: 0,
    });
    try {
      await expect(listAllProducts(client)).rejects.toThrow(PagingError);
      // The first page, then at most one round of concurrent pages before the repeat is seen.
      expect(srv.requests()).toBeGreaterThan(1);
      expect(srv.requests()).toBeLessThanOrEqual(1 + 20);
      expect(srv.requests()).toBeLessThan(30);
    } finally {
      client.close();
      await srv.close();
    }
  });
});
