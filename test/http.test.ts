import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { parseNcpErrorBody, parseRetryAfter } from "../lib/client/answers";
import { NcloudClient, type AttemptEvent, type NcloudClientOptions } from "../lib/client/http";
import { parsePositiveInt } from "../lib/client/settings";
import { createHmac } from "node:crypto";
import { buildQueryString, requestUri, type QueryPair } from "../lib/client/signer";
import {
  ApiError,
  NcloudLookupsError,
  NetworkError,
  ResponseShapeError,
  ResponseTooLargeError,
  TimeoutError,
  ValidationError,
} from "../lib/errors";
import { NcloudEmulator, type FaultSpec } from "../lib/testing";

// A secret long and distinctive enough that any leak is unmistakable.
const SECRET = "http-test-secret-Zq8v1Lw0Rk3Xy7Tn";
const ACCESS = "HTTPTESTACCESSKEY001";

let emulator: NcloudEmulator;
const clients: NcloudClient[] = [];

beforeAll(async () => {
  emulator = await NcloudEmulator.start({ accessKey: ACCESS, secretKey: SECRET });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await emulator.stop();
});

beforeEach(() => {
  emulator.clearFaults();
  emulator.clearRequests();
});

interface Harness {
  readonly client: NcloudClient;
  /** Every delay the client asked to sleep, in ms (it never really sleeps). */
  readonly slept: number[];
  readonly attempts: AttemptEvent[];
}

function harness(options: NcloudClientOptions = {}): Harness {
  const slept: number[] = [];
  const attempts: AttemptEvent[] = [];
  const client = new NcloudClient({
    endpoint: emulator.url,
    credentials: { accessKey: ACCESS, secretKey: SECRET },
    env: {},
    random: () => 0.5,
    retryBaseDelayMs: 100,
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
    onAttempt: (e) => attempts.push(e),
    ...options,
  });
  clients.push(client);
  return { client, slept, attempts };
}

function inject(fault: FaultSpec): void {
  emulator.injectFault(fault);
}

async function rejection<T extends Error>(
  p: Promise<unknown>,
  type: abstract new (...args: never[]) => T,
): Promise<T> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  expect(NcloudLookupsError.isNcloudLookupsError(err)).toBe(true);
  return err as T;
}

const POLICY_PAIRS: QueryPair[] = [
  ["page", "0"],
  ["size", "5"],
];
const POLICY_TARGET = "/api/v1/policies?page=0&size=5";

function expectNoSecrets(err: Error, signatures: readonly string[] = []): void {
  for (const surface of [err.message, JSON.stringify(err), inspect(err), String(err)]) {
    expect(surface).not.toContain(SECRET);
    for (const s of signatures) expect(surface).not.toContain(s);
    expect(surface).not.toMatch(/x-ncp-apigw-signature-v2/i);
  }
}

