#!/usr/bin/env node
/**
 * Runs npm scripts one after the other (`node .ci/quiet-steps.js build lint ...`), printing a script's
 * output only when it fails, so that `npm test` shows jest's results and real failures only.
 */
"use strict";
const { spawnSync } = require("node:child_process");

const npm = process.env.npm_execpath;
for (const name of process.argv.slice(2)) {
  const started = Date.now();
  const r =
    npm !== undefined && npm !== ""
      ? spawnSync(process.execPath, [npm, "run", "-s", name], { encoding: "utf8" })
      : spawnSync("npm", ["run", "-s", name], { encoding: "utf8", shell: process.platform === "win32" });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? "");
    process.stderr.write(r.stderr ?? "");
    if (r.error !== undefined) process.stderr.write(`${r.error.message}\n`);
    process.stderr.write(
      `npm run ${name} failed (exit ${r.status ?? r.signal}) after ${Date.now() - started} ms\n`,
    );
    process.exit(r.status ?? 1);
  }
}
