// A stack whose policy lookup runs at plan time (resolveAt: ResolveAt.PLAN): synth needs no network,
// no credentials and no lock entry; each `terraform plan` reads the current list with the keys of
// that Terraform run, so one synthesized stack plans against whichever account runs it.
import { NullProvider } from "@cdktf/provider-null/lib/provider";
import { Resource as NullResource } from "@cdktf/provider-null/lib/resource";
import { TerraformStack } from "cdktf";
import { ResolveAt, SubAccountPolicies } from "cdktf-ncloud-lookups";
import type { Construct } from "constructs";

export interface PlanTimeStackProps {
  /** The policy to grant. @default "deploy-bot" */
  readonly policyName?: string;
  /** The CLI the data source runs. @default "ncloud-lookups" (on the Terraform run's PATH) */
  readonly planProgram?: string;
}

export class PlanTimeStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: PlanTimeStackProps = {}) {
    super(scope, id);
    new NullProvider(this, "null");
    // One `external` data source for this construct, however many names the stack asks for.
    const policies = new SubAccountPolicies(this, "policies", {
      resolveAt: ResolveAt.PLAN,
      ...(props.planProgram !== undefined ? { planProgram: props.planProgram } : {}),
    });
    const bot = policies.byName(props.policyName ?? "deploy-bot");
    // A null_resource stands in for the ncloud provider's grant: its triggers hold plan-time references.
    new NullResource(this, "grant", {
      triggers: { policy_id: bot.policyId, policy_nrn: bot.nrn ?? "" },
    });
  }
}
