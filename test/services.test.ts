import { NcloudClient } from "../lib/client/http";
import { ApiError, PagingError, ResponseShapeError, ValidationError } from "../lib/errors";
import { listAllOf, validateQueryOf } from "../lib/services/lists";
import { listDefinition } from "../lib/lists";
import { LIST_KINDS } from "../lib/services/meta";
import { listAllPackages, type PackagesQuery } from "../lib/services/packages";
import { listAllPolicies, type PoliciesQuery } from "../lib/services/policies";
import { listAllProducts, type ProductsQuery } from "../lib/services/products";
import { listAllProfiles, type ProfilesQuery } from "../lib/services/profiles";
import {
  DEFAULT_PAGE_SIZE_CAPS,
  DEMO_USAGE_PLAN_IDS,
  NcloudEmulator,
  type EmulatorDataSet,
  type PackageItem,
  type PolicyItem,
  type ProductItem,
  type ProfileItem,
} from "../lib/testing";

let emulator: NcloudEmulator;
let client: NcloudClient;
let data: Required<EmulatorDataSet>;

function clientFor(emu: NcloudEmulator): NcloudClient {
  return new NcloudClient({
    endpoint: emu.url,
    credentials: { accessKey: emu.accessKey, secretKey: emu.secretKey },
    env: {},
    maxRetries: 0,
  });
}

beforeAll(async () => {
  emulator = await NcloudEmulator.start();
  client = clientFor(emulator);
  data = emulator.data() as Required<EmulatorDataSet>;
});

afterAll(async () => {
  client.close();
  await emulator.stop();
});

beforeEach(() => {
  emulator.clearFaults();
  emulator.clearRequests();
  for (const [kind, n] of Object.entries(DEFAULT_PAGE_SIZE_CAPS)) {
    emulator.setPageSizeCap(kind as keyof typeof DEFAULT_PAGE_SIZE_CAPS, n);
  }
});

// The emulator's (and NCP's) filters: exact enums and booleans, case-insensitive substring for words.
const has = (value: unknown, word: string | undefined): boolean =>
  word === undefined || (typeof value === "string" && value.toLowerCase().includes(word.toLowerCase()));

function expectedPolicies(q: PoliciesQuery): PolicyItem[] {
  return data.policies.filter(
    (p) => (q.type === undefined || p.policyType === q.type) && has(p.policyName, q.searchWord),
  );
}
function expectedProducts(q: ProductsQuery): ProductItem[] {
  const plans = data.productUsagePlans;
  return data.products.filter(
    (p) =>
      has(p.productName, q.productName) &&
      (q.isPublished === undefined || p.isPublished === q.isPublished) &&
      (q.subscriptionCode === undefined || p.subscriptionCode === q.subscriptionCode) &&
      (q.hasDeployedStage === undefined || p.hasDeployedStage === q.hasDeployedStage) &&
      (q.hasStageNotAssociatedWithUsagePlanId === undefined ||
        !(plans[p.productId] ?? []).includes(q.hasStageNotAssociatedWithUsagePlanId)),
  );
}
function expectedProfiles(q: ProfilesQuery): ProfileItem[] {
  const column = q.searchColumn ?? "name";
  return data.profiles.filter((p) => has((p as unknown as Record<string, unknown>)[column], q.searchWord));
}
function expectedPackages(q: PackagesQuery): PackageItem[] {
  return data.packages[(q.platform ?? "vpc") as "vpc" | "classic"] ?? [];
}

/** Expects a real, non-trivial expectation so a comparison cannot pass vacuously. */
function nonTrivial<T>(items: T[], all: readonly unknown[], filtered: boolean): T[] {
  expect(items.length).toBeGreaterThan(0);
  if (filtered) expect(items.length).toBeLessThan(all.length);
  return items;
}

