import type { Construct } from "constructs";
import type { ExternalAccessProfile, ProfilesQuery } from "../lists/profiles";
import { NcloudListLookup, type IItemPredicate, type NcloudLookupProps, type SelectionCount } from "./lookup";

/** Props of the construct: the API's filters (see `lib/lists/profiles.ts`) plus the common lookup props. */
export interface ExternalAccessProfilesProps extends NcloudLookupProps, ProfilesQuery {}

/**
 * External Access profiles (`GET /api/v1/profiles`), looked up at synth time.
 *
 * @example
 * const profiles = new ExternalAccessProfiles(this, "profiles");
 * profiles.byName("profile000").profileId;
 */
export class ExternalAccessProfiles extends NcloudListLookup<"profiles"> {
  constructor(scope: Construct, id: string, props: ExternalAccessProfilesProps = {}) {
    super(scope, id, "profiles", props);
  }
  // Typed for every language (jsii): the hidden base class's members, with this list's item type.

  /** Every item, in server order (the first use resolves every lookup constructed by then). */
  override get items(): ExternalAccessProfile[] {
    return super.items;
  }

  /**
   * The item named `name` (matched under Unicode normalization).
   *
   * @throws LookupNotFoundError (with "Did you mean …"), AmbiguousLookupError, or the lookup's error.
   */
  override byName(name: string): ExternalAccessProfile {
    return super.byName(name);
  }

  /** The item named `name`, or undefined for a real not-found. @throws AmbiguousLookupError */
  override tryByName(name: string): ExternalAccessProfile | undefined {
    return super.tryByName(name);
  }

  /** Items the predicate keeps, checked against `count` (see `SelectionCount`). */
  override selectWhere(predicate: IItemPredicate, count?: SelectionCount): ExternalAccessProfile[] {
    return super.selectWhere(predicate, count);
  }
}

export type { ExternalAccessProfile, ProfilesQuery };
