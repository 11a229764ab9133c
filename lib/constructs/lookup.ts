/* eslint-disable @typescript-eslint/no-explicit-any -- jsii: maps of any (`{ [key: string]: any }`) and fields of undocumented type */
import { createHash } from "node:crypto";
import { Construct } from "constructs";
import {
  AmbiguousLookupError,
  LookupNotFoundError,
  quoteVisibly,
  SelectionError,
  ValidationError,
  withContext,
} from "../errors";
import { stableJson } from "../lookups/json";
import { parseResolveAt, ResolveAt } from "../lookups/resolve-at";
import { describeFilters } from "../lookups/key";
import { findByName, invisibleDifference, invisiblyEqual, nameIndex, nearestNames } from "../lookups/match";
import {
  LookupStore,
  RESOLVE_SETTING_NAMES,
  type LookupResult,
  type PendingLookup,
  type ResolveSettings,
} from "../lookups/store";
import { findList, listDefinition, type ListKind } from "../lists";
import { checkFilters } from "../services/meta";
import type * as ListsModule from "../services/lists";
import { PlanLookup } from "./plan";
import { StackLookups } from "./stack-lookups";
import { definedOnly, loadContextLists, NcloudLookups } from "./settings";
import { escapeDeep, needsEscape, plainText, safeValue, templateEscape } from "./template-text";
import { terraformLibFor } from "./terraform";

/**
 * The filters of a plan-time lookup, checked as a synth-time lookup checks them (no location, keys or
 * network involved).
 *
 * @throws ValidationError naming the filter.
 */
function validatedFilters(
  kind: string,
  filters: Readonly<Record<string, unknown>>,
  path: string,
): Record<string, unknown> {
  const checked = checkFilters(kind, filters);
  if (checked !== undefined) return checked as Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { validateQueryOf } = require("../services/lists") as typeof ListsModule;
    return validateQueryOf(listDefinition(kind), filters) as Record<string, unknown>;
  } catch (err) {
    throw withContext(err, path);
  }
}

/** Props every lookup construct takes besides its API's filters. */
export interface NcloudLookupProps extends ResolveSettings {
  /**
   * Put the result into the Terraform JSON as an output: a map from name to the item's identifying
   * fields (`id`, and `nrn` where the API has one), or to `outputFields`. It holds the items the stack
   * picked out (what `byName`, `tryByName` hits, `idOf`, `rawItem`, `select` and `selectWhere`
   * returned), or every item with `outputAll`.
   * @default true
   */
  readonly outputs?: boolean;
  /**
   * Put every item of the list into the output, not only the ones the stack picked out (a catalog for
   * `terraform_remote_state` consumers).
   * @default false
   */
  readonly outputAll?: boolean;
  /** Name of the output. @default the construct's path under its stack, joined with `_` */
  readonly outputName?: string;
  /** Item fields to put in the output instead of `id` and `nrn`, e.g. `["policyId", "policyType"]`. */
  readonly outputFields?: string[];
  /**
   * Add a `terraform_data` resource (built in, no provider) whose input is a digest of the list, so a
   * changed list shows up in `terraform plan`.
   * @default false
   */
  readonly pin?: boolean;
}

/** The props every lookup construct takes besides its filters (checked at construction: a typo is an error). */
export const COMMON_PROP_NAMES: readonly string[] = [
  "outputs",
  "outputAll",
  "outputName",
  "outputFields",
  "pin",
  ...RESOLVE_SETTING_NAMES,
];

/**
 * @param separateQuery the filters are in `query` (NcloudListLookup): the props are the common ones,
 *   `list` and `query`.
 * @throws ValidationError naming a prop that is neither a filter of the list nor a common prop.
 */
