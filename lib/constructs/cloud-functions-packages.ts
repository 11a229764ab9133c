import type { Construct } from "constructs";
import type { CloudFunctionsPackage } from "../services/packages";
import { NcloudListLookup, type NcloudLookupProps } from "./lookup";

/** Props of {@link CloudFunctionsPackages}: the API's filters plus the common lookup props. */
export interface CloudFunctionsPackagesProps extends NcloudLookupProps {
  /** Platform whose packages to list. @default "vpc" (the API's default) */
  readonly platform?: "vpc" | "classic";
}

/**
 * Cloud Functions packages (`GET /ncf/api/v2/packages`), looked up at synth time.
 * Items are `{ name, description }`; a package's id is its name.
 *
 * @example
 * const pkgs = new CloudFunctionsPackages(this, "packages", { platform: "vpc" });
 * pkgs.byName("package001").description;
 */
export class CloudFunctionsPackages extends NcloudListLookup<"packages"> {
  constructor(scope: Construct, id: string, props: CloudFunctionsPackagesProps = {}) {
    super(scope, id, "packages", { platform: props.platform }, props);
  }
}

export type { CloudFunctionsPackage };
