import { Construct, type IConstruct } from "constructs";

/** The id of the state node under each stack that has lookups. */
const ID = "cdktf-ncloud-lookups.stack";

/**
 * What the lookups of one stack share, kept in the construct tree as a child of the stack (as aws-cdk
 * keeps its per-stack singletons), not in module state: the output names taken (two lookups never write
 * one output) and the native provider's blocks that plan-time lookups declared. It holds no Terraform
 * element: the synthesized configuration does not show it.
 */
export class StackLookups extends Construct {
  /** The state of `stack`, made on first need. */
  static of(stack: IConstruct): StackLookups {
    return (stack.node.tryFindChild(ID) as StackLookups | undefined) ?? new StackLookups(stack, ID);
  }

  /** Output name → the path of the construct that writes it. */
  readonly outputNames = new Map<string, string>();
  /** The provider blocks by their settings (a key of the sorted settings), with their aliases. */
  readonly providerBlocks = new Map<string, { alias: string; config: Record<string, string> }>();
  /** Whether the stack declares the native provider (its source, version and blocks) yet. */
  providerDeclared = false;
}