function checkPropNames(path: string, kind: string, props: object, separateQuery: boolean): void {
  const def = listDefinition(kind);
  const filters = separateQuery ? [] : def.params.map((p) => p.name);
  const known = [...filters, ...COMMON_PROP_NAMES, ...(separateQuery ? ["list", "query"] : [])];
  for (const key of Object.keys(props)) {
    if (known.includes(key)) continue;
    const near = nearestNames(key, known, 1);
    const isFilter = separateQuery && def.params.some((p) => p.name === key);
    throw new ValidationError(
      `${path}: unknown prop ${JSON.stringify(key)}${isFilter ? ` (a filter of ${def.title}: put it in query)` : near.length > 0 ? ` (did you mean ${JSON.stringify(near[0])}?)` : ""}; ` +
        (separateQuery
          ? `the props are list, query and the common props ${COMMON_PROP_NAMES.join(", ")}`
          : `the filters of ${def.title} are ${filters.join(", ") || "none"}, and the common props ${COMMON_PROP_NAMES.join(", ")}`),
    );
  }
}

/** @throws ValidationError naming an output field the list's items do not have. */
function checkOutputFields(path: string, kind: string, fields: readonly string[]): void {
  const known = Object.keys(listDefinition(kind).fields);
  if (!Array.isArray(fields) || fields.length === 0) {
    throw new ValidationError(
      `${path}: outputFields must be a non-empty array of field names: ${known.join(", ")}`,
    );
  }
  for (const f of fields) {
    if (typeof f !== "string" || !known.includes(f)) {
      const near = typeof f === "string" ? nearestNames(f, known, 1) : [];
      throw new ValidationError(
        `${path}: outputFields names ${JSON.stringify(f)}, which ${listDefinition(kind).title} items do not have` +
          `${near.length > 0 ? ` (did you mean ${JSON.stringify(near[0])}?)` : ""}; use some of: ${known.join(", ")}`,
      );
    }
  }
}

/** How many items a selection must match. */
export enum SelectionCount {
  /** Exactly one item. */
  ONE = "one",
  /** None or one item. */
  AT_MOST_ONE = "atMostOne",
  /** Any number of items. */
  ANY = "any",
}

/**
 * Tells the items a selection keeps (`selectWhere`): the form of a predicate every jsii language can
 * implement. TypeScript code can pass an arrow function to `select` instead.
 */
export interface IItemPredicate {
  /** True for an item to keep; the item is passed with all its fields. */
  matches(item: { [key: string]: any }): boolean;
}

const BRAND = Symbol.for("cdktf-ncloud-lookups.NcloudListLookup");
const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Base of every lookup construct (hidden from jsii: its members appear on each construct, typed): the
 * four built-in ones and `NcloudListLookup`. The constructor validates the filters and registers the lookup;
 * the first use of the items resolves it synchronously, together with every lookup registered by then
 * (memo, lock file, then NCP through the bridge, as the mode allows), so lists are fetched at once.
 * Values are real, typed literals: use them anywhere in stack code.
 *
 * @internal
 */
export abstract class ListLookupBase<T extends object> extends Construct {
  /** True for any lookup construct, even from another copy of this library. */
  static isNcloudListLookup(x: unknown): x is ListLookupBase<object> {
    return typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[BRAND] === true;
  }

  /** Which list: `packages`, `policies`, `products` or `profiles`. */
  readonly kind: string;
  readonly #kind: string;
  /** Deterministic key of this lookup in the lock file, e.g. `policies@public?type=SYSTEM_MANAGED`. */
  readonly lookupKey: string;
  /** Name of the Terraform output, when there is one. */
  readonly outputName?: string;
  readonly #pending: PendingLookup<ListKind> | undefined;
  /** The data source of a plan-time lookup (`resolveAt: ResolveAt.PLAN`). */
  readonly #plan: PlanLookup | undefined;
  readonly #filters: string;
  #digest: string | undefined;
  /** Items the stack picked out (by name or selection): what the output holds unless `outputAll`. */
  readonly #picked = new Set<unknown>();
  readonly #outputAll: boolean;
  /** Items as handed to stack code, where they differ from the items read (NCP text made safe). */
  readonly #shown = new Map<unknown, T>();
  #shownItems: T[] | undefined;

