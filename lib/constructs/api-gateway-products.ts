import type { Construct } from "constructs";
import type { ApiGatewayProduct } from "../services/products";
import { NcloudListLookup, type IItemPredicate, type NcloudLookupProps, type SelectionCount } from "./lookup";

/** Props of {@link ApiGatewayProducts}: the API's filters plus the common lookup props. */
export interface ApiGatewayProductsProps extends NcloudLookupProps {
  /** Only products whose name contains this (0-100 characters). */
  readonly productName?: string;
  /** Only published (true) or unpublished (false) products. @default both */
  readonly isPublished?: boolean;
  /** Only products of this subscription type: `PUBLIC` or `PROTECTED` (checked at construction). @default both */
  readonly subscriptionCode?: string;
  /** Only products with (true) or without (false) a deployed stage. @default both */
  readonly hasDeployedStage?: boolean;
  /** Leave out products whose stages are associated with this usage plan id. */
  readonly hasStageNotAssociatedWithUsagePlanId?: string;
}

/**
 * API Gateway products (`GET /api/v1/products`), looked up at synth time.
 *
 * @example
 * const products = new ApiGatewayProducts(this, "products", { isPublished: true });
 * products.idOf("결제-API");
 */
export class ApiGatewayProducts extends NcloudListLookup<"products"> {
  constructor(scope: Construct, id: string, props: ApiGatewayProductsProps = {}) {
    super(
      scope,
      id,
      "products",
      {
        productName: props.productName,
        isPublished: props.isPublished,
        subscriptionCode: props.subscriptionCode,
        hasDeployedStage: props.hasDeployedStage,
        hasStageNotAssociatedWithUsagePlanId: props.hasStageNotAssociatedWithUsagePlanId,
      },
      props,
    );
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

export type { ApiGatewayProduct };
