/**
 * A signal while waiting for the `.lock` ends the wait promptly (issue 30, item 6): SIGTERM used to
 * be held until the wait was over (the CLI took the lock over after 30 s and exited 0). Now the
 * process ends at once, non-zero, with nothing written. A live process holds the lock.
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import * as path from "node:path";
import { serializeLockFile } from "../lib/lookups/lockfile";
import { useEmulator } from "./helpers/emulator-fixture";
import { bytesOf, distFile, policiesEntry, policyItem } from "./helpers/lookup-harness";

const CLI = distFile("cli", "main.js");
const t = useEmulator({ isolateEnv: true });

it.each(["SIGTERM", "SIGINT"] as const)(
  "%s while fill waits for the .lock ends it at once, non-zero, nothing written",
  async (signal) => {
    const dir = t.dirs.make("ncloud-wait-signal-");
    const file = path.join(dir, "ncloud.lookups.json");
    writeFileSync(
      file,
      serializeLockFile({ "local:policies@fin": policiesEntry([policyItem(1)], { site: "fin" }) }),
    );
    const before = bytesOf(file);
    // The .lock of a live process (this test's): never taken over while it lives.
    const lock = `${file}.lock`;
    const holder = JSON.stringify({ pid: process.pid, host: hostname(), token: "held-by-the-test" });
    writeFileSync(lock, holder);
    const child = spawn(process.execPath, [CLI, "fill", "local:policies@public"], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
        ...t.online(),
      },
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((r) =>
      child.once("close", (code, sig) => r({ code, signal: sig, at: Date.now() })),
    );
    // Let it fetch and reach the wait (the list is fetched before the lock is taken).
    await new Promise((r) => setTimeout(r, 1500));
    const sent = Date.now();
    child.kill(signal);
    const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const end = await exited;
    clearTimeout(killer);
    expect(end.signal === signal || (end.code !== null && end.code !== 0)).toBe(true);
    expect(end.signal).not.toBe("SIGKILL");
    expect(end.at - sent).toBeLessThan(5_000);
    expect(bytesOf(file)).toEqual(before);
    expect(readFileSync(lock, "utf8")).toBe(holder);
    expect(stderr).not.toContain("Error");
  },
);