  /**
   * @param kind the list (its definition says which props are filters)
   * @param props the common lookup props, and the filters by their API names unless `query` holds them
   * @param query the filters, apart from the props (`NcloudListLookup`)
   */
  protected constructor(
    scope: Construct,
    id: string,
    kind: string,
    props: NcloudLookupProps = {},
    query?: Readonly<Record<string, unknown>>,
  ) {
    super(scope, id);
    const def = listDefinition(kind);
    const filters =
      query !== undefined
        ? { ...query }
        : Object.fromEntries(def.params.map((p) => [p.name, (props as Record<string, unknown>)[p.name]]));
    Object.defineProperty(this, BRAND, { value: true });
    this.kind = kind;
    this.#kind = kind;
    checkPropNames(this.node.path, kind, props, query !== undefined);
    this.#outputAll = props.outputAll === true;
    if (props.outputFields !== undefined) checkOutputFields(this.node.path, kind, props.outputFields);
    const own = Object.fromEntries(
      Object.entries(definedOnly(props)).filter(([k]) => !Object.prototype.hasOwnProperty.call(filters, k)),
    );
    const settings: ResolveSettings = { ...NcloudLookups.settingsFor(scope), ...own };
    let resolveAt: ResolveAt;
    try {
      resolveAt = parseResolveAt(settings.resolveAt, "resolveAt");
    } catch (err) {
      throw new ValidationError(`${this.node.path}: ${(err as Error).message}`);
    }
    if (resolveAt === ResolveAt.PLAN) {
      // Nothing is read now: the filters are checked, the data source emitted, tokens handed out.
      const checked = validatedFilters(kind, filters, this.node.path);
      if (props.pin === true) {
        throw new ValidationError(
          `${this.node.path}: pin needs the list at synth time; leave pin out of a plan-time lookup (the data source reads the list on each plan)`,
        );
      }
      this.#pending = undefined;
      this.#plan = new PlanLookup(this, def, checked, settings, this.node.path);
      this.#filters = describeFilters(checked);
      this.lookupKey = `plan:${kind}${this.#filters === "none" ? "" : `?${this.#filters}`}`;
    } else {
      this.#plan = undefined;
      try {
        this.#pending = LookupStore.of(this).defer(
          kind as ListKind,
          filters,
          settings,
          process.env,
          this.node.path,
        );
      } catch (err) {
        throw withContext(err, this.node.path);
      }
      this.lookupKey = this.#pending.key;
      this.#filters = describeFilters(this.#pending.spec.query);
    }
    const publicKey = this.lookupKey;

    if (this.#plan !== undefined && props.outputs !== false) {
      const plan = this.#plan;
      const tf = terraformLibFor(this);
      const name = props.outputName ?? this.defaultOutputName(tf.TerraformStack.of(this));
      if (!OUTPUT_NAME.test(name)) {
        throw new ValidationError(
          `${this.node.path}: outputName "${name}" is not a valid Terraform output name; use letters, digits, _ and -, starting with a letter or _`,
        );
      }
      const out = new tf.TerraformOutput(this, "output", {
        value: plan.output(props.outputFields, props.outputAll === true),
        description: `${def.title} looked up at plan time by cdktf-ncloud-lookups (${templateEscape(publicKey)}), by name${props.outputAll === true ? "" : ": the items the stack picked out"}`,
      });
      out.overrideLogicalId(name);
      this.outputName = name;
    } else if (props.outputs !== false || props.pin === true) {
      const tf = terraformLibFor(this);
      if (props.outputs !== false) {
        const name = props.outputName ?? this.defaultOutputName(tf.TerraformStack.of(this));
        if (!OUTPUT_NAME.test(name)) {
          throw new ValidationError(
            `${this.node.path}: outputName "${name}" is not a valid Terraform output name; use letters, digits, _ and -, starting with a letter or _`,
          );
        }
        const taken = StackLookups.of(tf.TerraformStack.of(this)).outputNames;
        const holder = taken.get(name);
        if (holder !== undefined) {
          throw new ValidationError(
            `${this.node.path}: output name "${name}" is already used by ${holder}; give one of them another outputName`,
          );
        }
        taken.set(name, this.node.path);
        const fields = props.outputFields;
        const out = new tf.TerraformOutput(this, "output", {
          value: tf.Lazy.anyValue({ produce: () => this.outputValue(fields) }),
          description: `${listDefinition(kind).title} looked up by cdktf-ncloud-lookups (${templateEscape(publicKey)}), by name${props.outputAll === true ? "" : ": the items the stack picked out"}`,
        });
        out.overrideLogicalId(name);
        this.outputName = name;
      }
      if (props.pin === true) {
        new tf.DataResource(this, "pin", {
          input: {
            lookup: templateEscape(publicKey),
            digest: tf.Lazy.anyValue({ produce: () => this.digest }),
          },
        });
      }
    }
  }

