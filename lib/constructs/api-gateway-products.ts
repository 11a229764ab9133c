import type { Construct } from "constructs";
import type { ApiGatewayProduct, ProductsQuery } from "../lists/products";
import { NcloudListLookup, type IItemPredicate, type NcloudLookupProps, type SelectionCount } from "./lookup";

/** Props of the construct: the API's filters (see `lib/lists/products.ts`) plus the common lookup props. */
export interface ApiGatewayProductsProps extends NcloudLookupProps, ProductsQuery {}

/**
 * API Gateway products (`GET /api/v1/products`), looked up at synth time.
 *
 * @example
 * const products = new ApiGatewayProducts(this, "products", { isPublished: true });
 * products.idOf("결제-API");
 */
export class ApiGatewayProducts extends NcloudListLookup<"products"> {
  constructor(scope: Construct, id: string, props: ApiGatewayProductsProps = {}) {
    super(scope, id, "products", props);
  }
  // Typed for every language (jsii): the hidden base class's members, with this list's item type.

  /** Every item, in server order (the first use resolves every lookup constructed by then). */
  override get items(): ApiGatewayProduct[] {
    return super.items;
  }

  /**
   * The item named `name` (matched under Unicode normalization).
   *
   * @throws LookupNotFoundError (with "Did you mean …"), AmbiguousLookupError, or the lookup's error.
   */
  override byName(name: string): ApiGatewayProduct {
    return super.byName(name);
  }

  /** The item named `name`, or undefined for a real not-found. @throws AmbiguousLookupError */
  override tryByName(name: string): ApiGatewayProduct | undefined {
    return super.tryByName(name);
  }

  /** Items the predicate keeps, checked against `count` (see `SelectionCount`). */
  override selectWhere(predicate: IItemPredicate, count?: SelectionCount): ApiGatewayProduct[] {
    return super.selectWhere(predicate, count);
  }
}

export type { ApiGatewayProduct, ProductsQuery };
