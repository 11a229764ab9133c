import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { CredentialsError } from "../errors";
import { nonEmpty } from "./settings";

/** An NCP API key pair. The secret never shows in `JSON.stringify`, `util.inspect` or `String()`. */
export class Credentials {
  readonly accessKey: string;
  /** Where the pair came from, e.g. `environment (NCLOUD_ACCESS_KEY)` or `~/.ncloud/configure [prod]`. */
  readonly source: string;
  /** The configure-file profile the pair came from, when it came from the file. */
  readonly profile?: string;
  readonly #secretKey: string;
  constructor(accessKey: string, secretKey: string, source: string, profile?: string) {
    this.accessKey = accessKey;
    this.#secretKey = secretKey;
    this.source = source;
    if (profile !== undefined) this.profile = profile;
  }
  /** The secret key; read it only to sign. */
  get secretKey(): string {
    return this.#secretKey;
  }
  toJSON(): Record<string, string> {
    return {
      accessKey: this.accessKey,
      source: this.source,
      ...(this.profile !== undefined ? { profile: this.profile } : {}),
      secretKey: "[redacted]",
    };
  }
  toString(): string {
    return `Credentials(${this.accessKey} from ${this.source})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** Explicit settings; every field optional. */
export interface CredentialsOptions {
  readonly accessKey?: string;
  readonly secretKey?: string;
  /** Profile of `~/.ncloud/configure`; set here it is used even when environment keys exist. */
  readonly profile?: string;
  /** Environment to read (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Path of the configure file (default `$HOME/.ncloud/configure`). */
  readonly configFile?: string;
}

/**
 * Environment variables of each key, in the order NCP's SDKs read them (Go SDK `EnvProvider`, JS and
 * Java SDKs alike): each key is resolved on its own, so mixed names work.
 */
export const ACCESS_KEY_VARS = ["NCLOUD_ACCESS_KEY_ID", "NCLOUD_ACCESS_KEY"] as const;
/** Environment variables of the secret key, in the order the SDKs read them. */
export const SECRET_KEY_VARS = ["NCLOUD_SECRET_ACCESS_KEY", "NCLOUD_SECRET_KEY"] as const;

/**
 * Parses `~/.ncloud/configure` as NCP's SDKs and IAM authenticator read it: line by line; `[name]`
 * starts a section (any name, dots included: `[prod.eu]`); `key = value` takes everything after the
 * first `=` as the value, verbatim (a `;` or `#` inside a value is not a comment); whole lines starting
 * with `#` or `;` are comments. Keys before any section belong to the default profile. A key repeated
 * in one section: the last wins (the SDKs' reading). Keys are returned at the top level (no section)
 * and per section.
 */
export function parseConfigure(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let section: Record<string, string> | undefined;
  for (const raw of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[\s*([^\]]*?)\s*\]$/.exec(line);
    if (header !== null) {
      const name = header[1] as string;
      const there = out[name];
      section =
        typeof there === "object" && there !== null
          ? (there as Record<string, string>)
          : (out[name] = Object.create(null) as Record<string, string>);
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (section !== undefined) section[key] = value;
    else out[key] = value;
  }
  return out;
}

/** The configure file path used when none is given. */
export function defaultConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  const home = nonEmpty(env.HOME) ?? homedir();
  return join(home, ".ncloud", "configure");
}

/**
 * Resolves credentials: explicit keys > explicit profile > environment (each key on its own, as NCP's
 * SDKs read them: the access key from `NCLOUD_ACCESS_KEY_ID`, else `NCLOUD_ACCESS_KEY`; the secret from
 * `NCLOUD_SECRET_ACCESS_KEY`, else `NCLOUD_SECRET_KEY`) > configure file (profile `NCLOUD_PROFILE`, else
 * `DEFAULT`, which also holds keys written outside any section).
 *
 * @throws CredentialsError naming every place searched (never a value) when nothing complete is found,
 *   when a pair is half set, when the file is unreadable or the profile unknown.
 */
export function resolveCredentials(options: CredentialsOptions = {}): Credentials {
  const env = options.env ?? process.env;
  const searched: string[] = [];
  const ak = nonEmpty(options.accessKey);
  const sk = nonEmpty(options.secretKey);
  if (ak !== undefined || sk !== undefined) {
    if (ak === undefined || sk === undefined) {
      throw new CredentialsError(
        `explicit credentials are half set: ${ak === undefined ? "accessKey" : "secretKey"} is missing; give both accessKey and secretKey, or neither`,
        ["explicit accessKey/secretKey"],
      );
    }
    return new Credentials(ak, sk, "explicit");
  }
  searched.push("explicit accessKey/secretKey (none given)");
  const explicitProfile = nonEmpty(options.profile);
  const file = configFileOf(env, options.configFile);
  if (explicitProfile !== undefined) {
    return fromConfigFile(file, explicitProfile, searched, "profile option");
  }
  for (const names of [ACCESS_KEY_VARS, SECRET_KEY_VARS]) {
    const [a, b] = names;
    const va = nonEmpty(env[a]);
    const vb = nonEmpty(env[b]);
    if (va !== undefined && vb !== undefined && va !== vb) {
      // NCP's SDKs disagree on which wins (Go prefers the first name, Java the second): refuse.
      throw new CredentialsError(
        `${a} and ${b} are both set, to different values; NCP's SDKs disagree on which one wins, so this library uses neither: unset one of them`,
        [...searched, `environment ${a}/${b} (both set, different)`],
      );
    }
  }
  const akName = ACCESS_KEY_VARS.find((n) => nonEmpty(env[n]) !== undefined);
  const skName = SECRET_KEY_VARS.find((n) => nonEmpty(env[n]) !== undefined);
  if (akName !== undefined && skName !== undefined) {
    return new Credentials(
      nonEmpty(env[akName]) as string,
      nonEmpty(env[skName]) as string,
      `environment (${akName === "NCLOUD_ACCESS_KEY" && skName === "NCLOUD_SECRET_KEY" ? akName : `${akName}, ${skName}`})`,
    );
  }
  if (akName !== undefined || skName !== undefined) {
    const missing = akName === undefined ? ACCESS_KEY_VARS : SECRET_KEY_VARS;
    throw new CredentialsError(
      `environment credentials are half set: ${akName ?? skName} is set but neither ${missing.join(" nor ")} is; set the other key too, or unset ${akName ?? skName}`,
      [...searched, `environment ${[...ACCESS_KEY_VARS, ...SECRET_KEY_VARS].join("/")}`],
    );
  }
  searched.push(`environment ${[...ACCESS_KEY_VARS, ...SECRET_KEY_VARS].join("/")} (unset)`);
  const envProfile = nonEmpty(env.NCLOUD_PROFILE);
  return fromConfigFile(
    file,
    envProfile ?? DEFAULT_PROFILE,
    searched,
    envProfile ? "NCLOUD_PROFILE" : undefined,
  );
}

function fromConfigFile(
  file: string,
  profile: string,
  searched: string[],
  profileFrom?: string,
): Credentials {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    searched.push(`${file} (${code === "ENOENT" ? "not found" : `unreadable: ${code ?? "error"}`})`);
    const intro =
      code === "ENOENT" && profileFrom === undefined
        ? "no NCP credentials found"
        : `cannot read the configure file ${file} (${code ?? "error"})`;
    throw new CredentialsError(
      `${intro}. Searched: ${searched.join("; ")}. ` +
        "Set NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY, or write ~/.ncloud/configure with ncloud_access_key_id and ncloud_secret_access_key under [DEFAULT]",
      searched,
      { cause: err, nothingFound: code === "ENOENT" && profileFrom === undefined },
    );
  }
  let sections: Record<string, unknown>;
  try {
    sections = parseConfigure(text) as Record<string, unknown>;
  } catch (err) {
    throw new CredentialsError(
      `configure file ${file} is not valid INI; fix or remove it`,
      [...searched, file],
      {
        cause: err,
      },
    );
  }
  const where = `${file} [${profile}]`;
  const section = profileSection(sections, profile);
  if (typeof section !== "object" || section === null) {
    const known = Object.keys(sections).filter((k) => typeof sections[k] === "object");
    if (Object.values(sections).some((v) => typeof v === "string"))
      known.unshift(`${DEFAULT_PROFILE} (keys outside any section)`);
    searched.push(`${where} (no such profile)`);
    throw new CredentialsError(
      `profile "${profile}"${profileFrom ? ` (from ${profileFrom})` : ""} is not in ${file}; ` +
        `profiles there: ${known.length > 0 ? known.join(", ") : "none"}. Searched: ${searched.join("; ")}`,
      searched,
      { nothingFound: profileFrom === undefined },
    );
  }
  const s = section as Record<string, unknown>;
  const a = typeof s.ncloud_access_key_id === "string" ? nonEmpty(s.ncloud_access_key_id) : undefined;
  const k = typeof s.ncloud_secret_access_key === "string" ? nonEmpty(s.ncloud_secret_access_key) : undefined;
  if (a === undefined || k === undefined) {
    const missing = [
      a === undefined ? "ncloud_access_key_id" : "",
      k === undefined ? "ncloud_secret_access_key" : "",
    ]
      .filter((x) => x !== "")
      .join(" and ");
    searched.push(`${where} (missing ${missing})`);
    throw new CredentialsError(
      `${where} lacks ${missing}; add it, or set NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY. Searched: ${searched.join("; ")}`,
      searched,
    );
  }
  return new Credentials(a, k, `~/.ncloud/configure [${profile}]`, profile);
}

/** The name of the configure file's default profile. */
export const DEFAULT_PROFILE = "DEFAULT";

/**
 * The keys of one profile of a parsed configure file. Keys outside any section (the JS SDK's documented
 * format, also read by the Go and Python SDKs) are the default profile; a `[DEFAULT]` section adds to
 * and overrides them.
 */
function profileSection(
  sections: Record<string, unknown>,
  profile: string,
): Record<string, unknown> | undefined {
  const own = sections[profile];
  const section = typeof own === "object" && own !== null ? (own as Record<string, unknown>) : undefined;
  if (profile !== DEFAULT_PROFILE) return section;
  const topLevel = Object.fromEntries(Object.entries(sections).filter(([, v]) => typeof v === "string"));
  if (section === undefined && Object.keys(topLevel).length === 0) return undefined;
  return { ...topLevel, ...section };
}

/**
 * The `ncloud_api_url` of a profile of the configure file (NCP's IAM authenticator and SDKs use it for
 * the gov and fin sites), or undefined when the file, the profile or the key is missing. Reads no secret
 * into anything it returns.
 */
export function configuredApiUrl(file: string, profile: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  let sections: Record<string, unknown>;
  try {
    sections = parseConfigure(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const v = profileSection(sections, profile)?.ncloud_api_url;
  return typeof v === "string" ? nonEmpty(v) : undefined;
}

/** The configure file's path for an environment and an optional explicit path. */
export function configFileOf(env: NodeJS.ProcessEnv, configFile?: string): string {
  return configFile ?? nonEmpty(env.NCLOUD_CONFIG_FILE) ?? defaultConfigFile(env);
}
