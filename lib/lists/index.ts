/**
 * The one registry of lists: the four this package ships and every list registered with
 * `registerList`. Every per-list table (CLI choices, lock keys, the emulator's routes, the constructs'
 * filters) is read from here. It lives on `globalThis` under a `Symbol.for` key, so two copies of the
 * package in one process (an app's and a definition module's) share it, as aws-cdk's context
 * providers share one map.
 */
import { ValidationError } from "../errors";
import type { BuiltInConstructSpec, CompleteListDefinition, ListDefinition } from "./definition";
import { PACKAGES, PACKAGES_CONSTRUCT } from "./packages";
import { POLICIES, POLICIES_CONSTRUCT } from "./policies";
import { PRODUCTS, PRODUCTS_CONSTRUCT } from "./products";
import { PROFILES, PROFILES_CONSTRUCT } from "./profiles";
import type * as CompleteModule from "./complete";

export type { CompleteListDefinition, ListDefinition } from "./definition";

/** The four lists this library ships. Lists registered with {@link registerList} come on top. */
export type ListKind = "packages" | "policies" | "products" | "profiles";

/** The shipped lists that page (packages answer in one response). */
export type PagedListKind = Exclude<ListKind, "packages">;

/** The shipped definitions, in a fixed order. */
export const BUILT_IN_LISTS: readonly CompleteListDefinition[] = [PACKAGES, POLICIES, PRODUCTS, PROFILES];

/** The typed construct class of each shipped list (what `npm run generate` writes), in the same order. */
export const BUILT_IN_CONSTRUCTS: readonly BuiltInConstructSpec[] = [
  PACKAGES_CONSTRUCT,
  POLICIES_CONSTRUCT,
  PRODUCTS_CONSTRUCT,
  PROFILES_CONSTRUCT,
];

/** The shipped list kinds, in a fixed order. */
export const LIST_KINDS: readonly ListKind[] = BUILT_IN_LISTS.map((d) => d.kind as ListKind);

const REGISTRY = Symbol.for("cdktf-ncloud-lookups.lists.v1");
type Registry = Map<string, CompleteListDefinition>;
const registry: Registry = ((globalThis as Record<symbol, Registry | undefined>)[REGISTRY] ??= new Map(
  BUILT_IN_LISTS.map((d) => [d.kind, d]),
));
/** What each registered definition was completed from (the same input registers twice without error). */
const inputs = new WeakMap<object, CompleteListDefinition>();

/**
 * Adds a list defined outside this package: constructs (`NcloudListLookup`), the lock file, the CLI,
 * the emulator and fixtures then know it in this process. The definition is checked and its defaults
 * filled in (see `ListDefinition`). Registering the same definition again does nothing.
 *
 * @returns the definition with its defaults.
 * @throws ValidationError naming the field of a bad definition, or when the kind is already taken by
 *   another definition.
 */
export function registerList(def: ListDefinition): CompleteListDefinition {
  const known = typeof def === "object" && def !== null ? inputs.get(def) : undefined;
  if (known !== undefined && registry.get(known.kind) === known) return known;
  // The checks load only when a list is registered: a synth of the four built-in lists skips them.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { completeDefinition } = require("./complete") as typeof CompleteModule;
  const complete = completeDefinition(def);
  const there = registry.get(complete.kind);
  if (there !== undefined && there !== def && JSON.stringify(there) !== JSON.stringify(complete)) {
    throw new ValidationError(
      `a different list named ${JSON.stringify(complete.kind)} is already registered (${there.title}); give this one another kind`,
    );
  }
  const kept = there ?? complete;
  registry.set(kept.kind, kept);
  inputs.set(def, kept);
  return kept;
}

/** Every list kind known in this process: the shipped ones, then the registered ones. */
export function listKinds(): string[] {
  return [...registry.keys()];
}

/** True for a list kind known in this process. */
export function isListKind(value: string): value is ListKind {
  return registry.has(value);
}

/** The definition of a kind, or undefined. */
export function findList(kind: string): CompleteListDefinition | undefined {
  return registry.get(kind);
}

/**
 * The definition of a kind.
 *
 * @throws ValidationError for an unknown kind, naming the known ones and how to add one.
 */
export function listDefinition(kind: string): CompleteListDefinition {
  const def = registry.get(kind);
  if (def === undefined) {
    throw new ValidationError(
      `unknown list ${JSON.stringify(kind)}; known: ${listKinds().join(", ")}. ` +
        `A list of your own needs its definition registered first: registerList(...) in the app, or its module in cdktf.json (context["ncloud-lookups"].lists) or --lists for the CLI`,
    );
  }
  return def;
}
