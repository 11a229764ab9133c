// The profiles list's client functions, derived from its one definition in `lib/lists/profiles.ts`.
import { PROFILES, type ExternalAccessProfile, type ProfilesQuery } from "../lists/profiles";
import { listClientOf } from "./lists";

export type { ExternalAccessProfile, ProfilesQuery };

export const {
  querySchema: profilesQuerySchema,
  itemSchema: profileSchema,
  pageSchema: profilesPageSchema,
  queryPairs: profilesQueryPairs,
  fetchPage: fetchProfilesPage,
  listAll: listAllProfiles,
} = listClientOf<ExternalAccessProfile, ProfilesQuery>(PROFILES);
