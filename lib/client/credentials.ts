import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { parse as parseIni } from "ini";
import { CredentialsError } from "../errors";

/** An NCP API key pair. The secret never shows in `JSON.stringify`, `util.inspect` or `String()`. */
export class Credentials {
  readonly accessKey: string;
  /** Where the pair came from, e.g. `environment (NCLOUD_ACCESS_KEY)` or `~/.ncloud/configure [prod]`. */
  readonly source: string;
  readonly #secretKey: string;
  constructor(accessKey: string, secretKey: string, source: string) {
    this.accessKey = accessKey;
    this.#secretKey = secretKey;
    this.source = source;
  }
  /** The secret key; read it only to sign. */
  get secretKey(): string {
    return this.#secretKey;
  }
  toJSON(): Record<string, string> {
    return { accessKey: this.accessKey, source: this.source, secretKey: "[redacted]" };
  }
  toString(): string {
    return `Credentials(${this.accessKey} from ${this.source})`;
  }
  [inspect.custom](): string {
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

const ENV_PAIRS = [
  ["NCLOUD_ACCESS_KEY", "NCLOUD_SECRET_KEY"],
  ["NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_ACCESS_KEY"],
] as const;

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t === undefined || t === "" ? undefined : t;
}

/** The configure file path used when none is given. */
export function defaultConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  const home = nonEmpty(env.HOME) ?? homedir();
  return join(home, ".ncloud", "configure");
}

/**
 * Resolves credentials: explicit keys > explicit profile > environment (`NCLOUD_ACCESS_KEY` /
 * `NCLOUD_SECRET_KEY`, then `NCLOUD_ACCESS_KEY_ID` / `NCLOUD_SECRET_ACCESS_KEY`) > configure file
 * (profile `NCLOUD_PROFILE`, else `DEFAULT`).
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
  const file = options.configFile ?? nonEmpty(env.NCLOUD_CONFIG_FILE) ?? defaultConfigFile(env);
  if (explicitProfile !== undefined) {
    return fromConfigFile(file, explicitProfile, searched, "profile option");
  }
  for (const [akName, skName] of ENV_PAIRS) {
    const a = nonEmpty(env[akName]);
    const s = nonEmpty(env[skName]);
    if (a !== undefined && s !== undefined) return new Credentials(a, s, `environment (${akName})`);
    if (a !== undefined || s !== undefined) {
      throw new CredentialsError(
        `environment credentials are half set: ${a === undefined ? akName : skName} is missing while ${a === undefined ? skName : akName} is set; set both or unset both`,
        [...searched, `environment ${akName}/${skName}`],
      );
    }
    searched.push(`environment ${akName}/${skName} (unset)`);
  }
  const envProfile = nonEmpty(env.NCLOUD_PROFILE);
  return fromConfigFile(file, envProfile ?? "DEFAULT", searched, envProfile ? "NCLOUD_PROFILE" : undefined);
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
      { cause: err },
    );
  }
  let sections: Record<string, unknown>;
  try {
    sections = parseIni(text) as Record<string, unknown>;
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
  const section = sections[profile];
  if (typeof section !== "object" || section === null) {
    const known = Object.keys(sections).filter((k) => typeof sections[k] === "object");
    searched.push(`${where} (no such profile)`);
    throw new CredentialsError(
      `profile "${profile}"${profileFrom ? ` (from ${profileFrom})` : ""} is not in ${file}; ` +
        `profiles there: ${known.length > 0 ? known.join(", ") : "none"}. Searched: ${searched.join("; ")}`,
      searched,
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
  return new Credentials(a, k, `~/.ncloud/configure [${profile}]`);
}
