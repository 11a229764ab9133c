"use strict";
// Performance figures of cdktf-ncloud-lookups (see bench/README.md).
//
//   npm run bench                 human-readable report on stdout, progress on stderr
//   npm run bench -- --json       the same as one JSON object on stdout
//   npm run bench -- --only=paging,cold   run some figure groups only (… provider)
//                                 (paging, cold, warm, byname, biglock, bridge, cli, external, refresh)
//
// Runs against dist/: run `npm run build` first. Exits 0 even when a target is missed (exit 1 on error).

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { median, round, progress, runNode, sequentialPolicies } = require("./lib");

const ROOT = path.resolve(__dirname, "..");
const DIST = path.join(ROOT, "dist");
const APP = path.join(__dirname, "app.js");
const CHILD = path.join(__dirname, "child.js");
const CLI = path.join(DIST, "cli", "main.js");
const LATENCY_MS = 100;
/** Constructs built between the first lookup's construction and its first use (bench/child.js). */
const STACK_REST = 3000;
const POLICIES = 2000;
const POLICY_CAP = 100;
const FOUR = ["packages", "policies", "products", "profiles"];

const argv = process.argv.slice(2);
const asJson = argv.includes("--json");
const onlyArg = argv.find((a) => a.startsWith("--only="));
const only = onlyArg ? new Set(onlyArg.slice("--only=".length).split(",")) : undefined;
const wanted = (group) => only === undefined || only.has(group);

if (!fs.existsSync(path.join(DIST, "index.js"))) {
  process.stderr.write("bench: dist/ is missing; run `npm run build` first\n");
  process.exit(1);
}

// Warn when dist/ looks older than the sources it is built from.
{
  const newest = (dir) =>
    fs
      .readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith(".ts"))
      .reduce((m, e) => Math.max(m, fs.statSync(path.join(e.parentPath ?? e.path, e.name)).mtimeMs), 0);
  if (newest(path.join(ROOT, "lib")) > fs.statSync(path.join(DIST, "index.js")).mtimeMs) {
    process.stderr.write(
      "bench: warning: lib/ has changes newer than dist/; run `npm run build` for current figures\n",
    );
  }
}

// Reproducible environment: no NCLOUD_* settings or CI from the caller leak into the measurements.
for (const k of Object.keys(process.env)) {
  if (k.startsWith("NCLOUD_") || k === "CI") delete process.env[k];
}

const lookups = {
  ...require(path.join(DIST, "index.js")),
  ...require(path.join(DIST, "services", "index.js")),
};
const testing = require(path.join(DIST, "testing", "index.js"));
const { serializeLockFile } = require(path.join(DIST, "lookups", "lockfile.js"));
const { lookupKey, lookupSpec } = require(path.join(DIST, "lookups", "key.js"));

const figures = [];
/**
 * Records a figure. `pass` is true/false against the target, or null for report-only figures.
 * `text` is the one-line explanation printed under the value.
 */
function figure(id, title, value, unit, target, pass, text, details = {}) {
  figures.push({
    id,
    title,
    value: round(value, unit === "x" || unit === "round trips" ? 2 : 1),
    unit,
    target,
    pass,
    text,
    details,
  });
  progress(`${title}: ${round(value, 2)} ${unit}${pass === null ? "" : pass ? " PASS" : " MISS"}`);
}

const ms = (v) => `${round(v, 1)} ms`;
const plusMs = (v) => `${v >= 0 ? "+" : "-"}${round(Math.abs(v), 1)} ms`;

