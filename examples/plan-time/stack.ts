// A stack whose lookups run at plan time (resolveAt: ResolveAt.PLAN): synth needs no network, no
// credentials and no lock entry; each `terraform plan` reads the current lists through the native
// provider ncloud-lookups/ncloudlookups (installed from a filesystem mirror: no Node.js on the runner),
// with the keys of that Terraform run, so one synthesized stack plans against whichever account runs it.
import { NullProvider } from "@cdktf/provider-null/lib/provider";
import { Resource as NullResource } from "@cdktf/provider-null/lib/resource";
import { Fn, TerraformStack } from "cdktf";
import {
  ExternalAccessProfiles,
  NcloudListLookup,
  registerList,
  ResolveAt,
  SubAccountPolicies,
} from "cdktf-ncloud-lookups";
import type { Construct } from "constructs";
import { SUB_ACCOUNTS } from "./sub-accounts";

export interface PlanTimeStackProps {
  /** The policy to grant. @default "deploy-bot" */
  readonly policyName?: string;
  /** The External Access profile whose settings the stack reads. @default "profile003" */
  readonly profileName?: string;
  /** The sub account whose number the stack reads. @default "ci-deployer" */
  readonly loginId?: string;
}

export class PlanTimeStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: PlanTimeStackProps = {}) {
    super(scope, id);
    new NullProvider(this, "null");
    // One ncloudlookups_policies data source for this construct, however many names the stack asks for.
    const policies = new SubAccountPolicies(this, "policies", { resolveAt: ResolveAt.PLAN });
    const bot = policies.byName(props.policyName ?? "deploy-bot");
    // Fields keep their types: enabled is a bool and durationSeconds a number at plan time.
    const profiles = new ExternalAccessProfiles(this, "profiles", { resolveAt: ResolveAt.PLAN });
    const deploy = profiles.byName(props.profileName ?? "profile003");
    // A list of one's own: ncloudlookups_list with the definition inline.
    registerList(SUB_ACCOUNTS);
    const subs = new NcloudListLookup(this, "sub_accounts", {
      list: "sub-accounts",
      query: { searchWord: "ci-" },
      resolveAt: ResolveAt.PLAN,
    });
    // A null_resource stands in for the ncloud provider's grant: its triggers hold plan-time references.
    new NullResource(this, "grant", {
      triggers: {
        policy_id: bot.policyId,
        policy_nrn: bot.nrn ?? "",
        profile: Fn.jsonencode([deploy.enabled, deploy.durationSeconds]),
        sub_account: subs.idOf(props.loginId ?? "ci-deployer"),
      },
    });
  }
}
