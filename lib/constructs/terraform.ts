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
}

const PACKAGES = ["cdktf", "cdktn"] as const;
let loaded: Array<{ name: string; lib: TerraformLib }> | undefined;

function loadAll(): Array<{ name: string; lib: TerraformLib }> {
  if (loaded !== undefined) return loaded;
  const found: Array<{ name: string; lib: TerraformLib }> = [];
  const requirers = [createRequire(join(process.cwd(), "noop.js")), require];
  for (const name of PACKAGES) {
    for (const req of requirers) {
      try {
        found.push({ name, lib: req(name) as TerraformLib });
        break;
      } catch {
        // not installed there
      }
    }
  }
  loaded = found;
  return found;
}

/**
 * The Terraform construct library the scope's stack was built with: `cdktf`, or `cdktn` (CDK Terrain).
 * Both are optional peers, so neither is forced on the other.
 *
 * @throws Error when neither is installed.
 */
export function terraformLibFor(scope: IConstruct): TerraformLib {
  const libs = loadAll();
  if (libs.length === 0) {
    throw new Error(
      "cdktf-ncloud-lookups constructs need `cdktf` or `cdktn`; install one: npm install cdktf constructs",
    );
  }
  if (libs.length > 1) {
    const stack = libs[0]?.lib.TerraformStack.of(scope);
    for (const { lib } of libs) {
      if (stack instanceof lib.TerraformStack) return lib;
    }
  }
  return (libs[0] as { lib: TerraformLib }).lib;
}