let tmpRoot;
let emulatorProcess;
function tmp(name) {
  const dir = path.join(tmpRoot, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

// ------------------------------------------------------------------------------------------------
// paging round trips, speed-up vs sequential: in-process emulator, async listing

async function pagingFigures() {
  progress("paging: in-process emulator, 2,000 policies, 100 a page");
  const data = testing.generateDataSet({ policies: POLICIES });
  const emu = await testing.NcloudEmulator.start({
    latencyMs: 0,
    pageSizeCaps: { policies: POLICY_CAP },
    data,
  });
  const credentials = { accessKey: emu.accessKey, secretKey: emu.secretKey };
  const listOnce = async () => {
    const client = new lookups.NcloudClient({ endpoint: emu.url, credentials, env: {} });
    const t = performance.now();
    const items = await lookups.listAllPolicies(client);
    const elapsed = performance.now() - t;
    client.close();
    if (items.length !== POLICIES) throw new Error(`listed ${items.length} policies, expected ${POLICIES}`);
    return { ms: elapsed, attempts: client.attempts };
  };
  try {
    const runs = 7;
    await listOnce(); // warm-up (JIT, data caches)
    const at0 = [];
    for (let i = 0; i < runs; i++) at0.push((await listOnce()).ms);
    emu.setLatency(LATENCY_MS);
    await listOnce();
    const at100 = [];
    let attempts = 0;
    for (let i = 0; i < runs; i++) {
      const r = await listOnce();
      at100.push(r.ms);
      attempts = r.attempts;
    }
    const seq = [];
    let seqRequests = 0;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const r = await sequentialPolicies(emu.url, emu.accessKey, emu.secretKey, POLICY_CAP);
      seq.push(performance.now() - t);
      seqRequests = r.requests;
      if (r.items.length !== POLICIES) throw new Error(`sequential pager got ${r.items.length} policies`);
    }
    const m0 = median(at0);
    const m100 = median(at100);
    const mSeq = median(seq);
    const rounds = (m100 - m0) / LATENCY_MS;
    figure(
      "pagingRoundTrips",
      "paging round trips",
      rounds,
      "round trips",
      "<= 2.5 (limit 2; sequential 20)",
      rounds <= 2.5,
      `listAllPolicies, 2,000 policies capped at 100 a page: (${ms(m100)} at 100 ms - ${ms(m0)} at 0 ms) / 100 ms; ` +
        `${attempts} requests, medians of ${runs}`,
      { msAt100: m100, msAt0: m0, requests: attempts, runsAt100: at100, runsAt0: at0 },
    );
    const speedup = mSeq / m100;
    figure(
      "speedupVsSequential",
      "speed-up vs sequential",
      speedup,
      "x",
      ">= 8x",
      speedup >= 8,
      `sequential pager (page 0,1,2… of 100, signed with node:crypto, kept-alive connection): ${ms(mSeq)} ` +
        `for ${seqRequests} requests, vs listAllPolicies ${ms(m100)}, both at 100 ms a response`,
      { sequentialMs: mSeq, libraryMs: m100, sequentialRequests: seqRequests, sequentialRuns: seq },
    );
  } finally {
    await emu.stop();
  }
}

// ------------------------------------------------------------------------------------------------
// cold synth, warm synth overhead: the four-list app in a fresh node process per run

function appEnv(extra) {
  return {
    ...process.env,
    HOME: tmp("home"), // no ~/.ncloud/configure
    NCLOUD_LOOKUPS_ENDPOINT: emulatorProcess.url,
    NCLOUD_ACCESS_KEY: emulatorProcess.accessKey,
    NCLOUD_SECRET_KEY: emulatorProcess.secretKey,
    BENCH_TIMINGS: "1",
    ...extra,
  };
}

let coldRun = 0;
/** One cold synth (empty lock file) of the app with `lists`; returns the run and its directory. */
async function coldSynth(lists) {
  const dir = tmp(`cold-${coldRun++}`);
  const r = await runNode([APP], {
    env: appEnv({
      BENCH_APP_LISTS: lists.join(","),
      BENCH_OUTDIR: path.join(dir, "out"),
      NCLOUD_LOOKUPS_LOCK_FILE: path.join(dir, "ncloud.lookups.json"),
      NCLOUD_LOOKUPS_MODE: "online",
    }),
  });
  if (!r.report.sources.every((s) => s === "network")) throw new Error(`cold synth used ${r.report.sources}`);
  return { ...r, dir };
}

const sub = (runs, key) => median(runs.map((r) => r.report[key]));

let fullLockDir;
async function coldFigure() {
  progress(`cold synth: emulator process, ${LATENCY_MS} ms a response, empty lock file, fresh node per run`);
  await emulatorProcess.control.setLatency(LATENCY_MS);
  await coldSynth(FOUR); // warm-up (disk cache)
  await coldSynth(["policies"]);
  const four = [];
  const one = [];
  const cliList = [];
  const cliEnv = appEnv({ NCLOUD_LOOKUPS_MODE: "online" });
  for (let i = 0; i < 5; i++) {
    four.push(await coldSynth(FOUR));
    one.push(await coldSynth(["policies"]));
    const c = await runNode([CLI, "list", "policies", "--output", "json", "--quiet"], { env: cliEnv });
    if (JSON.parse(c.stdout).length !== POLICIES) throw new Error("CLI listed the wrong number of policies");
    cliList.push(c.ms);
  }
  fullLockDir = four[four.length - 1].dir;
  const mFour = median(four.map((r) => r.ms));
  const mOne = median(one.map((r) => r.ms));
  const mCli = median(cliList);
  const ratio = mFour / mOne;
  figure(
    "coldSynth",
    "cold synth",
    ratio,
    "x",
    "<= 2x",
    ratio <= 2,
    `whole process, empty lock file, ${LATENCY_MS} ms a response: \`node bench/app.js\` with the four lists ` +
      `(${ms(mFour)}) vs the same app with only the biggest list, 2,000 policies (${ms(mOne)}); ` +
      `in-process lookup time ${ms(sub(four, "resolveMs"))} vs ${ms(sub(one, "resolveMs"))}; ` +
      `for reference \`ncloud-lookups list policies\` alone takes ${ms(mCli)} (four-list synth / it = ${round(mFour / mCli, 2)}x)`,
    {
      fourListsMs: mFour,
      oneListMs: mOne,
      cliListPoliciesMs: mCli,
      ratioVsCli: mFour / mCli,
      fourListsInProcess: {
        requireCdktfMs: sub(four, "requireCdktfMs"),
        requireLibMs: sub(four, "requireLibMs"),
        resolveMs: sub(four, "resolveMs"),
        synthMs: sub(four, "synthMs"),
      },
      oneListInProcess: {
        requireCdktfMs: sub(one, "requireCdktfMs"),
        requireLibMs: sub(one, "requireLibMs"),
        resolveMs: sub(one, "resolveMs"),
        synthMs: sub(one, "synthMs"),
      },
      fourListsRuns: four.map((r) => r.ms),
      oneListRuns: one.map((r) => r.ms),
    },
  );
}

/** Writes a JS app building the same stack as bench/app.js with every value written in as a literal. */
function writeLiteralApp(tfJson, file) {
  const stack = tfJson.output;
  const lines = [
    '"use strict";',
    'const { performance } = require("node:perf_hooks");',
    "const t0 = performance.now();",
    `const { App, TerraformStack, TerraformOutput } = require(${JSON.stringify(require.resolve("cdktf"))});`,
    `const { Construct } = require(${JSON.stringify(require.resolve("constructs"))});`,
    "const tCdktf = performance.now();",
    "const app = new App({ outdir: process.env.BENCH_OUTDIR });",
    'const stack = new TerraformStack(app, "lookups");',
  ];
  for (const kind of FOUR) {
    const o = stack[kind];
    lines.push(
      `new TerraformOutput(new Construct(stack, ${JSON.stringify(kind)}), "output", {`,
      `  value: ${JSON.stringify(o.value)},`,
      `  description: ${JSON.stringify(o.description)},`,
      `}).overrideLogicalId(${JSON.stringify(kind)});`,
    );
  }
  for (const name of ["package_description", "viewer_policy_id", "product_id", "profile_id"]) {
    lines.push(
      `new TerraformOutput(stack, ${JSON.stringify(name)}, { value: ${JSON.stringify(stack[name].value)} });`,
    );
  }
  lines.push(
    "const tBuilt = performance.now();",
    "app.synth();",
    "const tSynth = performance.now();",
    "process.stdout.write(JSON.stringify({ requireCdktfMs: tCdktf - t0, buildMs: tBuilt - tCdktf, " +
      "synthMs: tSynth - tBuilt, totalMs: tSynth - t0 }) + '\\n');",
    "",
  );
  fs.writeFileSync(file, lines.join("\n"));
}

function canonical(value) {
  return JSON.stringify(value, (_k, v) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

async function warmFigure() {
  if (fullLockDir === undefined) {
    await emulatorProcess.control.setLatency(0);
    fullLockDir = (await coldSynth(FOUR)).dir;
  }
  progress("warm synth: full lock file vs literals, fresh node per run");
  const tfFile = (dir) => path.join(dir, "stacks", "lookups", "cdk.tf.json");
  const reference = JSON.parse(fs.readFileSync(tfFile(path.join(fullLockDir, "out")), "utf8"));
  const literalApp = path.join(tmp("literal"), "literal-app.js");
  writeLiteralApp(reference, literalApp);
  const lockFile = path.join(fullLockDir, "ncloud.lookups.json");
  const lockOut = path.join(tmp("warm-lock"), "out");
  const litOut = path.join(tmp("warm-literal"), "out");
  const lockEnv = appEnv({
    BENCH_OUTDIR: lockOut,
    NCLOUD_LOOKUPS_LOCK_FILE: lockFile,
    NCLOUD_LOOKUPS_MODE: "frozen",
  });
  const litEnv = { ...process.env, BENCH_OUTDIR: litOut };
  await runNode([APP], { env: lockEnv }); // warm-up
  await runNode([literalApp], { env: litEnv });
  const withLock = [];
  const literal = [];
  for (let i = 0; i < 9; i++) {
    const r = await runNode([APP], { env: lockEnv });
    if (!r.report.sources.every((s) => s === "lock")) throw new Error(`warm synth used ${r.report.sources}`);
    withLock.push(r);
    literal.push(await runNode([literalApp], { env: litEnv }));
  }
  const same =
    canonical(JSON.parse(fs.readFileSync(tfFile(lockOut), "utf8"))) ===
    canonical(JSON.parse(fs.readFileSync(tfFile(litOut), "utf8")));
  const mLock = median(withLock.map((r) => r.ms));
  const mLit = median(literal.map((r) => r.ms));
  const ratio = mLock / mLit;
  const lockBytes = fs.statSync(lockFile).size;
  figure(
    "warmSynthOverhead",
    "warm synth overhead",
    ratio,
    "x",
    "<= 1.10x",
    ratio <= 1.1,
    `whole process, whole-list outputs (outputAll): \`node bench/app.js\` from a full lock file (${round(lockBytes / 1024, 0)} KiB, frozen mode) ` +
      `${ms(mLock)} vs the same stack with the values as literals ${ms(mLit)} ` +
      `(synth output ${same ? "identical" : "DIFFERENT"}); in the lock app: require of the library ` +
      `${ms(sub(withLock, "requireLibMs"))}, constructors ${ms(sub(withLock, "constructMs"))}, ` +
      `resolving from the lock ${ms(sub(withLock, "resolveMs"))}, synth ${ms(sub(withLock, "synthMs"))}; ` +
      `in the literal app: building the stack ${ms(sub(literal, "buildMs"))}, synth ${ms(sub(literal, "synthMs"))}; ` +
      `require of cdktf ${ms(sub(withLock, "requireCdktfMs"))} vs ${ms(sub(literal, "requireCdktfMs"))}; medians of 9`,
    {
      lockMs: mLock,
      literalMs: mLit,
      identicalOutput: same,
      lockFileBytes: lockBytes,
      lockAppInProcess: {
        requireCdktfMs: sub(withLock, "requireCdktfMs"),
        requireLibMs: sub(withLock, "requireLibMs"),
        constructMs: sub(withLock, "constructMs"),
        resolveMs: sub(withLock, "resolveMs"),
        synthMs: sub(withLock, "synthMs"),
      },
      lockRuns: withLock.map((r) => r.ms),
      literalInProcess: {
        requireCdktfMs: sub(literal, "requireCdktfMs"),
        buildMs: sub(literal, "buildMs"),
        synthMs: sub(literal, "synthMs"),
      },
      literalRuns: literal.map((r) => r.ms),
    },
  );
}

// ------------------------------------------------------------------------------------------------
// lookups by name, big lock file

async function byNameFigure() {
  progress("lookups by name: 1,000,000 byName calls over 100,000 policies (fresh process)");
  const r = await runNode([CHILD, "byname", "100000", "1000000", "5"]);
  const m = median(r.report.runs);
  const once = r.report.distinctIndexes === 1;
  figure(
    "lookupsByName",
    "lookups by name",
    m,
    "ms",
    "< 1000 ms, index built once",
    m < 1000 && once,
    `1,000,000 SubAccountPolicies.byName calls over ${r.report.items} items, median of ${r.report.runs.length} passes; ` +
      `first call (resolve + a scan) ${ms(r.report.firstCallMs)}; name index built ${once ? "once" : `${r.report.distinctIndexes} times`}`,
    r.report,
  );
}

async function bigLockFigure() {
  progress("big lock file: writing 100,000 policies");
  const dir = tmp("biglock");
  const data = testing.generateDataSet({ policies: 100_000, products: 0, profiles: 0, packages: 0 });
  const key = lookupKey(lookupSpec("policies", {}, {}, {}));
  const file = path.join(dir, "ncloud.lookups.json");
  const entry = {
    kind: "policies",
    site: "public",
    query: {},
    fetchedAt: new Date().toISOString(),
    items: data.policies,
  };
  fs.writeFileSync(file, serializeLockFile({ [key]: entry }));
  const bytes = fs.statSync(file).size;
  const name = data.policies[data.policies.length - 1].policyName;
  // A name outside ASCII cannot be found from its lines alone (other spellings normalize to it): the
  // whole list is read for it. Reported beside the figure.
  const hangul = data.policies.filter((p) => /[\u0080-\uffff]/.test(p.policyName)).pop()?.policyName;
  progress("big lock file: a construct resolving from it, fresh process per run");
  const env = { ...process.env, HOME: tmp("home") };
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await runNode([CHILD, "biglock", file, name], { env }));
  const hangulRuns = [];
  if (hangul !== undefined) {
    for (let i = 0; i < 3; i++) hangulRuns.push(await runNode([CHILD, "biglock", file, hangul], { env }));
  }
  const load = median(runs.map((r) => r.report.loadMs));
  const rss = median(runs.map((r) => r.report.maxRssMB));
  const wall = median(runs.map((r) => r.ms));
  const common = `lock file of 100,000 policies (${round(bytes / 1048576, 1)} MiB), SubAccountPolicies in frozen mode, outputs off`;
  const part = (k) => median(runs.map((r) => r.report.breakdown[k]));
  const breakdown = {
    readLockFileMs: part("readLockFileMs"),
    findAndRestMs: part("findAndRestMs"),
    plainReadMs: part("plainReadMs"),
    plainJsonParseMs: part("plainJsonParseMs"),
  };
  const itemsMs = median(runs.map((r) => r.report.itemsMs));
  const hangulLoad = hangulRuns.length > 0 ? median(hangulRuns.map((r) => r.report.loadMs)) : undefined;
  figure(
    "bigLockLoad",
    "big lock file: load",
    load,
    "ms",
    "< 250 ms",
    load < 250,
    `${common}: construct + first byName of ${JSON.stringify(name)}, in a fresh process: reading the file ${ms(breakdown.readLockFileMs)} ` +
      `(everything but the items checked; each item line found), the construct and finding the name ${ms(breakdown.findAndRestMs)} ` +
      `(only the lines holding it parsed); whole process ${ms(wall)} incl. require ${ms(median(runs.map((r) => r.report.requireMs)))}; median of 5. ` +
      `Then \`items\` (the whole list parsed and checked) ${ms(itemsMs)}. A name outside ASCII` +
      (hangulLoad !== undefined
        ? ` (${JSON.stringify(hangul)}) reads the whole list: ${ms(hangulLoad)}, median of 3`
        : ": none in the data") +
      `. For scale, readFileSync as UTF-8 ${ms(breakdown.plainReadMs)} + JSON.parse ${ms(breakdown.plainJsonParseMs)} of the file`,
    {
      loadRuns: runs.map((r) => r.report.loadMs),
      breakdown,
      itemsMs,
      hangulLoadMs: hangulLoad,
      wallMs: wall,
      lockFileBytes: bytes,
    },
  );
  figure(
    "bigLockMemory",
    "big lock file: peak memory",
    rss,
    "MB",
    "< 300 MB",
    rss < 300,
    `${common}: process.resourceUsage().maxRSS of that process at exit; median of 5 (max ${round(
      Math.max(...runs.map((r) => r.report.maxRssMB)),
      1,
    )} MB)`,
    { rssRuns: runs.map((r) => r.report.maxRssMB) },
  );
}

// ------------------------------------------------------------------------------------------------
// bridge cost, CLI start-up (emulator process at 0 ms)

async function bridgeFigure() {
  progress("bridge cost: emulator process at 0 ms, 2,000 policies; 3 fresh processes each way");
  await emulatorProcess.control.setLatency(0);
  const env = appEnv({});
  const direct = [];
  const sync = [];
  const atOnce = [];
  for (let i = 0; i < 3; i++) {
    direct.push((await runNode([CHILD, "bridge-direct", "6"], { env })).report);
    sync.push(
      (
        await runNode([CHILD, "bridge-sync", "6", tmp(`bridge-${i}`)], {
          env: { ...env, BENCH_STACK_REST: String(STACK_REST) },
        })
      ).report,
    );
    atOnce.push(
      (
        await runNode([CHILD, "bridge-sync", "2", tmp(`bridge-once-${i}`)], {
          env: { ...env, BENCH_STACK_REST: "0" },
        })
      ).report,
    );
  }
  const first = (rs) => median(rs.map((r) => r.times[0]));
  const later = (rs) => median(rs.map((r) => median(r.times.slice(1))));
  const lockFirst = median(sync.map((r) => r.lockWriteMs[0]));
  const lockLater = median(sync.map((r) => median(r.lockWriteMs.slice(1))));
  const workerStart = median(sync.map((r) => r.workerStartMs));
  const stackFirst = median(sync.map((r) => r.stackMs[0]));
  figure(
    "bridgeFirst",
    "bridge cost: first lookup",
    round(first(sync) - first(direct), 1),
    "ms",
    "<= +50 ms",
    first(sync) - first(direct) <= 50,
    `first synchronous lookup in a fresh process, ${ms(first(sync))} from its construction to its items, ` +
      `not counting the ${ms(stackFirst)} the rest of the stack (${STACK_REST} outputs) took in between (the worker starts meanwhile; ` +
      `lock write ${ms(lockFirst)} included), vs the first awaited listAllPolicies in a fresh process ` +
      `${ms(first(direct))}: ${plusMs(first(sync) - first(direct))}; used at once, with nothing built in between: ` +
      `${plusMs(first(atOnce) - first(direct))}; starting the lookup worker alone takes ${ms(workerStart)}`,
    {
      syncMs: first(sync),
      directMs: first(direct),
      lockWriteMs: lockFirst,
      workerStartMs: workerStart,
      stackMs: stackFirst,
      atOnceMs: first(atOnce),
    },
  );
  figure(
    "bridgeLater",
    "bridge cost: later lookups",
    round(later(sync) - later(direct), 1),
    "ms",
    "<= +20 ms",
    later(sync) - later(direct) <= 20,
    `later synchronous lookups (new key each, lock write ${ms(lockLater)} included) vs awaited listAllPolicies ` +
      `${ms(later(direct))}: ${plusMs(later(sync) - later(direct))}; 2,000 policies, 20 requests, 0 ms latency`,
    { syncMs: later(sync), directMs: later(direct), lockWriteMs: lockLater, sync, direct },
  );
}

/**
 * Median wall time of `runs` fresh processes of each command, interleaved with bare `node -e 0` runs
 * (so load drifts hit both alike), after one warm-up each.
 */
async function againstBareNode(commands, runs, options) {
  const bare = [];
  const times = commands.map(() => []);
  await runNode(["-e", "0"], options);
  for (const c of commands) await runNode(c.args, { ...options, ...c.options });
  for (let i = 0; i < runs; i++) {
    bare.push((await runNode(["-e", "0"], options)).ms);
    for (const [j, c] of commands.entries())
      times[j].push((await runNode(c.args, { ...options, ...c.options })).ms);
  }
  return { bare: median(bare), medians: times.map((t) => median(t)) };
}

async function externalFigure() {
  progress("external from a warm lock file: fresh process per run, 15 runs, against node -e 0");
  const dir = tmp("external");
  const sizes = [264, 5000];
  const commands = [];
  for (const n of sizes) {
    const sub = path.join(dir, String(n));
    fs.mkdirSync(sub);
    const data = testing.generateDataSet({ policies: n, products: 0, profiles: 0, packages: 0 });
    const key = lookupKey(lookupSpec("policies", {}, {}, {}));
    fs.writeFileSync(
      path.join(sub, "ncloud.lookups.json"),
      serializeLockFile({
        [key]: {
          kind: "policies",
          site: "public",
          query: {},
          fetchedAt: new Date().toISOString(),
          items: data.policies,
        },
      }),
    );
    commands.push({
      n,
      bytes: fs.statSync(path.join(sub, "ncloud.lookups.json")).size,
      args: [CLI, "external"],
      options: {
        cwd: sub,
        input: JSON.stringify({ list: "policies", name: data.policies[n >> 1].policyName }),
      },
    });
  }
  const env = {
    ...process.env,
    HOME: tmp("external-home"),
    NCLOUD_LOOKUPS_MODE: "frozen",
    NCLOUD_LOOKUPS_SERVER_ROLE: "off",
  };
  const { bare, medians } = await againstBareNode(commands, 15, { env });
  const ratio = round(medians[0] / bare, 2);
  figure(
    "externalVsNode",
    "external: warm lock vs node",
    ratio,
    "x",
    "<= 1.5x",
    ratio <= 1.5,
    `\`ncloud-lookups external\` answering one name from a lock file of ${sizes[0]} policies ` +
      `(${round(commands[0].bytes / 1024)} KiB), frozen, whole process: ${ms(medians[0])} vs bare \`node -e 0\` ` +
      `${ms(bare)}; with ${sizes[1]} policies (${round(commands[1].bytes / 1024)} KiB): ${ms(medians[1])} ` +
      `(${round(medians[1] / bare, 2)}x); medians of 15, interleaved`,
    {
      nodeBareMs: bare,
      externalMs: medians[0],
      bigLockExternalMs: medians[1],
      lockBytes: commands.map((c) => c.bytes),
    },
  );
}

async function refreshFigure() {
  progress("refresh round trips: 264 policies capped at 25 a page, at 0 and 100 ms latency");
  const emu = await testing.startEmulatorProcess({
    latencyMs: 0,
    pageSizeCaps: { policies: 25 },
    generate: { policies: 264, products: 0, profiles: 0, packages: 0 },
  });
  try {
    const dir = tmp("refresh");
    const lock = path.join(dir, "ncloud.lookups.json");
    const env = {
      ...process.env,
      HOME: dir,
      NCLOUD_LOOKUPS_ENDPOINT: emu.url,
      NCLOUD_ACCESS_KEY: emu.accessKey,
      NCLOUD_SECRET_KEY: emu.secretKey,
      NCLOUD_LOOKUPS_LOCK_FILE: lock,
      NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
    };
    await runNode([CLI, "fill", "policies@public", "--quiet"], { env });
    const timeAt = async (latency) => {
      await emu.control.setLatency(latency);
      const times = [];
      for (let i = 0; i < 5; i++) times.push((await runNode([CLI, "refresh", "--quiet"], { env })).ms);
      return median(times);
    };
    const at0 = await timeAt(0);
    const at100 = await timeAt(LATENCY_MS);
    const trips = round((at100 - at0) / LATENCY_MS, 2);
    const entry = JSON.parse(fs.readFileSync(lock, "utf8")).entries["local:policies@public"];
    figure(
      "refreshRoundTrips",
      "refresh: round trips",
      trips,
      "",
      "<= 1.5",
      trips <= 1.5 && entry.items.length === 264,
      `\`ncloud-lookups refresh\` of a lock file holding 264 policies (page size ${entry.pageSize} recorded), ` +
        `the emulator capping at 25 a page (11 pages): ${ms(at100)} at ${LATENCY_MS} ms latency, ${ms(at0)} at 0 ms; ` +
        `(difference) / ${LATENCY_MS} ms; refreshed entry ${entry.items.length} items; medians of 5`,
      { at0Ms: at0, at100Ms: at100, items: entry.items.length },
    );
  } finally {
    await emu.stop();
  }
}

async function cliFigure() {
  progress("CLI start-up: fresh process per run");
  await emulatorProcess.control.setLatency(0);
  const env = appEnv({});
  const measure = async (args, options) => {
    const times = [];
    await runNode(args, options);
    for (let i = 0; i < 7; i++) times.push((await runNode(args, options)).ms);
    return median(times);
  };
  const start = await againstBareNode([{ args: [CLI, "--version"] }, { args: [CLI, "--help"] }], 15, { env });
  const bare = start.bare;
  const [version, help] = start.medians;
  const list = await measure([CLI, "list", "packages", "--output", "json", "--quiet"], { env });
  figure(
    "cliVersion",
    "CLI start-up: --version",
    round(version / bare, 2),
    "x",
    "<= 1.5x",
    version / bare <= 1.5,
    `\`ncloud-lookups --version\`, wall time ${ms(version)} vs bare \`node -e 0\` ${ms(bare)}; medians of 15, interleaved`,
    { nodeBareMs: bare, versionMs: version },
  );
  figure(
    "cliHelp",
    "CLI start-up: --help",
    round(help / bare, 2),
    "x",
    "<= 1.5x",
    help / bare <= 1.5,
    `\`ncloud-lookups --help\`, wall time ${ms(help)} vs bare \`node -e 0\` ${ms(bare)}; medians of 15, interleaved`,
    { nodeBareMs: bare, helpMs: help },
  );
  figure(
    "cliListPackages",
    "CLI start-up: list packages",
    list,
    "ms",
    "report",
    null,
    `\`ncloud-lookups list packages --output json\` (40 items, one request) against the emulator at 0 ms, wall time; median of 7`,
    { nodeBareMs: bare },
  );
}

// ------------------------------------------------------------------------------------------------

function machine() {
  const cpus = os.cpus();
  return {
    nproc: typeof os.availableParallelism === "function" ? os.availableParallelism() : cpus.length,
    cpu: cpus[0] ? cpus[0].model : "unknown",
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadavgAtStart: os.loadavg().map((l) => round(l, 2)),
  };
}

function printReport(info, totalMs) {
  const out = [];
  out.push(
    `cdktf-ncloud-lookups bench — node ${info.node}, ${info.nproc} CPUs (${info.cpu}), load ${info.loadavgAtStart.join(" ")}`,
  );
  out.push("");
  for (const f of figures) {
    const verdict = f.pass === null ? "REPORT" : f.pass ? "PASS" : "MISS";
    out.push(
      `${f.title.padEnd(30)} ${`${f.value} ${f.unit}`.padEnd(18)} target ${f.target.padEnd(32)} ${verdict}`,
    );
    out.push(`    ${f.text}`);
  }
  if (info.busy) {
    out.push("");
    out.push(
      `NOTE: the machine was busy (load average ${info.loadavgAtStart[0]} at start, ${info.loadavgAtEnd[0]} at the end, ` +
        `${info.nproc} CPUs): other processes competed for the CPUs and the figures are noisy.`,
    );
  }
  const missed = figures.filter((f) => f.pass === false);
  out.push("");
  out.push(
    `${figures.filter((f) => f.pass === true).length} PASS, ${missed.length} MISS, ` +
      `${figures.filter((f) => f.pass === null).length} report-only; bench took ${round(totalMs / 1000, 1)} s`,
  );
  process.stdout.write(`${out.join("\n")}\n`);
}

// ------------------------------------------------------------------------------------------------
// the native provider: terraform plans with the built binary from a filesystem mirror

/** Runs a command; resolves with its time in ms. @throws on a non-zero exit. */
function timeCommand(cmd, args, options) {
  const { spawn } = require("node:child_process");
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(cmd, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0
        ? resolve(performance.now() - t)
        : reject(new Error(`${cmd} ${args.join(" ")}: exit ${code}\n${out.slice(-2000)}`)),
    );
  });
}

