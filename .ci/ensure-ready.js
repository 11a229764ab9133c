#!/usr/bin/env node
/**
 * Makes this checkout ready to run what `npm ci` alone no longer prepares (the package builds in
 * `prepack`, so an app installing its tarball sees no install-time script): builds `dist/` when it is
 * missing or older than `lib/` (the CLI, the lookup worker and the emulator run compiled), `.jsii` when
 * asked (`--jsii`), and makes cdktf-cli's terminal library load on the running Node.js
 * (`.ci/ensure-node-pty.js`; Node 24 builds it from source, once). Run by `npm run demo`, `serve`,
 * `bench` and jest's globalSetup; each step says what it does and how long it took, and does nothing
 * when already done.
 */
"use strict";
const { execFileSync, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");

/** The newest modification time of the TypeScript sources under lib/. */
function newestSource() {
  let newest = 0;
  for (const e of fs.readdirSync(path.join(ROOT, "lib"), { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith(".ts")) {
      newest = Math.max(newest, fs.statSync(path.join(e.parentPath ?? e.path, e.name)).mtimeMs);
    }
  }
  return newest;
}

function mtime(rel) {
  try {
    return fs.statSync(path.join(ROOT, rel)).mtimeMs;
  } catch {
    return -1;
  }
}

function npmRun(script, why, tag) {
  const started = Date.now();
  process.stderr.write(`[${tag}] building first (${why}): running npm run ${script}…\n`);
  try {
    execFileSync("npm", ["run", "-s", script], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    process.stderr.write(
      `[${tag}] npm run ${script} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } catch (err) {
    throw new Error(
      `\`npm run ${script}\` failed (${err.message.split("\n")[0]}); it is needed first. Run it yourself to see why.`,
    );
  }
}

/** Builds what is stale; `jsii` also the jsii assembly. Throws with the failing step named. */
function ensureReady({ jsii = false, tag = "ensure-ready" } = {}) {
  const sources = newestSource();
  const dist = Math.min(
    mtime("dist/index.js"),
    mtime("dist/cli/external-lean.js"),
    mtime("dist/lookups/worker.js"),
    mtime("dist/lookups/worker-lean.js"),
  );
  if (dist < sources) npmRun("build", dist < 0 ? "no dist/ yet" : "lib/ changed since dist/ was built", tag);
  if (jsii) {
    const assembly = mtime(".jsii");
    if (assembly < sources) {
      npmRun("build:jsii", assembly < 0 ? "no .jsii yet" : "lib/ changed since .jsii was built", tag);
    }
  }
  // Never fails: it prints why node-pty cannot load and how to fix it (only cdktf-cli needs it).
  spawnSync(process.execPath, [path.join(__dirname, "ensure-node-pty.js")], { cwd: ROOT, stdio: "inherit" });
}

module.exports = { ensureReady };

if (require.main === module) {
  try {
    ensureReady({ jsii: process.argv.includes("--jsii") });
  } catch (err) {
    process.stderr.write(`ensure-ready: ${err.message}\n`);
    process.exit(1);
  }
}
