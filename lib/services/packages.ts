// The packages list's client functions, derived from its one definition in `lib/lists/packages.ts`.
import { PACKAGES, type CloudFunctionsPackage, type PackagesQuery } from "../lists/packages";
import { listClientOf } from "./lists";

export type { CloudFunctionsPackage, PackagesQuery };

export const {
  querySchema: packagesQuerySchema,
  itemSchema: packageSchema,
  pageSchema: packagesPageSchema,
  queryPairs: packagesQueryPairs,
  fetchPage: fetchPackagesPage,
  listAll: listAllPackages,
} = listClientOf<CloudFunctionsPackage, PackagesQuery>(PACKAGES);
