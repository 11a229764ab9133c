/**
 * Every TypeScript example in the README compiles (issue 12), against the library's sources and types.
 * Fragments (no imports) get the imports every example assumes, a `const app: App`, and, when they use
 * `this`, a stack constructor to live in; top-level `await` goes into an async function.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./helpers/lookup-harness";

const PRELUDE = `import { App, TerraformStack } from "cdktf";
import {
  ApiGatewayProducts,
  CloudFunctionsPackages,
  ExternalAccessProfiles,
  NcloudLookups,
  SubAccountPolicies,
} from "cdktf-ncloud-lookups";
declare const app: App;
`;

/** The ```ts blocks of a markdown text. */
export function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? "");
}

function asModule(block: string): string {
  const lines = block.split("\n");
  const imports = lines.filter((l) => /^import /.test(l)).join("\n");
  let body = lines.filter((l) => !/^import /.test(l)).join("\n");
  if (/^(const \w+ = )?await /m.test(body)) body = `void (async () => {\n${body}\n})();`;
  if (imports !== "" && /\bthis\b/.test(body) && !/\bclass \w+ extends TerraformStack/.test(body)) {
    return `${imports}\nimport { App, TerraformStack } from "cdktf";\nexport class ExampleStack extends TerraformStack {\n  constructor(scope: App) {\n    super(scope, "example");\n${body}\n  }\n}\n`;
  }
  if (imports !== "") return `${imports}\n${body}\nexport {};\n`;
  if (/\bthis\b/.test(body)) {
    body = `export class ExampleStack extends TerraformStack {\n  constructor(scope: App) {\n    super(scope, "example");\n${body}\n  }\n}`;
  }
  return `${PRELUDE}${body}\nexport {};\n`;
}

/** The strictness options of the tsconfig.json that `cdktf init --template typescript` writes. */
const CDKTF_INIT_OPTIONS = {
  alwaysStrict: true,
  noImplicitAny: true,
  noImplicitReturns: true,
  noImplicitThis: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noFallthroughCasesInSwitch: true,
  strictNullChecks: true,
  strictPropertyInitialization: true,
};

it("every ```ts example of the README compiles", () => {
  const blocks = tsBlocks(readFileSync(path.join(REPO_ROOT, "README.md"), "utf8"));
  expect(blocks.length).toBeGreaterThanOrEqual(5);
  const dir = path.join(REPO_ROOT, "test", ".readme-examples");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    const files = blocks.map((b, i) => {
      const file = path.join(dir, `example-${i + 1}.ts`);
      writeFileSync(file, asModule(b));
      return file;
    });
    // Whole programs (they call app.synth()) compile under the options `cdktf init --template
    // typescript` writes (noUnusedLocals and the rest); fragments under the project's own.
    const whole = files.filter((_f, i) => /\bapp\.synth\(\)/.test(blocks[i] ?? ""));
    expect(whole.length).toBeGreaterThanOrEqual(1);
    const projects: Array<[string, Record<string, unknown>, string[]]> = [
      ["tsconfig.json", { noUnusedLocals: false }, files.filter((f) => !whole.includes(f))],
      ["tsconfig.cdktf-init.json", CDKTF_INIT_OPTIONS, whole],
    ];
    for (const [name, options, included] of projects) {
      writeFileSync(
        path.join(dir, name),
        JSON.stringify({
          extends: "../../tsconfig.json",
          compilerOptions: { noEmit: true, rootDir: "../..", ...options },
          include: included.map((f) => path.basename(f)),
        }),
      );
      const tsc = spawnSync(
        process.execPath,
        [require.resolve("typescript/bin/tsc"), "-p", path.join(dir, name)],
        { cwd: REPO_ROOT, encoding: "utf8" },
      );
      expect({ name, output: tsc.stdout + tsc.stderr }).toEqual({ name, output: "" });
      expect(tsc.status).toBe(0);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
