/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  moduleNameMapper: {
    "^cdktf-ncloud-lookups$": "<rootDir>/lib/index.ts",
    "^cdktf-ncloud-lookups/testing$": "<rootDir>/lib/testing/index.ts",
    "^cdktf-ncloud-lookups/client$": "<rootDir>/lib/services/index.ts",
  },
  setupFiles: ["<rootDir>/test/helpers/no-metadata.ts"],
  // Tests reach loopback only: other names are not resolved, other addresses not connected to.
  setupFilesAfterEnv: ["<rootDir>/test/helpers/loopback-only.ts"],
  // Builds dist/ and .jsii when missing or older than lib/ (a plain `npx jest` on a fresh clone).
  globalSetup: "<rootDir>/test/helpers/global-setup.js",
  testTimeout: 60000,
  maxWorkers: 2,
};
