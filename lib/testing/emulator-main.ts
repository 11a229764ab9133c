/**
 * Entry point of an emulator child process (see `startEmulatorProcess`). Reads its options as JSON
 * from `NCLOUD_EMULATOR_OPTIONS` (or the file named by `NCLOUD_EMULATOR_OPTIONS_FILE`), prints one
 * JSON line `{"url":...,"accessKey":...}` on stdout once listening, and exits on SIGTERM/SIGINT, when
 * stdin ends (with `NCLOUD_EMULATOR_WATCH_STDIN=1`) or when the parent (`NCLOUD_EMULATOR_PARENT_PID`) dies.
 */
import { readFileSync } from "node:fs";
import { generateDataSet } from "./data";
import { NcloudEmulator } from "./emulator";
import { parseProcessOptions, type ProcessEmulatorOptions } from "./process";

function readOptions(): ProcessEmulatorOptions {
  const file = process.env.NCLOUD_EMULATOR_OPTIONS_FILE;
  const text =
    file !== undefined && file !== "" ? readFileSync(file, "utf8") : process.env.NCLOUD_EMULATOR_OPTIONS;
  return parseProcessOptions(text === undefined || text === "" ? "{}" : text);
}

async function main(): Promise<void> {
  const options = readOptions();
  const offset = options.clockOffsetMs ?? 0;
  const emulator = await NcloudEmulator.start({
    ...options,
    ...(options.data === undefined && options.generate !== undefined
      ? { data: generateDataSet(options.generate) }
      : {}),
    ...(offset !== 0 ? { clock: () => Date.now() + offset } : {}),
  });
  let exiting = false;
  const exit = (code: number): void => {
    if (exiting) return;
    exiting = true;
    void emulator.stop().finally(() => process.exit(code));
    setTimeout(() => process.exit(code), 2000).unref();
  };
  process.on("SIGTERM", () => exit(0));
  process.on("SIGINT", () => exit(0));
  if (process.env.NCLOUD_EMULATOR_WATCH_STDIN === "1") {
    process.stdin.on("end", () => exit(0));
    process.stdin.on("close", () => exit(0));
    process.stdin.on("error", () => exit(0));
    process.stdin.resume();
  }
  const parentPid = Number(process.env.NCLOUD_EMULATOR_PARENT_PID ?? "");
  if (Number.isInteger(parentPid) && parentPid > 0) {
    setInterval(() => {
      try {
        process.kill(parentPid, 0);
      } catch {
        exit(0);
      }
      if (process.ppid !== parentPid) exit(0);
    }, 500).unref();
  }
  process.stdout.write(`${JSON.stringify({ url: emulator.url, accessKey: emulator.accessKey })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`emulator failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
