/**
 * The API Gateway products demo data: the seed examples of NCP's API page first, then deterministic generated items.
 * The emulator's default data set and `generateDataSet` (`lib/lists/demo.ts`) compose every list's.
 */
import { chars, LOWER_ALNUM, pick, randInt, uniqueNames, utcIso, type Rng } from "../demo-random";

/** API Gateway subscription method. */
export type SubscriptionCode = "PUBLIC" | "PROTECTED";

/** An API Gateway product, as `GET /api/v1/products` returns it; the optional fields appear on some items only. */
export interface ProductItem {
  productId: string;
  invokeId: string;
  tenantId: string;
  productName: string;
  productDescription: string;
  isPublished: boolean;
  subscriptionCode: SubscriptionCode;
  modifier: string;
  domainCode: string;
  zoneCode?: string;
  hasDeployedStage: boolean;
  isDeleted?: boolean;
  /** e.g. `2024-03-05T01:02:03.000+00:00`. */
  modTime?: string;
  disabled?: boolean;
  permission?: string;
  actionName?: string;
}

/** The API Gateway tenant id shared by the generated products (one account owns them all). */
const TENANT_ID = "5a8e230cebc1402ba89b148896951c7f";

/** Usage plan ids the generated products' stages may be associated with. */
export const DEMO_USAGE_PLAN_IDS: readonly string[] = [
  "k6f1d4h7sa",
  "p2m8q0zr3c",
  "t9w4e6yb1n",
  "a3j7u5xv8g",
  "r0c2n9kd4f",
];

function seedProducts(): ProductItem[] {
  return [
    {
      productId: "x7ksk9m2qa",
      invokeId: "x7ksk9m2qa",
      tenantId: TENANT_ID,
      productName: "product",
      productDescription: "",
      isPublished: false,
      subscriptionCode: "PUBLIC",
      modifier: "c41d3020-5bb7-11ec-bfb8-246e965918a2",
      domainCode: "GOV",
      zoneCode: "PUBLIC",
      hasDeployedStage: true,
    },
  ];
}

const PRODUCT_DOMAINS: readonly string[] = [
  "order",
  "payment",
  "user",
  "catalog",
  "inventory",
  "shipping",
  "search",
  "review",
  "notification",
  "auth",
  "billing",
  "report",
  "analytics",
  "media",
  "chat",
  "coupon",
  "event",
  "member",
  "point",
  "settlement",
];
const PRODUCT_SUFFIXES: readonly string[] = [
  "api",
  "service",
  "gateway",
  "backend",
  "internal-api",
  "partner-api",
  "admin-api",
  "mobile-api",
  "v2",
  "batch",
  "webhook",
];
const PRODUCT_KO: readonly string[] = [
  "주문",
  "결제",
  "회원",
  "상품",
  "배송",
  "검색",
  "리뷰",
  "알림",
  "정산",
  "포인트",
];
const PRODUCT_KO_SUFFIXES: readonly string[] = ["API", "서비스", "조회 API"];

/** English names with a Korean one after every seventh, so Korean names spread over the pages. */
const PRODUCT_NAMES: readonly string[] = (() => {
  const en = PRODUCT_DOMAINS.flatMap((d) => PRODUCT_SUFFIXES.map((s) => `${d}-${s}`));
  const ko = PRODUCT_KO_SUFFIXES.flatMap((s) => PRODUCT_KO.map((d) => `${d} ${s}`));
  const out: string[] = [];
  en.forEach((name, k) => {
    out.push(name);
    if (k % 7 === 6 && ko.length > 0) out.push(ko.shift() as string);
  });
  return [...out, ...ko];
})();

const MODIFIERS: readonly string[] = [
  "c41d3020-5bb7-11ec-bfb8-246e965918a2",
  "0b9e7c61-8a2d-11ed-a3f4-246e96591c10",
  "5f2a8d44-1c3b-11ee-9e07-246e96591d72",
  "e8c6b105-3f41-11ef-b2a9-246e96591e3b",
];

/** `n` products (the seed first); fills `usagePlans` (product id to usage plan ids of its stages). */
export function generateProducts(rng: Rng, n: number, usagePlans: Record<string, string[]>): ProductItem[] {
  const out = seedProducts().slice(0, n);
  for (const p of out) usagePlans[p.productId] = [DEMO_USAGE_PLAN_IDS[0] as string];
  const taken = new Set(out.map((p) => p.productName));
  const ids = new Set(out.map((p) => p.productId));
  const t0 = Date.UTC(2023, 0, 9, 1, 0, 0);
  let i = 0;
  for (const productName of uniqueNames(n - out.length, PRODUCT_NAMES, taken)) {
    i++;
    let productId = chars(rng, LOWER_ALNUM, 10);
    while (ids.has(productId)) productId = chars(rng, LOWER_ALNUM, 10);
    ids.add(productId);
    const hasDeployedStage = rng() < 0.7;
    const ko = /[가-힣]/.test(productName);
    const item: ProductItem = {
      productId,
      invokeId: productId,
      tenantId: TENANT_ID,
      productName,
      productDescription:
        rng() < 0.25 ? "" : ko ? `${productName} 상품` : `${productName.replace(/-/g, " ")} product`,
      isPublished: rng() < 0.55,
      subscriptionCode: rng() < 0.6 ? "PUBLIC" : "PROTECTED",
      modifier: pick(rng, MODIFIERS),
      domainCode: "PUB",
      zoneCode: "PUBLIC",
      hasDeployedStage,
    };
    if (i % 5 === 0) {
      item.isDeleted = false;
      item.modTime = utcIso(t0 + i * 41 * 3600_000 + randInt(rng, 0, 3599) * 1000);
      item.disabled = false;
      item.permission = pick(rng, ["OWNER", "ALL"]);
      item.actionName = pick(rng, ["CREATE", "UPDATE", "DEPLOY"]);
    }
    if (i % 9 === 0) delete item.zoneCode;
    if (hasDeployedStage) {
      const plans = DEMO_USAGE_PLAN_IDS.filter(() => rng() < 0.3);
      if (plans.length > 0) usagePlans[productId] = plans;
    }
    out.push(item);
  }
  return out;
}

/** Adds a product that reuses the name of the one at `at`, with a new id. */
export function duplicateProduct(rng: Rng, products: ProductItem[], at: (list: unknown[]) => number): void {
  const prod = products[at(products)];
  if (prod) {
    const productId = chars(rng, LOWER_ALNUM, 10);
    products.push({ ...prod, productId, invokeId: productId });
  }
}
