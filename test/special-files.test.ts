/**
 * Special files never hang the lock file's writers (issue 30, item 5): a FIFO at `<lock file>.lock`
 * blocked forever (its read waits for a writer), a FIFO lock file blocked, and a dangling symlink at
 * `.lock` busy-looped for 92 s. Each now fails at once, naming the file and the fix. Real CLI
 * processes against the emulator; a process still running after 20 s is killed and fails the test.
 */
import { spawn, spawnSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import * as path from "node:path";
import { useEmulator } from "./helpers/emulator-fixture";
import { bytesOf, distFile } from "./helpers/lookup-harness";

const CLI = distFile("cli", "main.js");
const t = useEmulator({ isolateEnv: true });

function cli(args: string[], cwd: string): Promise<{ code: number | null; stderr: string; ms: number }> {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: {
        PATH: process.env.PATH,
        HOME: cwd,
        NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
        ...t.online(),
      },
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.once("close", (code) => {
      clearTimeout(killer);
      done({ code, stderr, ms: Date.now() - started });
    });
  });
}

const mkfifo = (p: string): void => {
  const r = spawnSync("mkfifo", [p]);
  if (r.status !== 0) throw new Error(`mkfifo ${p} failed`);
};

describe("special files at the lock file's paths", () => {
  it("a FIFO at <lock file>.lock: fill fails within seconds, naming it", async () => {
    const dir = t.dirs.make("ncloud-fifo-lock-");
    const lock = path.join(dir, "ncloud.lookups.json.lock");
    mkfifo(lock);
    const r = await cli(["fill", "local:policies@public"], dir);
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull(); // not killed
    expect(r.ms).toBeLessThan(10_000);
    expect(r.stderr).toContain(`${lock} is a FIFO (named pipe), not a lock; remove it`);
    expect(bytesOf(path.join(dir, "ncloud.lookups.json"))).toBeUndefined();
  });

  it("a dangling symlink at <lock file>.lock: fill fails within seconds, naming it", async () => {
    const dir = t.dirs.make("ncloud-link-lock-");
    const lock = path.join(dir, "ncloud.lookups.json.lock");
    symlinkSync(path.join(dir, "nowhere"), lock);
    const r = await cli(["fill", "local:policies@public"], dir);
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    expect(r.ms).toBeLessThan(10_000);
    expect(r.stderr).toContain(`${lock} is a symbolic link, not a lock`);
  });

  it.each([["show"], ["fill", "local:policies@public"]])(
    "a FIFO lock file: %s fails within seconds, naming it",
    async (...args) => {
      const dir = t.dirs.make("ncloud-fifo-file-");
      const file = path.join(dir, "ncloud.lookups.json");
      mkfifo(file);
      const r = await cli(args, dir);
      expect(r.code).not.toBe(0);
      expect(r.code).not.toBeNull();
      expect(r.ms).toBeLessThan(10_000);
      expect(r.stderr).toContain(`${file}: is a FIFO (named pipe), not a lock file`);
    },
  );
});
