/**
 * Load: the in-process emulator serving 50 concurrent listings of 2,000 policies at 100 a page
 * (20 requests each) through one kept-alive client. Every listing must be complete and equal to the
 * data, nothing may fail, and the emulator must have answered exactly 50 × 20 requests. The run is
 * bounded by its own deadline and always stops the emulator and closes the client.
 */
import { NcloudClient } from "../lib/client/http";
import { listAllPolicies } from "../lib/services/policies";
import { generateDataSet, NcloudEmulator } from "../lib/testing";

const LISTINGS = 50;
const POLICIES = 2000;
const CAP = 100;
const DEADLINE_MS = 40_000;

/** Rejects after `ms` (the timer is cleared when `work` settles). */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`load test did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

describe("load", () => {
  it(`${LISTINGS} concurrent listAllPolicies of ${POLICIES} items, page cap ${CAP}: all complete, ${LISTINGS} × ${POLICIES / CAP} requests`, async () => {
    const data = generateDataSet({ policies: POLICIES, products: 1, profiles: 1, packages: 1 });
    expect(data.policies).toHaveLength(POLICIES);
    const emu = await NcloudEmulator.start({ data, pageSizeCaps: { policies: CAP } });
    const client = new NcloudClient({
      endpoint: emu.url,
      credentials: { accessKey: emu.accessKey, secretKey: emu.secretKey },
      timeoutMs: 20_000,
    });
    try {
      const results = await within(
        DEADLINE_MS,
        Promise.allSettled(Array.from({ length: LISTINGS }, () => listAllPolicies(client))),
      );

      const failures = results.filter((r) => r.status === "rejected");
      expect(failures.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
      for (const r of results) {
        const items = (r as PromiseFulfilledResult<unknown[]>).value;
        expect(items).toHaveLength(POLICIES);
        expect(items).toEqual(data.policies);
      }

      const requests = emu.requests.filter((q) => q.kind === "policies");
      expect(requests).toHaveLength(LISTINGS * (POLICIES / CAP));
      expect(requests.every((q) => q.status === 200)).toBe(true);
      expect(client.attempts).toBe(LISTINGS * (POLICIES / CAP));
      // Each listing asked for page 0 once and every other page once: 50 of each page index.
      const perPage = new Map<string, number>();
      for (const q of requests) perPage.set(q.query.page ?? "?", (perPage.get(q.query.page ?? "?") ?? 0) + 1);
      expect([...perPage.keys()].sort((a, b) => Number(a) - Number(b))).toEqual(
        Array.from({ length: POLICIES / CAP }, (_v, i) => String(i)),
      );
      expect([...perPage.values()].every((n) => n === LISTINGS)).toBe(true);
    } finally {
      client.close();
      await emu.stop();
    }
  }, 60_000);
});