describe("listAll* return exactly the emulator's data, in server order", () => {
  describe.each([
    ["default caps", undefined],
    ["cap 25", 25],
    ["cap 7", 7],
  ] as const)("%s", (_label, cap) => {
    beforeEach(() => {
      if (cap !== undefined)
        for (const k of ["policies", "products", "profiles"] as const) emulator.setPageSizeCap(k, cap);
    });

    it.each<[string, PoliciesQuery]>([
      ["no filter", {}],
      ["type USER_CREATED", { type: "USER_CREATED" }],
      ["type SYSTEM_MANAGED + searchWord viewer", { type: "SYSTEM_MANAGED", searchWord: "viewer" }],
      ["Korean searchWord", { searchWord: "개발팀" }],
      ["searchColumn + searchWord", { searchColumn: "policyName", searchWord: "ops-" }],
    ])("policies: %s", async (_name, q) => {
      const expected = nonTrivial(expectedPolicies(q), data.policies, Object.keys(q).length > 0);
      await expect(listAllPolicies(client, q)).resolves.toEqual(expected);
    });

    it.each<[string, ProductsQuery]>([
      ["no filter", {}],
      ["productName", { productName: "order" }],
      ["Korean productName with a space", { productName: "주문 API" }],
      ["isPublished", { isPublished: true }],
      ["subscriptionCode", { subscriptionCode: "PROTECTED" }],
      ["hasDeployedStage false", { hasDeployedStage: false }],
      ["combined", { isPublished: false, subscriptionCode: "PUBLIC", hasDeployedStage: true }],
      [
        "hasStageNotAssociatedWithUsagePlanId",
        { hasStageNotAssociatedWithUsagePlanId: DEMO_USAGE_PLAN_IDS[0] as string },
      ],
    ])("products: %s", async (_name, q) => {
      const expected = nonTrivial(expectedProducts(q), data.products, Object.keys(q).length > 0);
      await expect(listAllProducts(client, q)).resolves.toEqual(expected);
    });

    it.each<[string, ProfilesQuery]>([
      ["no filter", {}],
      ["searchWord on name", { searchWord: "prod-" }],
      ["Korean searchWord", { searchWord: "운영" }],
      ["searchColumn profileNrn", { searchColumn: "profileNrn", searchWord: "Profile/7" }],
    ])("profiles: %s", async (_name, q) => {
      const expected = nonTrivial(expectedProfiles(q), data.profiles, Object.keys(q).length > 0);
      await expect(listAllProfiles(client, q)).resolves.toEqual(expected);
    });
  });

  it.each<[string, PackagesQuery]>([
    ["default platform (vpc)", {}],
    ["vpc", { platform: "vpc" }],
    ["classic", { platform: "classic" }],
  ])("packages: %s, in one request", async (_name, q) => {
    const expected = nonTrivial(expectedPackages(q), [], false);
    await expect(listAllPackages(client, q)).resolves.toEqual(expected);
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]?.target).toBe(
      q.platform === undefined ? "/ncf/api/v2/packages" : `/ncf/api/v2/packages?platform=${q.platform}`,
    );
  });

  it("the vpc and classic package lists differ (the platform filter is really applied)", async () => {
    const vpc = await listAllPackages(client, { platform: "vpc" });
    const classic = await listAllPackages(client, { platform: "classic" });
    expect(vpc.map((p) => p.name)).not.toEqual(classic.map((p) => p.name));
  });

  it("every list definition lists through the generic listAllOf", async () => {
    for (const kind of LIST_KINDS) {
      const items = await listAllOf(client, listDefinition(kind), {});
      const expected =
        kind === "packages"
          ? data.packages.vpc
          : kind === "policies"
            ? data.policies
            : kind === "products"
              ? data.products
              : data.profiles;
      expect(items).toEqual(expected);
    }
  });
});

