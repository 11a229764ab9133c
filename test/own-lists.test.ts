/**
 * Lists of your own (issue 19): a user's definition file with only the required fields, used through
 * the package root's `registerList` and `NcloudListLookup` (or cdktf.json's `lists`), served by
 * `ncloud-lookups serve --lists --data`, listed by `ncloud-lookups list --lists`. Everything runs as
 * real processes against the emulator over loopback.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { distFile, LOOPBACK_METADATA, REPO_ROOT, runNode, TempDirs } from "./helpers/lookup-harness";
import { NcloudClient } from "../lib/client/http";
import { listDefinition, registerList } from "../lib/lists";
import { listOriginOf } from "../lib/services/lists";

/** The definition from the issue, as a user writes it. */
const SUB_ACCOUNTS_SOURCE = `module.exports = {
  kind: "sub-accounts", title: "Sub Account sub-accounts",
  service: "subaccount", basePath: "/api/v1", path: "/sub-accounts",
  params: [{ name: "searchWord", type: "string", description: "login id contains" }],
  fields: { subAccountNo: "string", loginId: "string", name: "string", active: "boolean" },
  idField: "subAccountNo", nameField: "loginId",
  paging: { style: "page", indexParam: "page", sizeParam: "size",
            response: { page: "$index", totalPages: "$pages", totalItems: "$total", items: "$items" } },
};
`;

const ITEMS = Array.from({ length: 23 }, (_, i) => ({
  subAccountNo: String(5000 + i),
  loginId: `${i % 2 === 1 ? "ci" : "dev"}-user${i}`,
  name: `User ${i}`,
  active: i % 3 !== 0,
}));

const APP = `
const { App, TerraformStack } = require("cdktf");
const { registerList, NcloudListLookup } = require("cdktf-ncloud-lookups");
const viaContext = process.env.APP_LISTS === "context";
// "file": neither registered nor in the context (the app run directly, not by cdktf synth): cdktf.json
if (!viaContext && process.env.APP_LISTS !== "file") registerList(require("./lists/sub-accounts.js"));
const app = new App({
  outdir: "cdktf.out",
  ...(viaContext ? { context: { "ncloud-lookups": { lists: ["./lists/sub-accounts.js"] } } } : {}),
});
const stack = new TerraformStack(app, "s");
const subs = new NcloudListLookup(stack, "subs", { list: "sub-accounts" });
const out = {
  count: subs.items.length,
  ids: subs.items.map((i) => i.subAccountNo),
  ci7: subs.byName("ci-user7").subAccountNo,
  active7: subs.byName("ci-user7").active,
  key: subs.lookupKey,
};
try { subs.byName("ci-usr7"); } catch (e) { out.misspelt = e.message; }
app.synth();
console.log(JSON.stringify(out));
`;

const dirs = new TempDirs();
let project: string;
let server: ChildProcess | undefined;
let emu: { url: string; accessKey: string; secretKey: string };

/** Starts `ncloud-lookups serve` with the user's definition, data file and a 5-item page cap. */
async function serve(cwd: string): Promise<typeof emu> {
  const child = spawn(
    process.execPath,
    [
      distFile("cli", "main.js"),
      "serve",
      "--lists",
      "./lists/sub-accounts.js",
      "--data",
      "data.json",
      "--cap",
      "sub-accounts=5",
      "--json",
    ],
    { cwd, env: { PATH: process.env.PATH, HOME: cwd, NCLOUD_METADATA_API_ENDPOINT: LOOPBACK_METADATA } },
  );
  server = child;
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n")[0];
      if (out.includes("\n") && line !== undefined) resolve(JSON.parse(line) as typeof emu);
    });
    child.once("exit", (code) => reject(new Error(`serve exited ${String(code)}: ${err}`)));
  });
}

async function requestsSeen(): Promise<{ path: string; query: Record<string, string> }[]> {
  const res = await fetch(`${emu.url}/__emulator/requests`);
  return (await res.json()) as { path: string; query: Record<string, string> }[];
}

