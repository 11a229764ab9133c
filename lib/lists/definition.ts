/**
 * The declarative definition of one NCP list: everything generic code needs (validation, query
 * building, paging, response parsing, CLI flags and columns, the emulator's and the fixtures' filters)
 * derives from it. A definition is plain data (JSON-able): it travels to the lookup worker with each
 * request, so a list defined outside this package (a fifth list) works there too. Adding a list is
 * one file: its item and query interfaces and its definition (see `policies.ts`).
 */
import { ValidationError } from "../errors";

/**
 * A documented item field's type; fields other than the name and id may be null or missing.
 *
 * @jsii ignore (TypeScript only: other languages name definition modules in cdktf.json)
 */
export type ItemFieldType = "string" | "boolean" | "integer" | "string[]" | "json";

/**
 * A query parameter besides paging.
 *
 * @jsii ignore (TypeScript only: other languages name definition modules in cdktf.json)
 */
export interface ParamDefinition {
  /** API name, e.g. `searchColumn`. */
  readonly name: string;
  readonly type: "string" | "boolean" | "enum";
  /** Allowed values of an enum. */
  readonly values?: readonly string[];
  /** Length limits of a string (UTF-16 code units, as `String.length` counts). */
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly description: string;
  /** The CLI flag, when not the kebab-case of the name (`published` for `isPublished`). */
  readonly flag?: string;
  /** Value placeholder in CLI help. @default `<value>` */
  readonly placeholder?: string;
  /** Sent with this value when `param` is set and this one is not (`searchColumn` for `searchWord`). */
  readonly defaultWhen?: { readonly param: string; readonly value: string };
}

/**
 * How the server filters by one parameter (the emulator and the fixtures do the same).
 *
 * @jsii ignore (TypeScript only: other languages name definition modules in cdktf.json)
 */
export type FilterDefinition =
  /** Items whose `field` equals the value (booleans compared as booleans). */
  | { readonly param: string; readonly kind: "equals"; readonly field: string }
  /** Items whose `field` contains the value, ignoring case. */
  | { readonly param: string; readonly kind: "contains"; readonly field: string }
  /** Items whose field named by `columnParam`'s value (default `defaultColumn`) contains the value. */
  | {
      readonly param: string;
      readonly kind: "containsIn";
      readonly columnParam: string;
      readonly defaultColumn: string;
    }
  /** Items not listed under their id in the data set's table `table` with this value. */
  | { readonly param: string; readonly kind: "notListedIn"; readonly table: string }
  /** The data set holds items per value of this parameter (`{ vpc: [...], classic: [...] }`). */
  | { readonly param: string; readonly kind: "bucket"; readonly defaultValue: string };

/**
 * Paging: `none` (one response holds all), `page` (0-based page index and a size) or `offset` (item
 * offset and a limit). The response is described by a template: the body's shape with markers where
 * values go (`$items`, `$total`, `$index`, `$size`, `$pages`, `$hasNext`, `$hasPrevious`, `$isFirst`,
 * `$isLast`, `$unfiltered`); the client reads items, total and index at their markers' paths, and the
 * emulator fills every marker.

 *
 * @jsii ignore (TypeScript only: other languages name definition modules in cdktf.json)
 */
export interface PagingDefinition {
  readonly style: "none" | "page" | "offset";
  /** Page index or offset parameter. */
  readonly indexParam?: string;
  /** Page size or limit parameter. */
  readonly sizeParam?: string;
  /** Paging parameters go before the filters on the wire. */
  readonly paramsFirst?: boolean;
  /** The API's documented default page size: the last size tried when larger ones are refused. */
  readonly defaultSize?: number;
  /** Largest index/offset and size the server accepts: 32- or 64-bit. */
  readonly intRange?: "int" | "long";
  readonly response: Readonly<Record<string, unknown>>;
}

/**
 * How the emulator serves the list (test data; real servers differ).
 *
 * @jsii ignore (TypeScript only: other languages name definition modules in cdktf.json)
 */
export interface EmulatorDefinition {
  /** Page size when the request names none. @default the paging's `defaultSize`, else 10 */
  readonly defaultSize?: number;
  /** Largest page size it answers (larger requests silently get this many). @default no cap */
  readonly cap?: number;
  /** Value the `wrong-shape` fault puts into the name field. @default null */
  readonly wrongNameValue?: unknown;
}

/**
 * One list, as a user defines it (`registerList`). Required: kind, title, service, basePath, path,
 * params, fields, idField, nameField and paging; everything else has a default (see each member).

 *
 * @jsii ignore (TypeScript only: other languages name definition modules in cdktf.json)
 */
