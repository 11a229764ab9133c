/**
 * The CLI's lean start (issue 20): `external`, `--version` and piped `--help` skip commander and the
 * program, and must print exactly what the full program prints.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { run } from "../lib/cli/main";
import { packageVersion } from "../lib/cli/version";
import { distFile, runNode, TempDirs } from "./helpers/lookup-harness";

const dirs = new TempDirs();
afterAll(() => dirs.cleanup());

async function inProcess(argv: string[], columns?: number): Promise<string> {
  let out = "";
  await run(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: () => true },
    env: {},
    isTTY: false,
    ...(columns !== undefined ? { columns } : {}),
  });
  return out;
}

describe("the lean entry prints what the program prints", () => {
  it("--help into a pipe: the saved help text equals the program's", async () => {
    const cwd = dirs.make("lean-help-");
    const piped = await runNode([distFile("cli", "main.js"), "--help"], { cwd });
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(await inProcess(["--help"]));
    expect(piped.stdout).toContain("Usage: ncloud-lookups");
  });

  it("--help with COLUMNS or with own lists in cdktf.json is rendered live (narrow, or naming the lists)", async () => {
    const cwd = dirs.make("lean-help-cols-");
    const narrow = await runNode([distFile("cli", "main.js"), "--help"], { cwd, env: { COLUMNS: "60" } });
    expect(narrow.stdout).toBe(await inProcess(["--help"], 60));
    expect(narrow.stdout).not.toBe(await inProcess(["--help"]));

    mkdirSync(path.join(cwd, "lists"));
    writeFileSync(
      path.join(cwd, "lists", "zones.js"),
      `module.exports = { kind: "zones", title: "Server zones", service: "ncloud", basePath: "/vserver/v2", path: "/getZoneList",
        params: [], fields: { zoneCode: "string", zoneName: "string" }, idField: "zoneCode", nameField: "zoneName",
        paging: { style: "none", response: { getZoneListResponse: { zoneList: "$items" } } } };`,
    );
    writeFileSync(
      path.join(cwd, "cdktf.json"),
      JSON.stringify({ context: { "ncloud-lookups": { lists: ["./lists/zones.js"] } } }),
    );
    const listHelp = await runNode([distFile("cli", "main.js"), "list", "--help"], { cwd });
    expect(listHelp.stdout).toMatch(/zones/);
  });

  it("--version prints the package version alone", async () => {
    const r = await runNode([distFile("cli", "main.js"), "--version"], { cwd: dirs.make("lean-version-") });
    expect(r.stdout).toBe(`${packageVersion()}\n`);
    expect(r.code).toBe(0);
  });
});
