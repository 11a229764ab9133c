// The products list's client functions, derived from its one definition in `lib/lists/products.ts`.
import { PRODUCTS, type ApiGatewayProduct, type ProductsQuery } from "../lists/products";
import { listClientOf } from "./lists";

export type { ApiGatewayProduct, ProductsQuery };

export const {
  querySchema: productsQuerySchema,
  itemSchema: productSchema,
  pageSchema: productsPageSchema,
  queryPairs: productsQueryPairs,
  fetchPage: fetchProductsPage,
  listAll: listAllProducts,
} = listClientOf<ApiGatewayProduct, ProductsQuery>(PRODUCTS);
