/**
 * A full disk never truncates the lock file (issue 30, item 2). `write(2)` may write less than asked
 * without an error when the disk fills up mid-write; the writer must loop, and a write that fails
 * must leave the old file byte for byte, exit non-zero and say why.
 *
 * Two real ways to run out of room, without mocking the file system: a file size limit
 * (`ulimit -f`, with SIGXFSZ ignored, so a write past it is cut short and the next one fails with
 * EFBIG: works for any user), and a tiny tmpfs (ENOSPC: needs root and mount, skipped otherwise).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { serializeLockFile } from "../lib/lookups/lockfile";
import { useEmulator } from "./helpers/emulator-fixture";
import { bytesOf, distFile, policiesEntry, policyItem } from "./helpers/lookup-harness";

const CLI = distFile("cli", "main.js");
const t = useEmulator({ isolateEnv: true });

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI under `bash` with a file size limit of `kib` KiB (SIGXFSZ ignored: writes fail instead). */
function cliLimited(args: string[], cwd: string, kib: number | undefined): Promise<Run> {
  const limit = kib === undefined ? "" : `ulimit -f ${kib}; `;
  return new Promise((done) => {
    const child = spawn(
      "bash",
      ["-c", `trap '' XFSZ; ${limit}exec "$0" "$@"`, process.execPath, CLI, ...args],
      {
        cwd,
        env: {
          PATH: process.env.PATH,
          HOME: cwd,
          NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
          NODE_DISABLE_COMPILE_CACHE: "1",
          ...t.online(),
        },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("close", (code) => done({ code, stdout, stderr }));
  });
}

/** A small lock file that a fill of every policy (about 80 KiB) would replace. */
function oldLock(dir: string): string {
  const file = path.join(dir, "ncloud.lookups.json");
  writeFileSync(
    file,
    serializeLockFile({ "local:policies@fin": policiesEntry([policyItem(1)], { site: "fin" }) }),
  );
  return file;
}

const others = (dir: string, file: string): string[] =>
  readdirSync(dir).filter((n) => n !== path.basename(file) && n !== ".ncloud");

describe("a write that runs out of room", () => {
  it("fill past a file size limit exits non-zero, says so, and leaves the old file byte-identical", async () => {
    const dir = t.dirs.make("ncloud-fulldisk-");
    const file = oldLock(dir);
    const before = bytesOf(file);
    const r = await cliLimited(["fill", "local:policies@public"], dir, 16);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${file}: could not be written (EFBIG`);
    expect(r.stderr).toContain("unchanged");
    expect(bytesOf(file)).toEqual(before);
    expect(others(dir, file)).toEqual([]);
    // the same fill with room enough writes the whole list
    const ok = await cliLimited(["fill", "local:policies@public"], dir, undefined);
    expect(ok.code).toBe(0);
    expect(readFileSync(file, "utf8").length).toBeGreaterThan(16 * 1024);
  });

  it("merge-driver past a file size limit exits non-zero and leaves %A byte-identical", async () => {
    const dir = t.dirs.make("ncloud-fulldisk-merge-");
    const base = path.join(dir, "base.json");
    const ours = path.join(dir, "ours.json");
    const theirs = path.join(dir, "theirs.json");
    writeFileSync(base, serializeLockFile({}));
    writeFileSync(
      ours,
      serializeLockFile({ "local:policies@fin": policiesEntry([policyItem(1)], { site: "fin" }) }),
    );
    const many = Array.from({ length: 400 }, (_, i) => policyItem(i));
    writeFileSync(theirs, serializeLockFile({ "local:policies@gov": policiesEntry(many, { site: "gov" }) }));
    const before = bytesOf(ours);
    const r = await cliLimited(["merge-driver", base, ours, theirs], dir, 16);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("could not be written (EFBIG");
    expect(bytesOf(ours)).toEqual(before);
  });

  const mnt = path.join(tmpdir(), `ncloud-tmpfs-${process.pid}`);
  mkdirSync(mnt, { recursive: true });
  const mounted =
    process.platform === "linux" &&
    spawnSync("mount", ["-t", "tmpfs", "-o", "size=48k", "tmpfs", mnt], { stdio: "ignore" }).status === 0;
  afterAll(() => {
    if (mounted) spawnSync("umount", [mnt], { stdio: "ignore" });
    rmSync(mnt, { recursive: true, force: true });
  });
  (mounted ? it : it.skip)(
    `fill on a full disk (a 48 KiB tmpfs) says the disk is full and leaves the old file byte-identical${mounted ? "" : " (skipped: cannot mount a tmpfs here)"}`,
    async () => {
      const file = oldLock(mnt);
      const before = bytesOf(file);
      const r = await cliLimited(["fill", "local:policies@public"], mnt, undefined);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(`${file}: could not be written (ENOSPC: the disk is full`);
      expect(bytesOf(file)).toEqual(before);
      expect(others(mnt, file)).toEqual([]);
    },
  );
});
