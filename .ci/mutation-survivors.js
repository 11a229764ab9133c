#!/usr/bin/env node
// Lists the mutants that survived `npm run test:mutation` (reports/mutation/mutation.json) with the
// reason each is left: equivalent (no test can tell it from the code), or unreachable, or not killed
// yet. Writes reports/mutation/SURVIVORS.md and prints the score; exits 1 when a survivor has no reason
// here (a new one: kill it with a test, or explain it below).
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const report = JSON.parse(fs.readFileSync(path.join(root, "reports/mutation/mutation.json"), "utf8"));

const EQUIVALENT = "equivalent";
const UNREACHABLE = "unreachable";
const NOT_KILLED = "not killed";
const STATIC = "static";
const BY_HAND = "killed by hand";

/** [file suffix, source line pattern, mutator (or undefined: any), replacement pattern (or undefined), kind, reason]. */
const REASONS = [
  // lock-format.ts: the duplicate-key scanner (duplicateEntryKey, skipArray).
  [
    "lock-format.ts",
    /i >= 0 && i < m\.index/,
    "EqualityOperator",
    /<= m\.index/,
    EQUIVALENT,
    "the first marker's line starts after a newline, so m.index never holds one",
  ],
  [
    "lock-format.ts",
    /^\s*while \(i < n\) \{$/,
    "EqualityOperator",
    /<= n/,
    EQUIVALENT,
    "at i = n no character matches and the loop ends the same",
  ],
  [
    "lock-format.ts",
    /\(j - 1 - b\) % 2 === 0/,
    "ArithmeticOperator",
    /^j - 1 \+ b$|^j \+ 1$/,
    EQUIVALENT,
    "the same parity as j - 1 - b (the count of backslashes before the quote)",
  ],
  [
    "lock-format.ts",
    /depth >= 1 && depth <= 2 && isObject\[depth - 1\] === true/,
    "ConditionalExpression",
    /^true$/,
    EQUIVALENT,
    "the top level is an object (checked before), so no name is read at depth 0, and a string in an array is never a top-level field or an entry key",
  ],
  [
    "lock-format.ts",
    /c === 91 \/\* \[ \*\/ && depth >= 3/,
    undefined,
    /^(false|true|depth [<>] 3|\{\})$/,
    EQUIVALENT,
    "skipping an array only saves work: nothing in one is a top-level field or an entry key",
  ],
  [
    "lock-format.ts",
    /isObject\.push\(c === 123\)/,
    "ConditionalExpression",
    /^true$/,
    EQUIVALENT,
    "an array taken for an object holds no name the scan keeps (the top level is an object; an array at depth 2 is never the entries object)",
  ],
  [
    "lock-format.ts",
    /inEntries = c === 123 && topKey === "entries"/,
    "ConditionalExpression",
    /^true$/,
    EQUIVALENT,
    "an entries array holds no entry keys: strings in an array are never names",
  ],
  [
    "lock-format.ts",
    /if \(depth === 1\) inEntries = false/,
    undefined,
    /^(false|true)$/,
    EQUIVALENT,
    "the next depth-2 container sets inEntries before a name in it is read",
  ],
  [
    "lock-format.ts",
    /c === 44 \/\* , \*\/ \|\| c === 58/,
    "ConditionalExpression",
    /^false$/,
    EQUIVALENT,
    "after a colon comes a value, never a name: last only has to differ from { and ,",
  ],
  [
    "lock-format.ts",
    /else if \(c > 32\)/,
    undefined,
    /^(false|\{\})$/,
    EQUIVALENT,
    "in valid JSON a literal is followed by , } ] or whitespace; only { or , right before a string makes it a name",
  ],
  [
    "lock-format.ts",
    /let next(Open|Close) = text\.indexOf/,
    "StringLiteral",
    undefined,
    EQUIVALENT,
    "a cached bracket position that is wrong this way only makes the line be read character by character",
  ],
  [
    "lock-format.ts",
    /if \(eol < 0\) eol = n/,
    undefined,
    undefined,
    EQUIVALENT,
    "a line taken to the end of the text is read character by character and ends at the same bracket; eol is never 0",
  ],
  [
    "lock-format.ts",
    /if \(next(Open|Close) < i && next(Open|Close) >= 0\)/,
    undefined,
    undefined,
    EQUIVALENT,
    "the refresh of a cached bracket position: refreshing more often finds the same position, refreshing less leaves it behind i, which only makes the line be read",
  ],
  [
    "lock-format.ts",
    /const bracketOnLine =/,
    undefined,
    /^(true|.* \|\| .*|next(Open|Close) > 0|next(Open|Close) <= eol)$/,
    EQUIVALENT,
    "widens the test for a bracket on the line (eol is a newline, position 0 is before the array), so a line is read that could be skipped",
  ],
  [
    "lock-format.ts",
    /if \(!bracketOnLine\) \{/,
    undefined,
    /^(false|\{\})$/,
    EQUIVALENT,
    "never skipping a line reads it character by character, to the same bracket",
  ],
  [
    "lock-format.ts",
    /for \(; i < eol; i\+\+\)/,
    "EqualityOperator",
    /<= eol/,
    EQUIVALENT,
    "also reads the newline, which is no bracket or quote",
  ],
  [
    "lock-format.ts",
    /if \(j < 0\) return/,
    undefined,
    undefined,
    UNREACHABLE,
    "the text is valid JSON (JSON.parse said so already): every string is closed",
  ],
  [
    "lock-format.ts",
    /version > LOCK_FORMAT_VERSION/,
    "EqualityOperator",
    /version >= LOCK_FORMAT_VERSION/,
    EQUIVALENT,
    "version 2 is readable and never reaches the advice",
  ],
  [
    "lock-format.ts",
    /issue\?\.path|at \|\| "the top level"|issue\?\.message \?\? "invalid"/,
    undefined,
    undefined,
    UNREACHABLE,
    "the schema refuses only below the top level (the top level is checked before), and a refusal has an issue",
  ],
  [
    "lock-format.ts",
    /itemLines\[Number\(i\)\] \?\? "\[\]"/,
    undefined,
    undefined,
    UNREACHABLE,
    "every marker has its line",
  ],
  [
    "lock-format.ts",
    /^\s{2}let moves = false;|^\s{2}if \(version === LOCK_FORMAT_VERSION\) \{$|!key\.startsWith\(LOCAL_KEY_PREFIX\) && recordedLocally|if \(!moves\) return/,
    undefined,
    undefined,
    EQUIVALENT,
    "only chooses between returning a version 2 file's entries as read and copying them; the copy holds the same entries when none moves",
  ],
  // paging.ts
  [
    "paging.ts",
    /new Array<R>\(count\)/,
    "ArrayDeclaration",
    undefined,
    EQUIVALENT,
    "every index is assigned before the array is returned",
  ],
  [
    "paging.ts",
    /hint\.pageSize > 0 &&/,
    "EqualityOperator",
    /^hint\.pageSize >= 0$/,
    EQUIVALENT,
    "a page size of 0 makes the page count infinite, which the next condition refuses",
  ],
  [
    "paging.ts",
    /if \(first === undefined\) return fail/,
    undefined,
    undefined,
    UNREACHABLE,
    "the loop over page sizes either sets the first page or throws",
  ],
  [
    "paging.ts",
    /if \(needed > pages\.length\)/,
    "EqualityOperator",
    /^needed >= pages\.length$/,
    EQUIVALENT,
    "when equal, the second round asks for no page and adds nothing",
  ],
  [
    "paging.ts",
    /addEventListener\("abort"/,
    undefined,
    /^(\{\}|false)$/,
    EQUIVALENT,
    "an abort event fires once; aborting an aborted controller again does nothing",
  ],
  [
    "paging.ts",
    /needed > MAX_PAGES|pageCount > MAX_PAGES/,
    "EqualityOperator",
    />= MAX_PAGES$/,
    NOT_KILLED,
    "the boundary needs a listing of exactly 100,000 pages (too slow for a unit test); the limit itself is tested",
  ],
  // match.ts
  [
    "match.ts",
    /if \(built !== undefined \|\| count >= SCANS_BEFORE_INDEX\)/,
    "ConditionalExpression",
    /^false$/,
    EQUIVALENT,
    "with an index already built the first lookups scan instead of using it: the same answer, only slower",
  ],
  [
    "match.ts",
    /if \(Math\.abs\(name\.length - wanted\.length\) <= limit\)/,
    "ConditionalExpression",
    /^true$/,
    EQUIVALENT,
    "the length check only spares work: the distance of a name that cannot be close is over the limit below anyway",
  ],
  [
    "match.ts",
    /a\[0\] < b\[0\] \? -1 : 1/,
    "EqualityOperator",
    /<=/,
    EQUIVALENT,
    "two names compared equal are the same string: either order is the same list",
  ],
  // meta.ts
  [
    "meta.ts",
    /const MARKER_CHECKS/,
    "ObjectLiteral",
    undefined,
    STATIC,
    "a table built when the module loads; no test loads the module under this mutant (static mutants are not run)",
  ],
  [
    "meta.ts",
    /if \(p\.type === "enum" && !\(typeof value === "string"/,
    "ConditionalExpression",
    /^true$/,
    BY_HAND,
    "applied by hand, `jest test/meta.test.ts` fails 5 tests (checkFilters: undefined values left out, ...); Stryker's per-test coverage does not select them",
  ],
  [
    "meta.ts",
    /if \(typeof item !== "object" \|\| item === null \|\| Array\.isArray\(item\)\) return false/,
    "ConditionalExpression",
    /^false$/,
    BY_HAND,
    'applied by hand, `jest test/meta.test.ts` fails "isValidItem(profiles): null"; Stryker\'s per-test coverage does not select it',
  ],
  [
    "meta.ts",
    /\(p\.values \?\? \[\]\)/,
    "ArrayDeclaration",
    undefined,
    UNREACHABLE,
    "registerList refuses an enum without values, so p.values is always there",
  ],
];

const lines = [];
const unexplained = [];
let killed = 0;
let left = 0;
for (const [file, data] of Object.entries(report.files).sort(([a], [b]) => (a < b ? -1 : 1))) {
  const src = data.source.split("\n");
  for (const m of data.mutants) {
    if (m.status === "Killed" || m.status === "Timeout") killed++;
    if (m.status !== "Survived" && m.status !== "NoCoverage") continue;
    left++;
    const line = m.location.start.line;
    const text = src[line - 1] ?? "";
    const reason = REASONS.find(
      ([f, re, mutator, repl]) =>
        file.endsWith(f) &&
        re.test(text) &&
        (mutator === undefined || mutator === m.mutatorName) &&
        (repl === undefined || repl.test(m.replacement ?? "")),
    );
    const where = `${file}:${line}:${m.location.start.column}`;
    const what = `${m.mutatorName} → \`${(m.replacement ?? "").replace(/\s+/g, " ").slice(0, 60)}\``;
    if (reason === undefined) unexplained.push(`${where} ${m.status} ${what}`);
    lines.push(
      `| ${where} | ${m.status} | ${what.replace(/\|/g, "\\|")} | ${reason ? `${reason[4]}: ${reason[5]}` : "**no reason yet**"} |`,
    );
  }
}
const score = (100 * killed) / (killed + left);
const out = [
  "# Mutants that survived `npm run test:mutation`",
  "",
  `Generated by \`.ci/mutation-survivors.js\` from \`mutation.json\`: ${killed} killed (or timed out), ${left} left, score ${score.toFixed(2)}%.`,
  "Mutants marked in the source with `// Stryker disable next-line` (and their reason) are not here: the report shows them as ignored.",
  "",
  "| where | status | mutant | why it is left |",
  "|---|---|---|---|",
  ...lines,
  "",
].join("\n");
fs.writeFileSync(path.join(root, "reports/mutation/SURVIVORS.md"), out);
console.log(
  `mutation score ${score.toFixed(2)}% (${killed} killed, ${left} left); reports/mutation/SURVIVORS.md`,
);
if (unexplained.length > 0) {
  console.error(
    `${unexplained.length} survivor(s) without a reason in .ci/mutation-survivors.js:\n${unexplained.join("\n")}`,
  );
  process.exit(1);
}
