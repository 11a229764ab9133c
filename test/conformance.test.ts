/**
 * The shared conformance cases (conformance/*.json), run against the TypeScript runtime. `go test`
 * runs the same files against the provider (provider/internal/conformance_test.go): a case added there
 * checks both, and a file or a group of cases that a runtime does not know fails it.
 */
import * as http from "node:http";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveCredentials } from "../lib/client/credentials";
import { resolveOrigin } from "../lib/client/endpoints";
import { parseRegion, regionHostPrefix } from "../lib/lists/regions";
import { basePathOn } from "../lib/lists/definition";
import { NcloudClient } from "../lib/client/http";
import { resolveLocation } from "../lib/client/location";
import { buildQueryString, encodeRfc3986, signV2 } from "../lib/client/signer";
import { LookupNotFoundError } from "../lib/errors";
import { listDefinition } from "../lib/lists";
import { dataSourceSchema } from "../lib/lists/data-source";
import { checkRegionValues, withSiteFixedParams, type ListDefinition } from "../lib/lists/definition";
import { completeDefinition } from "../lib/lists/complete";
import { findByName, nearestNames } from "../lib/lookups/match";
import { describeFilters } from "../lib/lookups/key";
import { listAllOf, pageSchemaOf, queryPairsOf, validateQueryOf } from "../lib/services/lists";
import { isValidPage } from "../lib/services/meta";
import { parseResponse } from "../lib/services/shape";

const DIR = join(__dirname, "..", "conformance");
/** The groups of cases this runtime runs, per file: every file and group must be here. */
const GROUPS: Record<string, string[]> = {
  "signatures.json": ["vectors"],
  "query.json": ["encode", "requests"],
  "locations.json": ["cases"],
  "matching.json": ["nearest", "notFound", "nfc"],
  "credentials.json": ["cases"],
  "schema.json": ["cases"],
  "responses.json": ["cases"],
  "paging.json": ["cases"],
};
const META = new Set(["description", "generatedWith", "opensslVersion"]);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON cases of many shapes
type Case = Record<string, any>;
function load(file: string): Record<string, Case[]> {
  return JSON.parse(readFileSync(join(DIR, file), "utf8")) as Record<string, Case[]>;
}
const named = (cases: Case[]): Array<[string, Case]> =>
  cases.map((c, i) => [String(c.name ?? c.wanted ?? c.text ?? i), c]);

describe("conformance files", () => {
  it("every file and group of cases is one this runtime runs", () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith(".json"))
      .sort();
    expect(files).toEqual(Object.keys(GROUPS).sort());
    for (const f of files) {
      const groups = Object.keys(load(f))
        .filter((k) => !META.has(k))
        .sort();
      expect({ f, groups }).toEqual({ f, groups: [...(GROUPS[f] as string[])].sort() });
    }
  });
});

describe("signatures", () => {
  it.each(named(load("signatures.json").vectors as Case[]))("%s", (_n, v) => {
    expect(buildQueryString(v.query)).toBe(v.requestUri.includes("?") ? v.requestUri.split("?")[1] : "");
    expect(
      signV2({
        method: v.method,
        requestUri: v.requestUri,
        timestamp: v.timestamp,
        accessKey: v.accessKey,
        secretKey: v.secretKey,
      }),
    ).toBe(v.signature);
  });
});

describe("query", () => {
  const q = load("query.json");
  it.each(named(q.encode as Case[]))("encodes %s", (_n, c) => {
    expect(encodeRfc3986(c.text)).toBe(c.encoded);
  });
  it.each(named(q.requests as Case[]))("%s", (_n, c) => {
    const def = listDefinition(c.list);
    const run = (): string => {
      let query = validateQueryOf(def, c.query) as Record<string, unknown>;
      query = withSiteFixedParams(def, query, c.site);
      if (def.regional === true) query = checkRegionValues(def, query, parseRegion(c.region, c.site));
      const index = c.index === null ? undefined : def.paging.style === "offset" ? c.index * c.size : c.index;
      const qs = buildQueryString(queryPairsOf(def, query, index, c.size ?? undefined));
      return `${def.siteBasePaths?.[c.site] ?? def.basePath}${def.path}${qs ? `?${qs}` : ""}`;
    };
    if (c.error !== undefined) expect(run).toThrow(c.error);
    else expect(run()).toBe(c.uri);
  });
});

describe("locations", () => {
  it.each(named(load("locations.json").cases as Case[]))("%s", (_n, c) => {
    const run = (): string => {
      const def = listDefinition(c.list);
      const loc = resolveLocation(c.settings, { HOME: "/nonexistent", ...c.env });
      const source = c.settings.region !== undefined ? "region" : "NCLOUD_REGION";
      const region = parseRegion(c.settings.region ?? c.env.NCLOUD_REGION, loc.site, source);
      const origin = resolveOrigin(
        def.service,
        loc.site,
        loc.endpoint,
        regionHostPrefix(def.regional === true ? region : undefined),
      );
      return `${origin} ${basePathOn(def, loc.site)}`;
    };
    if (c.error !== undefined) expect(run).toThrow(c.error);
    else expect(run()).toBe(`${c.origin} ${c.basePath}`);
  });
});

