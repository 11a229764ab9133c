// Unit tests of the example stacks, the way users can test their own: lookups answered from
// fixtures (here the emulator's own data set), no network, no lock file, no emulator.
import { NullProvider } from "@cdktf/provider-null/lib/provider";
import { Resource as NullResource } from "@cdktf/provider-null/lib/resource";
import { DataResource, Testing, type TerraformStack } from "cdktf";
import {
  AmbiguousLookupError,
  LookupNotFoundError,
  NcloudLookups,
  type LookupFixtures,
} from "cdktf-ncloud-lookups";
import { defaultDataSet, type PolicyItem } from "cdktf-ncloud-lookups/testing";
import "cdktf/lib/testing/adapters/jest"; // types of the matchers Testing.setupJest() adds
import { CatalogStack, IdentityStack, NAMES } from "../examples/stacks";

Testing.setupJest();

const data = defaultDataSet();
const policyId = (name: string): string => {
  const p = data.policies.find((x) => x.policyName === name);
  if (p === undefined) throw new Error(`the emulator's data has no policy ${name}`);
  return p.policyId;
};
const productId = (name: string): string => {
  const p = data.products.find((x) => x.productName === name);
  if (p === undefined) throw new Error(`the emulator's data has no product ${name}`);
  return p.productId;
};

/** The emulator's data with its policies changed. */
const withPolicies = (change: (policies: PolicyItem[]) => PolicyItem[]): LookupFixtures => ({
  ...data,
  policies: change([...data.policies]),
});

/** A test app whose lookups are answered from `fixtures`. */
function appWith(fixtures: LookupFixtures) {
  const app = Testing.app();
  NcloudLookups.configure(app, { fixtures });
  return app;
}

function outputs(stack: TerraformStack): Record<string, { value: unknown }> {
  return (JSON.parse(Testing.synth(stack)) as { output: Record<string, { value: unknown }> }).output;
}

describe("example stacks with fixtures", () => {
  it("identity: null_resource triggers hold the policy ids looked up by name", () => {
    const stack = new IdentityStack(appWith(data), "identity");
    const synth = Testing.synth(stack);

    expect(synth).toHaveProvider(NullProvider);
    expect(synth).toHaveResourceWithProperties(NullResource, {
      triggers: {
        policy_id: policyId(NAMES.storageViewerPolicy),
        policy_nrn: expect.stringMatching(/^nrn:PUB:IAM:::Policy\//),
      },
    });
    expect(synth).toHaveResourceWithProperties(NullResource, {
      triggers: expect.objectContaining({ policy_id: policyId(NAMES.teamReadOnlyPolicy) }),
    });
    const out = outputs(stack);
    expect(out.storage_viewer_policy_id?.value).toBe(policyId(NAMES.storageViewerPolicy));
    expect(Object.keys(out.dev_team_policies?.value as object)).toContain(NAMES.teamReadOnlyPolicy);
  });

  it("catalog: terraform_data input, the drift pin and the named outputs", () => {
    const stack = new CatalogStack(appWith(data), "catalog");
    const synth = Testing.synth(stack);

    expect(synth).toHaveResourceWithProperties(DataResource, {
      input: {
        storage_viewer_policy_id: policyId(NAMES.storageViewerPolicy),
        product_id: productId(NAMES.productApi),
        ci_profile_nrn: expect.stringContaining(":Profile/"),
        image_package: NAMES.imagePackage,
      },
    });
    expect(synth).toHaveResourceWithProperties(DataResource, {
      input: {
        lookup: "policies@public?searchWord=NCLOUD_STORAGE&type=SYSTEM_MANAGED",
        digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    const out = outputs(stack);
    expect(Object.keys(out).sort()).toEqual([
      "access_profiles",
      "ci_profile_nrn",
      "product_api_id",
      "protected_products",
      "storage_policies",
      "storage_viewer_policy_id",
      "vpc_packages",
    ]);
    expect(Object.keys(out.storage_policies?.value as object).sort()).toEqual([
      "NCP_NCLOUD_STORAGE_ADMIN",
      "NCP_NCLOUD_STORAGE_MANAGER",
      "NCP_NCLOUD_STORAGE_VIEWER",
    ]);
    expect(out.product_api_id?.value).toBe(productId(NAMES.productApi));
  });

  it("the drift pin changes when the list does", () => {
    const changed = withPolicies((ps) => ps.filter((p) => p.policyName !== "NCP_NCLOUD_STORAGE_ADMIN"));
    const pin = (fixtures: LookupFixtures): string | undefined => {
      const synth = JSON.parse(Testing.synth(new CatalogStack(appWith(fixtures), "catalog"))) as {
        resource: { terraform_data: Record<string, { input: { lookup?: string; digest?: string } }> };
      };
      return Object.values(synth.resource.terraform_data).find((r) => r.input.lookup?.startsWith("policies@"))
        ?.input.digest;
    };

    expect(pin(changed)).toMatch(/^[0-9a-f]{64}$/);
    expect(pin(changed)).not.toBe(pin(data));
  });

  it("fails the synth naming the construct and the nearest names when a policy is gone", () => {
    const renamed = withPolicies((ps) =>
      ps.map((p) =>
        p.policyName === NAMES.storageViewerPolicy ? { ...p, policyName: "NCP_NCLOUD_STORAGE_VIEWER_V2" } : p,
      ),
    );
    const build = (): unknown => new IdentityStack(appWith(renamed), "identity");

    expect(build).toThrow(LookupNotFoundError);
    expect(build).toThrow(/identity\/system-policies/);
    expect(build).toThrow(/NCP_NCLOUD_STORAGE_VIEWER_V2/);
  });

  it("fails when select(..., 'one') matches two storage viewers", () => {
    const twoViewers = withPolicies((ps) => [
      ...ps,
      {
        ...ps.find((p) => p.policyName === NAMES.storageViewerPolicy)!,
        policyId: "00000000-5bb7-11ec-bfb8-246e966ebec4",
        policyName: "NCP_NCLOUD_STORAGE_LOG_VIEWER",
      },
    ]);

    expect(() => new CatalogStack(appWith(twoViewers), "catalog")).toThrow(AmbiguousLookupError);
  });
});
