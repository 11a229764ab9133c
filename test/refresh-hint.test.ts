/**
 * `refresh` and `check` in one round trip (issue 20): the lock entry records the page size the server
 * served; with the item count, every page is asked for at once. A server that answers otherwise still
 * gives the complete, correct list. Real CLI processes against the in-process emulator.
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseLockFile, serializeLockFile, type LockEntry } from "../lib/lookups/lockfile";
import { generateDataSet } from "../lib/testing";
import { useEmulator } from "./helpers/emulator-fixture";
import { distFile } from "./helpers/lookup-harness";

const POLICIES = generateDataSet({ policies: 264, products: 0, profiles: 0, packages: 0 }).policies;
const t = useEmulator({ data: { policies: POLICIES }, pageSizeCaps: { policies: 25 }, isolateEnv: true });

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
function cli(args: readonly string[], lock: string): Promise<Run> {
  const env = {
    PATH: process.env.PATH,
    HOME: path.dirname(lock),
    NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
    NCLOUD_LOOKUPS_LOCK_FILE: lock,
    ...t.online(),
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [distFile("cli", "main.js"), ...args],
      { env, encoding: "utf8" },
      (err, stdout, stderr) =>
        resolve({ code: err === null ? 0 : ((err as { code?: number }).code ?? null), stdout, stderr }),
    );
  });
}

const policyRequests = (): { page: number; size: number }[] =>
  t.emu.requests
    .filter((r) => r.kind === "policies")
    .map((r) => ({ page: Number(r.query.page), size: Number(r.query.size) }));

/** A lock file holding the 264 policies, filled by the CLI (which records the page size served). */
async function filledLock(name: string): Promise<{ file: string; key: string; entry: LockEntry }> {
  const file = path.join(t.dirs.make(`hint-${name}-`), "ncloud.lookups.json");
  const r = await cli(["fill", "policies@public"], file);
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.code).toBe(0);
  const entries = parseLockFile(readFileSync(file, "utf8"), file).entries;
  const [key, entry] = Object.entries(entries)[0] as [string, LockEntry];
  return { file, key, entry };
}

function rewrite(file: string, key: string, entry: LockEntry): void {
  writeFileSync(file, serializeLockFile({ [key]: entry }));
}

const ids = (items: readonly unknown[]): string[] => items.map((i) => (i as { policyId: string }).policyId);

describe("the lock entry records the page size the server served", () => {
  it("fill records pageSize 25 for a server that caps at 25 (asked for 1000)", async () => {
    const { entry } = await filledLock("record");
    expect(entry.pageSize).toBe(25);
    expect(entry.items).toHaveLength(264);
  });
});

describe("refresh with a recorded page size", () => {
  it("asks for all 11 pages at once with the recorded size, never the first page alone", async () => {
    const { file, key } = await filledLock("one-trip");
    t.emu.clearRequests();
    const r = await cli(["refresh"], file);
    expect(r.code).toBe(0);
    const seen = policyRequests();
    expect(seen.map((q) => q.size)).toEqual(Array(11).fill(25));
    expect(seen.map((q) => q.page).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const entry = parseLockFile(readFileSync(file, "utf8"), file).entries[key] as LockEntry;
    expect(ids(entry.items)).toEqual(ids(POLICIES));
  });

  it("all 11 pages arrive within one round trip (the emulator answers after 400 ms)", async () => {
    const { file } = await filledLock("arrivals");
    t.emu.clearRequests();
    t.emu.setLatency(400);
    try {
      expect((await cli(["refresh"], file)).code).toBe(0);
    } finally {
      t.emu.setLatency(0);
    }
    const times = t.emu.requests.filter((r) => r.kind === "policies").map((r) => r.time);
    expect(times).toHaveLength(11);
    // a second round would arrive at least one answer (400 ms) after the first
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(300);
  });

  it("a list that grew since: the missing pages next, complete and in order", async () => {
    const { file, key, entry } = await filledLock("grew");
    rewrite(file, key, { ...entry, items: entry.items.slice(0, 200) }); // 8 pages recorded, 11 live
    t.emu.clearRequests();
    expect((await cli(["refresh"], file)).code).toBe(0);
    const pages = policyRequests().map((q) => q.page);
    expect(pages.slice(0, 8).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(pages.slice(8).sort((a, b) => a - b)).toEqual([8, 9, 10]);
    expect(ids(parseLockFile(readFileSync(file, "utf8"), file).entries[key]?.items ?? [])).toEqual(
      ids(POLICIES),
    );
  });

  it("a list that shrank: the extra page comes back empty and the entry is exact", async () => {
    const { file, key, entry } = await filledLock("shrank");
    const extra = Array.from({ length: 30 }, (_, i) => ({
      ...(POLICIES[0] as object),
      policyId: `gone-${i}`,
      policyName: `GONE_${i}`,
    }));
    rewrite(file, key, { ...entry, items: [...entry.items, ...extra] }); // 294 recorded: 12 pages asked
    expect((await cli(["refresh"], file)).code).toBe(0);
    expect(ids(parseLockFile(readFileSync(file, "utf8"), file).entries[key]?.items ?? [])).toEqual(
      ids(POLICIES),
    );
  });

  it("a server that now serves another page size: the complete list, and the new size recorded", async () => {
    const { file, key, entry } = await filledLock("other-size");
    rewrite(file, key, { ...entry, pageSize: 50 }); // the server still caps at 25
    t.emu.clearRequests();
    const r = await cli(["refresh"], file);
    expect(r.code).toBe(0);
    const after = parseLockFile(readFileSync(file, "utf8"), file).entries[key] as LockEntry;
    expect(ids(after.items)).toEqual(ids(POLICIES));
    expect(after.pageSize).toBe(25);
    // The speculative pages of 50, then the listing from the first page.
    expect(policyRequests().some((q) => q.size === 1000)).toBe(true);
  });

  it("check compares in one round trip too, and finds no difference", async () => {
    const { file } = await filledLock("check");
    t.emu.clearRequests();
    const r = await cli(["check"], file);
    expect(r.stderr).toMatch(/matches the live API/);
    expect(policyRequests().map((q) => q.size)).toEqual(Array(11).fill(25));
  });
});
