"use strict";
// Bundles the CLI's two entry paths into one file each, so a start does not resolve and load ~25-40
// small modules (Terraform starts one `external` process per data source; `--help` should feel
// instant):
//   dist/cli/external-lean.js  `external` (dist/cli/external-run.js and what it imports at load)
//   dist/cli/program-lean.js   every other command (dist/cli/program.js and commander)
// Modules loaded only on demand (the HTTP client, the worker bridge, zod, the lock file operations,
// the emulator, definition modules) stay separate files, required from dist/ as before. `main.js`
// falls back to the unbundled files when these are absent. Also the lookup worker, whole (see
// bundleWorker). Run by `npm run build` after tsc.
const path = require("node:path");
const esbuild = require("esbuild");

const DIST_CLI = path.resolve(__dirname, "..", "..", "dist", "cli");
/** Imports loaded on demand: left as requires of the compiled files. */
const ON_DEMAND = new Set([
  "zod",
  "../lists/modules",
  "../services/lists",
  "./bridge",
  "./fixtures",
  "./complete",
  "../client/http",
  "../lookups/manage",
  "../testing/emulator",
  "./external-run",
]);

/** What every bundle of dist/ is: one CommonJS file for Node 20 and later. */
const BUNDLE = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  logLevel: "warning",
  legalComments: "none",
};

function bundle(entry, out) {
  return esbuild.build({
    ...BUNDLE,
    entryPoints: [path.join(DIST_CLI, entry)],
    outfile: path.join(DIST_CLI, out),
    plugins: [
      {
        name: "on-demand-stays-external",
        setup(build) {
          build.onResolve({ filter: /.*/ }, (args) => {
            if (!ON_DEMAND.has(args.path)) return undefined;
            if (!args.path.startsWith(".")) return { path: args.path, external: true };
            const target = path.resolve(args.resolveDir, args.path);
            let rel = path.relative(DIST_CLI, target).split(path.sep).join("/");
            if (!rel.startsWith(".")) rel = `./${rel}`;
            return { path: rel, external: true };
          });
        },
      },
    ],
  });
}

/**
 * The help text as `--help` prints it into a pipe with the default width (no COLUMNS, no cdktf.json
 * lists): `main.js` prints this file for that case instead of building the program.
 */
function writeHelp() {
  const fs = require("node:fs");
  const os = require("node:os");
  const { execFileSync } = require("node:child_process");
  const file = path.join(DIST_CLI, "help.txt");
  fs.rmSync(file, { force: true });
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k === "COLUMNS" || k.startsWith("NCLOUD_")) delete env[k];
  const text = execFileSync(process.execPath, [path.join(DIST_CLI, "main.js"), "--help"], {
    cwd: os.tmpdir(),
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  fs.writeFileSync(file, text);
}

/**
 * The bin is executable in dist/ and so in the packed tarball (npm pack keeps the mode): jsii's Python
 * console script runs the file itself, and tsc writes it 0644.
 */
function makeBinExecutable() {
  require("node:fs").chmodSync(path.join(DIST_CLI, "main.js"), 0o755);
}

/**
 * The lookup worker (dist/lookups/worker.js) with every module of this package it can load, at start
 * or on demand, in one file: it starts in a new thread before a first synchronous lookup can answer,
 * and one file loads in ~12 ms where ~26 take ~20. Nothing of this package stays outside (two copies
 * of a module would mean two list registries and two sets of error classes in the worker); zod stays
 * a package, loaded only on demand. `bridge.ts` takes worker.js when this file is absent; like the
 * CLI's bundles it is rebuilt with the rest of `dist/` by `npm run build`.
 */
function bundleWorker() {
  const dir = path.resolve(DIST_CLI, "..", "lookups");
  return esbuild.build({
    ...BUNDLE,
    entryPoints: [path.join(dir, "worker.js")],
    outfile: path.join(dir, "worker-lean.js"),
    external: ["zod"],
  });
}

Promise.all([
  bundle("external-run.js", "external-lean.js"),
  bundle("program.js", "program-lean.js"),
  bundleWorker(),
])
  .then(makeBinExecutable)
  .then(writeHelp)
  .catch((err) => {
    if (err && err.message) process.stderr.write(`build-lean: ${err.message}\n`);
    process.exit(1);
  });
