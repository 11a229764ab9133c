import * as http from "node:http";
import fc from "fast-check";
import { buildQueryString, requestUri, signedHeaders, type QueryPair } from "../lib/client/signer";
import {
  defaultDataSet,
  EmulatorControl,
  generateDataSet,
  NcloudEmulator,
  DEMO_ACCESS_KEY,
  DEMO_SECRET_KEY,
  LIST_PATHS,
  type EmulatorDataSet,
  type PolicyItem,
  type ProductItem,
  type ProfileItem,
} from "../lib/testing";

// ---------------------------------------------------------------------------------------------
// Helpers: real loopback HTTP with real signatures

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any;
}

interface Target {
  readonly url: string;
  readonly accessKey: string;
  readonly secretKey: string;
}

function rawGet(
  base: string,
  target: string,
  headers: Record<string, string> = {},
  method = "GET",
): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: target, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("aborted", () => reject(new Error("response aborted")));
      res.on("end", () => {
        if (!res.complete) return reject(new Error("response incomplete"));
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = text === "" ? undefined : JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

interface SignOptions {
  readonly timestamp?: number;
  readonly accessKey?: string;
  readonly secretKey?: string;
}

function signedGet(
  t: Target,
  path: string,
  pairs: readonly QueryPair[] = [],
  o: SignOptions = {},
): Promise<Answer> {
  const target = requestUri(path, buildQueryString(pairs));
  const headers = signedHeaders({
    method: "GET",
    requestUri: target,
    timestamp: String(o.timestamp ?? Date.now()),
    accessKey: o.accessKey ?? t.accessKey,
    secretKey: o.secretKey ?? t.secretKey,
  });
  return rawGet(t.url, target, { ...headers, accept: "application/json" });
}

async function walkPolicies(
  t: Target,
  filters: QueryPair[],
  size: number,
): Promise<{ items: PolicyItem[]; pages: number }> {
  const items: PolicyItem[] = [];
  for (let page = 0; page < 10_000; page++) {
    const a = await signedGet(t, LIST_PATHS.policies, [
      ["page", String(page)],
      ["size", String(size)],
      ...filters,
    ]);
    expect(a.status).toBe(200);
    expect(a.json.page).toBe(page);
    items.push(...(a.json.items as PolicyItem[]));
    if (a.json.isLast === true) return { items, pages: page + 1 };
  }
  throw new Error("policies never ended");
}

async function walkProducts(
  t: Target,
  filters: QueryPair[],
  limit: number,
): Promise<{ items: ProductItem[]; pages: number }> {
  const items: ProductItem[] = [];
  for (let pages = 1; pages < 10_000; pages++) {
    const a = await signedGet(t, LIST_PATHS.products, [
      ["offset", String(items.length)],
      ["limit", String(limit)],
      ...filters,
    ]);
    expect(a.status).toBe(200);
    const content = a.json.productPage.content as ProductItem[];
    items.push(...content);
    if (content.length === 0 || items.length >= (a.json.productPage.total as number)) return { items, pages };
  }
  throw new Error("products never ended");
}

async function walkProfiles(
  t: Target,
  filters: QueryPair[],
  size: number,
): Promise<{ items: ProfileItem[]; pageSize: number }> {
  const items: ProfileItem[] = [];
  let pageSize = 0;
  for (let page = 0; page < 10_000; page++) {
    const a = await signedGet(t, LIST_PATHS.profiles, [
      ["page", String(page)],
      ["size", String(size)],
      ...filters,
    ]);
    expect(a.status).toBe(200);
    expect(a.json.pageNo).toBe(page);
    pageSize = a.json.pageSize as number;
    items.push(...(a.json.content as ProfileItem[]));
    if ((page + 1) * pageSize >= (a.json.totalElements as number)) return { items, pageSize };
  }
  throw new Error("profiles never ended");
}

const names = (items: readonly { policyName?: string; productName?: string; name?: string }[]): string[] =>
  items.map((i) => i.policyName ?? i.productName ?? i.name ?? "");

// ---------------------------------------------------------------------------------------------

describe("default data set", () => {
  it("is deterministic, holds the seed examples and returns fresh copies", () => {
    const a = defaultDataSet();
    const b = defaultDataSet();
    expect(a).toEqual(b);
    a.policies.length = 0;
    expect(defaultDataSet().policies.length).toBe(b.policies.length);
    expect(b.packages.vpc.length).toBe(40);
    expect(b.packages.classic.length).toBe(10);
    expect(b.policies.length).toBe(300);
    expect(b.products.length).toBe(250);
    expect(b.profiles.length).toBe(180);
    expect(names(b.packages.vpc).slice(0, 2)).toEqual(["package001", "package000"]);
    expect(names(b.policies).slice(0, 3)).toEqual([
      "NCP_NCLOUD_STORAGE_VIEWER",
      "NCP_NCLOUD_STORAGE_MANAGER",
      "NCP_COST_EXPLORER_VIEWER",
    ]);
    expect(names(b.policies)).toContain("개발팀-읽기전용");
    expect(b.products[0]?.productName).toBe("product");
    expect(b.profiles[0]?.name).toBe("profile000");
    for (const list of [b.packages.vpc, b.packages.classic, b.policies, b.products, b.profiles]) {
      expect(new Set(names(list)).size).toBe(list.length);
    }
    for (const p of b.policies) {
      expect(p.policyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(p.nrn).toMatch(/^nrn:PUB:IAM::\d*:Policy\//);
      expect(p.nrn.endsWith(p.policyId)).toBe(true);
    }
    for (const p of b.profiles) {
      expect(p.profileNrn).toBe(`nrn:PUB:ExternalAccess::2813975:Profile/${p.profileId}`);
    }
    expect(b.products.some((p) => /[가-힣]/.test(p.productName))).toBe(true);
    expect(b.profiles.some((p) => /[가-힣]/.test(p.name))).toBe(true);
    expect(new Set(b.products.map((p) => p.isPublished)).size).toBe(2);
    expect(new Set(b.products.map((p) => p.subscriptionCode)).size).toBe(2);
    expect(new Set(b.products.map((p) => p.hasDeployedStage)).size).toBe(2);
    expect(b.products.some((p) => p.modTime !== undefined && p.actionName !== undefined)).toBe(true);
  });

  it("generates big sets with unique names, and duplicates on request", () => {
    const big = generateDataSet({ policies: 2500, products: 100_000, profiles: 3000, packages: 400 });
    expect(big.policies.length).toBe(2500);
    expect(big.products.length).toBe(100_000);
    expect(new Set(names(big.products)).size).toBe(100_000);
    expect(new Set(names(big.policies)).size).toBe(2500);
    expect(big.packages.vpc.length).toBe(400);
    expect(big.packages.classic.length).toBe(100);
    const dup = generateDataSet({ policies: 20, products: 20, profiles: 20, packages: 5, duplicates: 2 });
    expect(dup.policies.length).toBe(22);
    expect(new Set(names(dup.policies)).size).toBe(20);
    expect(() => generateDataSet({ policies: -1 })).toThrow(RangeError);
  });
});

describe("NcloudEmulator", () => {
  let emu: NcloudEmulator;
  const data = defaultDataSet();

  beforeAll(async () => {
    emu = await NcloudEmulator.start();
  });
  afterAll(async () => {
    await emu.stop();
  });
  afterEach(() => {
    emu.clearFaults();
    emu.clearRequests();
    emu.setLatency(0);
  });

  describe("signature v2", () => {
    it("accepts a correct signature with the demo keys and answers as the endpoint", async () => {
      expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emu.accessKey).toBe(DEMO_ACCESS_KEY);
      expect(emu.secretKey).toBe(DEMO_SECRET_KEY);
      const a = await signedGet(emu, LIST_PATHS.packages, [["platform", "vpc"]]);
      expect(a.status).toBe(200);
      expect(a.headers["content-type"]).toBe("application/json;charset=UTF-8");
      expect(a.headers["x-ncp-apigw-response-origin"]).toBe("ENDPOINT");
      expect(a.json.content).toEqual(data.packages.vpc);
      expect(emu.requests).toHaveLength(1);
      expect(emu.requests[0]).toMatchObject({
        method: "GET",
        target: "/ncf/api/v2/packages?platform=vpc",
        path: "/ncf/api/v2/packages",
        query: { platform: "vpc" },
        kind: "packages",
        status: 200,
        accessKey: DEMO_ACCESS_KEY,
      });
    });

    it("signs the path alone when there is no query", async () => {
      const a = await signedGet(emu, LIST_PATHS.packages);
      expect(a.status).toBe(200);
      expect(a.json.content).toHaveLength(40);
    });

    const refused = async (a: Answer, details: RegExp): Promise<void> => {
      expect(a.status).toBe(401);
      expect(a.headers["x-ncp-apigw-response-origin"]).toBe("APIGW");
      expect(a.json).toEqual({
        error: {
          errorCode: "200",
          message: "Authentication Failed",
          details: expect.stringMatching(details),
        },
      });
    };

    it("refuses a bad signature, an unknown key and missing headers with the gateway's 401", async () => {
      await refused(await signedGet(emu, LIST_PATHS.policies, [], { secretKey: "wrong" }), /signature/i);
      await refused(
        await signedGet(emu, LIST_PATHS.policies, [], { accessKey: "NOSUCHKEY", secretKey: "x" }),
        /access key/i,
      );
      await refused(await rawGet(emu.url, LIST_PATHS.policies), /missing/i);
      // signature over another target
      const h = signedHeaders({
        method: "GET",
        requestUri: "/api/v1/policies?page=0",
        timestamp: String(Date.now()),
        accessKey: emu.accessKey,
        secretKey: emu.secretKey,
      });
      await refused(await rawGet(emu.url, "/api/v1/policies?page=1", h), /signature/i);
      expect(emu.requests.every((r) => r.status === 401)).toBe(true);
    });

    it("refuses timestamps more than 5 minutes from the emulator's clock", async () => {
      const now = Date.UTC(2025, 0, 1, 0, 0, 0);
      const fixed = await NcloudEmulator.start({ clock: () => now, data: {} });
      try {
        const at = (timestamp: number): Promise<Answer> =>
          signedGet(fixed, LIST_PATHS.profiles, [], { timestamp });
        expect((await at(now - 299_000)).status).toBe(200);
        expect((await at(now + 299_000)).status).toBe(200);
        await refused(await at(now - 301_000), /5 minutes/);
        await refused(await at(now + 301_000), /5 minutes/);
        await refused(await signedGet(fixed, LIST_PATHS.profiles), /5 minutes/); // real time is far from 2025-01-01
        expect(fixed.requests.map((r) => r.time)).toEqual([now, now, now, now, now]);
      } finally {
        await fixed.stop();
      }
    });

    it("answers 404 code 300 for unknown paths and other methods", async () => {
      const a = await rawGet(emu.url, "/api/v1/nothing?x=1");
      expect(a.status).toBe(404);
      expect(a.headers["x-ncp-apigw-response-origin"]).toBe("APIGW");
      expect(a.json.error.errorCode).toBe("300");
      expect((await rawGet(emu.url, LIST_PATHS.policies, {}, "POST")).status).toBe(404);
      expect(emu.requests[0]).toMatchObject({ path: "/api/v1/nothing", status: 404 });
      expect(emu.requests[0]?.kind).toBeUndefined();
    });
  });

  describe("query values", () => {
    let custom: NcloudEmulator;
    const policy = (
      policyName: string,
      policyType: PolicyItem["policyType"] = "USER_CREATED",
    ): PolicyItem => ({
      policyId: `00000000-0000-4000-8000-${String(policyName.length).padStart(12, "0")}`,
      policyName,
      policyType,
      policyDesc: "",
      nrn: "nrn:PUB:IAM::1:Policy/x",
    });
    const tricky = ["a+b", "a b", "a&b=c", "a%b", "개발 팀+운영", "x/y?z#w", "quote'\"*()!~"];
    beforeAll(async () => {
      custom = await NcloudEmulator.start({
        data: {
          policies: [...tricky.map((n) => policy(n)), policy("NCP_SERVER_VIEWER", "SYSTEM_MANAGED")],
          profiles: tricky.map((name, k) => ({ ...data.profiles[k], name }) as ProfileItem),
          products: tricky.map((productName, k) => ({ ...data.products[k], productName }) as ProductItem),
        },
      });
    });
    afterAll(() => custom.stop());

    it.each(tricky)("matches %j exactly through percent-encoding (+ stays a plus)", async (word) => {
      const pol = await signedGet(custom, LIST_PATHS.policies, [
        ["searchColumn", "policyName"],
        ["searchWord", word],
      ]);
      expect(pol.status).toBe(200);
      expect(names(pol.json.items)).toEqual([word]);
      const prof = await signedGet(custom, LIST_PATHS.profiles, [
        ["searchColumn", "name"],
        ["searchWord", word],
      ]);
      expect(names(prof.json.content)).toEqual([word]);
      const prod = await signedGet(custom, LIST_PATHS.products, [["productName", word]]);
      expect(names(prod.json.productPage.content)).toEqual([word]);
      const last = custom.requests[custom.requests.length - 1];
      expect(last?.query.productName).toBe(word);
    });

    it("reads the query as form data: %20 and + are a space, %2B a plus (as Go's and Java's SDKs write them)", async () => {
      const sign = (target: string): Record<string, string> =>
        signedHeaders({
          method: "GET",
          requestUri: target,
          timestamp: String(Date.now()),
          accessKey: custom.accessKey,
          secretKey: custom.secretKey,
        });
      for (const [target, expected] of [
        ["/api/v1/policies?searchWord=a%20b", ["a b"]],
        ["/api/v1/policies?searchWord=a+b", ["a b"]],
        ["/api/v1/policies?searchWord=a%2Bb", ["a+b"]],
      ] as const) {
        const a = await rawGet(custom.url, target, sign(target));
        expect(a.status).toBe(200);
        expect(names(a.json.items)).toEqual(expected);
      }
    });

    it("filters Korean words and ignores case", async () => {
      const ko = await walkPolicies(
        emu,
        [
          ["searchColumn", "policyName"],
          ["searchWord", "개발팀"],
        ],
        100,
      );
      expect(names(ko.items)).toEqual(names(data.policies.filter((p) => p.policyName.includes("개발팀"))));
      expect(names(ko.items)).toContain("개발팀-읽기전용");
      const lower = await walkPolicies(
        emu,
        [
          ["searchColumn", "policyName"],
          ["searchWord", "ncp_server_"],
        ],
        100,
      );
      expect(names(lower.items)).toEqual(["NCP_SERVER_VIEWER", "NCP_SERVER_MANAGER", "NCP_SERVER_ADMIN"]);
      const prod = await walkProducts(emu, [["productName", "조회 API"]], 100);
      expect(names(prod.items)).toEqual(
        names(data.products.filter((p) => p.productName.includes("조회 API"))),
      );
      expect(prod.items.length).toBe(10);
    });

    const badCases: ReadonlyArray<readonly [string, string, readonly QueryPair[]]> = [
      ["packages", LIST_PATHS.packages, [["platform", "VPC"]]],
      ["policies", LIST_PATHS.policies, [["type", "SYSTEM"]]],
      ["policies", LIST_PATHS.policies, [["page", "1.5"]]],
      ["policies", LIST_PATHS.policies, [["page", "-1"]]],
      ["policies", LIST_PATHS.policies, [["size", "0"]]],
      ["policies", LIST_PATHS.policies, [["searchColumn", "policyDesc"]]],
      ["products", LIST_PATHS.products, [["productName", "x".repeat(101)]]],
      ["products", LIST_PATHS.products, [["isPublished", "yes"]]],
      ["products", LIST_PATHS.products, [["subscriptionCode", "PRIVATE"]]],
      ["products", LIST_PATHS.products, [["limit", "0"]]],
      ["products", LIST_PATHS.products, [["offset", "abc"]]],
      ["profiles", LIST_PATHS.profiles, [["searchColumn", "description"]]],
      ["profiles", LIST_PATHS.profiles, [["size", "x"]]],
      ["profiles", LIST_PATHS.profiles, [["page", "99999999999"]]],
    ];

    it.each(badCases)("answers 400 in the %s error shape for %s %j", async (kind, path, pairs) => {
      const a = await signedGet(emu, path, pairs);
      expect(a.status).toBe(400);
      expect(a.headers["x-ncp-apigw-response-origin"]).toBe("ENDPOINT");
      if (kind === "policies") {
        expect(a.json).toEqual({ errorCode: 9011, message: expect.stringContaining("Bad Request") });
      } else if (kind === "profiles") {
        expect(a.json).toEqual({
          error: { errorCode: "100", message: "Bad Request", requestId: expect.any(String) },
        });
      } else {
        expect(a.json).toEqual({
          error: { errorCode: "100", message: "Bad Request", details: expect.any(String) },
        });
      }
    });

    it("answers 400 for malformed percent-encoding and accepts a 100-character productName", async () => {
      const target = "/api/v1/products?productName=%E3%85";
      const h = signedHeaders({
        method: "GET",
        requestUri: target,
        timestamp: String(Date.now()),
        accessKey: emu.accessKey,
        secretKey: emu.secretKey,
      });
      expect((await rawGet(emu.url, target, h)).status).toBe(400);
      expect((await signedGet(emu, LIST_PATHS.products, [["productName", "가".repeat(100)]])).status).toBe(
        200,
      );
    });
  });

  describe("paging", () => {
    it("policies: walks every page at the capped size, with and without a type filter", async () => {
      emu.setPageSizeCap("policies", 7);
      try {
        const first = await signedGet(emu, LIST_PATHS.policies, [["size", "50"]]);
        expect(first.json).toMatchObject({
          page: 0,
          totalPages: Math.ceil(300 / 7),
          totalItems: 300,
          hasPrevious: false,
          hasNext: true,
          isFirst: true,
          isLast: false,
        });
        expect(first.json.items).toHaveLength(7);
        const all = await walkPolicies(emu, [], 50);
        expect(all.pages).toBe(Math.ceil(300 / 7));
        expect(all.items).toEqual(data.policies);
        const user = await walkPolicies(emu, [["type", "USER_CREATED"]], 1000);
        expect(user.items).toEqual(data.policies.filter((p) => p.policyType === "USER_CREATED"));
        const third = await signedGet(emu, LIST_PATHS.policies, [
          ["page", "2"],
          ["size", "9"],
        ]);
        expect(third.json.items).toEqual(data.policies.slice(14, 21)); // page k is offset k * capped size
      } finally {
        emu.setPageSizeCap("policies", 100);
      }
    });

    it("policies: default size 10, default cap 100, past the end is empty", async () => {
      const a = await signedGet(emu, LIST_PATHS.policies);
      expect(a.json.items).toEqual(data.policies.slice(0, 10));
      expect(a.json.totalPages).toBe(30);
      const capped = await signedGet(emu, LIST_PATHS.policies, [["size", "1000"]]);
      expect(capped.json.items).toHaveLength(100);
      expect(capped.json.totalPages).toBe(3);
      const past = await signedGet(emu, LIST_PATHS.policies, [["page", "99"]]);
      expect(past.json).toMatchObject({
        page: 99,
        items: [],
        hasNext: false,
        isLast: true,
        hasPrevious: true,
      });
    });

    it("products: walks every page at the capped limit, with filters", async () => {
      const first = await signedGet(emu, LIST_PATHS.products);
      expect(first.json.initialCount).toBe(250);
      expect(first.json.productPage.total).toBe(250);
      expect(first.json.productPage.content).toEqual(data.products.slice(0, 100));
      const all = await walkProducts(emu, [], 1000);
      expect(all.pages).toBe(3);
      expect(all.items).toEqual(data.products);
      const filters: QueryPair[] = [
        ["isPublished", "true"],
        ["subscriptionCode", "PROTECTED"],
        ["hasDeployedStage", "true"],
      ];
      const some = await walkProducts(emu, filters, 5);
      const expected = data.products.filter(
        (p) => p.isPublished && p.subscriptionCode === "PROTECTED" && p.hasDeployedStage,
      );
      expect(expected.length).toBeGreaterThan(5);
      expect(some.items).toEqual(expected);
    });

    it("products: hasStageNotAssociatedWithUsagePlanId excludes products associated with that plan", async () => {
      const plan = "k6f1d4h7sa";
      const associated = new Set(
        Object.entries(data.productUsagePlans)
          .filter(([, ids]) => ids.includes(plan))
          .map(([id]) => id),
      );
      expect(associated.size).toBeGreaterThan(0);
      const got = await walkProducts(emu, [["hasStageNotAssociatedWithUsagePlanId", plan]], 100);
      expect(got.items).toEqual(data.products.filter((p) => !associated.has(p.productId)));
      expect(got.items.some((p) => "usagePlanIds" in p)).toBe(false);
    });

    it("profiles: pageSize reflects the cap; walks every page, with a searchColumn", async () => {
      const capped = await signedGet(emu, LIST_PATHS.profiles, [["size", "500"]]);
      expect(capped.json).toMatchObject({ pageNo: 0, totalElements: 180, pageSize: 50 });
      expect(capped.json.content).toEqual(data.profiles.slice(0, 50));
      const dflt = await signedGet(emu, LIST_PATHS.profiles);
      expect(dflt.json.pageSize).toBe(20);
      const all = await walkProfiles(emu, [], 500);
      expect(all.pageSize).toBe(50);
      expect(all.items).toEqual(data.profiles);
      const ko = await walkProfiles(
        emu,
        [
          ["searchColumn", "name"],
          ["searchWord", "운영-"],
        ],
        3,
      );
      expect(ko.items).toEqual(data.profiles.filter((p) => p.name.includes("운영-")));
      const target = data.profiles[17] as ProfileItem;
      const byNrn = await walkProfiles(
        emu,
        [
          ["searchColumn", "profileNrn"],
          ["searchWord", target.profileNrn.toUpperCase()],
        ],
        20,
      );
      expect(byNrn.items).toEqual([target]);
    });

    it("packages: one response per platform", async () => {
      const classic = await signedGet(emu, LIST_PATHS.packages, [["platform", "classic"]]);
      expect(classic.json).toEqual({ content: data.packages.classic });
    });

    it("any size, cap and filter: walking all pages gives the filtered data set", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 120 }),
          fc.integer({ min: 1, max: 60 }),
          fc.constantFrom(undefined, "SYSTEM_MANAGED", "USER_CREATED"),
          fc.constantFrom("", "VIEWER", "팀", "-", "zzz"),
          async (size, cap, type, word) => {
            emu.setPageSizeCap("policies", cap);
            emu.setPageSizeCap("profiles", cap);
            emu.setPageSizeCap("products", cap);
            const filters: QueryPair[] = type === undefined ? [] : [["type", type]];
            if (word !== "") filters.push(["searchColumn", "policyName"], ["searchWord", word]);
            const got = await walkPolicies(emu, filters, size);
            const want = data.policies.filter(
              (p) =>
                (type === undefined || p.policyType === type) &&
                p.policyName.toLowerCase().includes(word.toLowerCase()),
            );
            expect(got.items).toEqual(want);
            expect(got.pages).toBe(Math.max(1, Math.ceil(want.length / Math.min(size, cap))));
            const prof = await walkProfiles(emu, word === "" ? [] : [["searchWord", word]], size);
            expect(prof.items).toEqual(
              data.profiles.filter((p) => p.name.toLowerCase().includes(word.toLowerCase())),
            );
            const prod = await walkProducts(emu, word === "" ? [] : [["productName", word]], size);
            expect(prod.items).toEqual(
              data.products.filter((p) => p.productName.toLowerCase().includes(word.toLowerCase())),
            );
          },
        ),
        { numRuns: 15 },
      );
      emu.setPageSizeCap("policies", 100);
      emu.setPageSizeCap("profiles", 50);
      emu.setPageSizeCap("products", 100);
    });
  });

  describe("faults", () => {
    it("status: 429 with Retry-After from the gateway, once by default", async () => {
      emu.injectFault({ type: "status", status: 429, retryAfterSeconds: 3 });
      const a = await signedGet(emu, LIST_PATHS.policies);
      expect(a.status).toBe(429);
      expect(a.headers["retry-after"]).toBe("3");
      expect(a.headers["x-ncp-apigw-response-origin"]).toBe("APIGW");
      expect(a.json.error).toMatchObject({ errorCode: "420", message: expect.any(String) });
      expect((await signedGet(emu, LIST_PATHS.policies)).status).toBe(200);
      expect(emu.requests.map((r) => r.fault)).toEqual(["status", undefined]);
    });

    it("status: endpoint errors in each service's shape, with overrides", async () => {
      emu.injectFault({ type: "status", status: 500, kind: "policies", times: 2 });
      emu.injectFault({
        type: "status",
        status: 503,
        kind: "profiles",
        origin: "ENDPOINT",
        ncpCode: "500",
        message: "down",
      });
      emu.injectFault({ type: "status", status: 403, kind: "packages" });
      emu.injectFault({ type: "status", status: 504, kind: "products" });
      const pol = await signedGet(emu, LIST_PATHS.policies);
      expect(pol.status).toBe(500);
      expect(pol.headers["x-ncp-apigw-response-origin"]).toBe("ENDPOINT");
      expect(pol.json).toEqual({ errorCode: 900, message: expect.any(String) });
      const prof = await signedGet(emu, LIST_PATHS.profiles);
      expect(prof.status).toBe(503);
      expect(prof.json).toEqual({
        error: { errorCode: "500", message: "down", requestId: expect.any(String) },
      });
      const pkg = await signedGet(emu, LIST_PATHS.packages);
      expect(pkg.status).toBe(403);
      expect(pkg.json.error).toMatchObject({ errorCode: "80002", message: "SUB_ACC_NO_PERMISSION" });
      const prod = await signedGet(emu, LIST_PATHS.products);
      expect(prod.status).toBe(504);
      expect(prod.headers["x-ncp-apigw-response-origin"]).toBe("APIGW");
      expect(prod.json.error).toMatchObject({ errorCode: "510" });
      expect((await signedGet(emu, LIST_PATHS.policies)).status).toBe(500); // times: 2
      expect((await signedGet(emu, LIST_PATHS.policies)).status).toBe(200);
    });

    it("no-permission: 403 80002 for packages, the gateway's 401 210 elsewhere", async () => {
      emu.injectFault({ type: "no-permission", times: Infinity });
      const pkg = await signedGet(emu, LIST_PATHS.packages);
      expect(pkg.status).toBe(403);
      expect(pkg.json).toEqual({
        error: {
          errorCode: "80002",
          message: "SUB_ACC_NO_PERMISSION",
          details: "Resource viewing permission error",
        },
      });
      for (const path of [LIST_PATHS.policies, LIST_PATHS.products, LIST_PATHS.profiles]) {
        const a = await signedGet(emu, path);
        expect(a.status).toBe(401);
        expect(a.json.error.errorCode).toBe("210");
      }
    });

    it("truncate: Content-Length larger than the body, then the socket closes", async () => {
      emu.injectFault({ type: "truncate", kind: "policies" });
      await expect(signedGet(emu, LIST_PATHS.policies)).rejects.toThrow();
      expect(emu.requests[0]).toMatchObject({ status: 200, fault: "truncate" });
      expect(emu.requests[0]?.faultDetail).toMatch(/Content-Length \d+, sent \d+ bytes/);
      expect((await signedGet(emu, LIST_PATHS.policies)).status).toBe(200);
    });

    it("reset: the socket is destroyed without an answer", async () => {
      emu.injectFault({ type: "reset" });
      await expect(signedGet(emu, LIST_PATHS.products)).rejects.toMatchObject({
        code: expect.stringMatching(/ECONNRESET|EPIPE/),
      });
      expect(emu.requests[0]).toMatchObject({ status: 0, fault: "reset" });
    });

    it("wrong-shape: one item gets a field of the wrong type, recorded", async () => {
      emu.injectFault({ type: "wrong-shape", times: 4 });
      const pol = await signedGet(emu, LIST_PATHS.policies);
      expect(pol.status).toBe(200);
      expect(pol.json.items[1].policyName).toBe(12345);
      expect(pol.json.items[0]).toEqual(data.policies[0]);
      const pkg = await signedGet(emu, LIST_PATHS.packages);
      expect(pkg.json.content[1].name).toBeNull();
      const prod = await signedGet(emu, LIST_PATHS.products);
      expect(prod.json.productPage.content[1].productName).toBe(12345);
      const prof = await signedGet(emu, LIST_PATHS.profiles);
      expect(prof.json.content[1].name).toBeNull();
      expect(emu.requests.map((r) => r.faultDetail)).toEqual([
        "items[1].policyName = 12345",
        "content[1].name = null",
        "productPage.content[1].productName = 12345",
        "content[1].name = null",
      ]);
      // the data itself is untouched
      expect((await signedGet(emu, LIST_PATHS.policies)).json.items[1]).toEqual(data.policies[1]);
    });

    it("oversize: a valid body of at least the given size (12 MiB by default)", async () => {
      emu.injectFault({ type: "oversize", kind: "profiles", bytes: 2_000_000 });
      emu.injectFault({ type: "oversize", kind: "policies" });
      const prof = await signedGet(emu, LIST_PATHS.profiles);
      expect(prof.status).toBe(200);
      expect(Buffer.byteLength(prof.text)).toBeGreaterThanOrEqual(2_000_000);
      expect(prof.json.content).toHaveLength(20);
      expect(prof.json.content[0].description.trim()).toBe(data.profiles[0]?.description);
      const pol = await signedGet(emu, LIST_PATHS.policies);
      expect(Buffer.byteLength(pol.text)).toBeGreaterThanOrEqual(12 * 1024 * 1024);
      expect(Number(pol.headers["content-length"])).toBe(Buffer.byteLength(pol.text));
    });

    it("stuck-paging: every page request gets the first page", async () => {
      emu.injectFault({ type: "stuck-paging", times: Infinity });
      const p3 = await signedGet(emu, LIST_PATHS.policies, [["page", "3"]]);
      expect(p3.json.page).toBe(0);
      expect(p3.json.items).toEqual(data.policies.slice(0, 10));
      expect(p3.json.isLast).toBe(false);
      const prod = await signedGet(emu, LIST_PATHS.products, [
        ["offset", "200"],
        ["limit", "10"],
      ]);
      expect(prod.json.productPage.content).toEqual(data.products.slice(0, 10));
      const prof = await signedGet(emu, LIST_PATHS.profiles, [["page", "5"]]);
      expect(prof.json.pageNo).toBe(0);
      expect(prof.json.content).toEqual(data.profiles.slice(0, 20));
    });

    it("changing-totals: totals grow by one on every request", async () => {
      emu.injectFault({ type: "changing-totals", kind: "policies", times: Infinity });
      emu.injectFault({ type: "changing-totals", kind: "products", times: Infinity });
      emu.injectFault({ type: "changing-totals", kind: "profiles", times: Infinity });
      const totals: number[] = [];
      for (let k = 0; k < 3; k++)
        totals.push((await signedGet(emu, LIST_PATHS.policies)).json.totalItems as number);
      expect(totals).toEqual([301, 302, 303]);
      expect((await signedGet(emu, LIST_PATHS.products)).json.productPage.total).toBe(251);
      expect((await signedGet(emu, LIST_PATHS.products)).json.productPage.total).toBe(252);
      expect((await signedGet(emu, LIST_PATHS.profiles)).json.totalElements).toBe(181);
    });

    it("latency: base latency and an extra per-fault delay", async () => {
      emu.setLatency(120);
      emu.injectFault({ type: "latency", ms: 200, kind: "packages" });
      const t0 = Date.now();
      expect((await signedGet(emu, LIST_PATHS.packages)).status).toBe(200);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
      const t1 = Date.now();
      expect((await signedGet(emu, LIST_PATHS.policies)).status).toBe(200);
      expect(Date.now() - t1).toBeGreaterThanOrEqual(100);
      expect(emu.requests.map((r) => r.fault)).toEqual(["latency", undefined]);
    });

    it("afterRequests skips matching requests; first match wins in injection order; kind filters", async () => {
      emu.injectFault({ type: "status", status: 500, kind: "profiles", afterRequests: 2 });
      emu.injectFault({ type: "status", status: 503, kind: "profiles", times: 2 });
      emu.injectFault({ type: "status", status: 429, kind: "products" });
      const statuses: number[] = [];
      for (let k = 0; k < 4; k++) statuses.push((await signedGet(emu, LIST_PATHS.profiles)).status);
      // 1st, 2nd: the 500 fault is skipping, so the 503 one applies; 3rd: 500 (first match); then none left
      expect(statuses).toEqual([503, 503, 500, 200]);
      expect((await signedGet(emu, LIST_PATHS.policies)).status).toBe(200);
      expect((await signedGet(emu, LIST_PATHS.products)).status).toBe(429);
    });

    it("unsigned requests never consume faults", async () => {
      emu.injectFault({ type: "status", status: 500 });
      expect((await rawGet(emu.url, LIST_PATHS.policies)).status).toBe(401);
      expect((await signedGet(emu, LIST_PATHS.policies)).status).toBe(500);
    });

    it("rejects invalid fault specs", () => {
      expect(() => emu.injectFault({ type: "status", status: 42 })).toThrow(/status/);
      expect(() => emu.injectFault({ type: "latency", ms: 1, times: 0 })).toThrow(/times/);
      expect(() => emu.setPageSizeCap("policies", 0)).toThrow(RangeError);
    });
  });

  describe("admin interface", () => {
    it("is controlled through EmulatorControl and is not recorded", async () => {
      const control = new EmulatorControl(`${emu.url}/`);
      expect(await control.health()).toMatchObject({ status: "ok", url: emu.url, accessKey: emu.accessKey });
      await control.injectFault({ type: "status", status: 503, kind: "policies", times: Infinity });
      for (let k = 0; k < 3; k++) expect((await signedGet(emu, LIST_PATHS.policies)).status).toBe(503);
      expect((await control.health()).faults).toBe(1);
      await control.clearFaults();
      expect((await signedGet(emu, LIST_PATHS.policies)).status).toBe(200);

      await control.setPageSizeCap("profiles", 3);
      expect((await signedGet(emu, LIST_PATHS.profiles)).json.pageSize).toBe(3);
      await control.setPageSizeCap("profiles", 50);

      await control.setLatency(150);
      const t0 = Date.now();
      await signedGet(emu, LIST_PATHS.packages);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
      await control.setLatency(0);

      const recorded = await control.requests();
      expect(recorded).toHaveLength(6);
      expect(recorded.every((r) => !r.path.startsWith("/__emulator"))).toBe(true);
      expect((await control.requestsTo("profiles")).map((r) => r.query)).toEqual([{}]);
      await control.clearRequests();
      expect(await control.requests()).toEqual([]);
      const served = await control.data();
      expect(served.policies).toEqual(data.policies);
      expect(served.productUsagePlans).toEqual(data.productUsagePlans);
    });

    it("accepts Infinity as a string and refuses bad input with 400", async () => {
      const post = (route: string, body: string): Promise<Answer> =>
        new Promise((resolve, reject) => {
          const { hostname, port } = new URL(emu.url);
          const req = http.request(
            { hostname, port, path: `/__emulator/${route}`, method: "POST", agent: false },
            (res) => {
              let text = "";
              res.setEncoding("utf8");
              res.on("data", (c: string) => (text += c));
              res.on("end", () =>
                resolve({
                  status: res.statusCode ?? 0,
                  headers: res.headers,
                  text,
                  json: text ? JSON.parse(text) : undefined,
                }),
              );
            },
          );
          req.on("error", reject);
          req.end(body);
        });
      expect((await post("faults", '{"type":"hang","times":"Infinity","kind":"products"}')).status).toBe(204);
      expect((await post("faults", '{"type":"explode"}')).status).toBe(400);
      expect((await post("faults", "{not json")).status).toBe(400);
      expect((await post("caps", '{"kind":"packages","size":3}')).status).toBe(400);
      expect((await post("latency", '{"ms":-1}')).status).toBe(400);
      expect((await rawGet(emu.url, "/__emulator/nothing")).status).toBe(404);
      const control = new EmulatorControl(emu.url);
      await expect(control.injectFault({ type: "latency", ms: -5 })).rejects.toThrow(/HTTP 400/);
      emu.clearFaults();
      expect(emu.requests).toHaveLength(0);
    });
  });
});

