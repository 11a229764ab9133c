import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { Credentials, defaultConfigFile, resolveCredentials } from "../lib/client/credentials";
import { CredentialsError, NcloudLookupsError } from "../lib/errors";

// Distinct, recognisable secrets so a leak of any of them into a message is caught.
const SECRETS = {
  explicit: "SECRET-explicit-6f1c0d2e9a",
  env: "SECRET-env-ncloud-key-7b3e",
  envSdk: "SECRET-env-sdk-key-1d9f",
  fileDefault: "SECRET-file-default-44aa",
  fileProd: "SECRET-file-prod-93bc",
  fileStaging: "SECRET-file-staging-0e0e",
};
const ALL_SECRETS = Object.values(SECRETS);

const CONFIGURE = [
  "[DEFAULT]",
  "ncloud_access_key_id = AK_FILE_DEFAULT",
  `ncloud_secret_access_key = ${SECRETS.fileDefault}`,
  "ncloud_api_url = https://ncloud.apigw.ntruss.com",
  "",
  "[prod]",
  "ncloud_access_key_id = AK_FILE_PROD",
  `ncloud_secret_access_key = ${SECRETS.fileProd}`,
  "",
  "[staging]",
  "ncloud_access_key_id = AK_FILE_STAGING",
  `ncloud_secret_access_key = ${SECRETS.fileStaging}`,
  "",
].join("\n");

let home: string;

/** A fresh HOME with `~/.ncloud/configure` holding `content` (or no file when null). */
function makeHome(content: string | null = CONFIGURE): string {
  const dir = mkdtempSync(join(tmpdir(), "ncloud-creds-"));
  mkdirSync(join(dir, ".ncloud"));
  if (content !== null) writeFileSync(join(dir, ".ncloud", "configure"), content, { mode: 0o600 });
  return dir;
}

function configPath(dir: string): string {
  return join(dir, ".ncloud", "configure");
}

/** Runs `fn`, expects a CredentialsError, and checks no secret leaks into it. */
function credentialsError(fn: () => unknown): CredentialsError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(CredentialsError);
  const err = caught as CredentialsError;
  expect(NcloudLookupsError.isNcloudLookupsError(err)).toBe(true);
  expect(err.code).toBe("CREDENTIALS");
  const surfaces = [
    err.message,
    String(err),
    inspect(err),
    JSON.stringify(err),
    JSON.stringify(err.searched),
  ];
  for (const s of surfaces) for (const secret of ALL_SECRETS) expect(s).not.toContain(secret);
  return err;
}

function expectNoSecretIn(creds: Credentials, secret: string): void {
  const json = JSON.stringify(creds);
  expect(json).not.toContain(secret);
  expect(JSON.parse(json)).toEqual({
    accessKey: creds.accessKey,
    source: creds.source,
    ...(creds.profile !== undefined ? { profile: creds.profile } : {}),
    secretKey: "[redacted]",
  });
  expect(inspect(creds)).not.toContain(secret);
  expect(inspect(creds, { showHidden: true, depth: 10 })).not.toContain(secret);
  expect(inspect({ nested: { creds } })).not.toContain(secret);
  expect(String(creds)).not.toContain(secret);
  expect(`${creds}`).not.toContain(secret);
  expect(JSON.stringify({ ...creds })).not.toContain(secret);
  expect(Object.keys(creds)).not.toContain("secretKey");
  // ...while the secret is still there to sign with.
  expect(creds.secretKey).toBe(secret);
}

beforeEach(() => {
  home = makeHome();
});

afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

