import {
  isLoopbackHost,
  parseEndpointOverride,
  parseSite,
  resolveOrigin,
  SITES,
  type Site,
} from "../lib/client/endpoints";
import { BUILT_IN_LISTS } from "../lib/lists";
import { basePathOn } from "../lib/lists/definition";
import { NcloudClient } from "../lib/client/http";
import { ValidationError, type ServiceName } from "../lib/errors";
import { realmOf } from "../lib/lookups/key";

const SERVICES: readonly ServiceName[] = ["cloudfunctions", "subaccount", "apigateway", "externalaccess"];

function validationError(fn: () => unknown): ValidationError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ValidationError);
  expect((caught as ValidationError).code).toBe("VALIDATION");
  return caught as ValidationError;
}

/** The base path of a built-in list's service on a site, from its definition. */
function serviceBasePath(service: ServiceName, site: Site): string | undefined {
  const def = BUILT_IN_LISTS.find((d) => d.service === service);
  return def !== undefined ? basePathOn(def, site) : undefined;
}

/** Where a built-in list of a service goes: the client's origin and the definition's base path. */
function resolveEndpoint(
  service: ServiceName,
  site: Site,
  override?: string,
): { origin: string; basePath?: string } {
  return { origin: resolveOrigin(service, site, override), basePath: serviceBasePath(service, site) };
}

const basePaths: Record<ServiceName, string> = {
  cloudfunctions: "/ncf/api/v2",
  subaccount: "/api/v1",
  apigateway: "/api/v1",
  externalaccess: "/api/v1",
};

describe("resolveEndpoint: hosts per service and site", () => {
  const expected: Record<ServiceName, Record<string, string>> = {
    cloudfunctions: {
      public: "https://cloudfunctions.apigw.ntruss.com",
      gov: "https://cloudfunctions.apigw.gov-ntruss.com",
      fin: "https://cloudfunctions.apigw.fin-ntruss.com",
    },
    subaccount: {
      public: "https://subaccount.apigw.ntruss.com",
      gov: "https://subaccount.apigw.gov-ntruss.com",
      fin: "https://subaccount.apigw.fin-ntruss.com",
    },
    apigateway: {
      public: "https://apigateway.apigw.ntruss.com",
      gov: "https://apigateway.apigw.gov-ntruss.com",
      fin: "https://apigateway.apigw.fin-ntruss.com",
    },
    externalaccess: {
      public: "https://externalaccess.apigw.ntruss.com",
      gov: "https://externalaccess.apigw.gov-ntruss.com",
      fin: "https://externalaccess.apigw.fin-ntruss.com",
    },
  };

  it("lists the three sites in documentation order", () => {
    expect(SITES).toEqual(["public", "gov", "fin"]);
    // Literal expectations: the base paths come from the list definitions.
    for (const service of SERVICES) expect(serviceBasePath(service, "public")).toBe(basePaths[service]);
    expect(serviceBasePath("cloudfunctions", "gov")).toBe("/api/v2");
    expect(serviceBasePath("cloudfunctions", "fin")).toBe("/api/v2");
  });

  for (const service of SERVICES) {
    for (const site of SITES) {
      it(`${service} on ${site}`, () => {
        expect(resolveEndpoint(service, site)).toEqual({
          origin: expected[service]?.[site],
          // Gov and fin Cloud Functions serve the older /api/v2 (classic only), per NCP's gov and fin API docs.
          basePath:
            service === "cloudfunctions" && site !== "public" ? "/api/v2" : (basePaths[service] as string),
        });
      });
    }
  }

  it("an empty override means no override", () => {
    expect(resolveEndpoint("subaccount", "fin", "")).toEqual({
      origin: "https://subaccount.apigw.fin-ntruss.com",
      basePath: "/api/v1",
    });
  });
});

describe("parseSite", () => {
  it.each([
    [undefined, "public"],
    ["", "public"],
    ["public", "public"],
    ["GOV", "gov"],
    [" Fin ", "fin"],
  ] as const)("%p -> %p", (input, site) => {
    expect(parseSite(input)).toBe(site);
  });

  it("refuses an unknown site, naming the value, its source and the known sites", () => {
    const err = validationError(() => parseSite("private", "NCLOUD_SITE"));
    expect(err.message).toContain('NCLOUD_SITE "private"');
    expect(err.message).toContain("public, gov, fin");
  });
});

