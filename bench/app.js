"use strict";
// The bench's four-list cdktf app: plain node, cdktf App + TerraformStack + the four lookup
// constructs, a few values used in stack code, then synth. No cdktf-cli.
//
// Environment:
//   BENCH_OUTDIR       where to synthesize (required)
//   BENCH_APP_LISTS    comma-separated subset of packages,policies,products,profiles (default all four)
//   BENCH_TIMINGS=1    print one JSON line of in-process timings on stdout
//   BENCH_OUTPUT_ALL=0 outputs of the picked items only (the library's default); else whole lists
//                      (outputAll), the workload the warm figure was defined with
// Connection, lock file and mode come from the usual NCLOUD_* variables.

const { performance } = require("node:perf_hooks");
const t0 = performance.now();
const { App, TerraformStack, TerraformOutput } = require("cdktf");
const tCdktf = performance.now();
const {
  CloudFunctionsPackages,
  SubAccountPolicies,
  ApiGatewayProducts,
  ExternalAccessProfiles,
} = require("../dist");
const tLib = performance.now();

const lists = (process.env.BENCH_APP_LISTS || "packages,policies,products,profiles").split(",");
const common = { outputAll: process.env.BENCH_OUTPUT_ALL !== "0" };
const app = new App({ outdir: process.env.BENCH_OUTDIR });
const stack = new TerraformStack(app, "lookups");

const packages = lists.includes("packages")
  ? new CloudFunctionsPackages(stack, "packages", common)
  : undefined;
const policies = lists.includes("policies") ? new SubAccountPolicies(stack, "policies", common) : undefined;
const products = lists.includes("products") ? new ApiGatewayProducts(stack, "products", common) : undefined;
const profiles = lists.includes("profiles")
  ? new ExternalAccessProfiles(stack, "profiles", common)
  : undefined;
const tConstructed = performance.now();

// First use: resolves every lookup constructed so far in one batch (lock file, else NCP).
if (packages) {
  new TerraformOutput(stack, "package_description", { value: packages.byName("package001").description });
}
if (policies)
  new TerraformOutput(stack, "viewer_policy_id", { value: policies.idOf("NCP_NCLOUD_STORAGE_VIEWER") });
if (products) new TerraformOutput(stack, "product_id", { value: products.idOf("product") });
if (profiles) new TerraformOutput(stack, "profile_id", { value: profiles.idOf("profile000") });
const tResolved = performance.now();

app.synth();
const tSynth = performance.now();

if (process.env.BENCH_TIMINGS === "1") {
  process.stdout.write(
    `${JSON.stringify({
      requireCdktfMs: tCdktf - t0,
      requireLibMs: tLib - tCdktf,
      constructMs: tConstructed - tLib,
      resolveMs: tResolved - tConstructed,
      synthMs: tSynth - tResolved,
      totalMs: tSynth - t0,
      sources: [packages, policies, products, profiles].filter(Boolean).map((c) => c.source),
    })}\n`,
  );
}
