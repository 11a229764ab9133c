/**
 * Faults the emulator can inject: their specs, the queue that decides which fault a request gets,
 * and the JSON form the admin interface accepts.
 */
import { z } from "zod";
import type { ListKind } from "./data";
import { findList, listKinds } from "../services/meta";

/** Every fault type; see {@link FaultSpec}. */
export const FAULT_TYPES = [
  "status",
  "no-permission",
  "truncate",
  "reset",
  "hang",
  "wrong-shape",
  "oversize",
  "stuck-paging",
  "changing-totals",
  "latency",
] as const;

/** The name of a fault type. */
export type FaultType = (typeof FAULT_TYPES)[number];

/** What every fault spec has: which requests it matches and how often it fires. */
export interface FaultBase {
  /** Only requests to this list. @default every list */
  kind?: ListKind;
  /** How many matching requests it applies to; `Infinity` for all. @default 1 */
  times?: number;
  /** Matching requests to let through before it applies (counted from injection). @default 0 */
  afterRequests?: number;
}

/** Answers with an HTTP error in the NCP error shape of the service (or the gateway's). */
export interface StatusFault extends FaultBase {
  type: "status";
  /** HTTP status, e.g. 429, 500, 503, 504, 403, 401. */
  status: number;
  /** Sets `Retry-After` to this many seconds. @default no header */
  retryAfterSeconds?: number;
  /** NCP error code. @default from the status: 400→100, 401→200, 403→230 (80002 for packages), 404→300, 429→400, 500→900, 503→500, 504→510 */
  ncpCode?: string | number;
  /** Error message. @default a message fitting the status */
  message?: string;
  /**
   * `x-ncp-apigw-response-origin`. `APIGW` answers use the gateway body shape; `ENDPOINT` the service's.
   * @default APIGW for 401, 429, 503 and 504; ENDPOINT otherwise
   */
  origin?: "APIGW" | "ENDPOINT";
}

/** Answers "no permission" the way the service does (packages: 403 code 80002 SUB_ACC_NO_PERMISSION). */
export interface NoPermissionFault extends FaultBase {
  type: "no-permission";
}

/** Sends a Content-Length larger than the body, writes half the JSON, then destroys the socket. */
export interface TruncateFault extends FaultBase {
  type: "truncate";
}

/** Destroys the socket (TCP reset) without answering. */
export interface ResetFault extends FaultBase {
  type: "reset";
}

/** Never answers; the socket stays open until the client gives up or the emulator stops. */
export interface HangFault extends FaultBase {
  type: "hang";
}

/**
 * Answers 200 with one item holding a field of the wrong type (policyName: 12345, name: null, ...);
 * the request record's `faultDetail` says which.
 */
export interface WrongShapeFault extends FaultBase {
  type: "wrong-shape";
  /** Index of the item to break in the returned page. @default 1 (0 when the page has one item) */
  index?: number;
}

/** Answers 200 with a valid but huge body (descriptions padded). */
export interface OversizeFault extends FaultBase {
  type: "oversize";
  /** Minimum body size in bytes. @default 12 MiB */
  bytes?: number;
}

/**
 * Every page request gets the first page (page field included): a server that makes no progress.
 * Packages do not page: they are answered normally (the use still counts).
 */
export interface StuckPagingFault extends FaultBase {
  type: "stuck-paging";
}

/**
 * Reported totals (`totalItems`/`totalPages`, `productPage.total`, `totalElements`) grow by one on every
 * request it applies to; items are unchanged. Packages have no totals: answered normally.
 */
export interface ChangingTotalsFault extends FaultBase {
  type: "changing-totals";
}

/** Delays matching requests by `ms` on top of the emulator's latency, then answers normally. */
export interface LatencyFault extends FaultBase {
  type: "latency";
  ms: number;
}

/** A fault to inject; faults apply in injection order, first match wins, decremented per use. */
export type FaultSpec =
  | StatusFault
  | NoPermissionFault
  | TruncateFault
  | ResetFault
  | HangFault
  | WrongShapeFault
  | OversizeFault
  | StuckPagingFault
  | ChangingTotalsFault
  | LatencyFault;

