"use strict";
// Scenarios the bench runs in a fresh node process. Each prints one JSON line on stdout.
//
//   node bench/child.js byname                 1,000,000 byName calls over 100,000 policies (fixtures)
//   node bench/child.js biglock <lock file>    a construct resolving from a 100,000-item lock file
//   node bench/child.js bridge-direct <n>      listAllPolicies awaited directly, n times
//   node bench/child.js bridge-sync <n> <dir>  the same listing through a construct (bridge), n times
//
// The bridge scenarios read the emulator's address and keys from NCLOUD_* variables.

const { performance } = require("node:perf_hooks");
const fs = require("node:fs");
const path = require("node:path");

const tStart = performance.now();
const [mode, ...args] = process.argv.slice(2);

/** An outdir for an App that is never synthesized (nothing is written there). */
function outdir(name) {
  return path.join(process.env.BENCH_TMP || require("node:os").tmpdir(), `bench-${name}-${process.pid}`);
}

function report(fields) {
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ maxRssMB, ...fields })}\n`);
}

function byName() {
  const { App, TerraformStack } = require("cdktf");
  const match = require("../dist/lookups/match");
  const { SubAccountPolicies } = require("../dist");
  const { generateDataSet } = require("../dist/testing");
  const count = Number(args[0] ?? 100_000);
  const calls_ = Number(args[1] ?? 1_000_000);
  const runs = Number(args[2] ?? 5);
  const data = generateDataSet({ policies: count, products: 0, profiles: 0, packages: 0 });
  const names = data.policies.map((p) => p.policyName);
  const app = new App({ outdir: outdir("byname") });
  const stack = new TerraformStack(app, "s");
  const policies = new SubAccountPolicies(stack, "policies", {
    fixtures: { policies: data.policies },
    outputs: false,
  });
  const t0 = performance.now();
  const first = policies.byName(names[0]);
  const firstCallMs = performance.now() - t0; // resolves the lookup (a scan; the index comes from the third call)
  if (first.policyName !== names[0]) throw new Error("byName returned the wrong item");
  const times = [];
  let sink = 0;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    for (let i = 0; i < calls_; i++) sink += policies.byName(names[i % count]).policyId.length;
    times.push(performance.now() - t);
  }
  report({
    items: policies.items.length,
    calls: calls_,
    runs: times,
    firstCallMs,
    // How many name indexes were built for the 1,000,000 calls: 1 means once (the first two scan).
    distinctIndexes: match.nameIndexBuilds(),
    sink,
  });
}

/** Wraps `obj[name]` (a module export the library calls through its exports) to add its time to `into`. */
function timeExport(obj, name, into) {
  const original = obj[name];
  obj[name] = (...a) => {
    const t = performance.now();
    try {
      return original(...a);
    } finally {
      into[name] = (into[name] ?? 0) + performance.now() - t;
    }
  };
}

function bigLock() {
  const file = args[0];
  const { App, TerraformStack } = require("cdktf");
  const { SubAccountPolicies } = require("../dist");
  const tRequired = performance.now();
  const parts = {};
  timeExport(require("../dist/lookups/lockfile"), "readLockFileForLookups", parts);
  const app = new App({ outdir: outdir("biglock") });
  const stack = new TerraformStack(app, "s");
  const t0 = performance.now();
  const policies = new SubAccountPolicies(stack, "policies", {
    lockFile: file,
    mode: "frozen",
    outputs: false,
  });
  const item = policies.byName(args[1]);
  const loadMs = performance.now() - t0;
  if (item === undefined || policies.source !== "lock") throw new Error("did not resolve from the lock file");
  const totalMs = performance.now() - tStart;
  // Then the whole list, as stack code that uses `items` gets it (parsed and checked now if not yet).
  let t = performance.now();
  const count = policies.items.length;
  const itemsMs = performance.now() - t;
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  // Attribution, measured after the figure: plain read + JSON.parse of the same file.
  t = performance.now();
  const text = fs.readFileSync(file, "utf8");
  const readMs = performance.now() - t;
  t = performance.now();
  JSON.parse(text);
  const jsonParseMs = performance.now() - t;
  report({
    items: count,
    loadMs,
    itemsMs,
    requireMs: tRequired - tStart,
    totalMs,
    breakdown: {
      readLockFileMs: parts.readLockFileForLookups,
      findAndRestMs: loadMs - parts.readLockFileForLookups,
      plainReadMs: readMs,
      plainJsonParseMs: jsonParseMs,
    },
    maxRssMB,
  });
}

async function bridgeDirect() {
  const n = Number(args[0] ?? 5);
  const { NcloudClient, listAllPolicies } = require("../dist/services");
  const times = [];
  let items = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const client = new NcloudClient({});
    const list = await listAllPolicies(client);
    client.close();
    times.push(performance.now() - t);
    items = list.length;
  }
  report({ items, times });
}

/** Constructs of "the rest of the stack" built between a lookup's construction and its first use. */
const STACK_REST = Number(process.env.BENCH_STACK_REST ?? 300);

async function bridgeSync() {
  const n = Number(args[0] ?? 5);
  const dir = args[1];
  const { App, TerraformStack } = require("cdktf");
  const { SubAccountPolicies } = require("../dist");
  const times = [];
  const lockWriteMs = [];
  let items = 0;
  const lockfile = require("../dist/lookups/lockfile");
  // Time the lock-file write separately: it is part of a construct's network lookup, not of the bridge.
  const update = lockfile.updateLockFile;
  lockfile.updateLockFile = (...a) => {
    const t = performance.now();
    try {
      return update(...a);
    } finally {
      lockWriteMs.push(performance.now() - t);
    }
  };
  const { TerraformOutput } = require("cdktf");
  const stackMs = [];
  for (let i = 0; i < n; i++) {
    const lock = path.join(dir, `lock-${i}.json`);
    const app = new App({ outdir: path.join(dir, `out-${i}`) });
    const stack = new TerraformStack(app, "s");
    const t = performance.now();
    const policies = new SubAccountPolicies(stack, "policies", {
      lockFile: lock,
      mode: "online",
      outputs: false,
    });
    // The rest of the stack, built before the first use of the items (as stack code does): the worker
    // starts meanwhile. Its own time is taken out of the figure.
    const b = performance.now();
    for (let k = 0; k < STACK_REST; k++) new TerraformOutput(stack, `o${k}`, { value: k });
    const built = performance.now() - b;
    items = policies.items.length;
    times.push(performance.now() - t - built);
    stackMs.push(built);
    if (policies.source !== "network") throw new Error(`expected a network lookup, got ${policies.source}`);
  }
  // Worker start alone: stop the shared bridge and time starting a new one (blocks until it is ready).
  const { LookupBridge } = require("../dist/lookups/bridge");
  await LookupBridge.stopShared();
  const t = performance.now();
  LookupBridge.shared();
  const workerStartMs = performance.now() - t;
  report({ items, times, lockWriteMs, workerStartMs, stackMs });
}

const modes = { byname: byName, biglock: bigLock, "bridge-direct": bridgeDirect, "bridge-sync": bridgeSync };
const run = modes[mode];
if (run === undefined) {
  process.stderr.write(`usage: node bench/child.js ${Object.keys(modes).join("|")} …\n`);
  process.exit(2);
}
Promise.resolve()
  .then(run)
  .catch((err) => {
    process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
    process.exit(1);
  });