describe("resolveCredentials: precedence", () => {
  const fullEnv = (): NodeJS.ProcessEnv => ({
    HOME: home,
    NCLOUD_ACCESS_KEY: "AK_ENV",
    NCLOUD_SECRET_KEY: SECRETS.env,
    NCLOUD_ACCESS_KEY_ID: "AK_ENV_SDK",
    NCLOUD_SECRET_ACCESS_KEY: SECRETS.envSdk,
    NCLOUD_PROFILE: "staging",
  });

  it("explicit keys win over an explicit profile, the environment and the file", () => {
    const c = resolveCredentials({
      accessKey: "AK_EXPLICIT",
      secretKey: SECRETS.explicit,
      profile: "prod",
      env: fullEnv(),
    });
    expect(c.accessKey).toBe("AK_EXPLICIT");
    expect(c.secretKey).toBe(SECRETS.explicit);
    expect(c.source).toBe("explicit");
  });

  it("an explicit profile wins over environment keys and NCLOUD_PROFILE", () => {
    const c = resolveCredentials({ profile: "prod", env: fullEnv() });
    expect(c.accessKey).toBe("AK_FILE_PROD");
    expect(c.secretKey).toBe(SECRETS.fileProd);
    expect(c.source).toContain("[prod]");
  });

  it("both names of a key set to different values: refused (the SDKs disagree on which wins), naming both", () => {
    const err = credentialsError(() => resolveCredentials({ env: fullEnv() }));
    expect(err.message).toContain(
      "NCLOUD_ACCESS_KEY_ID and NCLOUD_ACCESS_KEY are both set, to different values",
    );
    expect(err.message).not.toContain(SECRETS.envSdk);
    expect(err.message).not.toContain(SECRETS.env);
  });

  it("the SDKs' names alone (NCLOUD_ACCESS_KEY_ID, NCLOUD_SECRET_ACCESS_KEY) are read", () => {
    const env = fullEnv();
    delete env.NCLOUD_ACCESS_KEY;
    delete env.NCLOUD_SECRET_KEY;
    const c = resolveCredentials({ env });
    expect(c.accessKey).toBe("AK_ENV_SDK");
    expect(c.secretKey).toBe(SECRETS.envSdk);
    expect(c.source).toBe("environment (NCLOUD_ACCESS_KEY_ID, NCLOUD_SECRET_ACCESS_KEY)");
  });

  it("NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY (the Terraform provider's names) win over the file", () => {
    const env = fullEnv();
    delete env.NCLOUD_ACCESS_KEY_ID;
    delete env.NCLOUD_SECRET_ACCESS_KEY;
    const c = resolveCredentials({ env });
    expect(c.accessKey).toBe("AK_ENV");
    expect(c.secretKey).toBe(SECRETS.env);
    expect(c.source).toBe("environment (NCLOUD_ACCESS_KEY)");
  });

  it.each([
    ["NCLOUD_ACCESS_KEY", "NCLOUD_SECRET_ACCESS_KEY"],
    ["NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_KEY"],
  ])("mixed names %s + %s work, as in the SDKs", (akVar, skVar) => {
    const c = resolveCredentials({ env: { HOME: home, [akVar]: "AK_MIXED", [skVar]: SECRETS.env } });
    expect(c.accessKey).toBe("AK_MIXED");
    expect(c.secretKey).toBe(SECRETS.env);
    expect(c.source).toBe(`environment (${akVar}, ${skVar})`);
  });

  it("blank environment values count as unset", () => {
    const c = resolveCredentials({
      env: { HOME: home, NCLOUD_ACCESS_KEY: "   ", NCLOUD_SECRET_KEY: "", NCLOUD_ACCESS_KEY_ID: "\t" },
    });
    expect(c.accessKey).toBe("AK_FILE_DEFAULT");
  });

  it("falls back to [DEFAULT] of $HOME/.ncloud/configure", () => {
    const c = resolveCredentials({ env: { HOME: home } });
    expect(c.accessKey).toBe("AK_FILE_DEFAULT");
    expect(c.secretKey).toBe(SECRETS.fileDefault);
    expect(c.source).toContain("[DEFAULT]");
    expect(defaultConfigFile({ HOME: home })).toBe(configPath(home));
  });

  it("uses the profile NCLOUD_PROFILE names", () => {
    const c = resolveCredentials({ env: { HOME: home, NCLOUD_PROFILE: "staging" } });
    expect(c.accessKey).toBe("AK_FILE_STAGING");
    expect(c.secretKey).toBe(SECRETS.fileStaging);
    expect(c.source).toContain("[staging]");
  });

  it("an explicit configFile is read instead of $HOME's", () => {
    const other = makeHome(
      `[DEFAULT]\nncloud_access_key_id = AK_OTHER\nncloud_secret_access_key = ${SECRETS.fileProd}\n`,
    );
    try {
      const c = resolveCredentials({ env: { HOME: home }, configFile: configPath(other) });
      expect(c.accessKey).toBe("AK_OTHER");
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("trims values read from the file", () => {
    const dir = makeHome(
      `[DEFAULT]\nncloud_access_key_id =   AK_SPACED   \nncloud_secret_access_key =  ${SECRETS.fileDefault}  \n`,
    );
    try {
      const c = resolveCredentials({ env: { HOME: dir } });
      expect(c.accessKey).toBe("AK_SPACED");
      expect(c.secretKey).toBe(SECRETS.fileDefault);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("resolveCredentials: half-set pairs", () => {
  it("explicit accessKey without secretKey is an error naming secretKey", () => {
    const err = credentialsError(() => resolveCredentials({ accessKey: "AK_EXPLICIT", env: { HOME: home } }));
    expect(err.message).toContain("half set");
    expect(err.message).toContain("secretKey is missing");
  });

  it("explicit secretKey without accessKey is an error naming accessKey, not showing the secret", () => {
    const err = credentialsError(() =>
      resolveCredentials({ secretKey: SECRETS.explicit, env: { HOME: home } }),
    );
    expect(err.message).toContain("accessKey is missing");
  });

  it("NCLOUD_SECRET_KEY with no access key variable is an error naming both access key variables", () => {
    const err = credentialsError(() =>
      resolveCredentials({ env: { HOME: home, NCLOUD_SECRET_KEY: SECRETS.env } }),
    );
    expect(err.message).toContain("half set");
    expect(err.message).toContain(
      "NCLOUD_SECRET_KEY is set but neither NCLOUD_ACCESS_KEY_ID nor NCLOUD_ACCESS_KEY is",
    );
    expect(err.message).not.toContain(SECRETS.env);
  });

  it("NCLOUD_ACCESS_KEY_ID with no secret variable is an error", () => {
    const err = credentialsError(() =>
      resolveCredentials({ env: { HOME: home, NCLOUD_ACCESS_KEY_ID: "AK" } }),
    );
    expect(err.message).toContain("neither NCLOUD_SECRET_ACCESS_KEY nor NCLOUD_SECRET_KEY");
    expect(err.searched.join("\n")).toContain("NCLOUD_ACCESS_KEY_ID");
  });
});

describe("resolveCredentials: configure file problems", () => {
  it("an unknown profile lists the profiles the file has", () => {
    const err = credentialsError(() => resolveCredentials({ profile: "qa", env: { HOME: home } }));
    expect(err.message).toContain('profile "qa"');
    expect(err.message).toContain("profiles there: DEFAULT, prod, staging");
    expect(err.message).toContain(configPath(home));
  });

  it("an unknown NCLOUD_PROFILE says where the name came from", () => {
    const err = credentialsError(() => resolveCredentials({ env: { HOME: home, NCLOUD_PROFILE: "dev" } }));
    expect(err.message).toContain('profile "dev" (from NCLOUD_PROFILE)');
    expect(err.message).toContain("DEFAULT, prod, staging");
  });

  it("a missing file lists every place searched", () => {
    const empty = makeHome(null);
    try {
      const err = credentialsError(() => resolveCredentials({ env: { HOME: empty } }));
      expect(err.message).toContain("no NCP credentials found");
      for (const where of [
        "explicit accessKey/secretKey",
        "NCLOUD_ACCESS_KEY_ID/NCLOUD_ACCESS_KEY/NCLOUD_SECRET_ACCESS_KEY/NCLOUD_SECRET_KEY",
        `${configPath(empty)} (not found)`,
      ]) {
        expect(err.message).toContain(where);
      }
      expect(err.searched).toHaveLength(3);
      expect(err.searched[2]).toBe(`${configPath(empty)} (not found)`);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("a configure path that is a directory is reported as unreadable", () => {
    const err = credentialsError(() => resolveCredentials({ env: { HOME: home }, configFile: home }));
    expect(err.message).toContain(`cannot read the configure file ${home}`);
    expect(err.message).toContain("EISDIR");
  });

  // chmod 000 does not stop root from reading: detect that instead of assuming.
  const unreadableBlocksReads = ((): boolean => {
    const dir = mkdtempSync(join(tmpdir(), "ncloud-chmod-"));
    const f = join(dir, "probe");
    writeFileSync(f, "x");
    chmodSync(f, 0o000);
    try {
      accessSync(f, constants.R_OK);
      return false;
    } catch {
      return true;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  (unreadableBlocksReads ? it : it.skip)(
    `an unreadable (chmod 000) file is reported with its path and EACCES${unreadableBlocksReads ? "" : " (skipped: chmod 000 does not block reads here, running as root?)"}`,
    () => {
      chmodSync(configPath(home), 0o000);
      const err = credentialsError(() => resolveCredentials({ env: { HOME: home } }));
      expect(err.message).toContain(configPath(home));
      expect(err.message).toContain("EACCES");
    },
  );

  it("a profile lacking the secret names the missing key and never a value", () => {
    const dir = makeHome(
      `[DEFAULT]\nncloud_access_key_id = AK_ONLY\n\n[prod]\nncloud_secret_access_key = ${SECRETS.fileProd}\n`,
    );
    try {
      const a = credentialsError(() => resolveCredentials({ env: { HOME: dir } }));
      expect(a.message).toContain("[DEFAULT] lacks ncloud_secret_access_key");
      const b = credentialsError(() => resolveCredentials({ profile: "prod", env: { HOME: dir } }));
      expect(b.message).toContain("[prod] lacks ncloud_access_key_id");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("content that is not a configure file (no sections, no keys) finds no DEFAULT profile", () => {
    const dir = makeHome("this is not\nan ini file at all\n\u0000\u0001binary\n");
    try {
      const err = credentialsError(() => resolveCredentials({ env: { HOME: dir } }));
      expect(err.message).toContain('profile "DEFAULT"');
      expect(err.message).toContain("profiles there: none");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keys outside any section are the default profile (the JS SDK's documented format)", () => {
    const dir = makeHome(
      `ncloud_access_key_id = AK_TOP\nncloud_secret_access_key = ${SECRETS.fileDefault}\n`,
    );
    try {
      const c = resolveCredentials({ env: { HOME: dir } });
      expect(c.accessKey).toBe("AK_TOP");
      expect(c.secretKey).toBe(SECRETS.fileDefault);
      // A named profile is still only its own section.
      const err = credentialsError(() => resolveCredentials({ env: { HOME: dir, NCLOUD_PROFILE: "prod" } }));
      expect(err.message).toContain("DEFAULT (keys outside any section)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a [DEFAULT] section overrides keys outside any section", () => {
    const dir = makeHome(
      `ncloud_access_key_id = AK_TOP\nncloud_secret_access_key = ${SECRETS.fileDefault}\n[DEFAULT]\nncloud_access_key_id = AK_SECTION\n`,
    );
    try {
      const c = resolveCredentials({ env: { HOME: dir } });
      expect(c.accessKey).toBe("AK_SECTION");
      expect(c.secretKey).toBe(SECRETS.fileDefault);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("blank key values count as missing", () => {
    const dir = makeHome("[DEFAULT]\nncloud_access_key_id =\nncloud_secret_access_key =   \n");
    try {
      const err = credentialsError(() => resolveCredentials({ env: { HOME: dir } }));
      expect(err.message).toContain("lacks ncloud_access_key_id and ncloud_secret_access_key");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Credentials never shows its secret", () => {
  it.each([
    [
      "explicit",
      () => resolveCredentials({ accessKey: "AK_EXPLICIT", secretKey: SECRETS.explicit }),
      SECRETS.explicit,
    ],
    [
      "environment",
      () =>
        resolveCredentials({
          env: { HOME: home, NCLOUD_ACCESS_KEY: "AK_ENV", NCLOUD_SECRET_KEY: SECRETS.env },
        }),
      SECRETS.env,
    ],
    ["file", () => resolveCredentials({ env: { HOME: home } }), SECRETS.fileDefault],
  ] as const)("from %s: JSON.stringify, util.inspect, String()", (_name, make, secret) => {
    expectNoSecretIn(make(), secret);
  });

  it("a hand-built Credentials hides its secret too", () => {
    const c = new Credentials("AK", SECRETS.explicit, "test");
    expectNoSecretIn(c, SECRETS.explicit);
    expect(String(c)).toBe("Credentials(AK from test)");
  });
});