describe("round trips", () => {
  it.each([
    ["policies", 7],
    ["policies", 25],
    ["products", 7],
    ["profiles", 25],
  ] as const)("%s with cap %i: one request per page, the first asking for pageSize", async (kind, cap) => {
    emulator.setPageSizeCap(kind, cap);
    const total = data[kind].length;
    const pages = Math.ceil(total / cap);
    const items =
      kind === "policies"
        ? await listAllPolicies(client, {}, { pageSize: 500 })
        : kind === "products"
          ? await listAllProducts(client, {}, { pageSize: 500 })
          : await listAllProfiles(client, {}, { pageSize: 500 });
    expect(items).toHaveLength(total);
    const recs = emulator.requests;
    // 1 first page + (pages - 1) further pages, no more
    expect(recs).toHaveLength(1 + (pages - 1));
    expect(recs.every((r) => r.status === 200)).toBe(true);
    if (kind === "products") {
      expect(recs[0]?.query).toEqual({ offset: "0", limit: "500" });
      const offsets = recs.slice(1).map((r) => Number(r.query.offset));
      expect(offsets.sort((a, b) => a - b)).toEqual(
        Array.from({ length: pages - 1 }, (_, i) => (i + 1) * cap),
      );
      expect(recs.slice(1).every((r) => r.query.limit === String(cap))).toBe(true);
    } else {
      expect(recs[0]?.query).toEqual({ page: "0", size: "500" });
      const indexes = recs.slice(1).map((r) => Number(r.query.page));
      expect(indexes.sort((a, b) => a - b)).toEqual(Array.from({ length: pages - 1 }, (_, i) => i + 1));
      expect(recs.slice(1).every((r) => r.query.size === String(cap))).toBe(true);
    }
  });

  it("a listing that fits in one page takes exactly one request", async () => {
    const items = await listAllPolicies(client, { searchWord: "개발팀" });
    expect(items.length).toBeGreaterThan(0);
    expect(emulator.requests).toHaveLength(1);
  });

  it("a pageSize below the cap is used as the page size", async () => {
    await expect(listAllProfiles(client, {}, { pageSize: 40 })).resolves.toEqual(data.profiles);
    expect(emulator.requests).toHaveLength(Math.ceil(data.profiles.length / 40));
  });

  describe("concurrency", () => {
    // The emulator reads its clock when a request arrives and again after its latency, before it
    // answers; at those instants the recorded requests still unanswered (status 0) are in flight.
    let emu: NcloudEmulator;
    let c: NcloudClient;
    let maxInFlight = 0;
    beforeAll(async () => {
      const holder: { emu?: NcloudEmulator } = {};
      emu = await NcloudEmulator.start({
        latencyMs: 15,
        pageSizeCaps: { policies: 10 },
        clock: () => {
          if (holder.emu !== undefined) {
            maxInFlight = Math.max(maxInFlight, holder.emu.requests.filter((r) => r.status === 0).length);
          }
          return Date.now();
        },
      });
      holder.emu = emu;
      c = clientFor(emu);
    });
    afterAll(async () => {
      c.close();
      await emu.stop();
    });
    beforeEach(() => {
      maxInFlight = 0;
      emu.clearRequests();
    });

    it.each([1, 2, 4])(
      "with concurrency %i the server sees at most that many page requests at once",
      async (n) => {
        const all = emu.data().policies ?? [];
        await expect(listAllPolicies(c, {}, { concurrency: n })).resolves.toEqual(all);
        expect(emu.requests).toHaveLength(Math.ceil(all.length / 10));
        expect(maxInFlight).toBeLessThanOrEqual(n);
        // the measurement sees sequential requests as one at a time...
        if (n === 1) expect(maxInFlight).toBe(1);
        // ...and page requests really overlap when allowed to (at least 2 in flight)
        else expect(maxInFlight).toBeGreaterThanOrEqual(2);
      },
    );
  });
});