beforeAll(async () => {
  project = dirs.make("own-lists-");
  mkdirSync(path.join(project, "lists"));
  mkdirSync(path.join(project, "node_modules"));
  symlinkSync(REPO_ROOT, path.join(project, "node_modules", "cdktf-ncloud-lookups"));
  writeFileSync(path.join(project, "lists", "sub-accounts.js"), SUB_ACCOUNTS_SOURCE);
  writeFileSync(path.join(project, "data.json"), JSON.stringify({ "sub-accounts": ITEMS }));
  writeFileSync(path.join(project, "app.js"), APP);
  emu = await serve(project);
});
afterAll(() => {
  server?.kill();
  dirs.cleanup();
});

const appEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  NODE_PATH: path.join(REPO_ROOT, "node_modules"),
  ...extra,
});

describe("a list of your own, defined in the user's file with only the required fields", () => {
  it("a synth gets every item over several capped pages, finds one by login id, suggests the near name and records the lock entry", async () => {
    const before = (await requestsSeen()).length;
    const r = await runNode(["app.js"], {
      cwd: project,
      env: appEnv({
        NCLOUD_LOOKUPS_ENDPOINT: emu.url,
        NCLOUD_ACCESS_KEY: emu.accessKey,
        NCLOUD_SECRET_KEY: emu.secretKey,
      }),
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out.count).toBe(23);
    expect(out.ids).toEqual(ITEMS.map((i) => i.subAccountNo));
    expect(out.ci7).toBe("5007");
    expect(out.active7).toBe(true);
    expect(out.misspelt).toMatch(/Did you mean "ci-user7"/);
    // 23 items at 5 a page: 5 pages, each with the definition's paging parameters.
    const pages = (await requestsSeen()).slice(before).filter((q) => q.path === "/api/v1/sub-accounts");
    expect(pages.map((q) => q.query.page).sort()).toEqual(["0", "1", "2", "3", "4"]);
    const lock = JSON.parse(readFileSync(path.join(project, "ncloud.lookups.json"), "utf8")) as {
      entries: Record<string, { items: unknown[] }>;
    };
    expect(lock.entries[out.key as string]?.items).toEqual(ITEMS);
    expect(out.key).toMatch(/^local:sub-accounts@public/);
  });

  /** The app run frozen with no server reachable (the lock file answers); its output, no stderr. */
  async function frozenApp(lists: "context" | "file"): Promise<Record<string, unknown>> {
    const r = await runNode(["app.js"], {
      cwd: project,
      env: appEnv({
        APP_LISTS: lists,
        NCLOUD_LOOKUPS_MODE: "frozen",
        NCLOUD_LOOKUPS_ENDPOINT: "http://127.0.0.1:9",
        NCLOUD_ACCESS_KEY: emu.accessKey,
        NCLOUD_SECRET_KEY: emu.secretKey,
      }),
    });
    expect(r.stderr).toBe("");
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }

  it("a frozen synth with no server gives the same values, the list known from cdktf.json-style context alone", async () => {
    const out = await frozenApp("context");
    expect(out.count).toBe(23);
    expect(out.ci7).toBe("5007");
  });

  it("an app run directly (not by cdktf synth) reads the lists of cdktf.json beside it", async () => {
    writeFileSync(
      path.join(project, "cdktf.json"),
      JSON.stringify({
        app: "node app.js",
        context: { "ncloud-lookups": { lists: ["./lists/sub-accounts.js"] } },
      }),
    );
    try {
      expect((await frozenApp("file")).count).toBe(23);
    } finally {
      rmSync(path.join(project, "cdktf.json"), { force: true });
    }
  });

  it("ncloud-lookups list sub-accounts --lists prints them; cdktf.json's lists work the same", async () => {
    const env = {
      NCLOUD_LOOKUPS_ENDPOINT: emu.url,
      NCLOUD_ACCESS_KEY: emu.accessKey,
      NCLOUD_SECRET_KEY: emu.secretKey,
    };
    const flag = await runNode(
      [
        distFile("cli", "main.js"),
        "list",
        "sub-accounts",
        "--lists",
        "./lists/sub-accounts.js",
        "--output",
        "json",
      ],
      { cwd: project, env },
    );
    expect(flag.code).toBe(0);
    expect(JSON.parse(flag.stdout)).toEqual(ITEMS);

    const withConfig = dirs.make("own-lists-cfg-");
    mkdirSync(path.join(withConfig, "lists"));
    writeFileSync(path.join(withConfig, "lists", "sub-accounts.js"), SUB_ACCOUNTS_SOURCE);
    writeFileSync(
      path.join(withConfig, "cdktf.json"),
      JSON.stringify({
        app: "node app.js",
        context: { "ncloud-lookups": { lists: ["./lists/sub-accounts.js"] } },
      }),
    );
    const table = await runNode([distFile("cli", "main.js"), "list", "sub-accounts", "--output", "table"], {
      cwd: withConfig,
      env: { ...env, COLUMNS: "200" },
    });
    expect(table.code).toBe(0);
    // Default columns: the name and the id.
    expect(table.stdout.split("\n")[0]).toMatch(/^loginId\s+subAccountNo\s*$/);
    expect(table.stdout).toContain("ci-user7");
  });

  it("a missing or bad definition module is a usage error naming the module and the field", async () => {
    const missing = await runNode(
      [distFile("cli", "main.js"), "list", "sub-accounts", "--lists", "./lists/nope.js"],
      {
        cwd: project,
      },
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--lists: cannot find the list definition module "\.\/lists\/nope\.js"/);

    writeFileSync(
      path.join(project, "lists", "broken.js"),
      SUB_ACCOUNTS_SOURCE.replace('items: "$items"', 'items: "$itemz"').replace('"sub-accounts"', '"broken"'),
    );
    const broken = await runNode(
      [distFile("cli", "main.js"), "list", "broken", "--lists", "./lists/broken.js"],
      {
        cwd: project,
      },
    );
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/paging\.response\.items holds "\$itemz", which is not a marker/);
  });
});

