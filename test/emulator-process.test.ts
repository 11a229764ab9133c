import { execFileSync, spawn } from "node:child_process";
import * as path from "node:path";
import { buildQueryString, requestUri, signedHeaders, type QueryPair } from "../lib/client/signer";
import {
  DEMO_ACCESS_KEY,
  DEMO_SECRET_KEY,
  emulatorMainScript,
  LIST_PATHS,
  startEmulatorProcess,
  type EmulatorProcess,
} from "../lib/testing";

// These tests run the compiled child script: `npm run build` (or `npx tsc -p tsconfig.build.json`) first.

async function signedFetch(
  t: { url: string; accessKey: string; secretKey: string },
  p: string,
  pairs: readonly QueryPair[] = [],
  timestamp = Date.now(),
): Promise<{ status: number; json: unknown }> {
  const target = requestUri(p, buildQueryString(pairs));
  const headers = signedHeaders({
    method: "GET",
    requestUri: target,
    timestamp: String(timestamp),
    accessKey: t.accessKey,
    secretKey: t.secretKey,
  });
  const res = await fetch(`${t.url}${target}`, { headers });
  return { status: res.status, json: (await res.json()) as unknown };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

describe("startEmulatorProcess", () => {
  it("finds the compiled child script", () => {
    expect(emulatorMainScript()).toBe(path.resolve(__dirname, "..", "dist", "testing", "emulator-main.js"));
  });

  describe("a child emulator", () => {
    let proc: EmulatorProcess;
    beforeAll(async () => {
      proc = await startEmulatorProcess({ pageSizeCaps: { policies: 25 } });
    });
    afterAll(() => proc.stop());

    it("serves signed requests and can be controlled over HTTP", async () => {
      expect(proc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(proc.accessKey).toBe(DEMO_ACCESS_KEY);
      expect(proc.secretKey).toBe(DEMO_SECRET_KEY);
      expect(proc.pid).not.toBe(process.pid);
      const a = await signedFetch(proc, LIST_PATHS.policies, [["size", "100"]]);
      expect(a.status).toBe(200);
      expect(a.json).toMatchObject({ totalItems: 300, totalPages: 12 });

      await proc.control.injectFault({ type: "status", status: 503, times: Infinity, kind: "profiles" });
      expect((await signedFetch(proc, LIST_PATHS.profiles)).status).toBe(503);
      expect((await signedFetch(proc, LIST_PATHS.profiles)).status).toBe(503);
      await proc.control.clearFaults();
      expect((await signedFetch(proc, LIST_PATHS.profiles)).status).toBe(200);
      const recorded = await proc.control.requests();
      expect(recorded.map((r) => [r.kind, r.status])).toEqual([
        ["policies", 200],
        ["profiles", 503],
        ["profiles", 503],
        ["profiles", 200],
      ]);
    });
  });

  it("passes big options through a file, a clock offset and generated data", async () => {
    const proc = await startEmulatorProcess({
      clockOffsetMs: 10 * 60_000,
      generate: { policies: 2000, products: 50, profiles: 10, packages: 4 },
      data: undefined,
    });
    try {
      expect((await signedFetch(proc, LIST_PATHS.policies)).status).toBe(401); // child's clock is 10 min ahead
      const ok = await signedFetch(proc, LIST_PATHS.policies, [], Date.now() + 10 * 60_000);
      expect(ok.json).toMatchObject({ totalItems: 2000 });
    } finally {
      await proc.stop();
    }
    const names = Array.from({ length: 3000 }, (_, k) => ({ name: `pkg-${k}`, description: "x".repeat(40) }));
    const big = await startEmulatorProcess({ data: { packages: { vpc: names } } });
    try {
      const a = await signedFetch(big, LIST_PATHS.packages);
      expect((a.json as { content: unknown[] }).content).toHaveLength(3000);
    } finally {
      await big.stop();
    }
  });

  it("stop() ends the child promptly and is idempotent", async () => {
    const proc = await startEmulatorProcess({ data: {} });
    await proc.control.injectFault({ type: "hang", times: Infinity });
    const hung = fetch(`${proc.url}${LIST_PATHS.packages}`, {
      headers: signedHeaders({
        method: "GET",
        requestUri: LIST_PATHS.packages,
        timestamp: String(Date.now()),
        accessKey: proc.accessKey,
        secretKey: proc.secretKey,
      }),
    }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    await proc.stop();
    await proc.stop();
    expect(alive(proc.pid)).toBe(false);
    expect(await hung).toHaveProperty("message");
  });

  it("the child exits when its parent dies", async () => {
    const dist = path.resolve(__dirname, "..", "dist", "testing", "index.js");
    const parent = spawn(
      process.execPath,
      [
        "-e",
        `require(${JSON.stringify(dist)}).startEmulatorProcess({data:{}}).then(p => { console.log(p.pid); setInterval(() => {}, 1000); });`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const childPid = await new Promise<number>((resolve, reject) => {
      parent.stdout.setEncoding("utf8");
      parent.stdout.once("data", (line: string) => resolve(Number(line.trim())));
      parent.once("exit", () => reject(new Error("parent exited early")));
    });
    expect(alive(childPid)).toBe(true);
    parent.kill("SIGKILL");
    expect(await waitUntil(() => !alive(childPid), 5000)).toBe(true);
  });

  it("rejects when the child cannot start", async () => {
    await expect(startEmulatorProcess({ port: -5 })).rejects.toThrow(/exited/);
    await expect(startEmulatorProcess({ script: path.join(__dirname, "no-such-script.js") })).rejects.toThrow(
      /exited/,
    );
  });

  it("the child also runs standalone and exits on SIGTERM", async () => {
    const out = execFileSync(
      process.execPath,
      [
        "-e",
        `const cp = require("node:child_process");
         const c = cp.spawn(process.execPath, [${JSON.stringify(emulatorMainScript())}], { env: { ...process.env, NCLOUD_EMULATOR_OPTIONS: '{"data":{}}' } });
         c.stdout.once("data", (d) => { process.stdout.write(d); c.kill("SIGTERM"); });
         c.on("exit", (code, signal) => process.stdout.write("exit " + code + " " + signal + "\\n"));`,
      ],
      { encoding: "utf8", timeout: 10_000 },
    );
    const [first, second] = out.trim().split("\n");
    expect(JSON.parse(first ?? "")).toMatchObject({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    expect(second).toBe("exit 0 null");
  });
});
