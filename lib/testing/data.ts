/**
 * The emulator's data: item types, the default data set (the seed examples from NCP's docs plus
 * deterministic generated items) and a generator for bigger sets. Nothing here uses Math.random:
 * the same options always give the same data.
 */

import type { ListKind } from "../services/meta";

/** The shipped lists (one type for the library and the emulator). */
export type { ListKind };

/** The three lists that page (packages answer in one response). */
export type PagedListKind = Exclude<ListKind, "packages">;

/** Cloud Functions platform; `/ncf/api/v2/packages` defaults to `vpc`. */
export type PackagePlatform = "vpc" | "classic";

/** A Cloud Functions package, as `GET /ncf/api/v2/packages` returns it. */
export interface PackageItem {
  name: string;
  description: string;
}

/** Sub Account policy type. */
export type PolicyType = "SYSTEM_MANAGED" | "USER_CREATED";

/** A Sub Account policy, as `GET /api/v1/policies` returns it. */
export interface PolicyItem {
  /** UUID-shaped. */
  policyId: string;
  policyName: string;
  policyType: PolicyType;
  policyDesc: string;
  /** `nrn:PUB:IAM:::Policy/<id>` (system managed) or `nrn:PUB:IAM::<account>:Policy/<id>`. */
  nrn: string;
}

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

/** An External Access profile, as `GET /api/v1/profiles` returns it. */
export interface ProfileItem {
  /** UUID-shaped. */
  profileId: string;
  /** `nrn:PUB:ExternalAccess::<account>:Profile/<id>`. */
  profileNrn: string;
  name: string;
  description: string;
  enabled: boolean;
  durationSeconds: number;
  /** Role NRNs; the docs do not state the element type, so tests may put anything here. */
  roleNrnList: unknown[];
  /** ISO 8601 with a `+09:00` offset. */
  createTime: string;
  updateTime: string;
}

/**
 * What an emulator serves. Every list is optional: a list left out is served empty. Items are plain
 * JSON objects and are served as given (extra fields included); to serve items lacking documented
 * fields or holding wrong types, cast.
 */
export interface EmulatorDataSet {
  /** Cloud Functions packages keyed by platform. */
  packages?: Partial<Record<PackagePlatform, PackageItem[]>>;
  policies?: PolicyItem[];
  products?: ProductItem[];
  profiles?: ProfileItem[];
  /**
   * For products: productId -> ids of the usage plans that one of its stages is associated with.
   * Used only by the `hasStageNotAssociatedWithUsagePlanId` filter; never served.
   */
  productUsagePlans?: Record<string, string[]>;
}

/** A data set with every list present, as {@link generateDataSet} and {@link defaultDataSet} return. */
export interface CompleteDataSet extends EmulatorDataSet {
  packages: Record<PackagePlatform, PackageItem[]>;
  policies: PolicyItem[];
  products: ProductItem[];
  profiles: ProfileItem[];
  productUsagePlans: Record<string, string[]>;
}

/** Options of {@link generateDataSet}. Counts are totals and include the seed items. */
export interface GenerateOptions {
  /** Policies. @default 300 */
  policies?: number;
  /** Products. @default 250 */
  products?: number;
  /** Profiles. @default 180 */
  profiles?: number;
  /** Packages on the `vpc` platform; `classic` gets a quarter of this. @default 40 */
  packages?: number;
  /** Seed of the pseudo-random generator. @default 20241213 */
  seed?: number;
  /**
   * Extra items per list that reuse an existing name (new id), to test "more than one found".
   * @default 0
   */
  duplicates?: number;
}

/** The NCP account number used in generated NRNs. */
export const DEMO_ACCOUNT_ID = "2813975";

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

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

type Rng = () => number;

function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randInt(rng: Rng, lo: number, hiInclusive: number): number {
  return lo + Math.floor(rng() * (hiInclusive - lo + 1));
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function chars(rng: Rng, alphabet: string, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rng() * alphabet.length)];
  return s;
}