describe("a regional list of one's own on a built-in list's service", () => {
  it("gets region hosts for its own requests and never reroutes the built-in lists", () => {
    registerList({
      kind: "regional-sub-accounts",
      title: "regional sub accounts",
      service: "subaccount",
      basePath: "/api/v1",
      path: "/regional-sub-accounts",
      regional: true,
      params: [],
      fields: { id: "string", name: "string" },
      idField: "id",
      nameField: "name",
      paging: { style: "none", response: { content: "$items" } },
    });
    const client = new NcloudClient({
      region: "SGN",
      credentials: { accessKey: "AK", secretKey: "SK" },
      env: { NCLOUD_LOOKUPS_SERVER_ROLE: "off" },
    });
    try {
      expect(listOriginOf(listDefinition("policies"), client)).toBe("https://subaccount.apigw.ntruss.com");
      expect(listOriginOf(listDefinition("regional-sub-accounts"), client)).toBe(
        "https://sg-subaccount.apigw.ntruss.com",
      );
      expect(listOriginOf(listDefinition("packages"), client)).toBe(
        "https://sg-cloudfunctions.apigw.ntruss.com",
      );
    } finally {
      client.close();
    }
  });
});

describe("serve with a list of one's own", () => {
  it("counts the list it serves and names each parameter it cannot filter", async () => {
    const def = SUB_ACCOUNTS_SOURCE.replace(
      "params: [",
      'params: [{ name: "keyword", type: "string", description: "no field of that name" }, ',
    );
    writeFileSync(path.join(project, "lists", "unfiltered.js"), def);
    const child = spawn(
      process.execPath,
      [distFile("cli", "main.js"), "serve", "--lists", "./lists/unfiltered.js", "--data", "data.json"],
      {
        cwd: project,
        env: { PATH: process.env.PATH, HOME: project, NCLOUD_METADATA_API_ENDPOINT: LOOPBACK_METADATA },
      },
    );
    try {
      const err = await new Promise<string>((resolve, reject) => {
        let text = "";
        child.stderr?.on("data", (d: Buffer) => {
          text += d.toString();
          if (text.includes("note: the emulator cannot filter")) resolve(text);
        });
        child.once("exit", (code) => reject(new Error(`serve exited ${String(code)}: ${text}`)));
      });
      expect(err).toMatch(
        /NCP emulator listening on http:\/\/127\.0\.0\.1:\d+ \(\d+ packages, \d+ policies, \d+ products, \d+ profiles, 23 sub-accounts\)/,
      );
      expect(err).toContain(
        "note: the emulator cannot filter sub-accounts by keyword, searchWord (its definition has no filter for them): a request with them gets every item.",
      );
    } finally {
      child.kill();
    }
  });
});
