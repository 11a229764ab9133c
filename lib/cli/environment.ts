/**
 * Every environment variable the library and the CLI read, with its default: `--help` prints this
 * table and a test checks that the README's table names each one.
 */
export interface EnvironmentVariable {
  readonly name: string;
  readonly default: string;
  readonly what: string;
}

export const ENVIRONMENT: readonly EnvironmentVariable[] = [
  {
    name: "NCLOUD_ACCESS_KEY, NCLOUD_SECRET_KEY",
    default: "unset",
    what: "API keys (the Terraform provider's names)",
  },
  {
    name: "NCLOUD_ACCESS_KEY_ID, NCLOUD_SECRET_ACCESS_KEY",
    default: "unset",
    what: "API keys (the SDKs' names); both names of one key set differently is an error",
  },
  {
    name: "NCLOUD_PROFILE",
    default: "DEFAULT",
    what: "profile (section) of ~/.ncloud/configure; also names the account",
  },
  { name: "NCLOUD_CONFIG_FILE", default: "~/.ncloud/configure", what: "the configure file" },
  { name: "NCLOUD_SITE", default: "public", what: "public, gov or fin" },
  { name: "NCLOUD_REGION", default: "the site's first (KR)", what: "Cloud Functions region: KR, SGN, JPN" },
  {
    name: "NCLOUD_API_GW",
    default: "unset",
    what: "API gateway base URL (the SDKs' override): an NCP host picks the site, another host is an endpoint",
  },
  {
    name: "NCLOUD_LOOKUPS_ENDPOINT",
    default: "unset",
    what: "scheme://host[:port] replacing every NCP host (a loopback one records local: test data)",
  },
  {
    name: "NCLOUD_LOOKUPS_ACCOUNT",
    default: "the profile name, else default",
    what: "the account lookups read (part of every lock key)",
  },
  {
    name: "NCLOUD_LOOKUPS_MODE",
    default: "frozen when CI=true, else online",
    what: "online, frozen or refresh",
  },
  { name: "CI", default: "unset", what: "true makes the mode frozen by default" },
  { name: "NCLOUD_LOOKUPS_LOCK_FILE", default: "./ncloud.lookups.json", what: "the lock file" },
  { name: "NCLOUD_LOOKUPS_MAX_AGE", default: "none", what: "oldest lock entry used (seconds, 12h, 7d)" },
  {
    name: "NCLOUD_LOOKUPS_LOCK_STALE_MS",
    default: "30000",
    what: "a .lock unchanged this long by a live process is taken over",
  },
  { name: "NCLOUD_LOOKUPS_TIMEOUT_MS", default: "30000", what: "per-request timeout" },
  { name: "NCLOUD_LOOKUPS_CONCURRENCY", default: "20", what: "page requests in flight per listing" },
  { name: "NCLOUD_LOOKUPS_MAX_RESPONSE_BYTES", default: "16777216", what: "largest response accepted" },
  {
    name: "NCLOUD_LOOKUPS_BRIDGE_TIMEOUT_MS",
    default: "derived from the timeout",
    what: "deadline of a synchronous lookup batch",
  },
  {
    name: "NCLOUD_METADATA_API_ENDPOINT",
    default: "http://169.254.169.254",
    what: "NCP's server metadata service (Server Role keys)",
  },
  { name: "NCLOUD_LOOKUPS_SERVER_ROLE", default: "on", what: "off: never ask the metadata service for keys" },
  { name: "NO_COLOR", default: "unset", what: "no colours in tables" },
  { name: "COLUMNS", default: "the terminal's width", what: "table width" },
];

/** The table as `--help` prints it. */
export function environmentHelp(): string {
  const width = Math.max(...ENVIRONMENT.map((e) => e.name.length));
  return ENVIRONMENT.map((e) => `  ${e.name.padEnd(width)}  ${e.what} (default: ${e.default})`).join("\n");
}

/** The table as the README holds it (markdown). */
export function environmentMarkdown(): string {
  return [
    "| variable | default | what |",
    "| --- | --- | --- |",
    ...ENVIRONMENT.map(
      (e) =>
        `| ${e.name
          .split(", ")
          .map((n) => `\`${n}\``)
          .join(", ")} | ${e.default} | ${e.what} |`,
    ),
  ].join("\n");
}