async function providerFigures() {
  const { spawnSync } = require("node:child_process");
  if (spawnSync("terraform", ["version"], { stdio: "ignore" }).error !== undefined) {
    progress("provider: terraform not on PATH, skipped");
    return;
  }
  const build = require(path.join(ROOT, "provider", "scripts", "build.js"));
  build.build({ quiet: true });
  const mirror = build.installMirror(tmp("provider-mirror"));
  const cliConfig = path.join(tmp("provider-cli"), "cli.tfrc");
  fs.writeFileSync(
    cliConfig,
    `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`,
  );
  const header = `terraform {\n  required_providers {\n    ncloudlookups = { source = "ncloud-lookups/ncloudlookups", version = "${build.version}" }\n  }\n}\n`;
  const configs = {
    empty: "",
    one: `${header}data "ncloudlookups_policies" "p" {}\noutput "n" { value = length(data.ncloudlookups_policies.p.items) }\n`,
    four:
      `${header}data "ncloudlookups_policies" "p" {}\ndata "ncloudlookups_packages" "k" {}\ndata "ncloudlookups_products" "r" {}\ndata "ncloudlookups_profiles" "f" {}\n` +
      `output "n" { value = [length(data.ncloudlookups_policies.p.items), length(data.ncloudlookups_packages.k.items), length(data.ncloudlookups_products.r.items), length(data.ncloudlookups_profiles.f.items)] }\n`,
  };
  const dirs = {};
  const baseEnv = {
    PATH: process.env.PATH,
    HOME: tmp("provider-home"),
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
  };
  for (const [name, text] of Object.entries(configs)) {
    dirs[name] = tmp(`provider-${name}`);
    fs.writeFileSync(path.join(dirs[name], "main.tf"), text);
    await timeCommand("terraform", ["init", "-input=false", "-no-color"], { cwd: dirs[name], env: baseEnv });
  }
  const emulators = {};
  for (const latency of [0, LATENCY_MS]) {
    emulators[latency] = await testing.startEmulatorProcess({
      ...(latency > 0 ? { latencyMs: latency } : {}),
      pageSizeCaps: { policies: POLICY_CAP },
      generate: { policies: POLICIES },
    });
  }
  const plan = (name, latency) => {
    const e = emulators[latency];
    return timeCommand("terraform", ["plan", "-input=false", "-no-color", "-lock=false"], {
      cwd: dirs[name],
      env: {
        ...baseEnv,
        NCLOUD_LOOKUPS_ENDPOINT: e.url,
        NCLOUD_ACCESS_KEY: e.accessKey,
        NCLOUD_SECRET_KEY: e.secretKey,
      },
    });
  };
  try {
    // Interleaved (one of each per round), so that a machine getting busier weighs on all alike.
    const runs = 7;
    const cases = [
      ["empty", 0],
      ["one", 0],
      ["one", LATENCY_MS],
      ["four", LATENCY_MS],
    ];
    const times = Object.fromEntries(cases.map(([name, latency]) => [`${name}@${latency}`, []]));
    for (let i = 0; i < runs; i++) {
      for (const [name, latency] of cases) times[`${name}@${latency}`].push(await plan(name, latency));
    }
    const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));

    const trips = (m[`one@${LATENCY_MS}`] - m["one@0"]) / LATENCY_MS;
    figure(
      "providerRoundTrips",
      "provider: policies round trips",
      trips,
      "round trips",
      "≤ 2.5",
      trips <= 2.5,
      `terraform plan of ncloudlookups_policies (${POLICIES} policies, capped at ${POLICY_CAP} a page): ` +
        `(${ms(m[`one@${LATENCY_MS}`])} at ${LATENCY_MS} ms − ${ms(m["one@0"])} at 0 ms) / ${LATENCY_MS} ms; medians of ${runs}, interleaved`,
    );
    const ratio = m[`four@${LATENCY_MS}`] / m[`one@${LATENCY_MS}`];
    figure(
      "providerFourVsOne",
      "provider: four data sources vs one",
      ratio,
      "x",
      "≤ 1.3x",
      ratio <= 1.3,
      `terraform plan of the four plural data sources (${ms(m[`four@${LATENCY_MS}`])}) ÷ of ncloudlookups_policies alone ` +
        `(${ms(m[`one@${LATENCY_MS}`])}), emulator at ${LATENCY_MS} ms; medians of ${runs}`,
    );
    const vsEmpty = m["one@0"] / m["empty@0"];
    figure(
      "providerVsEmpty",
      "provider: one data source vs an empty plan",
      vsEmpty,
      "x",
      "report",
      null,
      `terraform plan of ncloudlookups_policies at 0 ms (${ms(m["one@0"])}) ÷ terraform plan of an empty configuration (${ms(m["empty@0"])}); medians of ${runs}`,
    );
  } finally {
    for (const e of Object.values(emulators)) await e.stop();
  }
}