  /** @throws ValidationError in a plan-time lookup, naming the member and the alternative. */
  #planGuard(member: string): void {
    if (this.#plan !== undefined) throw this.#plan.unavailable(member);
  }

  #result(member = "items"): LookupResult<ListKind> {
    if (this.#plan !== undefined || this.#pending === undefined) {
      throw (this.#plan as PlanLookup).unavailable(member);
    }
    try {
      return this.#pending.get();
    } catch (err) {
      throw withContext(err, this.node.path);
    }
  }

  /** The items as read (NCP's text as it is): what matching, outputs and the digest use. */
  #raw(): T[] {
    return this.#result().items as T[];
  }

  /**
   * `item` as stack code gets it: itself, or (when some text in it would be read by Terraform as a
   * template: `${…}`, `%{…}`) a copy whose such strings are tokens that Terraform reads back as text.
   */
  #show(item: T): T {
    let shown = this.#shown.get(item);
    if (shown === undefined) {
      shown = needsEscape(item) ? (safeValue(terraformLibFor(this), item) as T) : item;
      this.#shown.set(item, shown);
    }
    return shown;
  }

  /**
   * The item named `name` (or all of them when several share it): from the lines of a big lock file
   * that hold it while its list is unread, else searching the items.
   */
  #find(name: string): T | readonly T[] | undefined {
    const result = this.#result();
    const field = listDefinition(this.#kind).nameField;
    const text = this.#nameText(name);
    return (
      (result.findByName?.(field, text) as T | readonly T[] | undefined) ??
      findByName(result.items as T[], field, text)
    );
  }

  /** The name given by stack code, as text (a name handed out as a token is read back). */
  #nameText(name: string): string {
    // Only a token can hold "${": the common case costs one includes().
    return typeof name === "string" && name.includes("${") ? plainText(terraformLibFor(this), name) : name;
  }

  /**
   * Every item, in server order. The first use resolves this lookup together with every other
   * lookup constructed by then (one batch). Text that Terraform would read as a template (`${…}`,
   * `%{…}`) comes as a token that Terraform reads back as that text: safe in any resource.
   *
   * @throws the lookup's error (FrozenLookupError, ApiError, CredentialsError, …) with this construct's path.
   */
  get items(): T[] {
    if (this.#shownItems !== undefined) return this.#shownItems;
    const raw = this.#raw();
    let shown = raw;
    for (let i = 0; i < raw.length; i++) {
      if (!needsEscape(raw[i])) continue;
      if (shown === raw) shown = raw.slice();
      shown[i] = this.#show(raw[i] as T);
    }
    this.#shownItems = shown;
    return shown;
  }

  /** When the items were fetched (ISO 8601). */
  get fetchedAt(): string {
    return this.#result("fetchedAt").fetchedAt;
  }

  /** Where the items came from in this process: `lock`, `network` or `fixtures`. */
  get source(): string {
    return this.#result("source").source;
  }

  /** SHA-256 of the items (stable JSON): changes whenever the list does. */
  get digest(): string {
    this.#planGuard("digest");
    this.#digest ??= createHash("sha256").update(stableJson(this.#raw())).digest("hex");
    return this.#digest;
  }

  /** Names of all items, in server order. */
  get names(): string[] {
    this.#planGuard("names");
    const field = listDefinition(this.#kind).nameField;
    return this.items.map((i) => String((i as unknown as Record<string, unknown>)[field]));
  }

  /**
   * The item named `name`, or `undefined` when no item has that name.
   *
   * @throws AmbiguousLookupError when several items have that name.
   */
  tryByName(name: string): T | undefined {
    this.#planGuard("tryByName");
    const hit = this.#find(name);
    if (!Array.isArray(hit)) {
      if (hit === undefined) return undefined;
      this.#picked.add(hit);
      return this.#show(hit as T);
    }
    const matches = hit as readonly T[];
    const idField = listDefinition(this.#kind).idField;
    throw new AmbiguousLookupError(
      this.node.path,
      `the name ${JSON.stringify(name)}`,
      matches.length,
      matches.map((m) => String((m as Record<string, unknown>)[idField])),
    );
  }

  /**
   * The item named `name`.
   *
   * @throws LookupNotFoundError naming this construct, the filters, the item count and the nearest names;
   *   AmbiguousLookupError when several items have that name.
   */
  byName(name: string): T {
    if (this.#plan !== undefined) return this.#plan.item(name) as T;
    const item = this.tryByName(name);
    if (item !== undefined) return item;
    name = this.#nameText(name);
    const index = nameIndex(this.#raw(), listDefinition(this.#kind).nameField);
    const invisible = invisiblyEqual(name, index.keys());
    throw new LookupNotFoundError({
      list: listDefinition(this.#kind).title,
      name,
      constructPath: this.node.path,
      filters: this.#filters,
      itemCount: this.#raw().length,
      suggestions: invisible !== undefined ? [invisible] : nearestNames(name, index.keys()),
      ...(invisible !== undefined
        ? {
            note: `${quoteVisibly(invisible)} differs from it only in characters you cannot see: ${invisibleDifference(name, invisible)}`,
          }
        : {}),
    });
  }

  /** True when exactly one or more items have this name. */
  has(name: string): boolean {
    this.#planGuard("has");
    return this.#find(name) !== undefined;
  }

  /**
   * The item named `name` with every field it came with, documented or not (fields NCP adds later).
   *
   * @throws LookupNotFoundError, AmbiguousLookupError as `byName`.
   */
  rawItem(name: string): { [key: string]: any } {
    this.#planGuard("rawItem");
    return this.byName(name) as unknown as { [key: string]: any };
  }

  /**
   * Items the predicate keeps, checked against the expected count: the form of `select` for every jsii
   * language (Python, Java, C#, Go).
   *
   * @param count `ONE` or `AT_MOST_ONE` check the count (the result then holds one item, or none for
   *   `AT_MOST_ONE`); `ANY` (default) returns every match.
   * @throws SelectionError when `ONE` matches none; AmbiguousLookupError when `ONE`/`AT_MOST_ONE` match several.
   */
  selectWhere(predicate: IItemPredicate, count: SelectionCount = SelectionCount.ANY): T[] {
    this.#planGuard("selectWhere");
    const keep = (item: T): boolean => predicate.matches(item as unknown as { [key: string]: any });
    if (count === SelectionCount.ANY) return this.select(keep, "any");
    const one = count === SelectionCount.ONE ? this.select(keep, "one") : this.select(keep, "atMostOne");
    return one === undefined ? [] : [one];
  }

  /** The id of the item named `name` (`policyId`, `productId`, `profileId`; a package's name). */
  idOf(name: string): string {
    if (this.#plan !== undefined) return this.#plan.token(name, listDefinition(this.#kind).idField);
    return String(
      (this.byName(name) as unknown as Record<string, unknown>)[listDefinition(this.#kind).idField],
    );
  }

  /**
   * Items matching `predicate`, checked against the expected count.
   *
   * @throws SelectionError when `one` matches none or `one`/`atMostOne` match several.
   * a function parameter and overloads; other languages use `selectWhere`
   *
   * @jsii ignore
   */
  select(predicate: (item: T) => boolean, expect: "one"): T;
  /** @jsii ignore */
  select(predicate: (item: T) => boolean, expect: "atMostOne"): T | undefined;
  /** @jsii ignore */
  select(predicate: (item: T) => boolean, expect?: "any"): T[];
  /** @jsii ignore */
  select(predicate: (item: T) => boolean, expect: "one" | "atMostOne" | "any" = "any"): T | T[] | undefined {
    this.#planGuard("select");
    const raw = this.#raw();
    const shown = this.items;
    const matches: T[] = [];
    const picked: T[] = [];
    for (let i = 0; i < shown.length; i++) {
      if (predicate(shown[i] as T)) {
        matches.push(shown[i] as T);
        picked.push(raw[i] as T);
      }
    }
    if (expect === "any") {
      for (const m of picked) this.#picked.add(m);
      return matches;
    }
    if (matches.length > 1) {
      const idField = listDefinition(this.#kind).idField;
      throw new AmbiguousLookupError(
        this.node.path,
        `a selection expected to match ${expect === "one" ? "exactly one item" : "at most one item"}`,
        matches.length,
        picked.map((m) => String((m as Record<string, unknown>)[idField])),
      );
    }
    if (expect === "one" && matches.length === 0) {
      throw new SelectionError(
        `${this.node.path}: a selection expected to match exactly one of ${raw.length} ${listDefinition(this.#kind).title} ` +
          `(filters: ${this.#filters}) matched none`,
      );
    }
    if (picked[0] !== undefined) this.#picked.add(picked[0]);
    return matches[0];
  }

  /**
   * The output value: name to identifying fields (or to `fields`), NCP's text escaped so that
   * Terraform reads it as text (never as a template).
   */
  private outputValue(fields?: readonly string[]): Record<string, Record<string, unknown>> {
    const def = listDefinition(this.#kind);
    const out: Record<string, Record<string, unknown>> = {};
    for (const item of this.#raw()) {
      if (!this.#outputAll && !this.#picked.has(item)) continue;
      const rec = item as unknown as Record<string, unknown>;
      let value: Record<string, unknown>;
      if (fields !== undefined) {
        value = Object.fromEntries(fields.map((f) => [f, rec[f] ?? null]));
      } else {
        value = { id: rec[def.idField] ?? null };
        if (def.nrnField !== undefined) value.nrn = rec[def.nrnField] ?? null;
      }
      const name = String(rec[def.nameField]);
      // A second item of a name, and an item named `__proto__` (which cdktf's key-by-key copy of an
      // output value would turn into a prototype), are keyed `<name>#<id>`.
      const key =
        name === "__proto__" || Object.prototype.hasOwnProperty.call(out, name)
          ? `${name}#${String(rec[def.idField])}`
          : name;
      out[key] = value;
    }
    return needsEscape(out) ? (escapeDeep(out) as Record<string, Record<string, unknown>>) : out;
  }

  private defaultOutputName(stack: { node: { path: string } }): string {
    const rel = this.node.path.slice(stack.node.path.length).replace(/^\//, "");
    const name = rel.replace(/[^A-Za-z0-9_-]+/g, "_");
    return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
  }
}

/** Props of {@link NcloudListLookup}: which list, its filters, and the common lookup props. */
export interface NcloudListLookupProps extends NcloudLookupProps {
  /**
   * The list's kind: one of the four built-in ones (`policies`, …) or one registered with
   * `registerList` or named in cdktf.json (`context["ncloud-lookups"].lists`).
   */
  readonly list: string;
  /** The list's filters by their API names (its definition's `params`). @default no filters */
  readonly query?: { [key: string]: any };
}

/**
 * A lookup of any list, named by its kind: a list of your own (registered with `registerList`, or
 * named in cdktf.json's `context["ncloud-lookups"].lists`) or a built-in one. It gets everything the
 * built-in constructs have: paging, `byName` with suggestions, `select`, the lock file and its frozen
 * mode, outputs, the memo and batching. Items are records of the definition's fields (and any
 * fields the server adds).
 *
 * In TypeScript, `NcloudListLookup.typed<Item>(...)` returns the same construct typed with the item
 * interface.
 *
 * @example
 * registerList(SUB_ACCOUNTS); // or name its module in cdktf.json
 * const subs = new NcloudListLookup(this, "subs", { list: "sub-accounts", query: { searchWord: "ci-" } });
 * subs.byName("ci-deployer").subAccountNo;
 */
export class NcloudListLookup extends ListLookupBase<{ [key: string]: any }> {
  /**
   * The construct typed with the list's item interface (TypeScript only).
   *
   * @jsii ignore
   */
  static typed<T extends object>(
    scope: Construct,
    id: string,
    props: NcloudListLookupProps,
  ): TypedListLookup<T> {
    return new NcloudListLookup(scope, id, props) as unknown as TypedListLookup<T>;
  }

  /**
   * @throws ValidationError for an unknown list (naming the known ones), a filter the list does not
   *   have, or a bad common prop.
   */
  constructor(scope: Construct, id: string, props: NcloudListLookupProps) {
    const list = (props as Partial<NcloudListLookupProps> | undefined)?.list;
    if (typeof list !== "string" || list === "") {
      throw new ValidationError(
        `${scope.node.path === "" ? "" : `${scope.node.path}/`}${id}: the list prop is missing; name the list's kind, e.g. { list: "sub-accounts" }`,
      );
    }
    if (findList(list) === undefined) loadContextLists(scope);
    const query = props.query ?? {};
    if (typeof query !== "object" || query === null || Array.isArray(query)) {
      throw new ValidationError(
        `${scope.node.path}/${id}: query must be an object of the list's filters, e.g. { searchWord: "ci-" }`,
      );
    }
    super(scope, id, list, props, query);
  }

  /** Every item, in server order (the first use resolves every lookup constructed by then). */
  override get items(): { [key: string]: any }[] {
    return super.items;
  }

  /**
   * The item named `name` (matched under Unicode normalization).
   *
   * @throws LookupNotFoundError (with "Did you mean …"), AmbiguousLookupError, or the lookup's error.
   */
  override byName(name: string): { [key: string]: any } {
    return super.byName(name);
  }

  /** The item named `name`, or undefined for a real not-found. @throws AmbiguousLookupError */
  override tryByName(name: string): { [key: string]: any } | undefined {
    return super.tryByName(name);
  }

  /** Items the predicate keeps, checked against `count` (see `SelectionCount`). */
  override selectWhere(predicate: IItemPredicate, count?: SelectionCount): { [key: string]: any }[] {
    return super.selectWhere(predicate, count);
  }
}

/**
 * `NcloudListLookup` with its items typed (TypeScript only): see `NcloudListLookup.typed`.
 *
 * @jsii ignore
 */
export type TypedListLookup<T extends object> = Omit<
  NcloudListLookup,
  "items" | "byName" | "tryByName" | "selectWhere" | "select"
> & {
  readonly items: T[];
  byName(name: string): T;
  tryByName(name: string): T | undefined;
  selectWhere(predicate: IItemPredicate, count?: SelectionCount): T[];
  select(predicate: (item: T) => boolean, expect: "one"): T;
  select(predicate: (item: T) => boolean, expect: "atMostOne"): T | undefined;
  select(predicate: (item: T) => boolean, expect?: "any"): T[];
};