describe("signed requests", () => {
  it("a signed request is accepted and the JSON body returned", async () => {
    const { client } = harness();
    const body = (await client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS)) as {
      items: unknown[];
      totalItems: number;
      page: number;
    };
    expect(body.page).toBe(0);
    expect(body.items).toEqual((emulator.data().policies ?? []).slice(0, 5));
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]?.status).toBe(200);
    expect(emulator.requests[0]?.accessKey).toBe(ACCESS);
    expect(client.accessKey).toBe(ACCESS);
    expect(client.credentialsSource).toBe("explicit");
  });

  it("sends the query byte for byte as buildQueryString makes it (and as it signed it)", async () => {
    const { client } = harness();
    const pairs: QueryPair[] = [
      ["page", "0"],
      ["size", "3"],
      ["searchColumn", "policyName"],
      ["searchWord", "보안팀 a+b/c&d=e!'()*~"],
      ["type", "USER_CREATED"],
    ];
    await client.getJson("subaccount", "/api/v1/policies", pairs);
    const rec = emulator.requests[0];
    expect(rec?.target).toBe(requestUri("/api/v1/policies", buildQueryString(pairs)));
    expect(rec?.target).toBe(
      "/api/v1/policies?page=0&size=3&searchColumn=policyName&searchWord=%EB%B3%B4%EC%95%88%ED%8C%80%20a%2Bb%2Fc%26d%3De%21%27%28%29%2A~&type=USER_CREATED",
    );
    expect(rec?.query.searchWord).toBe("보안팀 a+b/c&d=e!'()*~");
    expect(rec?.status).toBe(200);
  });

  it("sends a request without a query without a trailing ?", async () => {
    const { client } = harness();
    const body = (await client.getJson("cloudfunctions", "/ncf/api/v2/packages")) as { content: unknown[] };
    expect(emulator.requests[0]?.target).toBe("/ncf/api/v2/packages");
    expect(body.content).toEqual(emulator.data().packages?.vpc);
  });

  it("a wrong secret gets the gateway's 401, not retried, with no secret in the error", async () => {
    const wrong = "wrong-secret-Hh5Uu2Pp9Oo4";
    const { client, slept } = harness({ credentials: { accessKey: ACCESS, secretKey: wrong } });
    const err = await rejection(client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS), ApiError);
    expect(err.status).toBe(401);
    expect(err.ncpCode).toBe("200");
    expect(err.ncpMessage).toBe("Authentication Failed");
    expect(err.details).toBe("Signature mismatch.");
    expect(err.origin).toBe("APIGW");
    expect(err.attempts).toBe(1);
    expect(err.hint).toContain("clock");
    expect(slept).toEqual([]);
    expect(emulator.requests).toHaveLength(1);
    for (const s of [err.message, JSON.stringify(err), inspect(err)]) {
      expect(s).not.toContain(wrong);
      expect(s).not.toContain(SECRET);
    }
  });

  it("a timestamp more than 5 minutes off is refused (the client's clock is what it signs with)", async () => {
    const { client } = harness({ clock: () => Date.now() - 6 * 60 * 1000 });
    const err = await rejection(client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS), ApiError);
    expect(err.status).toBe(401);
    expect(err.details).toContain("5 minutes");
    expect(emulator.requests).toHaveLength(1);
  });

  it("re-signs every attempt with a fresh timestamp", async () => {
    // Both clocks jump 10 minutes while the client "sleeps" before its retry: a retry that reused the
    // first timestamp or signature would be refused as stale (401).
    let now = Date.now();
    const emu = await NcloudEmulator.start({ accessKey: ACCESS, secretKey: SECRET, clock: () => now });
    const stamps: number[] = [];
    const client = new NcloudClient({
      endpoint: emu.url,
      credentials: { accessKey: ACCESS, secretKey: SECRET },
      env: {},
      clock: () => {
        stamps.push(now);
        return now;
      },
      sleep: () => {
        now += 10 * 60 * 1000;
        return Promise.resolve();
      },
    });
    try {
      emu.injectFault({ type: "status", status: 503, times: 2 });
      const t0 = now;
      const body = (await client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS)) as {
        items: unknown[];
      };
      expect(body.items).toHaveLength(5);
      expect(emu.requests.map((r) => r.status)).toEqual([503, 503, 200]);
      expect(emu.requests.map((r) => r.time)).toEqual([t0, t0 + 600_000, t0 + 1_200_000]);
      // the client read its clock for each attempt's timestamp
      expect(new Set(stamps)).toEqual(new Set([t0, t0 + 600_000, t0 + 1_200_000]));
    } finally {
      client.close();
      await emu.stop();
    }
  });
});

