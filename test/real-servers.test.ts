/**
 * What real NCP servers do that the emulator's defaults do not (issue 9): refusing large pages, odd
 * field types, request ids and HTML in error answers; plus where site, region and API gateway settings
 * send requests. Real loopback HTTP with real signatures.
 */
import type * as Dns from "node:dns";
import { NcloudClient } from "../lib/client/http";
import { resolveOrigin, parseApiGateway } from "../lib/client/endpoints";
import { regionHostPrefix } from "../lib/lists/regions";
import { listDefinition } from "../lib/lists";
import { listOriginOf } from "../lib/services/lists";
import { resolveLocation } from "../lib/client/location";
import { ApiError, NetworkError, TimeoutError, ValidationError } from "../lib/errors";
import { listAllPolicies, listAllProducts, listAllProfiles, listAllPackages } from "../lib/services";
import { NcloudEmulator, generateDataSet, type CompleteDataSet, type ProfileItem } from "../lib/testing";

let emu: NcloudEmulator;
const DATA: CompleteDataSet = generateDataSet({ policies: 230, products: 130, profiles: 120 });

beforeAll(async () => {
  emu = await NcloudEmulator.start({ data: DATA });
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(() => {
  emu.clearFaults();
  emu.clearRequests();
  emu.setPageSizeRefusal(undefined);
});

function client(extra: Partial<ConstructorParameters<typeof NcloudClient>[0]> = {}): NcloudClient {
  return new NcloudClient({
    endpoint: emu.url,
    credentials: { accessKey: emu.accessKey, secretKey: emu.secretKey },
    env: {},
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 2,
    ...extra,
  });
}

const LISTINGS = {
  policies: (c: NcloudClient) => listAllPolicies(c),
  products: (c: NcloudClient) => listAllProducts(c),
  profiles: (c: NcloudClient) => listAllProfiles(c),
} as const;

describe("a server that refuses pages over 50 items", () => {
  for (const status of [400, 500]) {
    for (const kind of ["policies", "products", "profiles"] as const) {
      it(`with ${status}: ${kind} are listed completely, in a bounded number of extra requests`, async () => {
        emu.setPageSizeRefusal({ maxSize: 50, status });
        const c = client();
        try {
          const items = await LISTINGS[kind](c);
          expect(items).toEqual(DATA[kind]);
          const sizes = emu.requests.map((r) => Number(r.query.size ?? r.query.limit));
          const refused = emu.requests.filter((r) => r.status !== 200);
          // 1000 (with one retry on 5xx), 100 (its retries on 5xx), then the API's default size.
          expect(refused.length).toBeLessThanOrEqual(status === 400 ? 2 : 2 + 5);
          expect(sizes.filter((s) => s > 50).every((s) => s === 1000 || s === 100)).toBe(true);

          // What worked is remembered for this host: the next listing asks for it at once.
          emu.clearRequests();
          expect(await LISTINGS[kind](c)).toEqual(DATA[kind]);
          expect(emu.requests.every((r) => r.status === 200)).toBe(true);
        } finally {
          c.close();
        }
      });
    }
  }

  it("a 429 is not taken for a page-size refusal", async () => {
    emu.injectFault({ kind: "policies", type: "status", status: 429, times: 10 });
    const c = client({ maxRetries: 1 });
    try {
      const err = await listAllPolicies(c).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(429);
      expect(emu.requests.every((r) => Number(r.query.size) === 1000)).toBe(true);
    } finally {
      c.close();
    }
  });
});

describe("fields whose type the docs do not state", () => {
  it("profiles whose roleNrnList holds objects (or null) are listed", async () => {
    const odd: ProfileItem[] = [
      { ...(DATA.profiles[0] as ProfileItem), roleNrnList: [{ nrn: "nrn:PUB:IAM::1:Role/a", name: "a" }] },
      { ...(DATA.profiles[1] as ProfileItem), roleNrnList: null as unknown as unknown[] },
      { ...(DATA.profiles[2] as ProfileItem), roleNrnList: ["nrn:PUB:IAM::1:Role/b", 7] },
    ];
    const server = await NcloudEmulator.start({ data: { profiles: odd } });
    const c = new NcloudClient({
      endpoint: server.url,
      credentials: { accessKey: server.accessKey, secretKey: server.secretKey },
      env: {},
    });
    try {
      expect(await listAllProfiles(c)).toEqual(odd);
    } finally {
      c.close();
      await server.stop();
    }
  });
});

describe("error answers", () => {
  it("ApiError keeps the x-ncp-apigw-request-id header and says it", async () => {
    emu.injectFault({ kind: "policies", type: "status", status: 403 });
    const c = client();
    try {
      const err = (await listAllPolicies(c).catch((e: unknown) => e)) as ApiError;
      expect(err).toBeInstanceOf(ApiError);
      expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(err.message).toContain(`request id ${err.requestId}`);
    } finally {
      c.close();
    }
  });

  it("HTML in an error message is reduced to text", async () => {
    emu.injectFault({
      kind: "packages",
      type: "status",
      status: 400,
      ncpCode: "80031",
      message:
        "<html><body><h1>Error</h1><p>Please try again in a few minutes&nbsp;&amp; retry.</p></body></html>",
    });
    const c = client();
    try {
      const err = (await listAllPackages(c).catch((e: unknown) => e)) as ApiError;
      expect(err).toBeInstanceOf(ApiError);
      expect(err.ncpMessage).toBe("Error Please try again in a few minutes & retry.");
      expect(err.message).not.toMatch(/<[a-z/]/);
    } finally {
      c.close();
    }
  });
});

describe("sites, regions and the API gateway setting", () => {
  it("Cloud Functions regions pick the regional hosts", () => {
    expect(resolveOrigin("cloudfunctions", "public", undefined, regionHostPrefix("SGN"))).toBe(
      "https://sg-cloudfunctions.apigw.ntruss.com",
    );
    expect(resolveOrigin("cloudfunctions", "public", undefined, regionHostPrefix("JPN"))).toBe(
      "https://jp-cloudfunctions.apigw.ntruss.com",
    );
    expect(resolveOrigin("cloudfunctions", "public", undefined, regionHostPrefix("KR"))).toBe(
      "https://cloudfunctions.apigw.ntruss.com",
    );
    const c = new NcloudClient({
      credentials: { accessKey: "a", secretKey: "b" },
      env: { NCLOUD_REGION: "sgn" },
    });
    // The client knows no list: a regional list's definition sends it to its region's host.
    expect(listOriginOf(listDefinition("packages"), c)).toBe("https://sg-cloudfunctions.apigw.ntruss.com");
    expect(listOriginOf(listDefinition("policies"), c)).toBe("https://subaccount.apigw.ntruss.com");
    expect(c.originOf("cloudfunctions")).toBe("https://cloudfunctions.apigw.ntruss.com");
  });

  it("a regional listing goes to the regional host (path unchanged under an endpoint)", async () => {
    const c = client({ region: "SGN" });
    try {
      expect(await listAllPackages(c)).toEqual(DATA.packages.vpc);
      expect(emu.requests[0]?.target).toBe("/ncf/api/v2/packages");
      await expect(listAllPackages(c, { platform: "classic" })).rejects.toThrow(/vpc only/);
    } finally {
      c.close();
    }
  });

  it("NCLOUD_API_GW on an NCP gateway host names the site", () => {
    expect(parseApiGateway("https://ncloud.apigw.gov-ntruss.com", "x")).toEqual({ site: "gov" });
    expect(parseApiGateway("https://ncloud.apigw.fin-ntruss.com/", "x")).toEqual({ site: "fin" });
    expect(parseApiGateway("https://ncloud.apigw.ntruss.com", "x")).toEqual({ site: "public" });
    expect(parseApiGateway("http://127.0.0.1:8080", "x")).toEqual({ endpoint: "http://127.0.0.1:8080" });
    expect(resolveLocation({}, { NCLOUD_API_GW: "https://ncloud.apigw.gov-ntruss.com" })).toEqual({
      site: "gov",
    });
    // the site setting wins; NCLOUD_SITE and NCLOUD_API_GW must agree
    expect(
      resolveLocation({ site: "fin" }, { NCLOUD_API_GW: "https://ncloud.apigw.gov-ntruss.com" }).site,
    ).toBe("fin");
    expect(() =>
      resolveLocation({}, { NCLOUD_SITE: "public", NCLOUD_API_GW: "https://ncloud.apigw.gov-ntruss.com" }),
    ).toThrow(ValidationError);
    expect(() => parseApiGateway("http://10.0.0.1", "NCLOUD_API_GW")).toThrow(/loopback/);
  });

  it("a request that fails on a host no NCP document confirms says so", async () => {
    // fin External Access: the host follows the pattern, but no primary source names it. Every name
    // resolves to loopback here (nothing listens on 443: the connection is refused), so the request
    // goes nowhere but this machine.
    const looked: string[] = [];
    // The module object itself (an ES namespace import is read-only): net's connections look up here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dns = require("node:dns") as typeof Dns;
    const lookup = jest.spyOn(dns, "lookup").mockImplementation(((
      host: string,
      options: unknown,
      callback?: (...args: unknown[]) => void,
    ) => {
      looked.push(host);
      const cb = (typeof options === "function" ? options : callback) as (...args: unknown[]) => void;
      const all =
        typeof options === "object" && options !== null && (options as { all?: boolean }).all === true;
      process.nextTick(() =>
        all ? cb(null, [{ address: "127.0.0.1", family: 4 }]) : cb(null, "127.0.0.1", 4),
      );
    }) as unknown as typeof dns.lookup);
    const c = new NcloudClient({
      site: "fin",
      credentials: { accessKey: "a", secretKey: "b" },
      env: {},
      timeoutMs: 3000,
      maxRetries: 0,
    });
    try {
      const err = (await listAllProfiles(c).catch((e: unknown) => e)) as Error;
      expect(err instanceof NetworkError || err instanceof TimeoutError || err instanceof ApiError).toBe(
        true,
      );
      expect(err.message).toContain("externalaccess.apigw.fin-ntruss.com");
      expect(err.message).toContain("no NCP document confirms it for the fin site");
      expect(looked).toEqual(["externalaccess.apigw.fin-ntruss.com"]);
    } finally {
      c.close();
      lookup.mockRestore();
    }
  });
});
