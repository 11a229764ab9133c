/**
 * The Cloud Functions packages demo data: the seed examples of NCP's API page first, then deterministic generated items.
 * The emulator's default data set and `generateDataSet` (`lib/lists/demo.ts`) compose every list's.
 */
import { pick, uniqueNames, type Rng } from "../demo-random";

/** Cloud Functions platform; `/ncf/api/v2/packages` defaults to `vpc`. */
export type PackagePlatform = "vpc" | "classic";

/** A Cloud Functions package, as `GET /ncf/api/v2/packages` returns it. */
export interface PackageItem {
  name: string;
  description: string;
}

function seedPackages(): PackageItem[] {
  return [
    { description: "Create package", name: "package001" },
    { description: "", name: "package000" },
  ];
}

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

/** Packages per platform: `n` on vpc (the seeds first), a quarter of that on classic. */
export function generatePackages(rng: Rng, n: number): Record<PackagePlatform, PackageItem[]> {
  return {
    vpc: genPackages(rng, n, VPC_PACKAGE_NAMES, seedPackages()),
    classic: genPackages(rng, Math.ceil(n / 4), CLASSIC_PACKAGE_NAMES, []),
  };
}

/** Adds a vpc package that reuses the name of the one at `at` (a duplicate). */
export function duplicatePackage(
  data: Record<PackagePlatform, PackageItem[]>,
  at: (list: unknown[]) => number,
): void {
  const vpc = data.vpc;
  const pkg = vpc[at(vpc)];
  if (pkg) vpc.push({ ...pkg, description: `${pkg.description} (copy)`.trim() });
}