describe("matching", () => {
  const m = load("matching.json");
  it.each(named(m.nearest as Case[]))("nearest names to %s", (_n, c) => {
    expect(nearestNames(c.wanted, c.names)).toEqual(c.expect);
  });
  it.each(named(m.notFound as Case[]))("not found: %s", (_n, c) => {
    const err = new LookupNotFoundError({
      list: c.title,
      name: c.name,
      constructPath: c.where,
      filters: describeFilters(c.filters),
      itemCount: c.names.length,
      suggestions: nearestNames(c.name, c.names),
    });
    expect(err.message).toBe(c.message);
  });
  it.each((m.nfc as Case[]).map((c, i): [number, Case] => [i, c]))("NFC case %d", (_i, c) => {
    const items = (c.names as string[]).map((name) => ({ name }));
    const hit = findByName(items, "name", c.wanted);
    expect(hit === undefined ? null : items.indexOf(hit as { name: string })).toBe(c.found);
  });
});

describe("credentials", () => {
  it.each(named(load("credentials.json").cases as Case[]))("%s", (_n, c) => {
    const home = mkdtempSync(join(tmpdir(), "conformance-home-"));
    if (c.configure !== undefined) {
      mkdirSync(join(home, ".ncloud"));
      writeFileSync(join(home, ".ncloud", "configure"), c.configure);
    }
    const run = () =>
      resolveCredentials({ ...c.settings, env: { HOME: home, NCLOUD_LOOKUPS_SERVER_ROLE: "off", ...c.env } });
    if (c.errorIncludes !== undefined) {
      let message = "";
      try {
        run();
      } catch (err) {
        message = (err as Error).message;
      }
      for (const s of c.errorIncludes) expect(message).toContain(s);
    } else {
      const creds = run();
      expect([creds.accessKey, creds.secretKey]).toEqual([c.accessKey, c.secretKey]);
    }
  });
});

describe("schema", () => {
  it.each(named(load("schema.json").cases as Case[]))("%s", (_n, c) => {
    const def =
      c.list !== undefined ? listDefinition(c.list) : completeDefinition(c.definition as ListDefinition);
    expect(JSON.parse(JSON.stringify(dataSourceSchema(def)))).toEqual(c.expect);
  });
});

describe("responses", () => {
  it.each(named(load("responses.json").cases as Case[]))("%s", (_n, c) => {
    const def = listDefinition(c.list);
    const run = () =>
      isValidPage(c.list, c.body) ||
      parseResponse(pageSchemaOf(def), c.body, { service: def.service, method: "GET", path: "/x" });
    if (c.error !== undefined) expect(run).toThrow(c.error);
    else expect(run).not.toThrow();
  });
});

/** A page of a list as its response template says, filled from the values. */
function fill(template: unknown, v: Record<string, unknown>): unknown {
  if (typeof template === "string" && template.startsWith("$")) return v[template];
  if (typeof template === "object" && template !== null) {
    return Object.fromEntries(Object.entries(template).map(([k, t]) => [k, fill(t, v)]));
  }
  return template;
}

describe("paging", () => {
  it.each(named(load("paging.json").cases as Case[]))("%s", async (_n, c) => {
    const def = listDefinition(c.list);
    const items = Array.from({ length: c.count }, (_, i) => ({
      [def.idField]: `id-${i}`,
      [def.nameField]: `item-${i}`,
    }));
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      const url = req.url ?? "";
      requests.push(url);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(body));
      };
      if (c.failFirst !== undefined && requests.length === 1) {
        send(
          c.failFirst.status,
          { error: { errorCode: String(c.failFirst.status), message: "test failure" } },
          c.failFirst.retryAfter !== undefined ? { "retry-after": c.failFirst.retryAfter } : {},
        );
        return;
      }
      const params = new URL(url, "http://x").searchParams;
      if (def.paging.style === "none") {
        send(200, fill(def.paging.response, { $items: items, $total: items.length }));
        return;
      }
      const size = Number(params.get(def.paging.sizeParam as string));
      const at = Number(params.get(def.paging.indexParam as string));
      if (c.refuseAbove !== undefined && size > c.refuseAbove) {
        send(400, { error: { errorCode: "400", message: "page size too large" } });
        return;
      }
      const served = Math.min(size, c.cap);
      const page = def.paging.style === "offset" ? Math.floor(at / served) : at;
      const start = c.repeatPage === page ? 0 : page * served;
      const slice = items.slice(start, start + served);
      const pages = Math.ceil(items.length / served);
      send(
        200,
        fill(def.paging.response, {
          $items: slice,
          $total: items.length,
          $index: page,
          $size: served,
          $pages: pages,
          $unfiltered: items.length,
          $hasNext: page + 1 < pages,
          $hasPrevious: page > 0,
          $isFirst: page === 0,
          $isLast: page + 1 >= pages,
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const client = new NcloudClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credentials: { accessKey: "AK", secretKey: "SK" },
      env: { NCLOUD_LOOKUPS_SERVER_ROLE: "off" },
      retryBaseDelayMs: 1,
    });
    try {
      const run = listAllOf(client, def, c.query ?? {});
      if (c.error !== undefined) {
        await expect(run).rejects.toThrow(c.error);
      } else {
        const got = (await run) as Array<Record<string, unknown>>;
        expect(got.map((i) => i[def.idField])).toEqual(items.map((i) => i[def.idField]));
        expect(got).toHaveLength(c.items);
      }
      if (c.requests !== undefined) expect([...requests].sort()).toEqual([...c.requests].sort());
    } finally {
      client.close();
      await new Promise((r) => server.close(r));
    }
  });
});
