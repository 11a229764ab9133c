/**
 * The package root's surface (issue 11): what it exports, what it keeps inside, and the jsii assembly
 * that `npm run build:jsii` (part of `npm test`) writes for other languages.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as root from "../lib";
import { REPO_ROOT, runNode } from "./helpers/lookup-harness";

describe("the package root", () => {
  it("exports the constructs, the settings construct, the errors and the selection count", () => {
    for (const name of [
      "CloudFunctionsPackages",
      "SubAccountPolicies",
      "ApiGatewayProducts",
      "ExternalAccessProfiles",
      "NcloudLookups",
      "SelectionCount",
      "ValidationError",
      "LookupNotFoundError",
      "AmbiguousLookupError",
      "ApiError",
      "FrozenLookupError",
      "CredentialsError",
      "registerList",
      "NcloudListLookup",
    ]) {
      expect(root).toHaveProperty(name);
    }
  });

  it("does not export internals", () => {
    for (const name of [
      "LookupStore",
      "PendingLookup",
      "signV2",
      "buildQueryString",
      "encodeRfc3986",
      "parseLookupKey",
      "lookupKey",
      "readLockFile",
      "NcloudClient",
      "resolveCredentials",
      "LIST_META",
      "ListLookupBase",
      "listDefinition",
      "completeDefinition",
      "loadListModules",
    ]) {
      expect(root).not.toHaveProperty(name);
    }
  });
});

describe("the jsii assembly", () => {
  const file = path.join(REPO_ROOT, ".jsii");
  const assembly = (): {
    types: Record<string, { kind: string; methods?: Array<{ name: string; returns?: { type: unknown } }> }>;
  } => JSON.parse(readFileSync(file, "utf8")) as never;

  it("exists (npm test runs npm run build:jsii first) and holds the four constructs", () => {
    expect(existsSync(file)).toBe(true);
    const types = assembly().types;
    for (const c of [
      "CloudFunctionsPackages",
      "SubAccountPolicies",
      "ApiGatewayProducts",
      "ExternalAccessProfiles",
    ]) {
      expect(types[`cdktf-ncloud-lookups.${c}`]?.kind).toBe("class");
    }
    expect(types["cdktf-ncloud-lookups.NcloudLookups"]?.kind).toBe("class");
    expect(types["cdktf-ncloud-lookups.SubAccountPolicy"]?.kind).toBe("interface");
  });

  it("types byName with the list's item, and offers selectWhere with a predicate interface", () => {
    const methods = assembly().types["cdktf-ncloud-lookups.SubAccountPolicies"]?.methods ?? [];
    const byName = methods.find((m) => m.name === "byName");
    expect(byName?.returns?.type).toEqual({ fqn: "cdktf-ncloud-lookups.SubAccountPolicy" });
    expect(methods.map((m) => m.name)).toEqual(expect.arrayContaining(["selectWhere", "idOf", "tryByName"]));
    expect(methods.map((m) => m.name)).not.toContain("select");
  });

  it("holds NcloudListLookup with list and query props, and items as records", () => {
    const types = assembly().types as Record<
      string,
      {
        kind: string;
        properties?: Array<{ name: string; type: unknown }>;
        methods?: Array<{ name: string; returns?: { type: unknown } }>;
      }
    >;
    expect(types["cdktf-ncloud-lookups.NcloudListLookup"]?.kind).toBe("class");
    const props = types["cdktf-ncloud-lookups.NcloudListLookupProps"]?.properties ?? [];
    expect(props.map((p) => p.name)).toEqual(expect.arrayContaining(["list", "query"]));
    const byName = types["cdktf-ncloud-lookups.NcloudListLookup"]?.methods?.find((m) => m.name === "byName");
    expect(byName?.returns?.type).toEqual({ collection: { elementtype: { primitive: "any" }, kind: "map" } });
  });
});

describe("the built-in constructs", () => {
  it("are generated from the definitions, and the committed file is not stale (npm run generate)", async () => {
    // In a child process: prettier loads its plugins with dynamic import, which jest's VM refuses.
    const file = path.join(REPO_ROOT, "lib", "constructs", "built-in.ts");
    const out = path.join(mkdtempSync(path.join(tmpdir(), "codegen-")), "built-in.ts");
    const r = await runNode(
      [
        "-r",
        "ts-node/register/transpile-only",
        "-e",
        `require("./lib/constructs/codegen").writeBuiltInConstructs(${JSON.stringify(out)}, ${JSON.stringify(file)})`,
      ],
      { cwd: REPO_ROOT },
    );
    expect(r.stderr).toBe("");
    const generated = readFileSync(out, "utf8");
    expect(generated).toContain("export class SubAccountPolicies extends ListLookupBase<SubAccountPolicy>");
    expect(readFileSync(file, "utf8")).toBe(generated);
  });
});
