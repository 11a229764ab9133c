"use strict";
// Jest's globalSetup: a plain `npx jest` (a fresh clone after `npm ci`, or sources edited since the
// last build) builds what the tests run: `dist/` (the CLI, the lookup worker and the emulator run
// compiled, in child processes), `.jsii` (the jsii assembly the package and Python tests read) and, on
// Node 24, cdktf-cli's terminal library (.ci/ensure-ready.js). `npm test` builds the first two before
// jest, so this finds them fresh and does nothing.
const { ensureReady } = require("../../.ci/ensure-ready");

module.exports = async function globalSetup() {
  process.stderr.write("\n");
  ensureReady({ jsii: true, tag: "jest globalSetup" });
};