describe("item shapes", () => {
  let emu: NcloudEmulator;
  let c: NcloudClient;
  const custom = {
    packages: {
      vpc: [
        { name: "pkg-no-description" },
        { name: "pkg-extra", description: "x", owner: "team-a", annotations: { tier: 1 } },
        { name: "pkg-null-description", description: null },
      ],
    },
    policies: [
      { policyId: "p-1", policyName: "minimal" },
      {
        policyId: "p-2",
        policyName: "with-extras",
        policyType: "USER_CREATED",
        policyDesc: null,
        nrn: "nrn:PUB:IAM::1:Policy/p-2",
        attachedCount: 3,
        tags: [{ key: "env", value: "prod" }],
      },
    ],
    products: [
      { productId: "pr-1", productName: "bare" },
      {
        productId: "pr-2",
        productName: "extras",
        isPublished: true,
        subscriptionCode: "PUBLIC",
        hasDeployedStage: true,
        zoneCode: "PUBLIC",
        brandNewField: { nested: [1, 2] },
      },
    ],
    profiles: [
      { profileId: "pf-1", name: "bare" },
      { profileId: "pf-2", name: "extras", roleNrnList: [], enabled: false, sessionPolicy: "strict" },
    ],
  } as unknown as EmulatorDataSet;

  beforeAll(async () => {
    emu = await NcloudEmulator.start({ data: custom });
    c = clientFor(emu);
  });
  afterAll(async () => {
    c.close();
    await emu.stop();
  });

  it("keeps fields the docs do not list and accepts missing or null optional fields", async () => {
    await expect(listAllPackages(c)).resolves.toEqual(custom.packages?.vpc);
    await expect(listAllPolicies(c)).resolves.toEqual(custom.policies);
    await expect(listAllProducts(c)).resolves.toEqual(custom.products);
    await expect(listAllProfiles(c)).resolves.toEqual(custom.profiles);
  });

  it("an empty list is an empty array", async () => {
    const empty = await NcloudEmulator.start({ data: {} });
    const ec = clientFor(empty);
    try {
      await expect(listAllPackages(ec, { platform: "classic" })).resolves.toEqual([]);
      await expect(listAllPolicies(ec)).resolves.toEqual([]);
      await expect(listAllProducts(ec)).resolves.toEqual([]);
      await expect(listAllProfiles(ec)).resolves.toEqual([]);
    } finally {
      ec.close();
      await empty.stop();
    }
  });
});

describe("broken servers fail loudly, never with a partial list", () => {
  async function failure<T extends Error>(
    p: Promise<unknown>,
    type: abstract new (...args: never[]) => T,
  ): Promise<T> {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(type);
    return err as T;
  }

  it.each([
    ["policies", "$.items[3].policyName", "expected string, got number 12345"],
    ["products", "$.productPage.content[3].productName", "expected string, got number 12345"],
    ["profiles", "$.content[3].name", "expected string, got null"],
    ["packages", "$.content[3].name", "expected string, got null"],
  ] as const)("a wrong-shaped %s item is a ResponseShapeError at %s", async (kind, path, problem) => {
    emulator.injectFault({ type: "wrong-shape", kind, index: 3 });
    const run =
      kind === "policies"
        ? listAllPolicies(client)
        : kind === "products"
          ? listAllProducts(client)
          : kind === "profiles"
            ? listAllProfiles(client)
            : listAllPackages(client);
    const err = await failure(run, ResponseShapeError);
    expect(err.jsonPath).toBe(path);
    expect(err.message).toContain(`unexpected response at ${path}: ${problem}`);
    expect(emulator.requests[0]?.faultDetail).toContain(path.replace(/^\$\./, ""));
  });

  it("a wrong-shaped item on a later page names that page's request", async () => {
    emulator.setPageSizeCap("policies", 7);
    emulator.injectFault({ type: "wrong-shape", kind: "policies", index: 3, afterRequests: 1 });
    const err = await failure(listAllPolicies(client, {}, { concurrency: 1 }), ResponseShapeError);
    expect(err.jsonPath).toBe("$.items[3].policyName");
    expect(err.path).toBe("/api/v1/policies?page=1&size=7");
    expect(err.service).toBe("subaccount");
  });

  it.each(["policies", "products", "profiles"] as const)(
    "stuck paging of %s is a PagingError",
    async (kind) => {
      emulator.setPageSizeCap(kind, 25);
      emulator.injectFault({ type: "stuck-paging", kind, times: Infinity });
      const run =
        kind === "policies"
          ? listAllPolicies(client)
          : kind === "products"
            ? listAllProducts(client)
            : listAllProfiles(client);
      const err = await failure(run, PagingError);
      expect(err.message).toMatch(/asked for page \d+ but the server answered page 0|came twice/);
      expect(err.message).toContain("the list was not returned because it would be incomplete");
    },
  );

  it.each(["policies", "products", "profiles"] as const)(
    "changing totals of %s is a PagingError",
    async (kind) => {
      emulator.setPageSizeCap(kind, 25);
      emulator.injectFault({ type: "changing-totals", kind, times: Infinity });
      const run =
        kind === "policies"
          ? listAllPolicies(client)
          : kind === "products"
            ? listAllProducts(client)
            : listAllProfiles(client);
      const err = await failure(run, PagingError);
      expect(err.message).toContain("the total changed from");
    },
  );

  it("an error on a later page fails the whole listing", async () => {
    emulator.setPageSizeCap("profiles", 25);
    emulator.injectFault({ type: "status", kind: "profiles", status: 403, afterRequests: 3 });
    const err = await failure(listAllProfiles(client, {}, { concurrency: 2 }), ApiError);
    expect(err.status).toBe(403);
    expect(err.service).toBe("externalaccess");
  });
});

