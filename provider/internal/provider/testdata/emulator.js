// The acceptance tests' NCP server: the package's own emulator (dist/testing, built by `npm run
// build`) on loopback, with a second account and a list of one's own (testdata/sub-accounts.json).
// Prints one JSON line: {url, accessKey, secretKey, second: {accessKey, secretKey}, counts}.
"use strict";
const path = require("node:path");
const root = path.resolve(__dirname, "..", "..", "..", "..");
const { registerList } = require(path.join(root, "dist", "index.js"));
const { NcloudEmulator, generateDataSet } = require(path.join(root, "dist", "testing", "index.js"));

const SUB = require("./sub-accounts.json");
registerList(SUB);
const subAccounts = Array.from({ length: 23 }, (_, i) => ({
  subAccountNo: String(1000 + i),
  loginId: i === 7 ? "ci-deployer" : `user-${i}`,
  active: i % 3 !== 0,
  loginCount: i * 10,
  groupNames: i % 2 === 0 ? ["dev"] : [],
}));

async function main() {
  const data = { ...generateDataSet(), "sub-accounts": subAccounts };
  const second = generateDataSet({ policies: 12, products: 4, profiles: 3, packages: 2, seed: 7 });
  second.policies[0].policyName = "second-account-only";
  const latencyMs = Number(process.env.EMULATOR_LATENCY_MS ?? 0);
  const emu = await NcloudEmulator.start({
    data,
    lists: [SUB],
    pageSizeCaps: { policies: Number(process.env.EMULATOR_POLICIES_CAP ?? 7), profiles: 50, products: 100 },
    accounts: [{ accessKey: "NCPSECOND0ACCESS0KEY", secretKey: "second-account-secret", data: second }],
    ...(latencyMs > 0 ? { latencyMs } : {}),
  });
  const counts = {
    policies: data.policies.length,
    systemPolicies: data.policies.filter((p) => p.policyType === "SYSTEM_MANAGED").length,
    classicPackages: data.packages.classic.length,
    vpcPackages: data.packages.vpc.length,
    subAccounts: subAccounts.length,
    secondPolicies: second.policies.length,
  };
  process.stdout.write(
    `${JSON.stringify({ url: emu.url, accessKey: emu.accessKey, secretKey: emu.secretKey, second: { accessKey: "NCPSECOND0ACCESS0KEY", secretKey: "second-account-secret" }, counts })}\n`,
  );
  const stop = () => emu.stop().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  process.stdin.on("end", stop); // the test process went away
  process.stdin.resume();
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