describe("retries", () => {
  it("honours Retry-After on 429 (slept exactly Retry-After * 1000 ms)", async () => {
    const { client, slept, attempts } = harness();
    inject({ type: "status", status: 429, retryAfterSeconds: 3 });
    await client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS);
    expect(slept).toEqual([3000]);
    expect(emulator.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 429],
      [2, 200],
    ]);
  });

  it("honours a fractional Retry-After", async () => {
    const { client, slept } = harness();
    inject({ type: "status", status: 429, retryAfterSeconds: 0.25 });
    await client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS);
    expect(slept).toEqual([250]);
  });

  it("a Retry-After longer than maxRetryAfterMs fails at once", async () => {
    const { client, slept } = harness({ maxRetryAfterMs: 5000 });
    inject({ type: "status", status: 429, retryAfterSeconds: 6 });
    const err = await rejection(client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS), ApiError);
    expect(err.status).toBe(429);
    expect(err.ncpCode).toBe("420");
    expect(err.attempts).toBe(1);
    expect(slept).toEqual([]);
    expect(emulator.requests).toHaveLength(1);
  });

  it.each([500, 503, 504])("retries %i with exponential backoff, then succeeds", async (status) => {
    const { client, slept } = harness();
    inject({ type: "status", status, times: 2 });
    const body = (await client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS)) as {
      items: unknown[];
    };
    expect(body.items).toEqual((emulator.data().policies ?? []).slice(0, 5));
    expect(emulator.requests.map((r) => r.status)).toEqual([status, status, 200]);
    // base 100 ms doubling, jitter = ceiling/2 + random*ceiling/2 with random 0.5
    expect(slept).toEqual([75, 150]);
    expect(client.attempts).toBe(3);
  });

  it("caps the backoff at retryMaxDelayMs", async () => {
    const { client, slept } = harness({ retryMaxDelayMs: 250, maxRetries: 5, random: () => 0 });
    inject({ type: "status", status: 500, times: 5 });
    await client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS);
    expect(slept).toEqual([50, 100, 125, 125, 125]);
  });

  it.each([400, 401, 403, 404])("does not retry %i", async (status) => {
    const { client, slept } = harness();
    inject({ type: "status", status, times: 3 });
    const err = await rejection(client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS), ApiError);
    expect(err.status).toBe(status);
    expect(err.attempts).toBe(1);
    expect(slept).toEqual([]);
    expect(emulator.requests).toHaveLength(1);
  });

  it("an unknown path is the gateway's 404, not retried", async () => {
    const { client } = harness();
    const err = await rejection(client.getJson("subaccount", "/api/v1/no-such-list"), ApiError);
    expect(err.status).toBe(404);
    expect(err.ncpCode).toBe("300");
    expect(err.path).toBe("/api/v1/no-such-list");
    expect(err.hint).toContain("NCLOUD_SITE");
    expect(emulator.requests).toHaveLength(1);
  });

  it("when retries run out: ApiError with every detail and no secret or signature", async () => {
    const fixedNow = Date.now();
    const { client, slept } = harness({ maxRetries: 2, clock: () => fixedNow });
    inject({ type: "status", status: 503, times: Infinity });
    const err = await rejection(client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS), ApiError);
    expect(err).toMatchObject({
      code: "API",
      status: 503,
      ncpCode: "500",
      ncpMessage: "Endpoint Error",
      details: "Injected by the emulator.",
      origin: "APIGW",
      service: "subaccount",
      method: "GET",
      path: POLICY_TARGET,
      attempts: 3,
    });
    expect(err.message).toBe(
      `subaccount GET ${POLICY_TARGET} failed with HTTP 503 (NCP error code 500): Endpoint Error (Injected by the emulator.; request id ${String(err.requestId)}) after 3 attempts; NCP had a server error: retry later`,
    );
    expect(slept).toHaveLength(2);
    expect(emulator.requests).toHaveLength(3);
    // The signature these requests carried, computed here from NCP's format (not with signV2).
    const signature = createHmac("sha256", SECRET)
      .update(`GET ${POLICY_TARGET}\n${String(fixedNow)}\n${ACCESS}`)
      .digest("base64");
    expect(emulator.requests[0]?.target).toBe(POLICY_TARGET);
    expectNoSecrets(err, [signature]);
    const json = JSON.parse(JSON.stringify(err)) as Record<string, unknown>;
    expect(json.status).toBe(503);
    expect(json.attempts).toBe(3);
  });

  it("redacts the secret key if an error body echoes it", async () => {
    const { client } = harness();
    inject({ type: "status", status: 400, message: `bad key ${SECRET} here` });
    const err = await rejection(client.getJson("apigateway", "/api/v1/products"), ApiError);
    expect(err.ncpMessage).toBe("bad key [redacted] here");
    expectNoSecrets(err);
  });

  it("maxRetries 0 means one attempt", async () => {
    const { client, slept } = harness({ maxRetries: 0 });
    inject({ type: "status", status: 500, times: Infinity });
    const err = await rejection(client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS), ApiError);
    expect(err.attempts).toBe(1);
    expect(slept).toEqual([]);
    expect(emulator.requests).toHaveLength(1);
  });
});

