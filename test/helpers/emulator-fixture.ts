/**
 * One emulator process per test file, started before its tests and stopped after them, with the temp
 * directories the file makes: `const t = useEmulatorProcess(); ... t.emu.url ... t.online()`.
 */
import { startEmulatorProcess, type EmulatorProcess, type ProcessEmulatorOptions } from "../../lib/testing";
import { TempDirs } from "./lookup-harness";

export interface EmulatorFixture {
  /** The running emulator (read it inside tests and hooks, not at module load). */
  readonly emu: EmulatorProcess;
  /** Temp directories of the file, removed after its tests. */
  readonly dirs: TempDirs;
  /** An environment that points lookups at the emulator with its keys. */
  online(): NodeJS.ProcessEnv;
}

/** Registers the beforeAll/afterAll hooks of an emulator process; call at the top of a test file. */
export function useEmulatorProcess(options?: ProcessEmulatorOptions): EmulatorFixture {
  let emu: EmulatorProcess | undefined;
  const dirs = new TempDirs();
  beforeAll(async () => {
    emu = await startEmulatorProcess(options);
  });
  afterAll(async () => {
    await emu?.stop();
    dirs.cleanup();
  });
  const running = (): EmulatorProcess => {
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