export interface ListDefinition {
  /** Key of the list (`policies`): CLI argument, lock key prefix, fixture key. */
  readonly kind: string;
  /** Human title, e.g. "Sub Account policies". */
  readonly title: string;
  /** The service's host part (`subaccount` in `subaccount.apigw.ntruss.com`). */
  readonly service: string;
  /** The service's base path (`/api/v1`); `siteBasePaths` overrides it per site. */
  readonly basePath: string;
  readonly siteBasePaths?: Readonly<Record<string, string>>;
  /**
   * Per site, parameters that site's API does not have, with the one value it serves: another value is
   * refused naming the site, and the parameter is never sent there (e.g. Cloud Functions on gov and fin:
   * `{ gov: { platform: "classic" }, fin: { platform: "classic" } }`).
   */
  readonly siteFixedParams?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * The service has a host per region (`NCLOUD_REGION`: `sg-<service>…` for SGN, `jp-…` for JPN); the
   * lookup key then holds a region other than the site's default. @default false
   */
  readonly regional?: boolean;
  /**
   * Per region, parameters with the one value that region serves: another value is refused naming
   * the region (e.g. Cloud Functions in SGN and JPN: `{ SGN: { platform: "vpc" }, JPN: { platform: "vpc" } }`).
   */
  readonly regionOnlyValues?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Path of the list under the base path (`/policies`). */
  readonly path: string;
  /** Query parameters besides paging, in the order docs and flags show them. */
  readonly params: readonly ParamDefinition[];
  /** Wire order of the parameters. @default the order of `params` */
  readonly wireOrder?: readonly string[];
  /** Documented item fields and their types. */
  readonly fields: Readonly<Record<string, ItemFieldType>>;
  readonly idField: string;
  readonly nameField: string;
  readonly nrnField?: string;
  /** A free-text field (the emulator's `oversize` fault pads it). @default none */
  readonly descriptionField?: string;
  /** Table columns of `ncloud-lookups list`. @default the name and the id */
  readonly table?: readonly string[];
  /**
   * How the server filters by each parameter (the emulator and the fixtures do the same).
   * @default for each parameter named like a field: `equals` (enum, boolean) or `contains` (string)
   */
  readonly filters?: readonly FilterDefinition[];
  readonly paging: PagingDefinition;
  /** How the emulator serves it. @default no cap, the paging's default size */
  readonly emulator?: EmulatorDefinition;
}

/**
 * A definition with every default filled in: what the registry holds and the code reads.
 *
 * @jsii ignore (TypeScript only: other languages name definition modules in cdktf.json)
 */
export interface CompleteListDefinition extends ListDefinition {
  readonly table: readonly string[];
  readonly filters: readonly FilterDefinition[];
  readonly emulator: EmulatorDefinition;
}

/** The dotted path of the first `marker` in a response template, e.g. `productPage.content`. */
export function markerPath(template: unknown, marker: string, prefix = ""): string | undefined {
  if (template === marker) return prefix;
  if (typeof template !== "object" || template === null) return undefined;
  for (const [k, v] of Object.entries(template)) {
    const found = markerPath(v, marker, prefix === "" ? k : `${prefix}.${k}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The value at a dotted path. */
export function valueAtPath(body: unknown, path: string): unknown {
  let cur = body;
  for (const p of path === "" ? [] : path.split(".")) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/**
 * A filter's text (a query string, a lock key, a CLI flag, a map of strings) as its typed value:
 * booleans from "true" and "false", other types as given; undefined for a boolean given other text
 * (each caller says so in its own words).
 */
export function filterValueOf(p: Pick<ParamDefinition, "type">, text: string): string | boolean | undefined {
  if (p.type !== "boolean") return text;
  return text === "true" ? true : text === "false" ? false : undefined;
}

/** A list's base path on a site: its `siteBasePaths` entry for the site, else its `basePath`. */
export function basePathOn(def: Pick<ListDefinition, "basePath" | "siteBasePaths">, site: string): string {
  return def.siteBasePaths?.[site] ?? def.basePath;
}

/**
 * The query without the parameters the site's API does not have (the definition's `siteFixedParams`);
 * a value other than the one the site serves is refused, naming the site.
 *
 * @throws ValidationError
 */
export function withSiteFixedParams<Q>(def: ListDefinition, query: Q, site: string): Q {
  const fixed = def.siteFixedParams?.[site];
  if (fixed === undefined) return query;
  const out = { ...(query as Record<string, unknown>) };
  for (const [name, only] of Object.entries(fixed)) {
    const v = out[name];
    if (v !== undefined && String(v) !== only) {
      throw new ValidationError(
        `${name} ${JSON.stringify(v)} is not served by ${def.title} on the ${site} site ` +
          `(${only} only, GET ${basePathOn(def, site)}${def.path}); leave ${name} out or use ${JSON.stringify(only)}`,
      );
    }
    delete out[name];
  }
  return out as Q;
}

/**
 * The query, checked against the values the region serves (the definition's `regionOnlyValues`).
 *
 * @throws ValidationError naming the parameter, the region and what it serves.
 */
export function checkRegionValues<Q>(def: ListDefinition, query: Q, region: string): Q {
  const only = def.regionOnlyValues?.[region];
  if (only === undefined) return query;
  for (const [name, value] of Object.entries(only)) {
    const v = (query as Record<string, unknown>)[name];
    if (v !== undefined && String(v) !== value) {
      throw new ValidationError(
        `${name} ${JSON.stringify(v)} is not served by ${def.title} in region ${region} (${value} only); leave ${name} out or use ${JSON.stringify(value)}`,
      );
    }
  }
  return query;
}

/** What the generated class needs besides the definition: its names and its doc example. */
export interface BuiltInConstructSpec {
  readonly kind: string;
  /** The definition module under `lib/lists/`. */
  readonly module: string;
  readonly className: string;
  readonly itemType: string;
  readonly queryType: string;
  /** One more sentence of the class doc. */
  readonly note?: string;
  readonly example: readonly string[];
}
