/**
 * The CLI in-process through `run(argv, io)`, and its output helpers (width of Korean text, truncation,
 * table fitting, flag mapping).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { queryInput, queryFlags } from "../lib/cli/list";
import { run, type CliIo } from "../lib/cli/main";
import { fitWidths, renderTable, stringWidth, truncateToWidth } from "../lib/cli/output";
import { exitCodeFor, sanitizeMessage, UsageError } from "../lib/cli/errors";
import { ApiError, CredentialsError, PagingError, TimeoutError, ValidationError } from "../lib/errors";
import { NcloudEmulator, type CompleteDataSet } from "../lib/testing";

interface Captured {
  io: CliIo;
  stdout: () => string;
  stderr: () => string;
}

function capture(
  env: NodeJS.ProcessEnv,
  tty: { out?: boolean; err?: boolean; columns?: number } = {},
): Captured {
  let out = "";
  let err = "";
  return {
    io: {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      env,
      isTTY: tty.out ?? false,
      stderrIsTTY: tty.err ?? false,
      ...(tty.columns !== undefined ? { columns: tty.columns } : {}),
    },
    stdout: () => out,
    stderr: () => err,
  };
}

describe("output helpers", () => {
  test("stringWidth counts Hangul and CJK as 2, combining marks as 0", () => {
    expect(stringWidth("abc")).toBe(3);
    expect(stringWidth("주문 API")).toBe(8);
    expect(stringWidth("漢字かな")).toBe(8);
    expect(stringWidth("ｆｕｌｌ")).toBe(8);
    expect(stringWidth("e\u0301")).toBe(1);
    expect(stringWidth("")).toBe(0);
  });

  test("truncateToWidth cuts on whole characters and ends with …", () => {
    expect(truncateToWidth("abcdef", 6)).toBe("abcdef");
    expect(truncateToWidth("abcdef", 4)).toBe("abc…");
    expect(truncateToWidth("주문서비스", 6)).toBe("주문…");
    expect(stringWidth(truncateToWidth("주문서비스", 6))).toBeLessThanOrEqual(6);
    expect(truncateToWidth("주문서비스", 4)).toBe("주…");
    expect(truncateToWidth("주문", 1)).toBe("…");
  });

  test("fitWidths shrinks the widest columns first, not below 6", () => {
    expect(fitWidths([10, 40, 5], 100)).toEqual([10, 40, 5]);
    expect(fitWidths([10, 40, 5], 30)).toEqual([10, 11, 5]);
    expect(fitWidths([30, 30], 20)).toEqual([9, 9]);
    expect(fitWidths([30, 30], 4)).toEqual([6, 6]);
  });

  test("renderTable pads by display width, trims line ends, replaces control characters", () => {
    const text = renderTable(
      [
        { name: "주문", id: "a" },
        { name: "x\u001b[31my", id: "bb" },
      ],
      ["name", "id"],
    );
    expect(text).toBe("name     id\n주문     a\nx [31my  bb\n");
    const narrow = renderTable([{ a: "0123456789", b: "가나다라마바사아자차" }], ["a", "b"], { columns: 16 });
    for (const line of narrow.trimEnd().split("\n")) expect(stringWidth(line)).toBeLessThanOrEqual(16);
  });

  test("flags are the kebab-case of the API names (isPublished is --published)", () => {
    expect(queryFlags().map((f) => f.flag)).toEqual([
      "--platform",
      "--type",
      "--search-column",
      "--search-word",
      "--product-name",
      "--published",
      "--subscription-code",
      "--has-deployed-stage",
      "--has-stage-not-associated-with-usage-plan-id",
    ]);
    expect(queryInput("products", { published: "false", productName: "주문" })).toEqual({
      isPublished: false,
      productName: "주문",
    });
    expect(() => queryInput("profiles", { type: "USER_CREATED" })).toThrow(
      /--type does not apply to profiles/,
    );
  });

  test("exit codes: usage 2, everything else 1; secrets scrubbed", () => {
    const req = { service: "subaccount" as const, method: "GET", path: "/api/v1/policies" };
    expect(exitCodeFor(new UsageError("x"))).toBe(2);
    expect(exitCodeFor(new ValidationError("x"))).toBe(2);
    expect(exitCodeFor(new CredentialsError("x", []))).toBe(1);
    expect(exitCodeFor(new ApiError({ ...req, status: 401, attempts: 1 }))).toBe(1);
    expect(exitCodeFor(new TimeoutError(req, 5))).toBe(1);
    expect(exitCodeFor(new PagingError("subaccount", "/p", "x"))).toBe(1);
    expect(exitCodeFor(new Error("bug"))).toBe(1);
    expect(sanitizeMessage("a s3cr3t b\nc", { NCLOUD_SECRET_KEY: "s3cr3t" })).toBe("a [redacted] b c");
  });
});

describe("run() in-process", () => {
  let emulator: NcloudEmulator;
  let data: CompleteDataSet;
  let home: string;
  const env = (): NodeJS.ProcessEnv => ({
    HOME: home,
    NCLOUD_LOOKUPS_ENDPOINT: emulator.url,
    NCLOUD_ACCESS_KEY: emulator.accessKey,
    NCLOUD_SECRET_KEY: emulator.secretKey,
  });

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "ncloud-lookups-run-"));
    emulator = await NcloudEmulator.start();
    data = emulator.data() as CompleteDataSet;
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(home, { recursive: true, force: true });
  });

  test("json by default off a terminal", async () => {
    const c = capture(env());
    expect(await run(["list", "policies"], c.io)).toBe(0);
    expect(JSON.parse(c.stdout())).toEqual(data.policies);
    expect(c.stderr()).toBe("");
  });

  test("on a terminal: table by default, bold header, progress on stderr, count", async () => {
    const c = capture(env(), { out: true, err: true, columns: 120 });
    expect(await run(["list", "policies"], c.io)).toBe(0);
    expect(c.stdout().startsWith("\u001b[1mpolicyName")).toBe(true);
    expect(c.stderr()).toContain(`\rpolicies: 100/${data.policies.length}`);
    expect(c.stderr()).toContain(`\rpolicies: ${data.policies.length}/${data.policies.length}`);
    expect(c.stderr().endsWith(`${data.policies.length} items\n`)).toBe(true);
  });

  test("NO_COLOR and --quiet: no escapes, no progress", async () => {
    const c = capture({ ...env(), NO_COLOR: "1" }, { out: true, err: true });
    expect(await run(["list", "profiles", "--quiet"], c.io)).toBe(0);
    expect(c.stdout()).not.toContain("\u001b");
    expect(c.stdout().split("\n")[0]).toMatch(/^name\s+profileId\s+enabled$/);
    expect(c.stderr()).toBe("");
  });

  test("usage error: two lines on stderr, exit 2", async () => {
    const c = capture(env());
    expect(await run(["list", "policies", "--type", "FOO"], c.io)).toBe(2);
    expect(c.stdout()).toBe("");
    expect(c.stderr()).toBe(
      'ncloud-lookups: --type "FOO" is not allowed for policies; use one of: SYSTEM_MANAGED, USER_CREATED\n' +
        "Run 'ncloud-lookups list --help' for usage.\n",
    );
  });

  test("bad NCLOUD_LOOKUPS_CONCURRENCY is a usage error", async () => {
    const c = capture({ ...env(), NCLOUD_LOOKUPS_CONCURRENCY: "lots" });
    expect(await run(["list", "policies"], c.io)).toBe(2);
    expect(c.stderr()).toContain("NCLOUD_LOOKUPS_CONCURRENCY");
  });

  test("serve stops when the io signal aborts", async () => {
    const controller = new AbortController();
    const c = capture({ HOME: home });
    const done = run(["serve", "--json"], { ...c.io, signal: controller.signal });
    for (let i = 0; i < 100 && c.stdout() === ""; i++) await new Promise((r) => setTimeout(r, 20));
    const info = JSON.parse(c.stdout()) as { url: string };
    expect((await fetch(`${info.url}/api/v1/profiles`)).status).toBe(401);
    controller.abort();
    expect(await done).toBe(0);
    await expect(fetch(`${info.url}/api/v1/profiles`)).rejects.toThrow();
  });
});
