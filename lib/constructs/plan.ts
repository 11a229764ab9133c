/**
 * Plan-time lookups (`resolveAt: ResolveAt.PLAN`): a lookup construct emits one data source of the
 * native provider `ncloud-lookups/ncloudlookups` (`ncloudlookups_<kind>` for a built-in list,
 * `ncloudlookups_list` with the definition inline for a list of one's own), and hands out Terraform
 * references of each field's own type instead of values. Synth needs nothing (no network, no
 * credentials, no lock entry, no Node.js at plan time) and is deterministic: the data source holds the
 * filters, the names the stack asked for and the settings given as props (never keys).
 */
import type { IConstruct } from "constructs";
import { ValidationError } from "../errors";
import { packageVersion } from "../cli/version";
import { dataSourceSchema, snakeCase } from "../lists/data-source";
import type { CompleteListDefinition } from "../lists/definition";
import { BUILT_IN_LISTS } from "../lists";
import type { ResolveSettings } from "../lookups/store";
import { StackLookups } from "./stack-lookups";
import { escapeDeep, hclQuoted, templateEscape } from "./template-text";
import { terraformLibFor, type PlanDataSource, type TerraformLib } from "./terraform";

/** The provider a plan-time lookup reads through, with a version constraint matching this package. */
export function nativeProvider(): { source: string; version: string } {
  return { source: "ncloud-lookups/ncloudlookups", version: `~> ${packageVersion()}` };
}

/** Settings that configure the provider block when given as props or configure (never keys or endpoint). */
const PROVIDER_SETTINGS = ["profile", "site", "region"] as const;

/** The provider alias for `config` in `stack` (undefined: the default block); declares the block. */
function providerFor(
  tf: TerraformLib,
  scope: IConstruct,
  config: Record<string, string>,
): string | undefined {
  const stackScope = tf.TerraformStack.of(scope);
  const stack = stackScope as unknown as { addOverride(path: string, value: unknown): void };
  const state = StackLookups.of(stackScope);
  const blocks = state.providerBlocks;
  if (!state.providerDeclared) {
    state.providerDeclared = true;
    stack.addOverride("terraform.required_providers.ncloudlookups", nativeProvider());
    stack.addOverride(
      "provider.ncloudlookups",
      tf.Lazy.anyValue({
        produce: () => [
          {},
          ...[...blocks.values()].map((b) => ({ alias: b.alias, ...(escapeDeep(b.config) as object) })),
        ],
      }),
    );
  }
  if (Object.keys(config).length === 0) return undefined;
  const key = JSON.stringify(Object.entries(config).sort());
  let block = blocks.get(key);
  if (block === undefined) {
    const alias = `lookups_${Object.entries(config)
      .sort()
      .map(([k, v]) => `${k}_${v}`)
      .join("_")
      .replace(/[^A-Za-z0-9_]+/g, "_")
      .toLowerCase()}`.slice(0, 60);
    const taken = new Set([...blocks.values()].map((b) => b.alias));
    let unique = alias;
    for (let i = 2; taken.has(unique); i++) unique = `${alias}_${i}`;
    block = { alias: unique, config };
    blocks.set(key, block);
  }
  return block.alias;
}

/** True when `def` is a built-in list as shipped (its data sources are the provider's own). */
function isBuiltIn(def: CompleteListDefinition): boolean {
  return BUILT_IN_LISTS.some(
    (d) => d === def || (d.kind === def.kind && JSON.stringify(d) === JSON.stringify(def)),
  );
}

/** One plan-time lookup: its data source and the names its stack asked for. */
export class PlanLookup {
  readonly #tf: TerraformLib;
  readonly #def: CompleteListDefinition;
  readonly #source: PlanDataSource;
  readonly #type: string;
  readonly #names = new Set<string>();
  readonly #items = new Map<string, Record<string, unknown>>();
  readonly #path: string;

