// The example app's stacks, kept apart from `main.ts` so unit tests can build them with fixtures
// (see test/examples.test.ts) instead of calling NCP.
import { NullProvider } from "@cdktf/provider-null/lib/provider";
import { Resource as NullResource } from "@cdktf/provider-null/lib/resource";
import { DataResource, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import {
  ApiGatewayProducts,
  CloudFunctionsPackages,
  ExternalAccessProfiles,
  SubAccountPolicies,
} from "cdktf-ncloud-lookups";

/** Names the example looks up; the emulator's default data set has all of them. */
export const NAMES = {
  storageViewerPolicy: "NCP_NCLOUD_STORAGE_VIEWER",
  teamReadOnlyPolicy: "개발팀-읽기전용",
  productApi: "상품 API",
  ciProfile: "dev-github-actions",
  imagePackage: "image-resize",
} as const;

/**
 * Grants that need policy ids: `null_resource`s stand in for the `ncloud` provider's resources, their
 * `triggers` holding the ids looked up by name (a renamed or deleted policy fails the synth).
 */
export class IdentityStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new NullProvider(this, "null");

    const system = new SubAccountPolicies(this, "system-policies", {
      type: "SYSTEM_MANAGED",
      outputName: "system_policies",
    });
    const team = new SubAccountPolicies(this, "team-policies", {
      type: "USER_CREATED",
      searchWord: "개발팀",
      outputName: "dev_team_policies",
      outputFields: ["policyId", "policyDesc"],
    });

    const viewer = system.byName(NAMES.storageViewerPolicy);
    new NullResource(this, "storage-viewer-grant", {
      triggers: { policy_id: viewer.policyId, policy_nrn: viewer.nrn ?? "" },
    });
    new NullResource(this, "team-read-only-grant", {
      triggers: { policy_id: team.idOf(NAMES.teamReadOnlyPolicy), policies_digest: team.digest },
    });

    new TerraformOutput(this, "storage_viewer_policy_id", { value: viewer.policyId, staticId: true });
  }
}

/** Props of {@link CatalogStack}. */
export interface CatalogStackProps {
  /** Local state file, relative to the stack's directory (`cdktf.out/stacks/<id>`). @default "terraform.catalog.tfstate" */
  readonly statePath?: string;
}

/**
 * A catalog of what the account has, published as outputs for other stacks (see
 * `examples/hcl-consumer`). Built-ins only, so `terraform plan` and `apply` need no provider.
 */
export class CatalogStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: CatalogStackProps = {}) {
    super(scope, id);
    new LocalBackend(this, { path: props.statePath ?? "terraform.catalog.tfstate" });

    const packages = new CloudFunctionsPackages(this, "packages", {
      platform: "vpc",
      outputName: "vpc_packages",
      outputFields: ["name", "description"],
      outputAll: true, // a catalog: every package, not only the one picked below
    });
    const policies = new SubAccountPolicies(this, "storage-policies", {
      type: "SYSTEM_MANAGED",
      searchWord: "NCLOUD_STORAGE",
      outputName: "storage_policies",
      outputAll: true,
      pin: true, // a policy added, renamed or removed shows up in `terraform plan`
    });
    const products = new ApiGatewayProducts(this, "products", {
      isPublished: true,
      subscriptionCode: "PROTECTED",
      outputName: "protected_products",
      outputAll: true,
    });
    const profiles = new ExternalAccessProfiles(this, "profiles", {
      outputName: "access_profiles",
      outputAll: true,
    });

    // Exactly one viewer among the storage policies, or the synth fails saying how many matched.
    const viewer = policies.select((p) => p.policyName.endsWith("_VIEWER"), "one");
    const ci = profiles.byName(NAMES.ciProfile);

    new DataResource(this, "api-access", {
      input: {
        storage_viewer_policy_id: viewer.policyId,
        product_id: products.idOf(NAMES.productApi),
        ci_profile_nrn: ci.profileNrn,
        image_package: packages.byName(NAMES.imagePackage).name,
      },
    });

    new TerraformOutput(this, "storage_viewer_policy_id", { value: viewer.policyId, staticId: true });
    new TerraformOutput(this, "product_api_id", { value: products.idOf(NAMES.productApi), staticId: true });
    new TerraformOutput(this, "ci_profile_nrn", { value: ci.profileNrn, staticId: true });
  }
}
