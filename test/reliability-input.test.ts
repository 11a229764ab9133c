/**
 * Bad input, where users give it: every CLI flag and lock command argument with a wrong value (exit 2,
 * the message naming the value and what is allowed, nothing sent), every construct prop with a wrong
 * value (ValidationError naming the value), and credentials that cannot be used (exit 1, the message
 * saying where the CLI looked). The CLI runs as a real process: run `npm run build` first.
 */
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { TerraformStack, Testing } from "cdktf";
import type { Construct } from "constructs";
import { ApiGatewayProducts } from "../lib/constructs/built-in";
import { CloudFunctionsPackages } from "../lib/constructs/built-in";
import { ExternalAccessProfiles } from "../lib/constructs/built-in";
import type { ListLookupBase, NcloudLookupProps } from "../lib/constructs/lookup";
import { NcloudLookups } from "../lib/constructs/settings";
import { SubAccountPolicies } from "../lib/constructs/built-in";
import { CredentialsError, ValidationError } from "../lib/errors";
import { LookupBridge } from "../lib/lookups/bridge";
import type { ResolveSettings } from "../lib/lookups/store";
import type { ListKind } from "../lib/services/meta";
import { NcloudEmulator } from "../lib/testing";
import {
  bytesOf,
  distFile,
  isolateLookupEnv,
  TempDirs,
  thrownBy,
  withProcessEnv,
} from "./helpers/lookup-harness";