describe("connection failures and limits", () => {
  it("retries a connection reset, then succeeds", async () => {
    const { client, slept } = harness();
    inject({ type: "reset", times: 1 });
    const body = (await client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS)) as {
      items: unknown[];
    };
    expect(body.items).toHaveLength(5);
    expect(emulator.requests.map((r) => [r.fault, r.status])).toEqual([
      ["reset", 0],
      [undefined, 200],
    ]);
    expect(slept).toEqual([75]);
  });

  it("a reset on every attempt ends in NetworkError after the maximum", async () => {
    const { client, attempts } = harness({ maxRetries: 2 });
    inject({ type: "reset", times: Infinity });
    const err = await rejection(client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS), NetworkError);
    expect(err.code).toBe("NETWORK");
    expect(err.attempts).toBe(3);
    expect(err.path).toBe(POLICY_TARGET);
    expect(err.service).toBe("subaccount");
    expect(err.message).toContain("after 3 attempts");
    expect(err.message).toMatch(/connection reset|socket hang up/);
    expect(emulator.requests).toHaveLength(3);
    expect(attempts.map((a) => a.status)).toEqual([0, 0, 0]);
    expectNoSecrets(err);
  });

  it("a refused connection is a NetworkError", async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const { client } = harness({ endpoint: `http://127.0.0.1:${port}`, maxRetries: 1 });
    const err = await rejection(client.getJson("subaccount", "/api/v1/policies"), NetworkError);
    expect(err.message).toContain("connection refused");
    expect(err.attempts).toBe(2);
  });

  it("a hanging server gives TimeoutError", async () => {
    const { client } = harness({ timeoutMs: 300 });
    inject({ type: "hang", times: Infinity });
    const err = await rejection(client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS), TimeoutError);
    expect(err.code).toBe("TIMEOUT");
    expect(err.message).toContain("timed out");
    expect(err.message).toContain("300 ms");
    expect(err.timeoutMs).toBe(300);
    expect(err.path).toBe(POLICY_TARGET);
    expect(emulator.requests[0]?.fault).toBe("hang");
  });

  it("a truncated body is a NetworkError after the retries", async () => {
    const { client, slept } = harness({ maxRetries: 1 });
    inject({ type: "truncate", times: Infinity });
    const err = await rejection(client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS), NetworkError);
    expect(err.attempts).toBe(2);
    expect(slept).toHaveLength(1);
    expect(emulator.requests.map((r) => r.fault)).toEqual(["truncate", "truncate"]);
  });

  it("a truncated body once is retried and the full body returned", async () => {
    const { client } = harness();
    inject({ type: "truncate", times: 1 });
    const body = (await client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS)) as {
      items: unknown[];
    };
    expect(body.items).toEqual((emulator.data().policies ?? []).slice(0, 5));
  });

  it("an oversize body gives ResponseTooLargeError, not retried", async () => {
    const { client, slept } = harness({ maxResponseBytes: 10_000 });
    inject({ type: "oversize", bytes: 60_000, times: Infinity });
    const err = await rejection(
      client.getJson("subaccount", "/api/v1/policies", POLICY_PAIRS),
      ResponseTooLargeError,
    );
    expect(err.code).toBe("RESPONSE_TOO_LARGE");
    expect(err.limitBytes).toBe(10_000);
    expect(err.message).toContain("exceeds 10000 bytes");
    expect(slept).toEqual([]);
    expect(emulator.requests).toHaveLength(1);
  });

  it("a normal body over maxResponseBytes is refused too, and one under it is fine", async () => {
    const small = harness({ maxResponseBytes: 2_000 });
    await rejection(
      small.client.getJson("subaccount", "/api/v1/policies", [["size", "100"]]),
      ResponseTooLargeError,
    );
    const { client } = harness({ maxResponseBytes: 2_000 });
    const body = (await client.getJson("subaccount", "/api/v1/policies", [["size", "1"]])) as {
      items: unknown[];
    };
    expect(body.items).toHaveLength(1);
  });

  describe("a 200 that is not JSON", () => {
    // The emulator only answers JSON, so this one case uses a bare loopback server of its own.
    let server: Server;
    let url: string;
    beforeAll(async () => {
      server = createServer((_req, res) => {
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<html>captive portal</html>");
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise<void>((r) => server.close(() => r()));
    });

    it("is a ResponseShapeError at $", async () => {
      const { client } = harness({ endpoint: url });
      const err = await rejection(client.getJson("externalaccess", "/api/v1/profiles"), ResponseShapeError);
      expect(err.jsonPath).toBe("$");
      expect(err.code).toBe("RESPONSE_SHAPE");
      expect(err.message).toContain("body is not JSON (27 bytes)");
      expect(err.path).toBe("/api/v1/profiles");
      client.close();
    });
  });
});

