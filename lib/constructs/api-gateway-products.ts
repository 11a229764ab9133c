import type { Construct } from "constructs";
import type { ApiGatewayProduct } from "../services/products";
import { NcloudListLookup, type NcloudLookupProps } from "./lookup";

/** Props of {@link ApiGatewayProducts}: the API's filters plus the common lookup props. */
export interface ApiGatewayProductsProps extends NcloudLookupProps {
  /** Only products whose name contains this (0-100 characters). */
  readonly productName?: string;
  /** Only published (true) or unpublished (false) products. @default both */
  readonly isPublished?: boolean;
  /** Only products of this subscription type. @default both */
  readonly subscriptionCode?: "PUBLIC" | "PROTECTED";
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
}

export type { ApiGatewayProduct };
