/**
 * The Sub Account policies demo data: the seed examples of NCP's API page first, then deterministic generated items.
 * The emulator's default data set and `generateDataSet` (`lib/lists/demo.ts`) compose every list's.
 */
import { DEMO_ACCOUNT_ID, uniqueNames, uuid1, uuid4, type Rng } from "../demo-random";

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

/** `n` policies: the seeds, then system managed and user created interleaved. */
export function generatePolicies(rng: Rng, n: number): PolicyItem[] {
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

/** Adds a policy that reuses the name of the one at `at`, with a new id. */
export function duplicatePolicy(rng: Rng, policies: PolicyItem[], at: (list: unknown[]) => number): void {
  const pol = policies[at(policies)];
  if (pol) {
    const policyId = uuid4(rng);
    const account = pol.policyType === "SYSTEM_MANAGED" ? "" : DEMO_ACCOUNT_ID;
    policies.push({ ...pol, policyId, nrn: `nrn:PUB:IAM::${account}:Policy/${policyId}` });
  }
}