describe("stop()", () => {
  it("closes hung and idle keep-alive sockets promptly", async () => {
    const emu = await NcloudEmulator.start({ data: {} });
    emu.injectFault({ type: "hang", times: Infinity });
    const hung = Promise.allSettled([
      signedGet(emu, LIST_PATHS.policies),
      signedGet(emu, LIST_PATHS.profiles),
    ]);
    const keepAlive = new http.Agent({ keepAlive: true });
    const { hostname, port } = new URL(emu.url);
    await new Promise<void>((resolve) =>
      http.get({ hostname, port, path: "/nothing", agent: keepAlive }, (res) =>
        res.resume().on("end", resolve),
      ),
    );
    while (emu.requests.filter((r) => r.fault === "hang").length < 2)
      await new Promise((r) => setTimeout(r, 10));
    emu.setLatency(60_000);
    const delayed = signedGet(emu, LIST_PATHS.packages).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await emu.stop();
    const results = await hung;
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(await delayed).toHaveProperty("message"); // an error, from another realm
    expect(Date.now() - t0).toBeLessThan(5000);
    await emu.stop(); // idempotent
    keepAlive.destroy();
  });

  it("uses a given data set and keys, serving lists left out as empty", async () => {
    const own: EmulatorDataSet = { packages: { classic: [{ name: "only", description: "" }] } };
    const emu = await NcloudEmulator.start({
      data: own,
      accessKey: "MYKEY",
      secretKey: "mysecret",
      pageSizeCaps: { policies: 2 },
    });
    try {
      expect((await signedGet(emu, LIST_PATHS.packages)).json).toEqual({ content: [] });
      expect((await signedGet(emu, LIST_PATHS.packages, [["platform", "classic"]])).json.content).toEqual([
        { name: "only", description: "" },
      ]);
      expect((await signedGet(emu, LIST_PATHS.policies)).json).toMatchObject({
        totalItems: 0,
        totalPages: 0,
        items: [],
        isLast: true,
      });
      expect((await signedGet(emu, LIST_PATHS.products)).json).toEqual({
        initialCount: 0,
        productPage: { total: 0, content: [] },
      });
      expect(
        (
          await signedGet(emu, LIST_PATHS.policies, [], {
            accessKey: DEMO_ACCESS_KEY,
            secretKey: DEMO_SECRET_KEY,
          })
        ).status,
      ).toBe(401);
      own.packages = {};
      expect(emu.data().packages?.classic).toHaveLength(1); // copied at start
    } finally {
      await emu.stop();
    }
  });
});
