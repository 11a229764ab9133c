/**
 * Test support: an NCP emulator (real HTTP on loopback, signature v2, paging, faults) and its data.
 * Use it in your own tests; `ncloud-lookups serve` runs the same emulator.
 */
export { NcloudEmulator, DEMO_ACCESS_KEY, DEMO_SECRET_KEY, ADMIN_PREFIX } from "./emulator";
export type { EmulatorOptions, RecordedRequest } from "./emulator";
export { defaultDataSet, generateDataSet, cloneDataSet, DEMO_ACCOUNT_ID, DEMO_USAGE_PLAN_IDS } from "./data";
export type {
  ListKind,
  PagedListKind,
  PackagePlatform,
  PackageItem,
  PolicyItem,
  PolicyType,
  ProductItem,
  SubscriptionCode,
  ProfileItem,
  EmulatorDataSet,
  CompleteDataSet,
  GenerateOptions,
} from "./data";
export { FAULT_TYPES, DEFAULT_OVERSIZE_BYTES, parseFaultSpec, faultSpecToJson } from "./faults";
export type {
  FaultSpec,
  FaultType,
  FaultBase,
  StatusFault,
  NoPermissionFault,
  TruncateFault,
  ResetFault,
  HangFault,
  WrongShapeFault,
  OversizeFault,
  StuckPagingFault,
  ChangingTotalsFault,
  LatencyFault,
} from "./faults";
export { LIST_PATHS, DEFAULT_PAGE_SIZE_CAPS } from "./responses";
export { verifySignatureV2, MAX_CLOCK_SKEW_MS } from "./auth";
export type { VerifyResult, VerifiableRequest } from "./auth";
export { EmulatorControl } from "./control";
export type { EmulatorHealth } from "./control";
export { startEmulatorProcess, emulatorMainScript } from "./process";
export type { ProcessEmulatorOptions, EmulatorProcess } from "./process";
