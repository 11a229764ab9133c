/**
 * The lock file commands of the `ncloud-lookups` CLI, run as real processes (`node dist/cli/main.js`)
 * against an emulator in this process: show (table and JSON), fill then check, a changed server making
 * check fail with a readable diff, refresh rewriting fetchedAt, reset by glob, and corrupt lock files
 * refused by every command without being touched. Run `npm run build` first.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { SubAccountPolicies } from "../lib/constructs/built-in";
import { FrozenLookupError } from "../lib/errors";
import { parseLockFile, serializeLockFile, type LockEntry } from "../lib/lookups/lockfile";
import {
  cloneDataSet,
  generateDataSet,
  NcloudEmulator,
  type CompleteDataSet,
  type PolicyItem,
} from "../lib/testing";
import { bytesOf, distFile, isolateLookupEnv, strayFiles, TempDirs } from "./helpers/lookup-harness";

const CLI = distFile("cli", "main.js");
const CAPS = { policies: 10, products: 10, profiles: 10 } as const;
const D1 = generateDataSet({ policies: 30, products: 20, profiles: 20, packages: 6, seed: 99 });

/** The server's data after a change: policies added, removed and edited; a package gone; profiles reordered. */
function changedData(): CompleteDataSet {
  const d = cloneDataSet(D1) as CompleteDataSet;
  const added: PolicyItem[] = [1, 2, 3].map((n) => ({
    policyId: `aaaaaaaa-0000-4000-8000-00000000000${n}`,
    policyName: `new-policy-${n}`,
    policyType: "USER_CREATED",
    policyDesc: "added after the lock file was written",
    nrn: `nrn:PUB:IAM::1:Policy/aaaaaaaa-0000-4000-8000-00000000000${n}`,
  }));
  const first = d.policies[0] as PolicyItem;
  d.policies = [
    { ...first, policyDesc: `${first.policyDesc} (edited)` },
    ...d.policies.slice(1, 3),
    ...d.policies.slice(5),
    ...added,
  ];
  d.packages.vpc = d.packages.vpc.slice(0, -1);
  d.profiles = [...d.profiles].reverse();
  return d;
}