describe("NCP error bodies", () => {
  it("gateway shape: {error:{errorCode (string), message, details}}", async () => {
    const { client } = harness();
    inject({ type: "status", status: 403, origin: "APIGW", ncpCode: "230", message: "Forbidden" });
    const err = await rejection(client.getJson("apigateway", "/api/v1/products"), ApiError);
    expect(err).toMatchObject({
      status: 403,
      ncpCode: "230",
      ncpMessage: "Forbidden",
      details: "Injected by the emulator.",
      origin: "APIGW",
      service: "apigateway",
    });
    expect(err.hint).toContain("permission");
  });

  it("Sub Account flat shape: {errorCode (integer), message}", async () => {
    const { client } = harness();
    inject({ type: "status", status: 400, ncpCode: 9011, message: "Invalid parameter" });
    const err = await rejection(client.getJson("subaccount", "/api/v1/policies"), ApiError);
    expect(err.ncpCode).toBe("9011");
    expect(err.ncpMessage).toBe("Invalid parameter: Injected by the emulator.");
    expect(err.origin).toBe("ENDPOINT");
    expect(err.details).toBeUndefined();
  });

  it("External Access shape: {error:{errorCode, message, requestId}}", async () => {
    const { client } = harness();
    inject({ type: "status", status: 400 });
    const err = await rejection(client.getJson("externalaccess", "/api/v1/profiles"), ApiError);
    expect(err.ncpCode).toBe("100");
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(err.details).toBeUndefined();
    expect(err.message).toContain(`(request id ${err.requestId})`);
  });

  it("Cloud Functions no permission: 403 80002 SUB_ACC_NO_PERMISSION", async () => {
    const { client } = harness();
    inject({ type: "no-permission" });
    const err = await rejection(client.getJson("cloudfunctions", "/ncf/api/v2/packages"), ApiError);
    expect(err).toMatchObject({
      status: 403,
      ncpCode: "80002",
      ncpMessage: "SUB_ACC_NO_PERMISSION",
      attempts: 1,
    });
  });

  it("gateway permission denied: 401 210, with the permission hint", async () => {
    const { client } = harness();
    inject({ type: "no-permission" });
    const err = await rejection(client.getJson("subaccount", "/api/v1/policies"), ApiError);
    expect(err).toMatchObject({ status: 401, ncpCode: "210", ncpMessage: "Permission Denied", attempts: 1 });
    expect(err.hint).toContain("lacks permission");
  });
});

