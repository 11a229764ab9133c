/**
 * Plan-time lookups (`resolveAt: ResolveAt.PLAN`): a lookup construct emits one `external` data source
 * (hashicorp/external) that runs `ncloud-lookups external` on each `terraform plan`, and hands out
 * Terraform references into its result instead of values. Synth needs nothing (no network, no
 * credentials, no lock entry) and is deterministic: the query holds only the list, the filters, the
 * names the stack asked for and settings given as props.
 */
import type { IConstruct } from "constructs";
import { ValidationError } from "../errors";
import type { CompleteListDefinition } from "../lists/definition";
import type { ResolveSettings } from "../lookups/store";
import { escapeDeep } from "./template-text";
import { terraformLibFor, type TerraformLib } from "./terraform";

/** The hashicorp/external provider requirement a plan-time lookup adds to its stack. */
export const EXTERNAL_PROVIDER = { source: "hashicorp/external", version: "~> 2.3" } as const;

/** Settings that travel in the data source's query when given as props or configure (never from the environment). */
const QUERY_SETTINGS = ["account", "profile", "site", "region"] as const;

/** One plan-time lookup: its data source and the names its stack asked for. */
export class PlanLookup {
  readonly #tf: TerraformLib;
  readonly #def: CompleteListDefinition;
  readonly #source: Record<string, string>;
  readonly #names = new Map<string, number>();
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
    // mode, lockFile, maxAge, fixtures, keys and endpoint have no meaning here: the Terraform run's
    // environment and configure file decide at plan time, and nothing is recorded.
    const tf = terraformLibFor(scope);
    this.#tf = tf;
    const query: Record<string, string> = { list: def.kind };
    for (const [k, v] of Object.entries(filters)) if (v !== undefined) query[k] = String(v);
    for (const k of QUERY_SETTINGS) {
      const v = settings[k];
      if (v !== undefined && v !== "") query[k] = String(v);
    }
    const source = new tf.TerraformDataSource(scope, "plan", {
      terraformResourceType: "external",
    });
    source.addOverride("program", [settings.planProgram ?? "ncloud-lookups", "external"]);
    source.addOverride(
      "query",
      tf.Lazy.anyValue({
        // Terraform reads these strings as templates: escaped, so a name or filter is only text.
        produce: () =>
          escapeDeep({ ...query, names: JSON.stringify([...this.#names.keys()]) }) as Record<string, string>,
      }),
    );
    const stack = tf.TerraformStack.of(scope) as unknown as {
      addOverride(path: string, value: unknown): void;
    };
    stack.addOverride("terraform.required_providers.external", { ...EXTERNAL_PROVIDER });
    this.#source = source.getStringMapAttribute("result");
  }

  /** The whole result map (an output's value): `<position>.<field>` of every name asked for. */
  get result(): Record<string, string> {
    return this.#source;
  }

  /** The reference to one field of the item named `name`: its string value at plan time, "" when absent. */
  token(name: string, field: string): string {
    let i = this.#names.get(name);
    if (i === undefined) this.#names.set(name, (i = this.#names.size));
    return this.#tf.Token.asString(this.#tf.Fn.lookup(this.#source, `${i}.${field}`, ""));
  }

  /**
   * The item named `name` as references: every string field of the list's definition (and `id`) is a
   * token; a field of another type (boolean, integer, list, JSON) throws when read, since Terraform's
   * external data source returns strings only.
   */
  item(name: string): Record<string, unknown> {
    let item = this.#items.get(name);
    if (item !== undefined) return item;
    item = {};
    for (const [field, type] of Object.entries(this.#def.fields)) {
      if (type === "string") {
        Object.defineProperty(item, field, { value: this.token(name, field), enumerable: true });
      } else {
        Object.defineProperty(item, field, {
          enumerable: false,
          get: () => {
            throw new ValidationError(
              `${this.#path}: ${field} of ${JSON.stringify(name)} is a ${type} field, which a plan-time lookup cannot give ` +
                `(Terraform's external data source returns strings); read it with resolveAt: ResolveAt.SYNTH, or use a string field`,
            );
          },
        });
      }
    }
    this.#items.set(name, item);
    return item;
  }

  /** The error for a member that needs the items at synth time. */
  unavailable(member: string): ValidationError {
    return new ValidationError(
      `${this.#path}: ${member} cannot run at synth time in a plan-time lookup (resolveAt: ResolveAt.PLAN): the list is read by ` +
        `terraform plan. Use byName(name).<field> or idOf(name), which give Terraform references, or resolveAt: ResolveAt.SYNTH for values at synth time`,
    );
  }
}