const HEX = "0123456789abcdef";
const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A version-4-shaped UUID. */
function uuid4(rng: Rng): string {
  return (
    `${chars(rng, HEX, 8)}-${chars(rng, HEX, 4)}-4${chars(rng, HEX, 3)}-` +
    `${"89ab"[randInt(rng, 0, 3)]}${chars(rng, HEX, 3)}-${chars(rng, HEX, 12)}`
  );
}

/** A version-1-shaped UUID like NCP's system policy ids (same node and clock sequence, new time). */
function uuid1(rng: Rng): string {
  return `${chars(rng, HEX, 8)}-5bb7-11ec-bfb8-246e966ebec4`;
}

/** ISO 8601 in Korea time, e.g. `2024-12-13T14:24:45.128+09:00`. */
function kstIso(epochMs: number): string {
  return new Date(epochMs + 9 * 3600_000).toISOString().replace("Z", "+09:00");
}

/** ISO 8601 in UTC with an explicit offset, e.g. `2024-12-13T05:24:45.128+00:00`. */
function utcIso(epochMs: number): string {
  return new Date(epochMs).toISOString().replace("Z", "+00:00");
}

/**
 * Yields `n` names unique within the list: the base names first, then `<base>-2`, `<base>-3`, ...
 * Names already taken (`taken`) are skipped.
 */
function uniqueNames(n: number, base: readonly string[], taken: Set<string>): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const round = Math.floor(i / base.length);
    const b = base[i % base.length] as string;
    const name = round === 0 ? b : `${b}-${round + 1}`;
    if (taken.has(name)) continue;
    taken.add(name);
    out.push(name);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Seed items: the examples of NCP's own API pages, masked ids replaced by realistic ones

function seedPackages(): PackageItem[] {
  return [
    { description: "Create package", name: "package001" },
    { description: "", name: "package000" },
  ];
}

function seedPolicies(): PolicyItem[] {
  const p = (id: string, name: string, desc: string): PolicyItem => ({
    policyId: id,
    policyName: name,
    policyType: "SYSTEM_MANAGED",
    policyDesc: desc,
    nrn: `nrn:PUB:IAM:::Policy/${id}`,
  });
  return [
    p(
      "7a0760f0-5bb7-11ec-bfb8-246e966ebec4",
      "NCP_NCLOUD_STORAGE_VIEWER",
      "Permission to use only the query feature within the Ncloud Storage service",
    ),
    p(
      "7a05b340-5bb7-11ec-bfb8-246e966ebec4",
      "NCP_NCLOUD_STORAGE_MANAGER",
      "Permission to use all the features in the Ncloud Storage service",
    ),
    p(
      "6869c8e0-5bb7-11ec-bfb8-246e966ebec4",
      "NCP_COST_EXPLORER_VIEWER",
      "Permission to use only the query feature within the Cost Explorer service",
    ),
  ];
}

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

