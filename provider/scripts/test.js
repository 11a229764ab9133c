#!/usr/bin/env node
/**
 * `npm run test:provider`: the provider's Go tests, acceptance tests included (TF_ACC=1: the real
 * terraform binary on PATH, or TF_ACC_TERRAFORM_PATH, against the package's emulator; nothing
 * downloaded), and the shared conformance cases. Needs Go, terraform and `npm run build` (the
 * emulator runs from dist/). Extra arguments go to `go test` (e.g. `-run TestAccOwnList -v`).
 */
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const PROVIDER = path.resolve(__dirname, "..");
const env = {
  ...process.env,
  TF_ACC: "1",
  CHECKPOINT_DISABLE: "1",
  GOFLAGS: "-buildvcs=false",
  // Never NCP's metadata address (169.254.169.254): the Server Role source asks a dead loopback port.
  NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
};
for (const args of [
  ["vet", "./..."],
  ["test", "-count=1", ...process.argv.slice(2), "./..."],
]) {
  const r = spawnSync("go", args, { cwd: PROVIDER, env, stdio: "inherit" });
  if (r.error !== undefined) {
    console.error(`test:provider: cannot run go (${r.error.message}); install Go 1.25 or newer`);
    process.exit(1);
  }
  if (r.status !== 0) process.exit(r.status ?? 1);
}
