import type { Construct } from "constructs";
import type { ExternalAccessProfile } from "../services/profiles";
import { NcloudListLookup, type IItemPredicate, type NcloudLookupProps, type SelectionCount } from "./lookup";

/** Props of {@link ExternalAccessProfiles}: the API's filters plus the common lookup props. */
export interface ExternalAccessProfilesProps extends NcloudLookupProps {
  /** Column `searchWord` applies to: `name` or `profileNrn` (checked at construction). @default "name" when `searchWord` is set */
  readonly searchColumn?: string;
  /** Only profiles whose `searchColumn` contains this word. */
  readonly searchWord?: string;
}

/**
 * External Access profiles (`GET /api/v1/profiles`), looked up at synth time.
 *
 * @example
 * const profiles = new ExternalAccessProfiles(this, "profiles");
 * profiles.byName("profile000").profileNrn;
 */
export class ExternalAccessProfiles extends NcloudListLookup<"profiles"> {
  constructor(scope: Construct, id: string, props: ExternalAccessProfilesProps = {}) {
    super(scope, id, "profiles", { searchColumn: props.searchColumn, searchWord: props.searchWord }, props);
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

export type { ExternalAccessProfile };
