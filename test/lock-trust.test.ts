/**
 * The lock file a platform team can trust (issue 16): test data stays local, nothing in the file decides
 * where a signed request goes, one key is read with one set of credentials, version 1 upgrades keep
 * NCP's data, shared (symlinked) files serialize their writers, no dead `.lock` is waited out, duplicate
 * keys are found in any spelling, and git merges need no hand-editing. Real processes, a real emulator
 * over loopback, real git.
 */
import { execFileSync } from "node:child_process";
import { hostname } from "node:os";
import { mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync, existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { Testing, TerraformStack } from "cdktf";
import fc from "fast-check";
import { FrozenLookupError, LockFileError } from "../lib/errors";
import { SubAccountPolicies } from "../lib";
import {
  duplicateEntryKey,
  parseLockFile,
  readLockFile,
  serializeLockFile,
  updateLockFile,
  type LockEntry,
} from "../lib/lookups/lockfile";
import { defaultDataSet, startEmulatorProcess, type EmulatorProcess, type PolicyItem } from "../lib/testing";
import {
  distFile,
  isolateLookupEnv,
  policiesEntry,
  policyItem,
  runNode,
  TempDirs,
  type NodeRun,
  thrownBy,
  withProcessEnv,
} from "./helpers/lookup-harness";

jest.setTimeout(60_000);

const dirs = new TempDirs();
const CLI = distFile("cli", "main.js");
const data = defaultDataSet();
const USER_POLICY = data.policies.find((p) => p.policyType === "USER_CREATED") as PolicyItem;
const OTHER_ACCESS = "NCPOTHERACCESSKEY001";
const OTHER_SECRET = "other-secret-not-a-real-ncp-key";
const OTHER_ID = "other-account-id-of-the-same-name";

let emu: EmulatorProcess;
let restoreEnv: () => void;
/** A server that records every request it gets: where a lock file's `source` points. */
let logger: Server;
let loggerUrl: string;
const logged: string[] = [];

beforeAll(async () => {
  restoreEnv = isolateLookupEnv();
  emu = await startEmulatorProcess({
    accounts: [
      {
        accessKey: OTHER_ACCESS,
        secretKey: OTHER_SECRET,
        data: { policies: [{ ...USER_POLICY, policyId: OTHER_ID }] },
      },
    ],
  });
  logger = createServer((req, res) => {
    logged.push(`${req.method ?? ""} ${req.url ?? ""}`);
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((r) => logger.listen(0, "127.0.0.1", r));
  loggerUrl = `http://127.0.0.1:${(logger.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await emu.stop();
  await new Promise<void>((r) => logger.close(() => r()));
  restoreEnv();
  dirs.cleanup();
});

function cli(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string, stdin?: string): Promise<NodeRun> {
  return runNode([CLI, ...args], {
    cwd,
    env: { NCLOUD_LOOKUPS_SERVER_ROLE: "off", ...env },
    ...(stdin !== undefined ? { stdin } : {}),
  });
}

const emuEnv = (): NodeJS.ProcessEnv => ({
  NCLOUD_LOOKUPS_ENDPOINT: emu.url,
  NCLOUD_ACCESS_KEY: emu.accessKey,
  NCLOUD_SECRET_KEY: emu.secretKey,
});

/** Keys set, no endpoint: a run aimed at NCP's own hosts. */
const ncpEnv = (): NodeJS.ProcessEnv => ({
  NCLOUD_ACCESS_KEY: emu.accessKey,
  NCLOUD_SECRET_KEY: emu.secretKey,
});

function policiesIn(dir: string, props: Record<string, unknown> = {}): SubAccountPolicies {
  const stack = new TerraformStack(Testing.app(), "identity");
  return new SubAccountPolicies(stack, "policies", {
    type: "USER_CREATED",
    lockFile: path.join(dir, "ncloud.lookups.json"),
    outputs: false,
    ...props,
  });
}

describe("local test data stays local", () => {
  it("an emulator synth records local: entries; a frozen run aimed at NCP gets none of them and says why", async () => {
    const dir = dirs.make("ncloud-trust-local-");
    const recorded = withProcessEnv(emuEnv(), () => policiesIn(dir).idOf(USER_POLICY.policyName));
    expect(recorded).toBe(USER_POLICY.policyId);
    const lock = readLockFile(path.join(dir, "ncloud.lookups.json"));
    expect(Object.keys(lock?.entries ?? {})).toEqual(["local:policies@public?type=USER_CREATED"]);

    // Keys set, no endpoint, frozen: a miss, naming the test entry and how to record it from NCP.
    const err = withProcessEnv({ ...ncpEnv(), NCLOUD_LOOKUPS_MODE: "frozen" }, () =>
      thrownBy(() => policiesIn(dir).items),
    ) as FrozenLookupError;
    expect(err).toBeInstanceOf(FrozenLookupError);
    expect(err.missingKeys).toEqual(["policies@public?type=USER_CREATED"]);
    expect(err.message).toContain("came from a local test server");
    expect(err.message).toContain("npx ncloud-lookups fill 'policies@public?type=USER_CREATED'");
    expect(err.message).toContain("NCLOUD_LOOKUPS_ENDPOINT unset");
    expect(err.message).not.toContain(USER_POLICY.policyId);
  });

  it("online and aimed at NCP, a test entry is not used: the run goes for NCP (here: no credentials, no request)", async () => {
    const dir = dirs.make("ncloud-trust-online-");
    withProcessEnv(emuEnv(), () => policiesIn(dir).items);
    const before = (await emu.control.requests()).length;
    const err = withProcessEnv({ HOME: dir, NCLOUD_LOOKUPS_SERVER_ROLE: "off" }, () =>
      thrownBy(() => policiesIn(dir).items),
    ) as Error;
    expect(err.name).toBe("CredentialsError");
    expect((await emu.control.requests()).length).toBe(before);
  });

  it("keys are port-free: a lock recorded on one emulator port serves a frozen run at a dead loopback port", async () => {
    const dir = dirs.make("ncloud-trust-port-");
    withProcessEnv(emuEnv(), () => policiesIn(dir).items);
    const id = withProcessEnv(
      { NCLOUD_LOOKUPS_ENDPOINT: "http://127.0.0.1:9", NCLOUD_LOOKUPS_MODE: "frozen" },
      () => policiesIn(dir).idOf(USER_POLICY.policyName),
    );
    expect(id).toBe(USER_POLICY.policyId);
  });

  it("test data and NCP data of one query live side by side and never replace each other", () => {
    const dir = dirs.make("ncloud-trust-side-");
    const file = path.join(dir, "ncloud.lookups.json");
    const ncp = policiesEntry([policyItem(1, "REAL")], {
      query: { type: "USER_CREATED" },
      source: "https://subaccount.apigw.ntruss.com",
    });
    writeFileSync(file, serializeLockFile({ "policies@public?type=USER_CREATED": ncp }));
    withProcessEnv(emuEnv(), () => policiesIn(dir).items);
    const entries = readLockFile(file)?.entries ?? {};
    expect(Object.keys(entries).sort()).toEqual([
      "local:policies@public?type=USER_CREATED",
      "policies@public?type=USER_CREATED",
    ]);
    expect(entries["policies@public?type=USER_CREATED"]).toEqual(ncp);
    const frozen = withProcessEnv({ NCLOUD_LOOKUPS_MODE: "frozen" }, () => policiesIn(dir).names);
    expect(frozen).toEqual(["REAL"]);
  });

  it("a version 2 entry recorded from a loopback source before the local realm is read as test data", () => {
    const text = serializeLockFile({
      "policies@public?type=USER_CREATED": policiesEntry([policyItem(1)], {
        query: { type: "USER_CREATED" },
        source: "http://127.0.0.1:8080",
      }),
    });
    expect(Object.keys(parseLockFile(text, "f").entries)).toEqual([
      "local:policies@public?type=USER_CREATED",
    ]);
  });

  it("show marks test entries; check and refresh with no override say what they compare with, and skip them", async () => {
    const dir = dirs.make("ncloud-trust-show-");
    withProcessEnv(emuEnv(), () => policiesIn(dir).items);
    const show = await cli(["show"], {}, dir);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/local:policies@public\?type=USER_CREATED\s+test\s/);
    const check = await cli(["check"], ncpEnv(), dir);
    expect(check.code).toBe(0);
    expect(check.stderr).toContain("skipped 1 test entry");
    expect(check.stderr).toContain("compared with NCP");
  });
});

describe("requests go only where the current settings point", () => {
  it("check and refresh never follow an edited source: the server it names receives nothing", async () => {
    const dir = dirs.make("ncloud-trust-source-");
    const file = path.join(dir, "ncloud.lookups.json");
    withProcessEnv(emuEnv(), () => {
      const stack = new TerraformStack(Testing.app(), "app");
      new SubAccountPolicies(stack, "a", { type: "USER_CREATED", lockFile: file, outputs: false });
      return new SubAccountPolicies(stack, "b", { type: "SYSTEM_MANAGED", lockFile: file, outputs: false })
        .items;
    });
    // A pull request points every source at its own server.
    const edited = readFileSync(file, "utf8").replace(
      /"source": "[^"]*"/g,
      `"source": ${JSON.stringify(loggerUrl)}`,
    );
    expect(edited).toContain(loggerUrl);
    writeFileSync(file, edited);
    logged.length = 0;
    for (const command of ["check", "refresh"]) {
      const r = await cli([command], ncpEnv(), dir);
      expect({ command, code: r.code }).toEqual({ command, code: 0 });
      expect(r.stderr).toContain("skipped 2 test entries");
    }
    // Refreshed through the emulator instead: requests go to the emulator, not to the edited source.
    const r = await cli(["refresh"], emuEnv(), dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`refreshed 2 entries in ${file} from the local test server at ${emu.url}`);
    expect(logged).toEqual([]);
  });
});

describe("one key, one set of credentials per synth", () => {
  it("two lookups of one key, one given another account's keys: refused naming both; with account, each gets its own", async () => {
    const dir = dirs.make("ncloud-trust-creds-");
    const lockFile = path.join(dir, "ncloud.lookups.json");
    const err = withProcessEnv(emuEnv(), () => {
      const stack = new TerraformStack(Testing.app(), "app");
      const mine = new SubAccountPolicies(stack, "mine", { type: "USER_CREATED", lockFile, outputs: false });
      const theirs = new SubAccountPolicies(stack, "theirs", {
        type: "USER_CREATED",
        lockFile,
        outputs: false,
        accessKey: OTHER_ACCESS,
        secretKey: OTHER_SECRET,
      });
      void mine.items;
      return thrownBy(() => theirs.items) as Error;
    });
    expect(err.message).toContain("app/theirs");
    expect(err.message).toContain("app/mine");
    expect(err.message).toContain("account");
    expect(err.message).not.toContain(OTHER_SECRET);
    // The lock file holds the first account's items only, under its key.
    const entries = readLockFile(lockFile)?.entries ?? {};
    expect(JSON.stringify(entries)).not.toContain(OTHER_ID);

    for (const mode of ["online", "frozen"]) {
      const ids = withProcessEnv({ ...emuEnv(), NCLOUD_LOOKUPS_MODE: mode }, () => {
        const stack = new TerraformStack(Testing.app(), "app");
        const mine = new SubAccountPolicies(stack, "mine", {
          type: "USER_CREATED",
          lockFile,
          outputs: false,
        });
        const theirs = new SubAccountPolicies(stack, "theirs", {
          type: "USER_CREATED",
          lockFile,
          outputs: false,
          account: "other",
          accessKey: OTHER_ACCESS,
          secretKey: OTHER_SECRET,
        });
        return [mine.idOf(USER_POLICY.policyName), theirs.idOf(USER_POLICY.policyName)];
      });
      expect({ mode, ids }).toEqual({ mode, ids: [USER_POLICY.policyId, OTHER_ID] });
    }
  });
});

describe("version 1 files", () => {
  it("a real entry and a newer emulator entry of one query: a frozen run aimed at NCP gets the real one", () => {
    const dir = dirs.make("ncloud-trust-v1-");
    const file = path.join(dir, "ncloud.lookups.json");
    const real = { ...policiesEntry([policyItem(1, "REAL")], { query: { type: "USER_CREATED" } }) };
    const test = {
      ...policiesEntry([policyItem(2, "FROM_EMULATOR")], { query: { type: "USER_CREATED" } }),
      fetchedAt: "2025-01-01T00:00:00.000Z",
      endpoint: "http://127.0.0.1:4010",
    };
    writeFileSync(
      file,
      JSON.stringify({
        formatVersion: 1,
        entries: {
          "policies@public?type=USER_CREATED": real,
          "policies@public+http://127.0.0.1:4010?type=USER_CREATED": test,
        },
      }),
    );
    const names = withProcessEnv({ NCLOUD_LOOKUPS_MODE: "frozen" }, () => policiesIn(dir).names);
    expect(names).toEqual(["REAL"]);
    // Written again (another lookup recorded): both stay, each in its realm.
    updateLockFile(file, () => undefined);
    const entries = readLockFile(file)?.entries ?? {};
    expect(Object.keys(entries).sort()).toEqual([
      "local:policies@public?type=USER_CREATED",
      "policies@public?type=USER_CREATED",
    ]);
    expect((entries["policies@public?type=USER_CREATED"] as LockEntry).items).toEqual(real.items);
  });
});

describe("the write lock guards the real file", () => {
  it("16 concurrent external runs through two symlinks to one shared file keep all 16 entries", async () => {
    const root = dirs.make("ncloud-trust-links-");
    const shared = path.join(root, "shared");
    mkdirSync(shared);
    const target = path.join(shared, "ncloud.lookups.json");
    const apps = ["app-a", "app-b"].map((name) => {
      const d = path.join(root, name);
      mkdirSync(d);
      symlinkSync(path.relative(d, target), path.join(d, "ncloud.lookups.json"));
      return d;
    });
    const runs = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        cli(
          ["external"],
          emuEnv(),
          apps[i % 2] as string,
          JSON.stringify({ list: "policies", searchWord: `w${i}` }),
        ),
      ),
    );
    for (const r of runs) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    const entries = readLockFile(target)?.entries ?? {};
    expect(Object.keys(entries)).toHaveLength(16);
    for (const d of apps) {
      expect(readFileSync(path.join(d, "ncloud.lookups.json"), "utf8")).toBe(readFileSync(target, "utf8"));
    }
  });
});

describe("no .lock is waited out that cannot belong to a live writer", () => {
  const NEVER_STALE = { NCLOUD_LOOKUPS_LOCK_STALE_MS: "600000" };
  const entry = policiesEntry([policyItem(1)], { query: { type: "USER_CREATED" } });
  const write = (file: string): void =>
    withProcessEnv(NEVER_STALE, () => {
      updateLockFile(file, (e) => {
        e["policies@public?type=USER_CREATED"] = entry;
      });
    });

  it("an empty .lock a few seconds old is taken over at once", () => {
    const file = dirs.lockFile();
    writeFileSync(`${file}.lock`, "");
    const old = new Date(Date.now() - 5_000);
    utimesSync(`${file}.lock`, old, old);
    const started = process.hrtime.bigint();
    write(file);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5_000);
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(Object.keys(readLockFile(file)?.entries ?? {})).toHaveLength(1);
  });

  it("an empty .lock just made is given a short grace, then taken over (no 30 s wait)", () => {
    const file = dirs.lockFile();
    writeFileSync(`${file}.lock`, "");
    write(file);
    expect(Object.keys(readLockFile(file)?.entries ?? {})).toHaveLength(1);
  });

  it("a .lock naming this very pid (a reused pid in a container) is taken over", () => {
    const file = dirs.lockFile();
    writeFileSync(
      `${file}.lock`,
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        token: "an-old-run",
      }),
    );
    write(file);
    expect(Object.keys(readLockFile(file)?.entries ?? {})).toHaveLength(1);
  });

  it("a .lock that is a directory fails at once with a clear message", () => {
    const file = dirs.lockFile();
    mkdirSync(`${file}.lock`);
    const err = thrownBy(() => write(file)) as LockFileError;
    expect(err).toBeInstanceOf(LockFileError);
    expect(err.message).toContain("is a directory");
    expect(err.message).toContain("rmdir");
  });

  it("the .lock never exists empty: a writer creates it with its content in one step", () => {
    const file = dirs.lockFile();
    const seen: string[] = [];
    updateLockFile(
      file,
      () => {
        seen.push(readFileSync(`${file}.lock`, "utf8"));
      },
      {},
    );
    expect(JSON.parse(seen[0] as string)).toMatchObject({ pid: process.pid });
  });
});

describe("duplicate keys are found by parsing", () => {
  const e = policiesEntry([policyItem(1)], { query: { type: "USER_CREATED" } });
  const k = "policies@public?type=USER_CREATED";
  it.each([
    ["minified", `{"formatVersion":2,"entries":{"${k}":${JSON.stringify(e)},"${k}":${JSON.stringify(e)}}}`],
    [
      "with a \\u escape",
      `{"formatVersion":2,"entries":{"${k}":${JSON.stringify(e)},"\\u0070olicies@public?type=USER_CREATED":${JSON.stringify(e)}}}`,
    ],
    [
      "odd whitespace",
      `{ "formatVersion" : 2 ,\t"entries"\n:\n{\n"${k}"\n\t:\n${JSON.stringify(e)}\n,\n   "${k}"  :  ${JSON.stringify(e)} } }`,
    ],
  ])("%s: refused, naming the key", (_name, text) => {
    const err = thrownBy(() => parseLockFile(text, "/app/ncloud.lookups.json")) as LockFileError;
    expect(err).toBeInstanceOf(LockFileError);
    expect(err.message).toContain(`holds the entry ${k} twice`);
  });

  it("a duplicate entries field at the top level is refused too", () => {
    const text = `{"formatVersion":2,"entries":{},"entries":{}}`;
    expect((thrownBy(() => parseLockFile(text, "f")) as Error).message).toContain('"entries" twice');
  });

  it("the same key inside items (a field named like a key) is not a duplicate", () => {
    const item = { ...policyItem(1), [k]: 1 };
    const entries = { [k]: policiesEntry([item, item], { query: { type: "USER_CREATED" } }) };
    expect(Object.keys(parseLockFile(JSON.stringify({ formatVersion: 2, entries }), "f").entries)).toEqual([
      k,
    ]);
  });
});

describe("merges", () => {
  function git(cwd: string, ...args: string[]): string {
    return execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@example.invalid",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@example.invalid",
        GIT_CONFIG_NOSYSTEM: "1",
        HOME: cwd,
      },
    });
  }

  /** A repo whose main holds one entry; branches a and b each add one through a real fill. */
  async function branchedRepo(driver: boolean): Promise<string> {
    const dir = dirs.make("ncloud-trust-git-");
    git(dir, "init", "-q", "-b", "main");
    if (driver) {
      writeFileSync(path.join(dir, ".gitattributes"), "ncloud.lookups.json merge=ncloud-lookups\n");
      git(
        dir,
        "config",
        "merge.ncloud-lookups.driver",
        `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} merge-driver %O %A %B`,
      );
    }
    const fill = async (key: string): Promise<void> => {
      const r = await cli(["fill", key], emuEnv(), dir);
      expect(r.code).toBe(0);
    };
    await fill("policies@public?type=SYSTEM_MANAGED");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "base");
    git(dir, "checkout", "-q", "-b", "a");
    await fill("profiles@public");
    git(dir, "commit", "-q", "-am", "a");
    git(dir, "checkout", "-q", "main");
    git(dir, "checkout", "-q", "-b", "b");
    await fill("products@public?isPublished=true"); // next to a's entry: a line merge conflicts
    git(dir, "commit", "-q", "-am", "b");
    git(dir, "checkout", "-q", "main");
    return dir;
  }

  const ALL = [
    "local:policies@public?type=SYSTEM_MANAGED",
    "local:products@public?isPublished=true",
    "local:profiles@public",
  ];

  it("with the driver set up, main merges a and b with no conflict, all entries, and frozen lookups of each work", async () => {
    const dir = await branchedRepo(true);
    git(dir, "merge", "-q", "--no-edit", "a");
    git(dir, "merge", "-q", "--no-edit", "b");
    const text = readFileSync(path.join(dir, "ncloud.lookups.json"), "utf8");
    expect(text).not.toMatch(/^<<<<<<<|^>>>>>>>/m);
    expect(Object.keys(parseLockFile(text, "f").entries).sort()).toEqual(ALL);
    for (const query of [
      { list: "profiles" },
      { list: "products", isPublished: "true" },
      { list: "policies", type: "SYSTEM_MANAGED" },
    ]) {
      const r = await cli(
        ["external"],
        { NCLOUD_LOOKUPS_ENDPOINT: "http://127.0.0.1:9", CI: "true" },
        dir,
        JSON.stringify(query),
      );
      expect({ query, code: r.code, stderr: r.stderr }).toEqual({ query, code: 0, stderr: "" });
    }
  });

  it("without it, the conflicted file is named with its line and the set-up; one command resolves it keeping both sides", async () => {
    const dir = await branchedRepo(false);
    git(dir, "merge", "-q", "--no-edit", "a");
    expect(() => git(dir, "merge", "-q", "--no-edit", "b")).toThrow();
    const file = path.join(dir, "ncloud.lookups.json");
    const err = thrownBy(() => readLockFile(file)) as LockFileError;
    expect(err.message).toMatch(/git conflict markers \(line \d+\)/);
    expect(err.message).toContain("merge=ncloud-lookups");
    const r = await cli(["merge-driver", "--resolve"], {}, dir);
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    expect(Object.keys(readLockFile(file)?.entries ?? {}).sort()).toEqual(ALL);
  });

  it("where both sides changed one key, the newer fetchedAt wins and the driver says so; a side it cannot read is exit 1", async () => {
    const dir = dirs.make("ncloud-trust-driver-");
    const k = "policies@public?type=USER_CREATED";
    const older = policiesEntry([policyItem(1, "OLD")], {
      query: { type: "USER_CREATED" },
      fetchedAt: "2025-01-01T00:00:00.000Z",
    });
    const newer = policiesEntry([policyItem(2, "NEW")], {
      query: { type: "USER_CREATED" },
      fetchedAt: "2025-02-01T00:00:00.000Z",
    });
    const base = path.join(dir, "O");
    const ours = path.join(dir, "A");
    const theirs = path.join(dir, "B");
    writeFileSync(
      base,
      serializeLockFile({ [k]: policiesEntry([policyItem(0)], { query: { type: "USER_CREATED" } }) }),
    );
    writeFileSync(ours, serializeLockFile({ [k]: newer }));
    writeFileSync(theirs, serializeLockFile({ [k]: older }));
    const r = await cli(["merge-driver", base, ours, theirs], {}, dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`both sides changed ${k}: kept ours, fetched at 2025-02-01T00:00:00.000Z`);
    expect(readLockFile(ours)?.entries[k]?.items).toEqual(newer.items);

    writeFileSync(theirs, "{ not json");
    const bytes = readFileSync(ours);
    const bad = await cli(["merge-driver", base, ours, theirs], {}, dir);
    expect(bad.code).toBe(1);
    expect(readFileSync(ours)).toEqual(bytes);
  });
});

describe("smaller defects", () => {
  it("the advice for a newer format version prints the fill command for the keys the file held", () => {
    const text = JSON.stringify({
      formatVersion: 9,
      entries: { "policies@public?type=USER_CREATED": {}, "packages@public": {} },
    });
    const err = thrownBy(() => parseLockFile(text, "f")) as Error;
    expect(err.message).toContain("written by a newer version?");
    expect(err.message).toContain(
      "npx ncloud-lookups fill 'policies@public?type=USER_CREATED' 'packages@public'",
    );
  });
});

describe("duplicate keys by parsing (property)", () => {
  /** A reference reader: a plain recursive descent over the JSON text, keys of depth 1 and of entries. */
  function reference(text: string): { where: "top" | "entries"; key: string } | undefined {
    let i = 0;
    const ws = (): void => {
      while (/\s/.test(text[i] ?? "")) i++;
    };
    const str = (): string => {
      const start = i++;
      while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
      return JSON.parse(text.slice(start, i)) as string;
    };
    let found: { where: "top" | "entries"; key: string } | undefined;
    const value = (depth: number, owner: string | undefined): void => {
      ws();
      const c = text[i];
      if (c === "{") {
        i++;
        const seen = new Set<string>();
        ws();
        if (text[i] === "}") {
          i++;
          return;
        }
        for (;;) {
          ws();
          const k = str();
          if (found === undefined && depth === 0 && seen.has(k)) found = { where: "top", key: k };
          if (found === undefined && depth === 1 && owner === "entries" && seen.has(k))
            found = { where: "entries", key: k };
          seen.add(k);
          ws();
          i++; // :
          value(depth + 1, depth === 0 ? k : undefined);
          ws();
          if (text[i++] === "}") return;
        }
      } else if (c === "[") {
        i++;
        ws();
        if (text[i] === "]") {
          i++;
          return;
        }
        for (;;) {
          value(depth + 1, undefined);
          ws();
          if (text[i++] === "]") return;
        }
      } else if (c === '"') str();
      else while (/[^,\]}\s]/.test(text[i] ?? ",")) i++;
    };
    value(0, undefined);
    return found;
  }

  const nasty = fc.constantFrom("]", "[", '"', "\\", "\n", "}", "{", ",", ":", "policies@public", " ");
  const textOf = fc
    .array(fc.oneof(nasty, fc.string({ maxLength: 4 })), { maxLength: 6 })
    .map((p) => p.join(""));
  const item = fc.dictionary(
    fc.oneof(textOf, fc.constant("policies@public")),
    fc.oneof(textOf, fc.array(textOf, { maxLength: 3 })),
    { maxKeys: 4 },
  );
  const entryKey = fc.constantFrom(
    "policies@public",
    "packages@public",
    "local:policies@public",
    "profiles@gov",
  );
  const entry = fc.record({ kind: fc.constant("policies"), items: fc.array(item, { maxLength: 4 }) });
  const sep = fc.constantFrom("", " ", "\n", "\n        ", "\t");

  it("finds exactly the duplicates a plain parser finds, in any layout", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(entryKey, entry), { maxLength: 5 }), sep, sep, (pairs, a, b) => {
        const body = pairs
          .map(([k, e]) => {
            const items = e.items.map((it) => JSON.stringify(it)).join(`,${a}`);
            return `${JSON.stringify(k)}${b}:${a}{"kind":"policies",${b}"items":${a}[${a}${items}${b}]}`;
          })
          .join(`,${a}`);
        const text = `{${a}"formatVersion":${b}2,${a}"entries":${b}{${a}${body}${b}}${a}}`;
        JSON.parse(text); // valid JSON
        expect(duplicateEntryKey(text)).toEqual(reference(text));
      }),
      { numRuns: 400 },
    );
  });
});
