import { createRequire } from "node:module";
import { join } from "node:path";
import type { IConstruct } from "constructs";

/** The few classes of `cdktf` (or its continuation `cdktn`) that the constructs use. */
export interface TerraformLib {
  readonly TerraformStack: {
    of(scope: IConstruct): IConstruct;
    isStack(x: unknown): boolean;
  } & (abstract new (...args: never[]) => object);
  readonly TerraformOutput: new (
    scope: IConstruct,
    id: string,
    config: { value: unknown; description?: string; staticId?: boolean },
  ) => IConstruct & { overrideLogicalId(id: string): void };
  readonly DataResource: new (scope: IConstruct, id: string, config: { input?: unknown }) => IConstruct;
  readonly Lazy: { anyValue(producer: { produce(context: unknown): unknown }): unknown };
  readonly TerraformDataSource: new (
    scope: IConstruct,
    id: string,
    config: { terraformResourceType: string; terraformGeneratorMetadata?: { providerName: string } },
  ) => PlanDataSource;
  readonly Fn: { lookup(map: unknown, key: string, defaultValue?: unknown): unknown };
  readonly Token: { asString(value: unknown): string };
  readonly Tokenization?: {
    reverseString(s: string): { readonly literals: readonly unknown[]; readonly tokens: readonly unknown[] };
  };
}

/** What plan-time lookups use of a data source. */
export interface PlanDataSource extends IConstruct {
  readonly friendlyUniqueId: string;
  addOverride(path: string, value: unknown): void;
  getStringAttribute(attribute: string): string;
  getNumberAttribute(attribute: string): number;
  getListAttribute(attribute: string): string[];
  getBooleanAttribute(attribute: string): unknown;
}

const PACKAGES = ["cdktf", "cdktn"] as const;
const cache = new Map<string, TerraformLib | null>();

/** Loads one library, from the app's directory first, then from beside this package; null if absent. */
function load(name: string): TerraformLib | null {
  let lib = cache.get(name);
  if (lib !== undefined) return lib;
  lib = null;
  for (const req of [createRequire(join(process.cwd(), "noop.js")), require]) {
    try {
      lib = req(name) as TerraformLib;
      break;
    } catch {
      // not installed there
    }
  }
  cache.set(name, lib);
  return lib;
}

/**
 * The Terraform construct library the scope's stack was built with: `cdktf`, or `cdktn` (CDK Terrain).
 * Both are optional peers, so neither is forced on the other; the second is loaded only when the
 * stack is not the first's.
 *
 * @throws Error when neither is installed.
 */
export function terraformLibFor(scope: IConstruct): TerraformLib {
  let fallback: TerraformLib | undefined;
  for (const name of PACKAGES) {
    const lib = load(name);
    if (lib === null) continue;
    fallback ??= lib;
    if (lib.TerraformStack.of(scope) instanceof lib.TerraformStack) return lib;
  }
  if (fallback === undefined) {
    throw new Error(
      "cdktf-ncloud-lookups constructs need `cdktf` or `cdktn`; install one: npm install cdktf constructs",
    );
  }
  return fallback;
}
