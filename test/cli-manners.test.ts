/**
 * CLI manners (issue 10): `check` reports a changed id as changed, `show` prints whole, readable keys
 * off a terminal that paste into `reset` and `fill`, counts are spelled right. Real CLI processes
 * against an emulator in a child process.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { readLockFile, serializeLockFile, type LockEntry } from "../lib/lookups/lockfile";
import { defaultDataSet, startEmulatorProcess, type EmulatorProcess, type PolicyItem } from "../lib/testing";
import { writeFileSync } from "node:fs";
import { distFile, TempDirs } from "./helpers/lookup-harness";

jest.setTimeout(30_000);
const dirs = new TempDirs();
const MAIN = distFile("cli", "main.js");
const A = defaultDataSet();
const TEAM = "개발팀 A";
let emu: EmulatorProcess;

beforeAll(async () => {
  emu = await startEmulatorProcess({
    data: {
      policies: [
        { ...(A.policies[0] as PolicyItem), policyId: "new-id-1", policyName: "RENAMED_ID" },
        {
          ...(A.policies[1] as PolicyItem),
          policyId: "p-2",
          policyName: `${TEAM} viewer`,
          policyType: "USER_CREATED",
        },
      ],
    },
  });
});
afterAll(async () => {
  await emu.stop();
  dirs.cleanup();
});

function cli(
  args: readonly string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(
      process.execPath,
      [MAIN, ...args],
      {
        cwd,
        env: {
          PATH: process.env.PATH,
          NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
          HOME: cwd,
          NCLOUD_LOOKUPS_ENDPOINT: emu.url,
          NCLOUD_ACCESS_KEY: emu.accessKey,
          NCLOUD_SECRET_KEY: emu.secretKey,
        },
        encoding: "utf8",
      },
      (err, stdout, stderr) => done({ code: err === null ? 0 : (err.code as number), stdout, stderr }),
    ),
  );
}

it("check reports an item whose id changed as ~ changed, not as added plus removed", async () => {
  const dir = dirs.make("ncloud-manners-");
  const old: LockEntry = {
    kind: "policies",
    site: "public",
    account: "default",
    query: {},
    fetchedAt: new Date(Date.now() - 60_000).toISOString(),
    items: [
      { ...(A.policies[0] as PolicyItem), policyId: "old-id-1", policyName: "RENAMED_ID" },
      {
        ...(A.policies[1] as PolicyItem),
        policyId: "p-2",
        policyName: `${TEAM} viewer`,
        policyType: "USER_CREATED",
      },
    ],
  };
  writeFileSync(path.join(dir, "ncloud.lookups.json"), serializeLockFile({ "local:policies@public": old }));
  const r = await cli(["check"], dir);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("~ changed (1): RENAMED_ID");
  expect(r.stdout).not.toContain("+ added");
  expect(r.stdout).not.toContain("- removed");
});

it("show off a terminal prints whole, readable keys that paste into reset and fill; counts read right", async () => {
  const dir = dirs.make("ncloud-manners-");
  const key = `policies@public?searchWord=${encodeURIComponent(TEAM)}&type=USER_CREATED`;
  const fill = await cli(["fill", key], dir);
  expect(fill.code).toBe(0);
  expect(fill.stderr).toContain(": 1 item\n");
  const show = await cli(["show"], dir);
  expect(show.code).toBe(0);
  // Filled through the emulator: test data, under a local: key.
  const printed = "local:policies@public?searchWord=개발팀%20A&type=USER_CREATED";
  expect(show.stdout).toContain(printed);
  expect(show.stdout).not.toContain("…");
  expect(show.stderr).toContain("1 entry in");
  // the printed key fills and resets the same entry
  expect((await cli(["fill", printed], dir)).code).toBe(0);
  expect(Object.keys(readLockFile(path.join(dir, "ncloud.lookups.json"))?.entries ?? {})).toHaveLength(1);
  const reset = await cli(["reset", printed], dir);
  expect(reset.code).toBe(0);
  expect(reset.stderr).toContain("1 entry removed");
  expect(readLockFile(path.join(dir, "ncloud.lookups.json"))?.entries).toEqual({});
});

it("show --lock-file of a missing file says so and exits 1", async () => {
  const dir = dirs.make("ncloud-manners-");
  const r = await cli(["show", "--lock-file", "nope.json"], dir);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`${path.join(dir, "nope.json")}: does not exist`);
});
