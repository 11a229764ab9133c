#!/usr/bin/env node
/**
 * `npm run build:provider`: builds terraform-provider-ncloudlookups for the running machine with the
 * machine's Go (modules from the Go module proxy) into
 * `dist/provider/terraform-provider-ncloudlookups_v<version>`, version = package.json's.
 *
 *   node provider/scripts/build.js [--mirror <dir>] [--quiet]
 *
 * `--mirror <dir>` also installs it into a Terraform filesystem mirror:
 * `<dir>/registry.terraform.io/ncloud-lookups/ncloudlookups/<version>/<os>_<arch>/`.
 * Skips the build when the binary is newer than every Go source and the definitions.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
const PROVIDER = path.join(ROOT, "provider");
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const NAME = `terraform-provider-ncloudlookups_v${version}`;
const OUT = path.join(ROOT, "dist", "provider", NAME);
const GOOS =
  { linux: "linux", darwin: "darwin", win32: "windows", freebsd: "freebsd" }[process.platform] ??
  process.platform;
const GOARCH = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" }[process.arch] ?? process.arch;

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "testdata" && e.name !== "scripts") newest = Math.max(newest, newestSource(p));
    } else if (/\.(go|json|mod|sum)$/.test(e.name) && !e.name.endsWith("_test.go")) {
      newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  }
  return newest;
}

/** Builds the binary when stale; returns its path. @throws Error with Go's output. */
function build({ quiet = false } = {}) {
  const fresh = fs.existsSync(OUT) && fs.statSync(OUT).mtimeMs >= newestSource(PROVIDER);
  if (!fresh) {
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    const r = spawnSync(
      "go",
      ["build", "-trimpath", "-ldflags", `-s -w -X main.version=${version}`, "-o", OUT, "."],
      {
        cwd: PROVIDER,
        encoding: "utf8",
        env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-buildvcs=false" },
      },
    );
    if (r.error !== undefined) {
      throw new Error(`cannot run go (${r.error.message}): install Go 1.25 or newer to build the provider`);
    }
    if (r.status !== 0) throw new Error(`go build failed:\n${r.stdout}${r.stderr}`);
  }
  if (!quiet) console.log(`${path.relative(process.cwd(), OUT) || OUT}${fresh ? " (up to date)" : ""}`);
  return OUT;
}

/** Installs the built binary into a filesystem mirror; returns the mirror's directory. */
function installMirror(dir, binary = OUT) {
  const target = path.join(
    dir,
    "registry.terraform.io",
    "ncloud-lookups",
    "ncloudlookups",
    version,
    `${GOOS}_${GOARCH}`,
  );
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(binary, path.join(target, NAME));
  fs.chmodSync(path.join(target, NAME), 0o755);
  return dir;
}

module.exports = { build, installMirror, version, NAME, OUT };

if (require.main === module) {
  const args = process.argv.slice(2);
  const quiet = args.includes("--quiet");
  const at = args.indexOf("--mirror");
  try {
    build({ quiet });
    if (at >= 0) {
      const dir = args[at + 1];
      if (dir === undefined) throw new Error("--mirror needs a directory");
      installMirror(path.resolve(dir));
      if (!quiet) console.log(`installed into the filesystem mirror ${path.resolve(dir)}`);
    }
  } catch (err) {
    console.error(`build:provider: ${err.message}`);
    process.exit(1);
  }
}
