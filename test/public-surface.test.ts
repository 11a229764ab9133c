/**
 * The package root's surface (issue 11): what it exports, what it keeps inside, and the jsii assembly
 * that `npm run build:jsii` (part of `npm test`) writes for other languages.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as root from "../lib";
import { REPO_ROOT } from "./helpers/lookup-harness";

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
      "NcloudListLookup",
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
});
