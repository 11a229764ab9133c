import type { Construct } from "constructs";
import type { ExternalAccessProfile } from "../services/profiles";
import { NcloudListLookup, type NcloudLookupProps } from "./lookup";

/** Props of {@link ExternalAccessProfiles}: the API's filters plus the common lookup props. */
export interface ExternalAccessProfilesProps extends NcloudLookupProps {
  /** Column `searchWord` applies to. @default "name" when `searchWord` is set */
  readonly searchColumn?: "name" | "profileNrn";
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
}

export type { ExternalAccessProfile };