describe("endpoint override", () => {
  it.each([
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["http://127.1.2.3:9", "http://127.1.2.3:9"],
    ["http://localhost:3000", "http://localhost:3000"],
    ["http://LOCALHOST:3000/", "http://localhost:3000"],
    ["http://[::1]:8443", "http://[::1]:8443"],
    ["https://example.com", "https://example.com"],
    ["https://api.example.com:8443/", "https://api.example.com:8443"],
    ["  https://10.0.0.5  ", "https://10.0.0.5"],
  ])("accepts %s", (input, origin) => {
    expect(parseEndpointOverride(input)).toBe(origin);
  });

  it("replaces scheme and host but keeps every service's base path", () => {
    for (const service of SERVICES) {
      for (const site of SITES) {
        expect(resolveEndpoint(service, site, "http://127.0.0.1:4567")).toEqual({
          origin: "http://127.0.0.1:4567",
          basePath:
            service === "cloudfunctions" && site !== "public" ? "/api/v2" : (basePaths[service] as string),
        });
      }
    }
  });

  it.each([
    "http://10.0.0.5",
    "http://10.0.0.5:8080",
    "http://example.com",
    "http://192.168.1.10:80",
    "http://[fe80::1]",
    "http://0.0.0.0:80",
    "http://127.0.0.1.nip.io",
  ])("refuses plain http to a non-loopback host: %s", (input) => {
    const err = validationError(() => parseEndpointOverride(input));
    expect(err.message).toContain("not a loopback host");
    expect(err.message).toContain("https://");
  });

  it.each([
    ["https://example.com/api/v1", "path"],
    ["http://127.0.0.1:8080/ncf", "path"],
    ["https://example.com/?x=1", "query"],
    ["https://example.com#frag", "fragment"],
  ])("refuses a path, query or fragment: %s", (input) => {
    const err = validationError(() => parseEndpointOverride(input));
    expect(err.message).toContain("path, query or fragment");
  });

  it.each([
    "https://alice:hunter2xyz@example.com",
    "http://alice@127.0.0.1:8080",
    "https://:hunter2xyz@example.com",
  ])("refuses credentials in the URL without echoing them: %s", (input) => {
    const err = validationError(() => parseEndpointOverride(input));
    expect(err.message).toContain("user name or password");
    expect(err.message).not.toContain("alice");
    expect(err.message).not.toContain("hunter2xyz");
  });

  it.each(["ftp://127.0.0.1", "file:///etc/passwd", "ws://127.0.0.1:80"])(
    "refuses other schemes: %s",
    (input) => {
      const err = validationError(() => parseEndpointOverride(input));
      expect(err.message).toMatch(/scheme|path/);
    },
  );

  it.each(["127.0.0.1:8080", "not a url", ""])("refuses a non-URL: %p", (input) => {
    const err = validationError(() => parseEndpointOverride(input, "endpoint"));
    expect(err.message).toContain("endpoint");
  });

  it("resolveEndpoint validates the override too", () => {
    validationError(() => resolveEndpoint("apigateway", "public", "http://example.com"));
  });

  it("NcloudClient refuses a bad override before any request, from the option or the environment", () => {
    const creds = { accessKey: "AK", secretKey: "SK-not-used" };
    const a = validationError(
      () => new NcloudClient({ endpoint: "http://10.0.0.5:8080", credentials: creds, env: {} }),
    );
    expect(a.message).toContain("10.0.0.5");
    const b = validationError(
      () => new NcloudClient({ credentials: creds, env: { NCLOUD_LOOKUPS_ENDPOINT: "http://example.com" } }),
    );
    expect(b.message).toContain("NCLOUD_LOOKUPS_ENDPOINT");
    const ok = new NcloudClient({ endpoint: "http://[::1]:9", credentials: creds, env: {} });
    expect(ok.endpoint).toBe("http://[::1]:9");
    ok.close();
  });
});

describe("isLoopbackHost", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.255.255.254", true],
    ["localhost", true],
    ["api.localhost", false],
    ["[::ffff:7f00:1]", true],
    ["::ffff:127.0.0.1", true],
    ["[::1]", true],
    ["::1", true],
    ["0:0:0:0:0:0:0:1", true],
    ["10.0.0.5", false],
    ["128.0.0.1", false],
    ["example.com", false],
    ["localhost.example.com", false],
    ["127.example.com", false],
    ["::", false],
    ["::ffff:10.0.0.5", false],
  ])("%s -> %s", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
  it.each([
    ["0.0.0.0", true],
    ["[::]", true],
    ["::ffff:0.0.0.0", true],
    ["10.0.0.5", false],
  ])("%s is this machine (the lock file's local realm): %s", (host, local) => {
    expect(isLoopbackHost(host, true)).toBe(local);
  });
});

describe("realmOf: the lock file's realm from the parsed address", () => {
  it.each([
    ["https://[::ffff:127.0.0.1]", "local"],
    ["https://[::ffff:7f00:1]:8443", "local"],
    ["https://0.0.0.0", "local"],
    ["https://[::]:9000", "local"],
    ["http://127.1:8080", "local"],
    ["https://api.localhost", undefined],
    ["https://10.0.0.1", undefined],
    ["https://subaccount.apigw.ntruss.com", undefined],
  ])("%s -> %s", (endpoint, realm) => {
    expect(realmOf(endpoint)).toBe(realm);
  });
});
