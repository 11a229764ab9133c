import { z } from "zod";
import { checkPlatform } from "../client/endpoints";
import type { NcloudClient } from "../client/http";
import type { QueryPair } from "../client/signer";
import type { ListAllOptions } from "./paging";
import { parseQueryInput, parseResponse } from "./shape";

/** Query of `GET /ncf/api/v2/packages` (Cloud Functions). */
export interface PackagesQuery {
  /** Platform whose packages to list. @default "vpc" (the API's default) */
  readonly platform?: "vpc" | "classic";
}

/** Validation of {@link PackagesQuery}. */
export const packagesQuerySchema = z.strictObject({ platform: z.enum(["vpc", "classic"]).optional() });

/**
 * A Cloud Functions package. Fields NCP adds later are kept on the object as they came (read them with
 * `rawItem(name)` of the construct, or as extra properties in TypeScript).
 */
export interface CloudFunctionsPackage {
  /** The package name (also its id). */
  readonly name: string;
  readonly description?: string;
}

/** A Cloud Functions package. Fields the docs do not list are kept. */
export const packageSchema = z.looseObject({
  name: z.string(),
  description: z.string().nullish(),
}) as unknown as z.ZodType<CloudFunctionsPackage>;

const responseSchema = z.looseObject({ content: z.array(packageSchema) });

/** Path of the packages API under the service's base path. */
export const PACKAGES_PATH = "/packages";

/** Wire order of the query parameters. */
export function packagesQueryPairs(query: PackagesQuery): QueryPair[] {
  return query.platform !== undefined ? [["platform", query.platform]] : [];
}

/**
 * Lists every Cloud Functions package of a platform. The API does not page: one response holds all.
 *
 * @throws ValidationError for a bad query; ApiError, NetworkError, TimeoutError, ResponseShapeError.
 */
export async function listAllPackages(
  client: NcloudClient,
  query: PackagesQuery = {},
  options: Pick<ListAllOptions, "onProgress"> = {},
): Promise<CloudFunctionsPackage[]> {
  const q = checkPlatform(
    parseQueryInput(packagesQuerySchema, query, "packages"),
    client.site,
    client.region,
  );
  const pairs = packagesQueryPairs(q);
  const body = await client.getJson("cloudfunctions", PACKAGES_PATH, pairs);
  const info = {
    service: "cloudfunctions" as const,
    method: "GET",
    path: `${client.basePathOf("cloudfunctions")}${PACKAGES_PATH}`,
  };
  const items = parseResponse(responseSchema, body, info).content;
  options.onProgress?.(items.length, items.length);
  return items;
}