const dirs = new TempDirs();
let emu: NcloudEmulator;
let home: string;
let lock: string;
let restoreEnv: () => void;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI asynchronously (the emulator lives on this thread). */
function cli(args: readonly string[], extra: Record<string, string | undefined> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
    HOME: home,
    COLUMNS: "200",
    NCLOUD_LOOKUPS_ENDPOINT: emu.url,
    NCLOUD_ACCESS_KEY: emu.accessKey,
    NCLOUD_SECRET_KEY: emu.secretKey,
    NCLOUD_LOOKUPS_LOCK_FILE: lock,
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env, cwd: home, timeout: 30_000, killSignal: "SIGKILL", encoding: "utf8", maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const code =
          err === null
            ? 0
            : typeof (err as { code?: unknown }).code === "number"
              ? (err as { code: number }).code
              : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function ok(r: Run): Run {
  if (r.code !== 0) throw new Error(`exit ${String(r.code)}:\n${r.stderr}`);
  return r;
}

function entries(file = lock): Record<string, LockEntry> {
  return { ...parseLockFile(readFileSync(file, "utf8"), file).entries };
}

/** The keys filled in these tests, as `show` prints them (sorted). */
let keys: {
  vpc: string;
  classic: string;
  policies: string;
  products: string;
  profiles: string;
};

beforeAll(async () => {
  restoreEnv = isolateLookupEnv();
  home = dirs.make("ncloud-cli-lock-");
  lock = path.join(home, "ncloud.lookups.json");
  emu = await NcloudEmulator.start({ data: D1, pageSizeCaps: CAPS });
  // Filled through the emulator (a loopback endpoint): test data, under local: keys.
  keys = {
    vpc: `local:packages@public`,
    classic: `local:packages@public?platform=classic`,
    policies: `local:policies@public`,
    products: `local:products@public?isPublished=true`,
    profiles: `local:profiles@public`,
  };
});

afterAll(async () => {
  await emu?.stop();
  restoreEnv();
  dirs.cleanup();
});

/** Replaces the running emulator by one serving `data` on the same port (the keys hold the endpoint). */
async function restartWith(data: CompleteDataSet): Promise<void> {
  const port = Number(new URL(emu.url).port);
  await emu.stop();
  emu = await NcloudEmulator.start({ port, data, pageSizeCaps: CAPS });
}

describe("show, fill, check, refresh and reset on one lock file", () => {
  it("show without a lock file says so and exits 1 (table, --json and --lock-file)", async () => {
    for (const args of [["show"], ["show", "--json"], ["show", "--lock-file", lock]]) {
      const r = await cli(args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`${lock}: does not exist`);
    }
    expect(bytesOf(lock)).toBeUndefined();
  });

  it("fill records every list, show prints it as a table and as JSON, check exits 0", async () => {
    const before = Date.now();
    // Keys given in NCP's spelling are recorded as test data: the endpoint is a local test server.
    const ncpSpelling = (k: string): string => k.replace(/^local:/, "");
    const fill = ok(
      await cli([
        "fill",
        ncpSpelling(keys.policies),
        ncpSpelling(keys.vpc),
        keys.classic,
        keys.products,
        keys.profiles,
      ]),
    );
    const published = D1.products.filter((p) => p.isPublished);
    const counts: Record<string, number> = {
      [keys.vpc]: D1.packages.vpc.length,
      [keys.classic]: D1.packages.classic.length,
      [keys.policies]: D1.policies.length,
      [keys.products]: published.length,
      [keys.profiles]: D1.profiles.length,
    };
    for (const [key, n] of Object.entries(counts))
      expect(fill.stderr).toContain(`recorded ${key}: ${n} items`);
    expect(fill.stderr).toContain(`wrote ${lock}`);
    expect(published.length).toBeGreaterThan(0);

    const e = entries();
    expect(Object.keys(e).sort()).toEqual(Object.keys(counts).sort());
    expect(e[keys.vpc]?.items).toEqual(D1.packages.vpc);
    expect(e[keys.classic]?.items).toEqual(D1.packages.classic);
    expect(e[keys.policies]?.items).toEqual(D1.policies);
    expect(e[keys.products]?.items).toEqual(published);
    expect(e[keys.profiles]?.items).toEqual(D1.profiles);
    const fetchedAt = e[keys.vpc]?.fetchedAt ?? "";
    expect(Date.parse(fetchedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(strayFiles(home, ["ncloud.lookups.json"])).toEqual([]);

    const table = ok(await cli(["show"]));
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]?.split(/\s{2,}/)).toEqual([
      "key",
      "data",
      "items",
      "age",
      "fetched",
      "source",
      "access key",
    ]);
    const rows = lines.slice(1).map((l) => l.split(/\s{2,}/));
    expect(rows.map((r) => r[0])).toEqual(Object.keys(counts).sort());
    for (const r of rows) {
      expect(r[1]).toBe("test");
      expect(Number(r[2])).toBe(counts[r[0] as string]);
      expect(r[3]).toMatch(/^\d+s$/);
      expect(r[4]).toBe(fetchedAt);
    }
    expect(table.stderr).toBe(
      `5 entries in ${lock} (5 of test data: local:, recorded from a local test server; they never serve a lookup aimed at NCP)\n`,
    );

    const json = JSON.parse(ok(await cli(["show", "--json"])).stdout) as {
      file: string;
      entries: Array<{ key: string; kind: string; itemCount: number; fetchedAt: string; ageMs: number }>;
    };
    expect(json.file).toBe(lock);
    expect(json.entries.map((x) => [x.key, x.kind, x.itemCount, x.fetchedAt])).toEqual(
      Object.keys(counts)
        .sort()
        .map((k) => [k, k.replace(/^local:/, "").split("@")[0], counts[k], fetchedAt]),
    );
    for (const x of json.entries) expect(x.ageMs).toBeGreaterThanOrEqual(0);

    const bytes = bytesOf(lock);
    const check = ok(await cli(["check"]));
    expect(check.stdout).toBe("");
    expect(check.stderr).toBe(
      `${lock} matches the live API (compared with the local test server at ${emu.url})\n`,
    );
    const checkJson = ok(await cli(["check", "--json"]));
    expect(JSON.parse(checkJson.stdout)).toEqual({ file: lock, differences: [], keyChanges: [] });
    expect(bytesOf(lock)).toEqual(bytes);
  });

  it("refresh against unchanged data rewrites every fetchedAt and nothing else", async () => {
    const before = entries();
    const r = ok(await cli(["refresh"]));
    expect(r.stderr).toContain(`refreshed 5 entries in ${lock}`);
    const after = entries();
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const [key, e] of Object.entries(after)) {
      const old = before[key] as LockEntry;
      expect(Date.parse(e.fetchedAt)).toBeGreaterThan(Date.parse(old.fetchedAt));
      expect({ ...e, fetchedAt: "" }).toEqual({ ...old, fetchedAt: "" });
    }
    expect(strayFiles(home, ["ncloud.lookups.json"])).toEqual([]);
  });

  it("after the server's data changed, check exits 1 with a +/- diff and leaves the lock file alone", async () => {
    const bytes = bytesOf(lock);
    const d2 = changedData();
    await restartWith(d2);

    const r = await cli(["check"]);
    expect(r.code).toBe(1);
    const [p0, p3, p4] = [D1.policies[0], D1.policies[3], D1.policies[4]].map((p) => p?.policyName);
    const gone = D1.packages.vpc[D1.packages.vpc.length - 1]?.name;
    expect(r.stdout).toBe(
      [
        keys.vpc,
        `  - removed (1): ${String(gone)}`,
        keys.policies,
        "  + added (3): new-policy-1, new-policy-2, new-policy-3",
        `  - removed (2): ${String(p3)}, ${String(p4)}`,
        `  ~ changed (1): ${String(p0)}`,
        // long values cut to where they differ
        `      ${String(p0)}: policyDesc …ge service" → …ge service (edited)"`,
        keys.profiles,
        "  ~ same items in a different order",
        "",
      ].join("\n"),
    );
    expect(r.stderr).toBe(
      `ncloud-lookups: 3 lock entries differ from the live API (compared with the local test server at ${emu.url}); run 'ncloud-lookups refresh' and commit ${lock}\n`,
    );
    expect(bytesOf(lock)).toEqual(bytes);

    const json = await cli(["check", "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      file: lock,
      differences: [
        { key: keys.vpc, added: [], removed: [gone], changed: [], fieldChanges: [], reordered: false },
        {
          key: keys.policies,
          added: ["new-policy-1", "new-policy-2", "new-policy-3"],
          removed: [p3, p4],
          changed: [p0],
          fieldChanges: [
            {
              name: p0,
              fields: [
                {
                  field: "policyDesc",
                  before: D1.policies[0]?.policyDesc,
                  after: `${D1.policies[0]?.policyDesc ?? ""} (edited)`,
                },
              ],
            },
          ],
          reordered: false,
        },
        { key: keys.profiles, added: [], removed: [], changed: [], fieldChanges: [], reordered: true },
      ],
      keyChanges: [],
    });
    expect(bytesOf(lock)).toEqual(bytes);

    // refresh takes the new data in; check is then clean again.
    ok(await cli(["refresh"]));
    const e = entries();
    expect(e[keys.policies]?.items).toEqual(d2.policies);
    expect(e[keys.vpc]?.items).toEqual(d2.packages.vpc);
    expect(e[keys.profiles]?.items).toEqual(d2.profiles);
    ok(await cli(["check"]));
  });

  it("check against a failing API exits 1 with the API's error, no diff, and the lock file untouched", async () => {
    const bytes = bytesOf(lock);
    emu.injectFault({ kind: "profiles", type: "status", status: 403 });
    const r = await cli(["check"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^ncloud-lookups: externalaccess GET .* failed with HTTP 403/);
    expect(r.stderr).not.toMatch(/differ/);
    expect(bytesOf(lock)).toEqual(bytes);
  });

  it("reset removes the entries a glob matches; a pattern matching nothing is exit 2 and changes nothing", async () => {
    const bytes = bytesOf(lock);
    const none = await cli(["reset", "widgets@*"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no lock entry matches 'widgets@*'");
    expect(bytesOf(lock)).toEqual(bytes);

    // One pattern matching nothing refuses the whole command, even when the other matches.
    const mixed = await cli(["reset", "packages@*", "nothing-like-this"]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("'nothing-like-this'");
    expect(mixed.stderr).not.toContain("'packages@*'");
    expect(bytesOf(lock)).toEqual(bytes);

    const r = ok(await cli(["reset", "packages@*"]));
    expect(r.stderr).toBe(`removed ${keys.vpc}\nremoved ${keys.classic}\n2 entries removed from ${lock}\n`);
    expect(Object.keys(entries()).sort()).toEqual([keys.policies, keys.products, keys.profiles].sort());

    // `*` matches only what the glob says: `?` and `.` are literal.
    const port = new URL(emu.url).port;
    const literal = await cli(["reset", `policies@public+http://127.0.0.1:${"?".repeat(port.length)}`]);
    expect(literal.code).toBe(2);
    ok(await cli(["reset", "*?isPublished=true"]));
    expect(Object.keys(entries()).sort()).toEqual([keys.policies, keys.profiles].sort());

    ok(await cli(["reset", "*"]));
    expect(entries()).toEqual({});
    const show = ok(await cli(["show"]));
    expect(show.stderr).toContain(`${lock}: no entries`);
    expect(strayFiles(home, ["ncloud.lookups.json"])).toEqual([]);
  });
});

describe("a corrupt lock file", () => {
  const valid = (): string =>
    `${JSON.stringify(
      {
        formatVersion: 1,
        entries: {
          [keys.policies]: {
            kind: "policies",
            site: "public",
            source: emu.url,
            query: {},
            fetchedAt: "2024-05-01T00:00:00.000Z",
            itemCount: 1,
            items: [D1.policies[0]],
          },
        },
      },
      null,
      2,
    )}\n`;
  const corruptions: Array<[string, () => string | "directory"]> = [
    ["an empty file", () => ""],
    ["JSON cut in half", () => valid().slice(0, Math.floor(valid().length / 2))],
    ["format version 3", () => valid().replace(/"formatVersion": \d+/, '"formatVersion": 3')],
    ["an entry without fetchedAt", () => valid().replace(/\s*"fetchedAt": "[^"]*",/, "")],
    ["a directory in its place", () => "directory"],
  ];
  const commands: Array<(key: string) => string[]> = [
    () => ["show"],
    (key) => ["fill", key],
    () => ["refresh"],
    () => ["reset", "*"],
    () => ["check"],
  ];

  it.each(corruptions)(
    "%s: show, fill, refresh, reset and check exit 1 or 2 naming the file, send nothing, change nothing",
    async (_name, make) => {
      const content = make();
      emu.clearRequests();
      const runs = await Promise.all(
        commands.map(async (command) => {
          const dir = dirs.make("ncloud-cli-corrupt-");
          const file = path.join(dir, "ncloud.lookups.json");
          if (content === "directory") mkdirSync(file);
          else writeFileSync(file, content);
          const args = command(keys.policies);
          const r = await cli([...args, "--lock-file", file]);
          return { args, r, dir, file };
        }),
      );
      for (const { args, r, dir, file } of runs) {
        const what = `${args[0] ?? ""}: ${r.stderr}`;
        // A lock file that cannot be read is a failure of the run, not of the command line: exit 1.
        expect({ what, code: r.code }).toEqual({ what, code: 1 });
        expect(r.stdout).toBe("");
        expect(r.stderr.split("\n")[0]).toMatch(/^ncloud-lookups: /);
        expect(r.stderr).toContain(file);
        if (content === "directory") expect(statSync(file).isDirectory()).toBe(true);
        else expect(readFileSync(file, "utf8")).toBe(content);
        expect(strayFiles(dir, ["ncloud.lookups.json"])).toEqual([]);
      }
      expect(emu.requests).toHaveLength(0);
    },
    60_000,
  );

  it("an entry under a key that is not a lookup key: refresh and check name the file", async () => {
    const text = valid().replace(JSON.stringify(keys.policies), '"garbage"');
    for (const command of ["refresh", "check"]) {
      const file = path.join(dirs.make("ncloud-cli-corrupt-"), "ncloud.lookups.json");
      writeFileSync(file, text);
      const r = await cli([command, "--lock-file", file]);
      expect([1, 2]).toContain(r.code);
      expect(r.stderr).toContain("garbage");
      expect(r.stderr).toContain(file);
      expect(readFileSync(file, "utf8")).toBe(text);
    }
  });
});

describe("keys that are not in the canonical form", () => {
  it("what fill records is found by a frozen synth with the same filters", async () => {
    await restartWith(cloneDataSet(D1) as CompleteDataSet);
    const file = path.join(dirs.make("ncloud-cli-canonical-"), "ncloud.lookups.json");
    const typed = `policies@public?type=USER_CREATED&searchWord=${encodeURIComponent("팀")}`;
    // Filled through the emulator: recorded as test data, under the canonical (sorted) local: key.
    const canonical = `local:policies@public?searchWord=${encodeURIComponent("팀")}&type=USER_CREATED`;
    const r = await cli(["fill", typed, "--lock-file", file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`recorded ${canonical}: `);
    expect(Object.keys(entries(file))).toEqual([canonical]);
    const stack = new TerraformStack(Testing.app(), "stack");
    const policies = new SubAccountPolicies(stack, "policies", {
      type: "USER_CREATED",
      searchWord: "팀",
      mode: "frozen",
      lockFile: file,
      endpoint: emu.url,
    });
    expect(policies.lookupKey).toBe(canonical);
    let items: unknown;
    try {
      items = policies.items;
    } catch (err) {
      expect(err).not.toBeInstanceOf(FrozenLookupError);
      throw err;
    }
    expect(items).toEqual(
      D1.policies.filter((p) => p.policyType === "USER_CREATED" && p.policyName.includes("팀")),
    );
  });
});

describe("check of a lock file with nothing to compare", () => {
  it("says there is nothing to check instead of 'matches the live API'", async () => {
    const empty = path.join(dirs.make("ncloud-cli-empty-"), "ncloud.lookups.json");
    writeFileSync(empty, serializeLockFile({}));
    const r = await cli(["check", "--lock-file", empty]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${empty} holds no entries to compare: nothing to check`);
    expect(r.stderr).not.toContain("matches the live API");
  });
});
