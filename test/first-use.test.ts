/**
 * A first use with no rough edges (issue 18): `external`'s input (a byte order mark, huge values, empty
 * strings), filter values that differ only in Unicode normalization, "Did you mean" between names that
 * differ only invisibly, the CLI's help and the README naming every environment variable, and the
 * frozen max-age message. Real processes, the emulator over loopback.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { ENVIRONMENT } from "../lib/cli/environment";
import { FrozenLookupError, LookupNotFoundError } from "../lib/errors";
import { ApiGatewayProducts, SubAccountPolicies } from "../lib";
import { lookupKey, lookupSpec } from "../lib/lookups/key";
import { serializeLockFile } from "../lib/lookups/lockfile";
import { defaultDataSet, type PolicyItem } from "../lib/testing";
import { useEmulatorProcess } from "./helpers/emulator-fixture";
import { distFile, policiesEntry, REPO_ROOT, runNode, thrownBy } from "./helpers/lookup-harness";

jest.setTimeout(60_000);

const fixture = useEmulatorProcess();
const { dirs } = fixture;
const CLI = distFile("cli", "main.js");
const data = defaultDataSet();

const online = fixture.online;

function external(query: string, env: NodeJS.ProcessEnv = online()): ReturnType<typeof runNode> {
  return runNode([CLI, "external"], { cwd: dirs.make("ncloud-first-use-"), env, stdin: query });
}

describe("external's input", () => {
  it("accepts a UTF-8 byte order mark on stdin", async () => {
    const r = await external('\ufeff{"list":"products"}');
    expect(r.stderr).toBe("");
    expect(Object.keys(JSON.parse(r.stdout) as object)).toHaveLength(data.products.length);
  });

  it.each([
    ["a list name", (v: string) => ({ list: v })],
    ["an enum filter", (v: string) => ({ list: "policies", type: v })],
    ["a long text filter", (v: string) => ({ list: "products", productName: v })],
    ["a boolean filter", (v: string) => ({ list: "products", isPublished: v })],
  ])("a 5 MB bad value (%s) gives a short one-line error", async (_what, query) => {
    const r = await external(JSON.stringify(query("가".repeat(5_000_000 / 3))));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr.length).toBeLessThan(1_000);
    expect(r.stderr).toContain("characters)");
  });

  it("an empty string is absent for every key alike: filters and settings", async () => {
    const base = await external(JSON.stringify({ list: "policies", type: "USER_CREATED" }));
    expect(base.code).toBe(0);
    for (const extra of [
      { searchWord: "" },
      { account: "" },
      { profile: "" },
      { region: "" },
      { site: "" },
    ]) {
      const r = await external(JSON.stringify({ list: "policies", type: "USER_CREATED", ...extra }));
      expect({ extra, code: r.code, stderr: r.stderr }).toEqual({ extra, code: 0, stderr: "" });
      expect(r.stdout).toBe(base.stdout);
    }
  });
});

describe("filter values and names in Unicode", () => {
  it("an NFD spelling of a filter value makes the same key as its NFC spelling", () => {
    const nfc = "결제".normalize("NFC");
    const nfd = nfc.normalize("NFD");
    expect(nfd).not.toBe(nfc);
    const key = (v: string): string => lookupKey(lookupSpec("products", { productName: v }, {}, {}));
    expect(key(nfd)).toBe(key(nfc));
  });

  it("a name that differs only by U+200B: Did you mean names the character", () => {
    const policies = new SubAccountPolicies(new TerraformStack(Testing.app(), "s"), "p", {
      fixtures: { policies: data.policies as PolicyItem[] },
    });
    const err = thrownBy(() => policies.byName("NCP_NCLOUD\u200b_STORAGE_VIEWER")) as LookupNotFoundError;
    expect(err).toBeInstanceOf(LookupNotFoundError);
    expect(err.message).toContain('Did you mean "NCP_NCLOUD_STORAGE_VIEWER"');
    expect(err.message).toContain("U+200B ZERO WIDTH SPACE");
  });

  it("external names it too", async () => {
    const r = await external(JSON.stringify({ list: "profiles", name: "dev-github-actions\u200d" }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("U+200D ZERO WIDTH JOINER");
  });
});

describe("outputs people can read", () => {
  it("a stack that looks up one name from a 269-item list has an output of that one item", () => {
    const products = Array.from({ length: 269 }, (_, i) => ({
      ...data.products[0],
      productId: `p-${i}`,
      productName: `product-${i}`,
    }));
    const stack = new TerraformStack(Testing.app(), "s");
    const lookup = new ApiGatewayProducts(stack, "products", {
      fixtures: { products } as never,
    });
    expect(lookup.items).toHaveLength(269);
    expect(lookup.idOf("product-200")).toBe("p-200");
    const out = (JSON.parse(Testing.synth(stack)) as { output: Record<string, { value: unknown }> }).output;
    expect(out.products?.value).toEqual({ "product-200": { id: "p-200" } });
  });
});

describe("frozen max age", () => {
  it("says whether the entry is missing or too old, and how old", () => {
    const dir = dirs.make("ncloud-first-use-age-");
    const lockFile = path.join(dir, "ncloud.lookups.json");
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
    writeFileSync(
      lockFile,
      serializeLockFile({
        "policies@public?type=USER_CREATED": policiesEntry([], {
          query: { type: "USER_CREATED" },
          fetchedAt: old,
        }),
      }),
    );
    const stack = new TerraformStack(Testing.app(), "s");
    const common = { lockFile, mode: "frozen", maxAge: "1d", outputs: false } as const;
    new SubAccountPolicies(stack, "old", { ...common, type: "USER_CREATED" });
    const missing = new SubAccountPolicies(stack, "missing", { ...common, type: "SYSTEM_MANAGED" });
    const err = thrownBy(() => missing.items) as FrozenLookupError;
    expect(err).toBeInstanceOf(FrozenLookupError);
    expect(err.message).toContain(`policies@public?type=USER_CREATED (too old: fetched ${old}, 3 days ago`);
    expect(err.message).toContain("policies@public?type=SYSTEM_MANAGED (missing)");
  });
});

describe("the CLI and the README, consistent", () => {
  it("--help and the README's table name every environment variable", async () => {
    const help = await runNode([CLI, "--help"], { cwd: dirs.make("ncloud-first-use-help-") });
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    for (const v of ENVIRONMENT) {
      for (const name of v.name.split(", ")) {
        expect({ name, help: help.stdout.includes(name) }).toEqual({ name, help: true });
        expect({ name, readme: readme.includes(`\`${name}\``) }).toEqual({ name, readme: true });
      }
    }
    for (const name of [
      "NCLOUD_LOOKUPS_MODE",
      "NCLOUD_LOOKUPS_LOCK_FILE",
      "NCLOUD_LOOKUPS_MAX_AGE",
      "NCLOUD_REGION",
      "NCLOUD_PROFILE",
      "CI",
    ]) {
      expect(help.stdout).toContain(name);
    }
  });

  it("every environment variable the library reads is in the table", () => {
    const found = new Set(
      execFileSync("grep", ["-rhoE", "\\bNCLOUD_(LOOKUPS_)?[A-Z_]+\\b", path.join(REPO_ROOT, "lib")], {
        encoding: "utf8",
      })
        .split("\n")
        .filter((n) => n !== ""),
    );
    const documented = new Set(ENVIRONMENT.flatMap((v) => v.name.split(", ")));
    // The emulator's own process plumbing and names of NCP policies are not settings.
    const notSettings = /^NCLOUD_(EMULATOR_|STORAGE|KUBERNETES)/;
    const missing = [...found].filter((n) => !documented.has(n) && !notSettings.test(n));
    expect(missing).toEqual([]);
  });
});