async function main() {
  const started = performance.now();
  const info = machine();
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "ncloud-bench-"));
  process.env.BENCH_TMP = tmpRoot;
  try {
    if (wanted("paging")) await pagingFigures();
    if (["cold", "warm", "bridge", "cli"].some(wanted)) {
      emulatorProcess = await testing.startEmulatorProcess({
        latencyMs: LATENCY_MS,
        pageSizeCaps: { policies: POLICY_CAP },
        generate: { policies: POLICIES },
      });
    }
    if (wanted("cold")) await coldFigure();
    if (wanted("warm")) await warmFigure();
    if (wanted("byname")) await byNameFigure();
    if (wanted("biglock")) await bigLockFigure();
    if (wanted("bridge")) await bridgeFigure();
    if (wanted("cli")) await cliFigure();
    if (wanted("external")) await externalFigure();
    if (wanted("refresh")) await refreshFigure();
    if (wanted("provider")) await providerFigures();
  } finally {
    if (emulatorProcess !== undefined) await emulatorProcess.stop();
    fs.rmSync(tmpRoot, { recursive: true, force: true });
  }
  const totalMs = performance.now() - started;
  info.loadavgAtEnd = os.loadavg().map((l) => round(l, 2));
  info.busy = Math.max(info.loadavgAtStart[0], info.loadavgAtEnd[0]) > info.nproc;
  if (asJson) {
    const byId = Object.fromEntries(figures.map(({ id, ...rest }) => [id, rest]));
    process.stdout.write(
      `${JSON.stringify({ machine: info, totalSeconds: round(totalMs / 1000, 1), figures: byId })}\n`,
    );
  } else {
    printReport(info, totalMs);
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err && err.stack ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