describe("parseNcpErrorBody", () => {
  it.each([
    [
      "gateway",
      '{"error":{"errorCode":"200","message":"Authentication Failed","details":"Invalid authentication information."}}',
      { code: "200", message: "Authentication Failed", details: "Invalid authentication information." },
    ],
    [
      "gateway, integer code, no details",
      '{"error":{"errorCode":410,"message":"Throttled"}}',
      { code: "410", message: "Throttled" },
    ],
    [
      "Sub Account flat",
      '{"errorCode":9011,"message":"Invalid parameter"}',
      { code: "9011", message: "Invalid parameter" },
    ],
    [
      "External Access",
      '{"error":{"errorCode":"300","message":"Not Found","requestId":"6b1c2d3e-aaaa-bbbb-cccc-000011112222"}}',
      { code: "300", message: "Not Found", requestId: "6b1c2d3e-aaaa-bbbb-cccc-000011112222" },
    ],
    [
      "requestId at top level",
      '{"error":{"errorCode":"900"},"requestId":"r-1"}',
      { code: "900", requestId: "r-1" },
    ],
    ["code/errorMessage aliases", '{"code":"E1","errorMessage":"boom"}', { code: "E1", message: "boom" }],
    ["not JSON", "<html>502 Bad Gateway</html>", {}],
    ["empty", "", {}],
    ["JSON null", "null", {}],
    ["JSON string", '"oops"', {}],
    ["wrong types ignored", '{"error":{"errorCode":{"x":1},"message":["a"],"details":true}}', {}],
  ])("%s", (_name, body, expected) => {
    expect(parseNcpErrorBody(body)).toEqual(expected);
    expect(parseNcpErrorBody(Buffer.from(body, "utf8"))).toEqual(expected);
  });
});

describe("parseRetryAfter and parsePositiveInt", () => {
  const now = Date.UTC(2025, 0, 1, 0, 0, 0);
  it.each([
    ["3", 3000],
    ["0", 0],
    [" 1.5 ", 1500],
    [["2", "9"], 2000],
    [new Date(now + 7000).toUTCString(), 7000],
    [new Date(now - 7000).toUTCString(), 0],
    ["soon", undefined],
    ["", undefined],
    [undefined, undefined],
  ] as const)("Retry-After %p -> %p ms", (value, ms) => {
    expect(parseRetryAfter(value as string | string[] | undefined, now)).toBe(ms);
  });

  // Neither delay-seconds nor an IMF-fixdate (RFC 9110 10.2.3): ignored, so the normal backoff applies.
  it.each([["-1"], ["1 2"]])("an invalid Retry-After %p gives undefined", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it("parsePositiveInt accepts 1..max and names the setting otherwise", () => {
    expect(parsePositiveInt("300", "timeoutMs")).toBe(300);
    expect(parsePositiveInt(undefined, "timeoutMs")).toBeUndefined();
    for (const bad of ["0", "-5", "1.5", "abc", 2 ** 40]) {
      expect(() => parsePositiveInt(bad, "timeoutMs")).toThrow(ValidationError);
    }
    expect(() => parsePositiveInt("x", "NCLOUD_LOOKUPS_TIMEOUT_MS")).toThrow(/NCLOUD_LOOKUPS_TIMEOUT_MS/);
  });

  it("the client reads timeout and size caps from the environment and refuses bad ones", () => {
    const creds = { accessKey: "AK", secretKey: "SK-unused" };
    const c = new NcloudClient({
      credentials: creds,
      env: {
        NCLOUD_LOOKUPS_TIMEOUT_MS: "1234",
        NCLOUD_LOOKUPS_MAX_RESPONSE_BYTES: "999",
        NCLOUD_SITE: "fin",
      },
    });
    expect(c.timeoutMs).toBe(1234);
    expect(c.maxResponseBytes).toBe(999);
    expect(c.site).toBe("fin");
    c.close();
    expect(
      () => new NcloudClient({ credentials: creds, env: { NCLOUD_LOOKUPS_TIMEOUT_MS: "soon" } }),
    ).toThrow(ValidationError);
    expect(() => new NcloudClient({ credentials: creds, env: {}, maxRetries: 21 })).toThrow(ValidationError);
  });

  it("a client never shows its secret", () => {
    const c = new NcloudClient({ credentials: { accessKey: "AK", secretKey: SECRET }, env: {} });
    expect(inspect(c, { depth: 10, showHidden: true })).not.toContain(SECRET);
    expect(JSON.stringify(c)).not.toContain(SECRET);
    c.close();
  });
});
