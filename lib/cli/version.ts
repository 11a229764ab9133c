/** The package version (package.json sits two levels up from both lib/cli and dist/cli). */
export function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require("../../package.json") as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "0.0.0";
}
