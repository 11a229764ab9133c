/** API Gateway products (`GET /api/v1/products`): the list's one definition. */
import type { BuiltInConstructSpec, CompleteListDefinition } from "../definition";

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

/** Filters of the products API (paging aside). */
export interface ProductsQuery {
  /** Only products whose name contains this (0-100 characters). */
  readonly productName?: string;
  /** Only published (true) or unpublished (false) products. @default both */
  readonly isPublished?: boolean;
  /** Only products of this subscription type: `PUBLIC` or `PROTECTED` (checked). @default both */
  readonly subscriptionCode?: string;
  /** Only products with (true) or without (false) a deployed stage. @default both */
  readonly hasDeployedStage?: boolean;
  /** Leave out products whose stages are associated with this usage plan id. */
  readonly hasStageNotAssociatedWithUsagePlanId?: string;
}

/** The definition of the products list. */
export const PRODUCTS: CompleteListDefinition = {
  kind: "products",
  title: "API Gateway products",
  service: "apigateway",
  basePath: "/api/v1",
  path: "/products",
  params: [
    {
      name: "productName",
      type: "string",
      maxLength: 100,
      description: "product name to search (0-100 characters)",
      placeholder: "<name>",
    },
    {
      name: "isPublished",
      type: "boolean",
      description: "published (true) or not (false)",
      flag: "published",
    },
    {
      name: "subscriptionCode",
      type: "enum",
      values: ["PUBLIC", "PROTECTED"],
      description: "subscription type",
    },
    {
      name: "hasDeployedStage",
      type: "boolean",
      description: "with (true) or without (false) a deployed stage",
    },
    {
      name: "hasStageNotAssociatedWithUsagePlanId",
      type: "string",
      minLength: 1,
      maxLength: 200,
      description: "leave out products whose stages use this usage plan id",
      placeholder: "<id>",
    },
  ],
  fields: {
    productId: "string",
    productName: "string",
    invokeId: "string",
    tenantId: "string",
    productDescription: "string",
    isPublished: "boolean",
    subscriptionCode: "string",
    modifier: "string",
    domainCode: "string",
    zoneCode: "string",
    hasDeployedStage: "boolean",
    isDeleted: "boolean",
    disabled: "boolean",
    permission: "string",
    actionName: "string",
    modTime: "string",
  },
  idField: "productId",
  nameField: "productName",
  descriptionField: "productDescription",
  table: ["productName", "productId", "isPublished", "subscriptionCode"],
  filters: [
    { param: "productName", kind: "contains", field: "productName" },
    { param: "isPublished", kind: "equals", field: "isPublished" },
    { param: "subscriptionCode", kind: "equals", field: "subscriptionCode" },
    { param: "hasDeployedStage", kind: "equals", field: "hasDeployedStage" },
    { param: "hasStageNotAssociatedWithUsagePlanId", kind: "notListedIn", table: "productUsagePlans" },
  ],
  paging: {
    style: "offset",
    indexParam: "offset",
    sizeParam: "limit",
    paramsFirst: true,
    defaultSize: 10,
    intRange: "long",
    response: { initialCount: "$unfiltered", productPage: { total: "$total", content: "$items" } },
  },
  emulator: { defaultSize: 100, cap: 100, wrongNameValue: 12345 },
};

/** Its typed construct class, as `npm run generate` writes it into `lib/constructs/built-in.ts`. */
export const PRODUCTS_CONSTRUCT: BuiltInConstructSpec = {
  kind: "products",
  module: "products",
  className: "ApiGatewayProducts",
  itemType: "ApiGatewayProduct",
  queryType: "ProductsQuery",
  example: [
    'const products = new ApiGatewayProducts(this, "products", { isPublished: true });',
    'products.idOf("결제-API");',
  ],
};