/** Default size of an `oversize` answer: 12 MiB. */
export const DEFAULT_OVERSIZE_BYTES = 12 * 1024 * 1024;

const times = z.union([z.number().int().positive(), z.literal(Infinity), z.literal("Infinity")]);
const base = {
  kind: z
    .string()
    .refine((k) => findList(k) !== undefined, {
      error: (i) => `no list ${JSON.stringify(i.input)} is known; use one of: ${listKinds().join(", ")}`,
    })
    .optional(),
  times: times.optional(),
  afterRequests: z.number().int().nonnegative().optional(),
};
const faultSchema = z.discriminatedUnion("type", [
  z.object({
    ...base,
    type: z.literal("status"),
    status: z.number().int().min(100).max(599),
    retryAfterSeconds: z.number().nonnegative().optional(),
    ncpCode: z.union([z.string(), z.number()]).optional(),
    message: z.string().optional(),
    origin: z.enum(["APIGW", "ENDPOINT"]).optional(),
  }),
  z.object({ ...base, type: z.literal("no-permission") }),
  z.object({ ...base, type: z.literal("truncate") }),
  z.object({ ...base, type: z.literal("reset") }),
  z.object({ ...base, type: z.literal("hang") }),
  z.object({ ...base, type: z.literal("wrong-shape"), index: z.number().int().nonnegative().optional() }),
  z.object({ ...base, type: z.literal("oversize"), bytes: z.number().int().positive().optional() }),
  z.object({ ...base, type: z.literal("stuck-paging") }),
  z.object({ ...base, type: z.literal("changing-totals") }),
  z.object({ ...base, type: z.literal("latency"), ms: z.number().nonnegative() }),
]);

/**
 * Parses and validates a fault spec (from JSON: `times` may be the string `"Infinity"`).
 *
 * @throws Error naming the invalid fields.
 */
export function parseFaultSpec(input: unknown): FaultSpec {
  const r = faultSchema.safeParse(input);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new Error(`invalid fault spec: ${issues}`);
  }
  const { times: t, ...rest } = r.data;
  return (t === undefined ? rest : { ...rest, times: t === "Infinity" ? Infinity : t }) as FaultSpec;
}

/** The JSON form of a fault spec (`Infinity` as the string `"Infinity"`), for the admin interface. */
export function faultSpecToJson(spec: FaultSpec): string {
  return JSON.stringify(spec, (_k, v: unknown) => (v === Infinity ? "Infinity" : v));
}

/** One use of a fault: the spec and how many times it has been applied, this one included. */
export interface FaultUse {
  readonly spec: FaultSpec;
  readonly use: number;
}

interface ActiveFault {
  readonly spec: FaultSpec;
  remaining: number;
  seen: number;
  uses: number;
}

/**
 * Injected faults in injection order. Every fault counts the matching requests it has seen (for
 * `afterRequests`); the first fault past its `afterRequests` wins and is decremented, and removed
 * when used up.
 */
export class FaultQueue {
  private faults: ActiveFault[] = [];

  /** Adds a fault (validated). @throws Error for an invalid spec. */
  add(spec: FaultSpec): void {
    const parsed = parseFaultSpec(spec);
    this.faults.push({ spec: parsed, remaining: parsed.times ?? 1, seen: 0, uses: 0 });
  }

  /** Removes every fault. */
  clear(): void {
    this.faults = [];
  }

  /** Number of faults still active. */
  get size(): number {
    return this.faults.length;
  }

  /** Picks the fault for one request to `kind`, if any, and counts the use. */
  take(kind: ListKind): FaultUse | undefined {
    let winner: ActiveFault | undefined;
    for (const f of this.faults) {
      if (f.spec.kind !== undefined && f.spec.kind !== kind) continue;
      if (f.seen < (f.spec.afterRequests ?? 0)) {
        f.seen++;
        continue;
      }
      winner ??= f;
    }
    if (winner === undefined) return undefined;
    winner.uses++;
    winner.remaining--;
    if (winner.remaining <= 0) this.faults = this.faults.filter((f) => f !== winner);
    return { spec: winner.spec, use: winner.uses };
  }
}
