// fast-check as the tests import it under Stryker (npm run test:mutation, see stryker.jest.config.js):
// every mutant reruns the tests that cover it, so property tests run at most 20 cases each there.
// npm test uses fast-check itself, with each test's own count.
import { join } from "node:path";
import type * as FastCheck from "fast-check";

// The real module, by its file (jest maps the name, and require.resolve, to this file).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const real = require(
  join(__dirname, "..", "..", "node_modules", "fast-check", "lib", "cjs", "fast-check.js"),
) as typeof FastCheck;
const MAX_RUNS = 20;

const assert = ((property: unknown, params?: { numRuns?: number }) =>
  real.assert(property as never, {
    ...params,
    numRuns: Math.min(params?.numRuns ?? MAX_RUNS, MAX_RUNS),
  })) as typeof real.assert;

// fast-check's exports are getters: a proxy hands them out, with `assert` capped.
const capped: typeof real = new Proxy(real, {
  get: (target, key) =>
    key === "assert"
      ? assert
      : key === "default"
        ? capped
        : key === "__esModule"
          ? true
          : Reflect.get(target, key),
});
module.exports = capped;