  constructor(
    scope: IConstruct,
    def: CompleteListDefinition,
    filters: Readonly<Record<string, unknown>>,
    settings: ResolveSettings,
    path: string,
  ) {
    this.#def = def;
    this.#path = path;
    if (settings.planProgram !== undefined) {
      throw new ValidationError(
        `${path}: planProgram is no longer used: plan-time lookups read through the native provider ncloud-lookups/ncloudlookups ` +
          '(no Node.js on the runner; README: "The native Terraform provider"); remove planProgram. Plain HCL configurations can still run `ncloud-lookups external`',
      );
    }
    const tf = terraformLibFor(scope);
    this.#tf = tf;
    const builtIn = isBuiltIn(def);
    this.#type = builtIn ? dataSourceSchema(def).plural : "ncloudlookups_list";
    // No generator metadata: cdktf would then want a provider construct of bindings this package does
    // not ship; Terraform finds the provider from the type's prefix (and required_providers).
    const source = new tf.TerraformDataSource(scope, "plan", { terraformResourceType: this.#type });
    this.#source = source;
    // Terraform reads these strings as templates: escaped, so a name or filter is only text.
    if (builtIn) {
      for (const [k, v] of Object.entries(filters)) {
        if (v !== undefined)
          source.addOverride(snakeCase(k), typeof v === "boolean" ? v : templateEscape(String(v)));
      }
    } else {
      source.addOverride("definition", templateEscape(JSON.stringify(def)));
      const query = Object.fromEntries(
        Object.entries(filters)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, String(v)]),
      );
      if (Object.keys(query).length > 0) source.addOverride("query", escapeDeep(query));
    }
    source.addOverride(
      "names",
      tf.Lazy.anyValue({ produce: () => [...this.#names].sort().map((n) => templateEscape(n)) }),
    );
    const config: Record<string, string> = {};
    for (const k of PROVIDER_SETTINGS) {
      const v = settings[k];
      if (v !== undefined && v !== "") config[k] = String(v);
    }
    const alias = providerFor(tf, scope, config);
    if (alias !== undefined) source.addOverride("provider", `ncloudlookups.${alias}`);
  }

  /** The Terraform attribute path of one field of the item named `name` (the name asked for). */
  #attribute(name: string, field: string): string {
    this.#names.add(name);
    return `by_name[${hclQuoted(name)}].${snakeCase(field)}`;
  }

  /** A reference to one string field of the item named `name`. */
  token(name: string, field: string): string {
    return this.#source.getStringAttribute(this.#attribute(name, field));
  }

  /** A reference to one field of the item named `name`, of the field's own type. */
  #typed(name: string, field: string): unknown {
    const at = this.#attribute(name, field);
    switch (this.#def.fields[field]) {
      case "boolean":
        return this.#source.getBooleanAttribute(at);
      case "integer":
        return this.#source.getNumberAttribute(at);
      case "string[]":
        return this.#source.getListAttribute(at);
      default:
        return this.#source.getStringAttribute(at);
    }
  }

  /**
   * The item named `name` as references: every field of the list's definition is a token of its own
   * type (strings as string tokens, booleans as resolvables, integers as number tokens, lists as list
   * tokens; a `json` field as its JSON text). The plan fails when no item has that name.
   */
  item(name: string): Record<string, unknown> {
    let item = this.#items.get(name);
    if (item !== undefined) return item;
    item = {};
    for (const field of Object.keys(this.#def.fields)) {
      Object.defineProperty(item, field, { value: this.#typed(name, field), enumerable: true });
    }
    this.#names.add(name);
    this.#items.set(name, item);
    return item;
  }

  /**
   * The output value: exactly what the synth-time lookup of the same list and names outputs, as
   * Terraform expressions: name → `{ id, nrn }` (or the `fields` asked for, by their API names), for
   * the names the stack asked for; every item with `all` (a second item of a name under `name#id`).
   */
  output(fields: readonly string[] | undefined, all: boolean): unknown {
    const def = this.#def;
    const entries: Array<[string, string]> =
      fields !== undefined
        ? fields.map((f) => [f, f])
        : [
            ["id", def.idField],
            ...(def.nrnField !== undefined ? ([["nrn", def.nrnField]] as Array<[string, string]>) : []),
          ];
    const value = (v: string, field: string): string =>
      def.fields[field] === "json"
        ? `(${v}.${snakeCase(field)} == null ? null : jsondecode(${v}.${snakeCase(field)}))`
        : `${v}.${snakeCase(field)}`;
    return this.#tf.Lazy.anyValue({
      produce: () => {
        const object = `{ ${entries.map(([k, f]) => `${hclQuoted(k)} = ${value("v", f)}`).join(", ")} }`;
        const names = [...this.#names].sort().map(hclQuoted).join(", ");
        const filter = all ? "" : ` if contains([${names}], k)`;
        const fqn = `data.${this.#type}.${this.#source.friendlyUniqueId}`;
        return `\${{ for k, v in ${fqn}.by_name : k => ${object}${filter} }}`;
      },
    });
  }

  /** The error for a member that needs the items at synth time. */
  unavailable(member: string): ValidationError {
    return new ValidationError(
      `${this.#path}: ${member} cannot run at synth time in a plan-time lookup (resolveAt: ResolveAt.PLAN): the list is read by ` +
        `terraform plan. Use byName(name).<field> or idOf(name), which give Terraform references, or resolveAt: ResolveAt.SYNTH for values at synth time`,
    );
  }
}
