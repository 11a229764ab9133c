"use strict";
// Jest's globalSetup: a plain `npx jest` (a fresh clone after `npm ci`, or sources edited since the
// last build) builds what the tests run: `dist/` (the CLI, the lookup worker and the emulator run
// compiled, in child processes) and `.jsii` (the jsii assembly the package and Python tests read).
// `npm test` builds both first, so this finds them fresh and does nothing.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");

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

function npmRun(script, why) {
  const started = Date.now();
  process.stderr.write(`\n[jest globalSetup] building first (${why}): running npm run ${script}…\n`);
  try {
    execFileSync("npm", ["run", "-s", script], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    process.stderr.write(
      `[jest globalSetup] npm run ${script} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } catch (err) {
    throw new Error(
      `jest globalSetup: \`npm run ${script}\` failed (${err.message.split("\n")[0]}); the tests need it. Run it yourself to see why.`,
    );
  }
}

module.exports = async function globalSetup() {
  const sources = newestSource();
  const dist = Math.min(
    mtime("dist/index.js"),
    mtime("dist/cli/external-lean.js"),
    mtime("dist/lookups/worker.js"),
  );
  if (dist < sources) npmRun("build", dist < 0 ? "no dist/ yet" : "lib/ changed since dist/ was built");
  const jsii = mtime(".jsii");
  if (jsii < sources) npmRun("build:jsii", jsii < 0 ? "no .jsii yet" : "lib/ changed since .jsii was built");
};