const CLI = distFile("cli", "main.js");
const dirs = new TempDirs();
let emu: NcloudEmulator;
let home: string;
let restoreEnv: () => void;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cliEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NCLOUD_METADATA_API_ENDPOINT: "http://127.0.0.1:9",
    HOME: home,
    NCLOUD_LOOKUPS_ENDPOINT: emu.url,
    NCLOUD_ACCESS_KEY: emu.accessKey,
    NCLOUD_SECRET_KEY: emu.secretKey,
    NCLOUD_LOOKUPS_LOCK_FILE: path.join(home, "ncloud.lookups.json"),
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function cli(args: readonly string[], extra: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: cliEnv(extra), cwd: home, timeout: 30_000, killSignal: "SIGKILL", encoding: "utf8" },
      (err, stdout, stderr) => {
        const c = (err as { code?: unknown } | null)?.code;
        resolve({ code: err === null ? 0 : typeof c === "number" ? c : null, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  restoreEnv = isolateLookupEnv();
  home = dirs.make("ncloud-input-");
  emu = await NcloudEmulator.start();
});

afterAll(async () => {
  await LookupBridge.stopShared();
  await emu?.stop();
  restoreEnv();
  dirs.cleanup();
});

const long = (n: number): string => "x".repeat(n);

/** [args, extra environment, what the message must name]. */
const USAGE_ERRORS: Array<[string, string[], Record<string, string>, string[]]> = [
  // list: filter flags of every list
  ["--platform", ["list", "packages", "--platform", "arm"], {}, ['"arm"', "vpc, classic"]],
  [
    "--search-column (policies)",
    ["list", "policies", "--search-column", "name"],
    {},
    ['"name"', "policyName"],
  ],
  [
    "--search-column (profiles)",
    ["list", "profiles", "--search-column", "profileId"],
    {},
    ['"profileId"', "name, profileNrn"],
  ],
  [
    "--subscription-code",
    ["list", "products", "--subscription-code", "PRIVATE"],
    {},
    ['"PRIVATE"', "PUBLIC, PROTECTED"],
  ],
  [
    "--has-deployed-stage",
    ["list", "products", "--has-deployed-stage", "maybe"],
    {},
    ["maybe", "true, false"],
  ],
  [
    "--product-name of 101 characters",
    ["list", "products", "--product-name", long(101)],
    {},
    ["productName", long(101), "at most 100 characters"],
  ],
  [
    "--has-stage-not-associated-with-usage-plan-id empty",
    ["list", "products", "--has-stage-not-associated-with-usage-plan-id", ""],
    {},
    ['hasStageNotAssociatedWithUsagePlanId ""', "1"],
  ],
  [
    "--has-stage-not-associated-with-usage-plan-id of 201 characters",
    ["list", "products", "--has-stage-not-associated-with-usage-plan-id", long(201)],
    {},
    ["hasStageNotAssociatedWithUsagePlanId", "at most 200 characters"],
  ],
  [
    "--search-word of 1001 characters (policies)",
    ["list", "policies", "--search-word", long(1001)],
    {},
    ["searchWord", "at most 1000 characters"],
  ],
  [
    "--search-word of 1001 characters (profiles)",
    ["list", "profiles", "--search-word", long(1001)],
    {},
    ["searchWord", "at most 1000 characters"],
  ],
  // list: client flags
  ["--concurrency 0", ["list", "policies", "--concurrency", "0"], {}, ['"0"', "1 to 256"]],
  ["--concurrency 257", ["list", "policies", "--concurrency", "257"], {}, ['"257"', "1 to 256"]],
  ["--concurrency abc", ["list", "policies", "--concurrency", "abc"], {}, ['"abc"', "1 to 256"]],
  ["--timeout-ms 0", ["list", "policies", "--timeout-ms", "0"], {}, ['"0"', "from 1 to 2147483647"]],
  ["--timeout-ms -5", ["list", "policies", "--timeout-ms", "-5"], {}, ['"-5"', "from 1 to 2147483647"]],
  ["--timeout-ms 1.5", ["list", "policies", "--timeout-ms", "1.5"], {}, ['"1.5"', "from 1 to 2147483647"]],
  [
    "--timeout-ms above the timer limit",
    ["list", "policies", "--timeout-ms", "2147483648"],
    {},
    ['"2147483648"', "from 1 to 2147483647"],
  ],
  ["--site mars", ["list", "policies", "--site", "mars"], {}, ['"mars"', "public, gov, fin"]],
  ["--site empty", ["list", "policies", "--site", ""], {}, ["--site", "empty"]],
  [
    "--endpoint ftp://",
    ["list", "policies", "--endpoint", "ftp://x.example"],
    {},
    ["--endpoint", '"ftp:"', "https://"],
  ],
  [
    "--endpoint not a URL",
    ["list", "policies", "--endpoint", "not a url"],
    {},
    ['"not a url"', "scheme://host[:port]"],
  ],
  [
    "--endpoint with a path",
    ["list", "policies", "--endpoint", "http://127.0.0.1:1/api"],
    {},
    ["--endpoint", "/api", "scheme://host[:port]"],
  ],
  ["--output xml", ["list", "policies", "--output", "xml"], {}, ["xml", "json, table"]],
  // list: settings from the environment
  [
    "NCLOUD_SITE=mars",
    ["list", "policies"],
    { NCLOUD_SITE: "mars" },
    ["NCLOUD_SITE", '"mars"', "public, gov, fin"],
  ],
  [
    "NCLOUD_LOOKUPS_TIMEOUT_MS=abc",
    ["list", "policies"],
    { NCLOUD_LOOKUPS_TIMEOUT_MS: "abc" },
    ["NCLOUD_LOOKUPS_TIMEOUT_MS", '"abc"', "from 1 to"],
  ],
  [
    "NCLOUD_LOOKUPS_MAX_RESPONSE_BYTES=0",
    ["list", "policies"],
    { NCLOUD_LOOKUPS_MAX_RESPONSE_BYTES: "0" },
    ["NCLOUD_LOOKUPS_MAX_RESPONSE_BYTES", '"0"', "from 1 to"],
  ],
  [
    "NCLOUD_LOOKUPS_ENDPOINT=ftp://",
    ["list", "policies"],
    { NCLOUD_LOOKUPS_ENDPOINT: "ftp://x.example" },
    ["NCLOUD_LOOKUPS_ENDPOINT", '"ftp:"'],
  ],
  // lock commands: flags
  [
    "fill --timeout-ms 0",
    ["fill", "--timeout-ms", "0", "policies@public"],
    {},
    ['"0"', "from 1 to 2147483647"],
  ],
  ["refresh --timeout-ms abc", ["refresh", "--timeout-ms", "abc"], {}, ['"abc"', "from 1 to 2147483647"]],
  ["check --timeout-ms -1", ["check", "--timeout-ms", "-1"], {}, ['"-1"', "from 1 to 2147483647"]],
  ["show --timeout-ms (not a show flag)", ["show", "--timeout-ms", "5"], {}, ["--timeout-ms"]],
  ["reset --profile (not a reset flag)", ["reset", "--profile", "x", "*"], {}, ["--profile"]],
  ["fill without a key", ["fill"], {}, ["key"]],
  ["reset without a pattern", ["reset"], {}, ["pattern"]],
  // fill: malformed keys
  ["fill garbage", ["fill", "garbage"], {}, ['"garbage"', "policies@public?type=SYSTEM_MANAGED"]],
  ["fill of an unknown list", ["fill", "widgets@public"], {}, ['"widgets@public"', "policies@public"]],
  ["fill of an unknown site", ["fill", "policies@mars"], {}, ['"policies@mars"']],
  [
    "fill with a bad enum value",
    ["fill", "policies@public?type=FOO"],
    {},
    ['"FOO"', "SYSTEM_MANAGED, USER_CREATED"],
  ],
  ["fill with a bad platform", ["fill", "packages@public?platform=arm"], {}, ['"arm"', "vpc, classic"]],
  ["fill with an unknown filter", ["fill", "policies@public?foo=bar"], {}, ["foo"]],
  [
    "fill with a broken %-escape",
    ["fill", "policies@public?searchWord=%E0%A4%A"],
    {},
    ["searchWord", "%-escape"],
  ],
  ["fill with a non-boolean", ["fill", "products@public?isPublished=yes"], {}, ['"yes"', "true or false"]],
  [
    "fill with an ftp endpoint",
    ["fill", "--endpoint", "ftp://x.example", "policies@public"],
    {},
    ['"ftp:"', "https://"],
  ],
  // unknown command
  ["an unknown command", ["fil"], {}, ["'fil'", "fill"]],
  // serve
  ["serve --latency-ms -1", ["serve", "--latency-ms", "-1"], {}, ['"-1"', "0 to 600000"]],
  ["serve --cap-policies 0", ["serve", "--cap-policies", "0"], {}, ['"0"', "from 1 to"]],
];

describe("a missing lock file", () => {
  it("show, check, reset and refresh say so alike: exit 1, one line naming the file and what records it", async () => {
    const lines = new Set<string>();
    for (const args of [["show"], ["check"], ["reset", "*"], ["refresh"]]) {
      const r = await cli(args, {});
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 1, stdout: "" });
      const line = r.stderr.trimEnd();
      expect(line.split("\n")).toHaveLength(1);
      expect(line).toContain(`${path.join(home, "ncloud.lookups.json")}: does not exist yet`);
      lines.add(line);
    }
    expect(lines.size).toBe(1);
  });
});

