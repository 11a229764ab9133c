// The jest set-up Stryker runs for each mutant (npm run test:mutation): the in-process unit tests of
// the mutated modules. Tests that run the CLI or the worker in child processes use the compiled dist/,
// which Stryker does not mutate, so they are left out here (npm test runs them).
const base = require("./jest.config.js");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  globalSetup: undefined,
  // Type checks are the TypeScript checker's job here: ts-jest only transpiles (much faster per mutant run).
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", isolatedModules: true, diagnostics: false }],
  },
  moduleNameMapper: {
    ...base.moduleNameMapper,
    "^fast-check$": "<rootDir>/test/helpers/fast-check-capped.ts",
  },
  testMatch: [
    "**/test/signer.test.ts",
    "**/test/conformance.test.ts",
    "**/test/encoding.property.test.ts",
    "**/test/paging.test.ts",
    "**/test/match.test.ts",
    "**/test/lockfile.test.ts",
    "**/test/lock-format.test.ts",
    "**/test/lock-format-fast.test.ts",
    "**/test/lockfile.property.test.ts",
    "**/test/lookups-key.test.ts",
    "**/test/meta.test.ts",
    "**/test/definition.test.ts",
    "**/test/endpoints.test.ts",
  ],
};