describe("query validation", () => {
  async function invalid(p: Promise<unknown>): Promise<ValidationError> {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    // refused before anything was sent
    expect(emulator.requests).toHaveLength(0);
    return err as ValidationError;
  }

  it("a bad enum names the value and the allowed values", async () => {
    const a = await invalid(listAllPolicies(client, { type: "ALL" } as unknown as PoliciesQuery));
    expect(a.message).toContain('type "ALL" is not allowed; use one of: SYSTEM_MANAGED, USER_CREATED');
    const b = await invalid(listAllPackages(client, { platform: "gov" } as unknown as PackagesQuery));
    expect(b.message).toContain('platform "gov" is not allowed; use one of: vpc, classic');
    const c = await invalid(
      listAllProfiles(client, { searchColumn: "description" } as unknown as ProfilesQuery),
    );
    expect(c.message).toContain('searchColumn "description" is not allowed; use one of: name, profileNrn');
    const d = await invalid(
      listAllProducts(client, { subscriptionCode: "public" } as unknown as ProductsQuery),
    );
    expect(d.message).toContain('subscriptionCode "public" is not allowed; use one of: PUBLIC, PROTECTED');
  });

  it("a productName of 101 characters is refused, 100 is fine", async () => {
    const long = "a".repeat(101);
    const err = await invalid(listAllProducts(client, { productName: long }));
    expect(err.message).toContain(`productName ${JSON.stringify(long)}`);
    expect(err.message).toContain("at most 100 characters");
    await expect(listAllProducts(client, { productName: "a".repeat(100) })).resolves.toEqual([]);
  });

  it("an unknown key is refused by name", async () => {
    const err = await invalid(
      listAllPolicies(client, { policyType: "USER_CREATED" } as unknown as PoliciesQuery),
    );
    expect(err.message).toContain("unknown parameter(s) policyType");
  });

  it("a misspelt parameter gets the near name, as byName suggests names", async () => {
    const err = await invalid(listAllPolicies(client, { typ: "USER_CREATED" } as unknown as PoliciesQuery));
    expect(err.message).toBe(
      'policies query: unknown parameter(s) typ ("typ": did you mean "type"?); the parameters are type, searchColumn, searchWord',
    );
  });

  it("a wrongly typed boolean names the parameter", async () => {
    const err = await invalid(listAllProducts(client, { isPublished: "yes" } as unknown as ProductsQuery));
    expect(err.message).toContain('isPublished "yes"');
  });

  it("the list definitions validate the same way", () => {
    expect(() => validateQueryOf(listDefinition("policies"), { type: "ALL" })).toThrow(ValidationError);
    expect(validateQueryOf(listDefinition("products"), { isPublished: true })).toEqual({ isPublished: true });
  });
});
