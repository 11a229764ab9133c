import type { Construct } from "constructs";
import type { CloudFunctionsPackage, PackagesQuery } from "../lists/packages";
import { NcloudListLookup, type IItemPredicate, type NcloudLookupProps, type SelectionCount } from "./lookup";

/** Props of the construct: the API's filters (see `lib/lists/packages.ts`) plus the common lookup props. */
export interface CloudFunctionsPackagesProps extends NcloudLookupProps, PackagesQuery {}

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
    super(scope, id, "packages", props);
  }
  // Typed for every language (jsii): the hidden base class's members, with this list's item type.

  /** Every item, in server order (the first use resolves every lookup constructed by then). */
  override get items(): CloudFunctionsPackage[] {
    return super.items;
  }

  /**
   * The item named `name` (matched under Unicode normalization).
   *
   * @throws LookupNotFoundError (with "Did you mean …"), AmbiguousLookupError, or the lookup's error.
   */
  override byName(name: string): CloudFunctionsPackage {
    return super.byName(name);
  }

  /** The item named `name`, or undefined for a real not-found. @throws AmbiguousLookupError */
  override tryByName(name: string): CloudFunctionsPackage | undefined {
    return super.tryByName(name);
  }

  /** Items the predicate keeps, checked against `count` (see `SelectionCount`). */
  override selectWhere(predicate: IItemPredicate, count?: SelectionCount): CloudFunctionsPackage[] {
    return super.selectWhere(predicate, count);
  }
}

export type { CloudFunctionsPackage, PackagesQuery };
