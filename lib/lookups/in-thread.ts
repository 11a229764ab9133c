/**
 * Servers listening in this thread (the emulator registers itself): a synchronous lookup blocks the
 * thread, so it can never get an answer from them. Kept on `globalThis` under a registered symbol so
 * that every copy of this library in the thread shares it.
 */
const IN_THREAD_SERVERS = Symbol.for("cdktf-ncloud-lookups.inThreadServers");

/** The origins (`http://127.0.0.1:port`) of servers listening in this thread. */
export function inThreadServers(): Set<string> {
  const g = globalThis as unknown as Record<symbol, Set<string> | undefined>;
  return (g[IN_THREAD_SERVERS] ??= new Set<string>());
}
