import { z } from "zod";
import type { NcloudClient, RequestOptions } from "../client/http";
import { buildQueryString, requestUri, type QueryPair } from "../client/signer";
import { listAllPages, type ListAllOptions } from "./paging";
import { isWellFormedText } from "./meta";
import { parseQueryInput, parseResponse } from "./shape";

const text = (max: number, min = 0) =>
  z
    .string()
    .min(min)
    .max(max, `must be at most ${max} characters`)
    .refine(isWellFormedText, { message: "holds a lone surrogate (not valid Unicode text)" });

/** Query of `GET /api/v1/products` (API Gateway), paging aside. */
export interface ProductsQuery {
  /** Product name to search for (0-100 characters). */
  readonly productName?: string;
  /** Only published (true) or unpublished (false) products. */
  readonly isPublished?: boolean;
  /** Subscription type. */
  readonly subscriptionCode?: "PUBLIC" | "PROTECTED";
  /** Only products with (true) or without (false) a deployed stage. */
  readonly hasDeployedStage?: boolean;
  /** Leave out products whose stages are associated with this usage plan id. */
  readonly hasStageNotAssociatedWithUsagePlanId?: string;
}

/** Validation of {@link ProductsQuery}. */
export const productsQuerySchema = z.strictObject({
  productName: text(100).optional(),
  isPublished: z.boolean().optional(),
  subscriptionCode: z.enum(["PUBLIC", "PROTECTED"]).optional(),
  hasDeployedStage: z.boolean().optional(),
  hasStageNotAssociatedWithUsagePlanId: text(200, 1).optional(),
});

const optString = z.string().nullish();
const optBool = z.boolean().nullish();

/**
 * An API Gateway product. Fields NCP adds later (the API already sends `zoneCode`) are kept on the
 * object as they came (read them with `rawItem(name)` of the construct, or as extra properties in
 * TypeScript); documented fields may be missing or null.
 */
export interface ApiGatewayProduct {
  readonly productId: string;
  readonly productName: string;
  readonly invokeId?: string;
  readonly tenantId?: string;
  readonly productDescription?: string;
  readonly isPublished?: boolean;
  /** `PUBLIC` or `PROTECTED`. */
  readonly subscriptionCode?: string;
  readonly modifier?: string;
  readonly domainCode?: string;
  readonly zoneCode?: string;
  readonly hasDeployedStage?: boolean;
  readonly isDeleted?: boolean;
  readonly disabled?: boolean;
  readonly permission?: string;
  readonly actionName?: string;
  readonly modTime?: string;
}

/** An API Gateway product. Fields the docs do not list (e.g. `zoneCode`) are kept. */
export const productSchema = z.looseObject({
  productId: z.string(),
  productName: z.string(),
  invokeId: optString,
  tenantId: optString,
  productDescription: optString,
  isPublished: optBool,
  subscriptionCode: optString,
  modifier: optString,
  domainCode: optString,
  zoneCode: optString,
  hasDeployedStage: optBool,
  isDeleted: optBool,
  disabled: optBool,
  permission: optString,
  actionName: optString,
  modTime: optString,
}) as unknown as z.ZodType<ApiGatewayProduct>;

/** One page of the products API. */
export const productsPageSchema = z.looseObject({
  initialCount: z.number().int().nullish(),
  productPage: z.looseObject({
    total: z.number().int().nonnegative(),
    content: z.array(productSchema),
  }),
});
/** One page of the products API. */
export type ProductsPage = z.output<typeof productsPageSchema>;

/** Path of the products API under the service's base path. */
export const PRODUCTS_PATH = "/products";

/** Wire order of the query parameters (the documented order). */
export function productsQueryPairs(query: ProductsQuery, offset?: number, limit?: number): QueryPair[] {
  const pairs: QueryPair[] = [];
  if (offset !== undefined) pairs.push(["offset", String(offset)]);
  if (limit !== undefined) pairs.push(["limit", String(limit)]);
  if (query.productName !== undefined) pairs.push(["productName", query.productName]);
  if (query.isPublished !== undefined) pairs.push(["isPublished", String(query.isPublished)]);
  if (query.subscriptionCode !== undefined) pairs.push(["subscriptionCode", query.subscriptionCode]);
  if (query.hasDeployedStage !== undefined) pairs.push(["hasDeployedStage", String(query.hasDeployedStage)]);
  if (query.hasStageNotAssociatedWithUsagePlanId !== undefined) {
    pairs.push(["hasStageNotAssociatedWithUsagePlanId", query.hasStageNotAssociatedWithUsagePlanId]);
  }
  return pairs;
}

/** Fetches one page (offset, limit) of products as the server returns it. */
export async function fetchProductsPage(
  client: NcloudClient,
  query: ProductsQuery,
  offset: number,
  limit: number,
  request: RequestOptions = {},
): Promise<ProductsPage> {
  const pairs = productsQueryPairs(query, offset, limit);
  const body = await client.getJson("apigateway", PRODUCTS_PATH, pairs, request);
  const info = {
    service: "apigateway" as const,
    method: "GET",
    path: requestUri(`/api/v1${PRODUCTS_PATH}`, buildQueryString(pairs)),
  };
  return parseResponse(productsPageSchema, body, info);
}

/**
 * Lists every API Gateway product matching the query, across all pages, in server order.
 *
 * @throws ValidationError for a bad query; ApiError, NetworkError, TimeoutError, ResponseShapeError, PagingError.
 */
export async function listAllProducts(
  client: NcloudClient,
  query: ProductsQuery = {},
  options: ListAllOptions = {},
): Promise<ApiGatewayProduct[]> {
  const q = parseQueryInput(productsQuerySchema, query, "products");
  return listAllPages(
    {
      service: "apigateway",
      path: `/api/v1${PRODUCTS_PATH}`,
      identity: (p) => p.productId,
      defaultPageSize: 10,
      memoryKey: `${client.originOf("apigateway")}${client.basePathOf("apigateway")}`,
      fetchPage: async (index, size, request) => {
        const r = await fetchProductsPage(client, q, index * size, size, request);
        return { items: r.productPage.content, total: r.productPage.total };
      },
    },
    options,
  );
}