function seedProfiles(): ProfileItem[] {
  const id = "76da1a8c-3e5f-4b21-9a7d-cf13dfc49aa6";
  return [
    {
      profileId: id,
      profileNrn: `nrn:PUB:ExternalAccess::${DEMO_ACCOUNT_ID}:Profile/${id}`,
      name: "profile000",
      description: "profile",
      enabled: true,
      durationSeconds: 600,
      roleNrnList: [],
      createTime: "2024-12-13T14:24:45.128+09:00",
      updateTime: "2024-12-13T14:24:45.128+09:00",
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Generated items

const VPC_PACKAGE_NAMES: readonly string[] = [
  "image-resize",
  "thumbnail-generator",
  "log-forwarder",
  "slack-notifier",
  "order-events",
  "payment-webhook",
  "batch-jobs",
  "report-builder",
  "pdf-export",
  "email-sender",
  "sms-sender",
  "cdn-purge",
  "object-storage-sync",
  "db-backup",
  "db-cleanup",
  "metrics-collector",
  "alarm-handler",
  "auth-hooks",
  "user-signup",
  "coupon-issuer",
  "inventory-sync",
  "search-indexer",
  "recommendation",
  "video-transcode",
  "ocr-pipeline",
  "translation",
  "chatbot",
  "scheduler",
  "health-check",
  "cert-renewal",
  "cost-report",
  "security-audit",
  "data-etl",
  "kafka-consumer",
  "webhook-relay",
  "geo-lookup",
  "알림-발송",
  "이미지-변환",
];

const CLASSIC_PACKAGE_NAMES: readonly string[] = [
  "legacy-batch",
  "legacy-mailer",
  "classic-backup",
  "classic-monitor",
  "old-webhook",
  "archive-export",
  "nightly-report",
  "classic-cleanup",
  "ftp-import",
  "정산-배치",
];

const PACKAGE_DESCRIPTIONS: readonly string[] = [
  "",
  "Create package",
  "Functions for {name}",
  "{name} actions (production)",
  "{name} 관련 함수 모음",
  "Shared utilities",
  "Triggered by Cloud Log Analytics events",
  "Cron triggered jobs",
];

function genPackages(rng: Rng, n: number, base: readonly string[], seeds: PackageItem[]): PackageItem[] {
  const out = seeds.slice(0, n);
  const taken = new Set(out.map((p) => p.name));
  for (const name of uniqueNames(n - out.length, base, taken)) {
    out.push({ name, description: pick(rng, PACKAGE_DESCRIPTIONS).replace("{name}", name) });
  }
  return out;
}

/** [code used in policy names, display name] of NCP services. */
const NCP_SERVICES: ReadonlyArray<readonly [string, string]> = [
  ["NCLOUD_STORAGE", "Ncloud Storage"],
  ["COST_EXPLORER", "Cost Explorer"],
  ["SERVER", "Server"],
  ["VPC", "VPC"],
  ["LOAD_BALANCER", "Load Balancer"],
  ["AUTO_SCALING", "Auto Scaling"],
  ["OBJECT_STORAGE", "Object Storage"],
  ["ARCHIVE_STORAGE", "Archive Storage"],
  ["NAS", "NAS"],
  ["BLOCK_STORAGE", "Block Storage"],
  ["CLOUD_DB_FOR_MYSQL", "Cloud DB for MySQL"],
  ["CLOUD_DB_FOR_REDIS", "Cloud DB for Redis"],
  ["CLOUD_DB_FOR_MONGODB", "Cloud DB for MongoDB"],
  ["CLOUD_DB_FOR_POSTGRESQL", "Cloud DB for PostgreSQL"],
  ["CLOUD_DB_FOR_MSSQL", "Cloud DB for MSSQL"],
  ["CLOUD_DB_FOR_CACHE", "Cloud DB for Cache"],
  ["CLOUD_FUNCTIONS", "Cloud Functions"],
  ["API_GATEWAY", "API Gateway"],
  ["SUB_ACCOUNT", "Sub Account"],
  ["EXTERNAL_ACCESS", "External Access"],
  ["NCLOUD_KUBERNETES_SERVICE", "Ncloud Kubernetes Service"],
  ["CONTAINER_REGISTRY", "Container Registry"],
  ["SOURCECOMMIT", "SourceCommit"],
  ["SOURCEBUILD", "SourceBuild"],
  ["SOURCEDEPLOY", "SourceDeploy"],
  ["SOURCEPIPELINE", "SourcePipeline"],
  ["CLOUD_LOG_ANALYTICS", "Cloud Log Analytics"],
  ["CLOUD_INSIGHT", "Cloud Insight"],
  ["CLOUD_ACTIVITY_TRACER", "Cloud Activity Tracer"],
  ["KEY_MANAGEMENT_SERVICE", "Key Management Service"],
  ["SECRET_MANAGER", "Secret Manager"],
  ["CERTIFICATE_MANAGER", "Certificate Manager"],
  ["GLOBAL_DNS", "Global DNS"],
  ["GLOBAL_EDGE", "Global Edge"],
  ["CDN_PLUS", "CDN+"],
  ["WEB_SECURITY_CHECKER", "Web Security Checker"],
  ["APP_SAFER", "App Safer"],
  ["SYSTEM_SECURITY_CHECKER", "System Security Checker"],
  ["FILE_SAFER", "File Safer"],
  ["SIMPLE_AND_EASY_NOTIFICATION", "Simple & Easy Notification Service"],
  ["CLOUD_OUTBOUND_MAILER", "Cloud Outbound Mailer"],
  ["CLOUD_HADOOP", "Cloud Hadoop"],
  ["CLOUD_DATA_STREAMING_SERVICE", "Cloud Data Streaming Service"],
  ["DATA_FOREST", "Data Forest"],
  ["SEARCH_ENGINE_SERVICE", "Search Engine Service"],
  ["DATA_CATALOG", "Data Catalog"],
  ["DATA_FLOW", "Data Flow"],
  ["DATA_QUERY", "Data Query"],
  ["CLOVA_OCR", "CLOVA OCR"],
  ["CLOVA_SPEECH", "CLOVA Speech"],
  ["PAPAGO_TRANSLATION", "Papago Translation"],
  ["MAPS", "Maps"],
  ["RESOURCE_MANAGER", "Resource Manager"],
  ["ORGANIZATION", "Organization"],
  ["NAT_GATEWAY", "NAT Gateway"],
  ["TRANSIT_GATEWAY", "Transit Gateway"],
  ["IPSEC_VPN", "IPsec VPN"],
  ["SSL_VPN", "SSL VPN"],
  ["CLOUD_MQ", "Cloud MQ"],
  ["BACKUP", "Backup"],
];

const POLICY_ROLES: ReadonlyArray<readonly [string, (svc: string) => string]> = [
  ["VIEWER", (svc) => `Permission to use only the query feature within the ${svc} service`],
  ["MANAGER", (svc) => `Permission to use all the features in the ${svc} service`],
  ["ADMIN", (svc) => `Permission to use all the features and manage permissions in the ${svc} service`],
];

const USER_POLICY_NAMES: readonly (readonly [string, string])[] = (() => {
  const out: [string, string][] = [];
  const koTeams = ["개발팀", "운영팀", "보안팀", "데이터팀", "기획팀", "인프라팀", "QA팀", "플랫폼팀"];
  const koRoles: [string, string][] = [
    ["읽기전용", "조회 권한만 부여"],
    ["전체권한", "모든 기능 사용 권한"],
    ["배포", "배포 파이프라인 실행 권한"],
    ["모니터링", "모니터링 조회 권한"],
    ["과금조회", "비용 및 과금 조회 권한"],
  ];
  for (const t of koTeams) for (const [r, d] of koRoles) out.push([`${t}-${r}`, `${t} ${d}`]);
  const teams = ["dev", "ops", "sec", "data", "platform", "infra", "qa", "ml"];
  const roles: [string, string][] = [
    ["readonly", "read-only access to all services"],
    ["fullaccess", "full access for the team"],
    ["deployer", "deploy through SourcePipeline and Cloud Functions"],
    ["monitoring", "Cloud Insight and Cloud Log Analytics access"],
    ["billing-viewer", "cost and billing views"],
    ["storage-admin", "Object Storage and NAS administration"],
    ["network-admin", "VPC, Load Balancer and NAT Gateway administration"],
    ["db-operator", "Cloud DB operation"],
    ["ci-runner", "permissions of the CI runner"],
    ["auditor", "audit trail and Cloud Activity Tracer read access"],
  ];
  for (const t of teams) for (const [r, d] of roles) out.push([`${t}-${r}`, `${t} team: ${d}`]);
  return out;
})();

function genPolicies(rng: Rng, n: number): PolicyItem[] {
  const out = seedPolicies().slice(0, n);
  const taken = new Set(out.map((p) => p.policyName));
  const system: PolicyItem[] = [];
  for (const [code, display] of NCP_SERVICES) {
    for (const [role, desc] of POLICY_ROLES) {
      const policyName = `NCP_${code}_${role}`;
      if (taken.has(policyName)) continue;
      taken.add(policyName);
      const policyId = uuid1(rng);
      system.push({
        policyId,
        policyName,
        policyType: "SYSTEM_MANAGED",
        policyDesc: desc(display),
        nrn: `nrn:PUB:IAM:::Policy/${policyId}`,
      });
    }
  }
  // Up to 60% system managed, the rest user created; interleaved so a type filter spans pages.
  const systemCount = Math.min(system.length, Math.max(0, Math.round((n - out.length) * 0.6)));
  const userCount = n - out.length - systemCount;
  const names = uniqueNames(
    userCount,
    USER_POLICY_NAMES.map(([name]) => name),
    taken,
  );
  const descOf = new Map(USER_POLICY_NAMES.map(([name, desc]) => [name, desc]));
  const user: PolicyItem[] = names.map((policyName) => {
    const policyId = uuid4(rng);
    const baseName = policyName.replace(/-\d+$/, "");
    return {
      policyId,
      policyName,
      policyType: "USER_CREATED",
      policyDesc: descOf.get(policyName) ?? descOf.get(baseName) ?? "",
      nrn: `nrn:PUB:IAM::${DEMO_ACCOUNT_ID}:Policy/${policyId}`,
    };
  });
  let s = 0;
  let u = 0;
  while (s < systemCount || u < userCount) {
    // about three system policies for every two user policies
    if (s < systemCount && (u >= userCount || (s + u) % 5 < 3)) out.push(system[s++] as PolicyItem);
    else out.push(user[u++] as PolicyItem);
  }
  return out;
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

function genProducts(rng: Rng, n: number, usagePlans: Record<string, string[]>): ProductItem[] {
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

const PROFILE_ENVS: readonly string[] = ["dev", "stg", "prod", "qa"];
const PROFILE_SYSTEMS: readonly string[] = [
  "github-actions",
  "gitlab-ci",
  "jenkins",
  "argocd",
  "terraform",
  "on-prem-batch",
  "data-pipeline",
  "monitoring",
  "backup",
  "log-shipper",
  "partner-sync",
  "mobile-backend",
];
const PROFILE_KO_ENVS: readonly string[] = ["개발", "운영", "스테이징"];
const PROFILE_KO_USES: readonly string[] = [
  "배포",
  "백업",
  "모니터링",
  "데이터수집",
  "로그전송",
  "배치작업",
  "외부연동",
  "감사",
];
const PROFILE_NAMES: readonly string[] = [
  ...PROFILE_ENVS.flatMap((e) => PROFILE_SYSTEMS.map((s) => `${e}-${s}`)),
  ...PROFILE_KO_ENVS.flatMap((e) => PROFILE_KO_USES.map((u) => `${e}-${u}-프로필`)),
  ...Array.from({ length: 107 }, (_, k) => `profile${String(k + 1).padStart(3, "0")}`),
];
const DURATIONS: readonly number[] = [600, 900, 1800, 3600, 7200, 43200];

function genProfiles(rng: Rng, n: number): ProfileItem[] {
  const out = seedProfiles().slice(0, n);
  const taken = new Set(out.map((p) => p.name));
  const roles = Array.from({ length: 12 }, () => `nrn:PUB:IAM::${DEMO_ACCOUNT_ID}:Role/${uuid4(rng)}`);
  const t0 = Date.UTC(2023, 2, 2, 0, 0, 0);
  let i = 0;
  for (const name of uniqueNames(n - out.length, PROFILE_NAMES, taken)) {
    i++;
    const profileId = uuid4(rng);
    const created = t0 + i * 29 * 3600_000 + randInt(rng, 0, 3_599_999);
    const updated = rng() < 0.5 ? created : created + randInt(rng, 60_000, 90 * 86400_000);
    const roleCount = randInt(rng, 0, 3);
    const roleNrnList: string[] = [];
    for (let r = 0; r < roleCount; r++) {
      const role = pick(rng, roles);
      if (!roleNrnList.includes(role)) roleNrnList.push(role);
    }
    const ko = /[가-힣]/.test(name);
    out.push({
      profileId,
      profileNrn: `nrn:PUB:ExternalAccess::${DEMO_ACCOUNT_ID}:Profile/${profileId}`,
      name,
      description: rng() < 0.2 ? "" : ko ? `${name} 용도` : `profile for ${name}`,
      enabled: rng() < 0.85,
      durationSeconds: pick(rng, DURATIONS),
      roleNrnList,
      createTime: kstIso(created),
      updateTime: kstIso(updated),
    });
  }
  return out;
}

function addDuplicates(rng: Rng, data: CompleteDataSet, count: number): void {
  const dupOf = <T>(list: T[], k: number): T | undefined => list[(k * 7 + 3) % Math.max(1, list.length)];
  for (let k = 0; k < count; k++) {
    const pol = dupOf(data.policies, k);
    if (pol) {
      const policyId = uuid4(rng);
      const account = pol.policyType === "SYSTEM_MANAGED" ? "" : DEMO_ACCOUNT_ID;
      data.policies.push({ ...pol, policyId, nrn: `nrn:PUB:IAM::${account}:Policy/${policyId}` });
    }
    const prod = dupOf(data.products, k);
    if (prod) {
      const productId = chars(rng, LOWER_ALNUM, 10);
      data.products.push({ ...prod, productId, invokeId: productId });
    }
    const prof = dupOf(data.profiles, k);
    if (prof) {
      const profileId = uuid4(rng);
      data.profiles.push({
        ...prof,
        profileId,
        profileNrn: `nrn:PUB:ExternalAccess::${DEMO_ACCOUNT_ID}:Profile/${profileId}`,
        roleNrnList: [...prof.roleNrnList],
      });
    }
    const vpc = data.packages.vpc;
    const pkg = dupOf(vpc, k);
    if (pkg) vpc.push({ ...pkg, description: `${pkg.description} (copy)`.trim() });
  }
}

function checkCount(name: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`generateDataSet: ${name} must be a whole number >= 0, got ${String(n)}`);
  }
  return n;
}

/**
 * Generates a deterministic data set: the seed items from NCP's API pages first, then generated
 * items up to the requested counts, with unique names within each list (unless `duplicates` > 0).
 * Use it for benchmarks and for sets bigger than the default one.
 *
 * @throws RangeError when a count is not a whole number >= 0.
 */
export function generateDataSet(options: GenerateOptions = {}): CompleteDataSet {
  const nPolicies = checkCount("policies", options.policies ?? 300);
  const nProducts = checkCount("products", options.products ?? 250);
  const nProfiles = checkCount("profiles", options.profiles ?? 180);
  const nPackages = checkCount("packages", options.packages ?? 40);
  const duplicates = checkCount("duplicates", options.duplicates ?? 0);
  const rng = mulberry32(options.seed ?? 20241213);
  const productUsagePlans: Record<string, string[]> = {};
  const data: CompleteDataSet = {
    packages: {
      vpc: genPackages(rng, nPackages, VPC_PACKAGE_NAMES, seedPackages()),
      classic: genPackages(rng, Math.ceil(nPackages / 4), CLASSIC_PACKAGE_NAMES, []),
    },
    policies: genPolicies(rng, nPolicies),
    products: genProducts(rng, nProducts, productUsagePlans),
    profiles: genProfiles(rng, nProfiles),
    productUsagePlans,
  };
  if (duplicates > 0) addDuplicates(rng, data, duplicates);
  return data;
}

let defaultCache: CompleteDataSet | undefined;

/**
 * A fresh deep copy of the default data set: 40 `vpc` and 10 `classic` packages, 300 policies,
 * 250 products and 180 profiles, seed examples first (`package001`, `NCP_NCLOUD_STORAGE_VIEWER`,
 * `product`, `profile000`, ...). Same content on every call; callers may mutate their copy.
 */
export function defaultDataSet(): CompleteDataSet {
  defaultCache ??= generateDataSet();
  return structuredClone(defaultCache);
}

/** A deep copy of a data set (plain JSON objects). */
export function cloneDataSet(data: EmulatorDataSet): EmulatorDataSet {
  return structuredClone(data);
}
