/**
 * One emulator per test file, started before its tests and stopped after them, with the temp
 * directories the file makes: `const t = useEmulator(); ... t.emu.url ... t.online()`. `useEmulator`
 * runs it in the test's process (its requests readable at once); `useEmulatorProcess` in a child
 * process (for tests whose lookups block the test's thread on the bridge).
 */
import { LookupBridge } from "../../lib/lookups/bridge";
import {
  NcloudEmulator,
  startEmulatorProcess,
  type EmulatorOptions,
  type EmulatorProcess,
  type ProcessEmulatorOptions,
} from "../../lib/testing";
import { isolateLookupEnv, TempDirs } from "./lookup-harness";

export interface EmulatorFixture<E extends { url: string; accessKey: string; secretKey: string }> {
  /** The running emulator (read it inside tests and hooks, not at module load). */
  readonly emu: E;
  /** Temp directories of the file, removed after its tests. */
  readonly dirs: TempDirs;
  /** An environment that points lookups at the emulator with its keys. */
  online(): NodeJS.ProcessEnv;
}

/** Options of both fixtures besides the emulator's own. */
interface FixtureOptions {
  /** Remove `CI` and every `NCLOUD_*` variable from `process.env` for the file (put back after). */
  readonly isolateEnv?: boolean | undefined;
}

function fixture<E extends { url: string; accessKey: string; secretKey: string; stop(): Promise<void> }>(
  start: () => Promise<E>,
  options: FixtureOptions,
): EmulatorFixture<E> {
  let emu: E | undefined;
  let restore: (() => void) | undefined;
  const dirs = new TempDirs();
  beforeAll(async () => {
    if (options.isolateEnv === true) restore = isolateLookupEnv();
    emu = await start();
  });
  afterAll(async () => {
    await LookupBridge.stopShared();
    await emu?.stop();
    restore?.();
    dirs.cleanup();
  });
  const running = (): E => {
    if (emu === undefined) throw new Error("the emulator is not running: read it inside a test or hook");
    return emu;
  };
  return {
    get emu() {
      return running();
    },
    dirs,
    online: () => ({
      NCLOUD_LOOKUPS_ENDPOINT: running().url,
      NCLOUD_ACCESS_KEY: running().accessKey,
      NCLOUD_SECRET_KEY: running().secretKey,
    }),
  };
}

/** Registers the beforeAll/afterAll hooks of an in-process emulator; call at the top of a test file. */
export function useEmulator(options: EmulatorOptions & FixtureOptions = {}): EmulatorFixture<NcloudEmulator> {
  const { isolateEnv, ...emulator } = options;
  return fixture(() => NcloudEmulator.start(emulator), { isolateEnv });
}

/** Registers the beforeAll/afterAll hooks of an emulator process; call at the top of a test file. */
export function useEmulatorProcess(
  options: ProcessEmulatorOptions & FixtureOptions = {},
): EmulatorFixture<EmulatorProcess> {
  const { isolateEnv, ...emulator } = options;
  return fixture(() => startEmulatorProcess(emulator), { isolateEnv });
}