describe("CLI usage errors: exit 2, the value and the allowed ones named, nothing sent", () => {
  afterAll(() => {
    expect(emu.requests).toHaveLength(0);
  });

  it.concurrent.each(USAGE_ERRORS)("%s", async (_name, args, env, named) => {
    const r = await cli(args, env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ncloud-lookups: /);
    for (const n of named) expect(lines[0]).toContain(n.replace("<home>", home));
    expect(lines[1]).toMatch(/^Run 'ncloud-lookups( \w+)? --help' for usage\.$/);
    expect(r.stderr).not.toContain(emu.secretKey);
  });
});

it.each([
  ["widgets@public", "packages, policies, products, profiles"],
  ["policies@mars", "public, gov, fin"],
])("fill %s: exit 2 naming the allowed ones (%s)", async (key, allowed) => {
  const r = await cli(["fill", key]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(key);
  expect(r.stderr).toContain(allowed);
});

describe("credentials that cannot be used: exit 1, saying where the CLI looked, nothing sent", () => {
  const configure = (h: string): string => path.join(h, ".ncloud", "configure");

  it.each([
    [
      "NCLOUD_ACCESS_KEY without NCLOUD_SECRET_KEY",
      { NCLOUD_SECRET_KEY: undefined },
      ["NCLOUD_SECRET_KEY", "NCLOUD_ACCESS_KEY"],
    ],
    [
      "NCLOUD_SECRET_KEY without NCLOUD_ACCESS_KEY",
      { NCLOUD_ACCESS_KEY: undefined },
      ["NCLOUD_ACCESS_KEY", "NCLOUD_SECRET_KEY"],
    ],
    [
      "NCLOUD_SECRET_ACCESS_KEY without NCLOUD_ACCESS_KEY_ID",
      {
        NCLOUD_ACCESS_KEY: undefined,
        NCLOUD_SECRET_KEY: undefined,
        NCLOUD_SECRET_ACCESS_KEY: "s3cr3t-value",
      },
      ["NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_ACCESS_KEY"],
    ],
  ])("half set: %s (list and fill)", async (_name, env, named) => {
    const lock = path.join(dirs.make("ncloud-input-cred-"), "ncloud.lookups.json");
    for (const args of [
      ["list", "policies"],
      ["fill", "policies@public", "--lock-file", lock],
    ]) {
      const r = await cli(args, env);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      const lines = r.stderr.split("\n").filter((l) => l !== "");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain("half set");
      for (const n of named) expect(lines[0]).toContain(n);
      expect(r.stderr).not.toContain("s3cr3t-value");
    }
    expect(bytesOf(lock)).toBeUndefined();
  });

  it("a directory where ~/.ncloud/configure should be: names the file, the error and every place searched", async () => {
    const h = dirs.make("ncloud-input-home-");
    mkdirSync(configure(h), { recursive: true });
    const r = await cli(["list", "profiles"], {
      HOME: h,
      NCLOUD_ACCESS_KEY: undefined,
      NCLOUD_SECRET_KEY: undefined,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const line = r.stderr.trimEnd();
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toContain(`cannot read the configure file ${configure(h)}`);
    expect(line).toContain("EISDIR");
    expect(line).toContain("Searched:");
    expect(line).toContain(
      "NCLOUD_ACCESS_KEY_ID/NCLOUD_ACCESS_KEY/NCLOUD_SECRET_ACCESS_KEY/NCLOUD_SECRET_KEY",
    );
  });

  it("an unknown profile (--profile, NCLOUD_PROFILE, and fill --profile): names it, the profiles there and the places searched", async () => {
    const h = dirs.make("ncloud-input-home-");
    mkdirSync(path.dirname(configure(h)), { recursive: true });
    writeFileSync(
      configure(h),
      "[DEFAULT]\nncloud_access_key_id = AK1\nncloud_secret_access_key = SK-default-secret\n\n[prod]\nncloud_access_key_id = AK2\nncloud_secret_access_key = SK-prod-secret\n",
    );
    const noEnvKeys = { HOME: h, NCLOUD_ACCESS_KEY: undefined, NCLOUD_SECRET_KEY: undefined };
    const lock = path.join(h, "ncloud.lookups.json");
    const runs = [
      await cli(["list", "policies", "--profile", "staging"], noEnvKeys),
      await cli(["list", "policies"], { ...noEnvKeys, NCLOUD_PROFILE: "staging" }),
      await cli(["fill", "policies@public/staging", "--profile", "staging", "--lock-file", lock], noEnvKeys),
    ];
    for (const r of runs) {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`profile "staging"`);
      expect(r.stderr).toContain(configure(h));
      expect(r.stderr).toContain("profiles there: DEFAULT, prod");
      expect(r.stderr).toContain("Searched:");
      expect(r.stderr).not.toMatch(/SK-(default|prod)-secret/);
    }
    expect(runs[1]?.stderr).toContain("NCLOUD_PROFILE");
    expect(bytesOf(lock)).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Constructs

type AnyProps = NcloudLookupProps & Record<string, unknown>;
type Make = (scope: Construct, id: string, props: AnyProps) => ListLookupBase<object>;

const MAKERS: Record<ListKind, Make> = {
  packages: (s, id, p) => new CloudFunctionsPackages(s, id, p),
  policies: (s, id, p) => new SubAccountPolicies(s, id, p),
  products: (s, id, p) => new ApiGatewayProducts(s, id, p),
  profiles: (s, id, p) => new ExternalAccessProfiles(s, id, p),
};

/** [list, prop, value, what the message must name]. */
const FILTER_PROPS: Array<[ListKind, string, unknown, string[]]> = [
  ["packages", "platform", "arm", ['"arm"', "vpc, classic"]],
  ["packages", "platform", "VPC", ['"VPC"', "vpc, classic"]],
  ["policies", "type", "SYSTEM", ['"SYSTEM"', "SYSTEM_MANAGED, USER_CREATED"]],
  ["policies", "searchColumn", "name", ['"name"', "policyName"]],
  ["policies", "searchWord", long(1001), ["searchWord", "at most 1000"]],
  ["policies", "searchWord", "bad \uD800 text", ["searchWord", "lone surrogate"]],
  ["policies", "searchWord", 42, ["searchWord", "42"]],
  ["products", "productName", long(101), ["productName", "at most 100"]],
  ["products", "productName", "\uDC00", ["productName", "lone surrogate"]],
  ["products", "isPublished", "yes", ["isPublished", '"yes"']],
  ["products", "subscriptionCode", "PRIVATE", ['"PRIVATE"', "PUBLIC, PROTECTED"]],
  ["products", "hasDeployedStage", "true", ["hasDeployedStage", '"true"']],
  ["products", "hasStageNotAssociatedWithUsagePlanId", "", ["hasStageNotAssociatedWithUsagePlanId", '""']],
  [
    "products",
    "hasStageNotAssociatedWithUsagePlanId",
    long(201),
    ["hasStageNotAssociatedWithUsagePlanId", "at most 200"],
  ],
  ["profiles", "searchColumn", "profileId", ['"profileId"', "name, profileNrn"]],
  ["profiles", "searchWord", long(1001), ["searchWord", "at most 1000"]],
  ["profiles", "searchWord", ["a"], ["searchWord"]],
];

/** [prop, value, what the message must name]: props every construct takes. */
const COMMON_PROPS: Array<[string, unknown, string[]]> = [
  ["site", "mars", ['"mars"', "public, gov, fin"]],
  ["endpoint", "ftp://x.example", ["endpoint", '"ftp:"']],
  ["endpoint", "not a url", ['"not a url"']],
  ["endpoint", "http://10.0.0.1:80", ["10.0.0.1", "loopback"]],
  ["endpoint", "http://127.0.0.1:1/path", ["/path"]],
  ["mode", "offline", ['"offline"', "online, frozen, refresh"]],
  ["maxAge", "forever", ['"forever"', "12h"]],
  ["maxAge", "12x", ['"12x"']],
  ["maxAge", -5, ["-5"]],
  ["maxAge", 0, ["got 0"]],
  ["outputName", "1abc", ['"1abc"']],
  ["outputName", "has space", ['"has space"']],
  ["outputName", "", ['""']],
];

describe("construct props with wrong values: ValidationError at construction, naming the construct and the value", () => {
  const construct = (kind: ListKind, props: AnyProps): unknown => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "stack");
    // A lock file that does not exist and frozen mode: nothing here may reach the network.
    const lockFile = path.join(home, "never-written.json");
    return thrownBy(() => MAKERS[kind](stack, "lookup", { mode: "frozen", lockFile, ...props }));
  };

  const expectValidation = (err: unknown, named: readonly string[]): void => {
    expect(err).toBeInstanceOf(ValidationError);
    const message = (err as Error).message;
    expect(message).toMatch(/^stack\/lookup: /);
    for (const n of named) expect(message).toContain(n);
  };

  it.each(FILTER_PROPS)("%s: %s = %p", (kind, prop, value, named) => {
    expectValidation(construct(kind, { [prop]: value } as AnyProps), named);
  });

  const COMMON_ROWS = (["packages", "policies", "products", "profiles"] as const).flatMap((kind) =>
    COMMON_PROPS.map(([prop, value, named]): [ListKind, string, unknown, string[]] => [
      kind,
      prop,
      value,
      named,
    ]),
  );

  it.each(COMMON_ROWS)("%s: %s = %p", (kind, prop, value, named) => {
    expectValidation(construct(kind, { [prop]: value } as AnyProps), named);
  });

  it.each([
    ["site", "gov-cloud", ['"gov-cloud"', "public, gov, fin"]],
    ["endpoint", "http://192.168.0.1", ["192.168.0.1", "loopback"]],
    ["mode", "cached", ['"cached"', "online, frozen, refresh"]],
    ["maxAge", "soon", ['"soon"']],
  ] as Array<[string, unknown, string[]]>)(
    "NcloudLookups.configure(app, { %s: %p }) is refused the same way",
    (prop, value, named) => {
      const app = Testing.app();
      NcloudLookups.configure(app, { [prop]: value } as ResolveSettings);
      const stack = new TerraformStack(app, "stack");
      const err = thrownBy(
        () => new SubAccountPolicies(stack, "lookup", { lockFile: path.join(home, "x.json") }),
      );
      expectValidation(err, named);
    },
  );

  it.each([
    ["NCLOUD_SITE", "mars", ["NCLOUD_SITE", '"mars"', "public, gov, fin"]],
    ["NCLOUD_LOOKUPS_ENDPOINT", "ftp://x.example", ["NCLOUD_LOOKUPS_ENDPOINT", '"ftp:"']],
    ["NCLOUD_LOOKUPS_MODE", "offline", ["NCLOUD_LOOKUPS_MODE", '"offline"', "online, frozen, refresh"]],
    ["NCLOUD_LOOKUPS_MAX_AGE", "forever", ["NCLOUD_LOOKUPS_MAX_AGE", '"forever"']],
  ])("%s=%s in the environment is refused, naming the variable", (name, value, named) => {
    const err = withProcessEnv({ [name]: value }, () => {
      const stack = new TerraformStack(Testing.app(), "stack");
      return thrownBy(() => new ApiGatewayProducts(stack, "lookup", { lockFile: path.join(home, "x.json") }));
    });
    expectValidation(err, named);
  });

  it.each(["packages", "policies", "products", "profiles"] as const)(
    "%s: timeoutMs 0 is a ValidationError naming it, at the latest on first use, with nothing sent",
    (kind) => {
      const stack = new TerraformStack(Testing.app(), "stack");
      let err: unknown;
      try {
        const lookup = MAKERS[kind](stack, "lookup", {
          timeoutMs: 0,
          mode: "online",
          lockFile: path.join(dirs.make("ncloud-input-lock-"), "ncloud.lookups.json"),
          // A loopback port nobody listens on: a request would fail with a NetworkError instead.
          endpoint: "http://127.0.0.1:9",
          accessKey: "AK",
          secretKey: "SK-not-sent",
        });
        err = thrownBy(() => lookup.items);
      } catch (e) {
        err = e;
      }
      expectValidation(err, ["timeoutMs", '"0"']);
    },
  );

  it("half-set explicit keys are a CredentialsError naming the missing one, before any request", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const lookup = new SubAccountPolicies(stack, "lookup", {
      mode: "online",
      lockFile: path.join(dirs.make("ncloud-input-lock-"), "ncloud.lookups.json"),
      endpoint: "http://127.0.0.1:9",
      accessKey: "AK-only",
    });
    const err = thrownBy(() => lookup.items);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toMatch(/^stack\/lookup: .*secretKey is missing/);
  });
});
