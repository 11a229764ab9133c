/**
 * Facts about the NCP services the lists live on, which the lists of a service share (a list of your
 * own on `subaccount` answers as Sub Account does): which sites' hosts no NCP document confirms, and
 * how the service answers errors itself (the `ENDPOINT` origin, as the emulator answers them: the
 * body's shape, its code for a bad request parameter and its "no permission" answer). A service not
 * named here has confirmed hosts and answers in the gateway's shape.
 */
import type { Site } from "../client/endpoints";

/** The shape of a service's own error body. */
export type ErrorBodyShape =
  /** `{"error":{"errorCode":"<string>","message":…,"details":…}}` (the API gateway's). */
  | "gateway"
  /** `{"errorCode":<integer>,"message":"<message>: <details>"}` (Sub Account). */
  | "flat"
  /** `{"error":{"errorCode":"<string>","message":…,"requestId":…}}` (External Access). */
  | "request-id";

/** An error answer as NCP sends it: status, origin, code and message. */
export interface ErrorFacts {
  readonly status: number;
  readonly origin: "APIGW" | "ENDPOINT";
  readonly code: string;
  readonly message: string;
  readonly details: string;
}

/** What a service answers errors with. */
export interface ServiceErrors {
  readonly body: ErrorBodyShape;
  /** Its code for an invalid request parameter (400). */
  readonly badRequestCode: string | number;
  /** Its answer when the sub account may not read the list. */
  readonly noPermission: ErrorFacts;
}

/** The gateway's IAM refusal: 401 code 210 `Permission Denied`. */
const GATEWAY_NO_PERMISSION: ErrorFacts = {
  status: 401,
  origin: "APIGW",
  code: "210",
  message: "Permission Denied",
  details: "The sub account has no permission to call this API.",
};

const DEFAULTS: ServiceErrors = {
  body: "gateway",
  badRequestCode: "100",
  noPermission: GATEWAY_NO_PERMISSION,
};

const SERVICES: Readonly<Record<string, ServiceErrors>> = {
  // Cloud Functions refuses a sub account itself: 403 code 80002 `SUB_ACC_NO_PERMISSION`.
  cloudfunctions: {
    ...DEFAULTS,
    noPermission: {
      status: 403,
      origin: "ENDPOINT",
      code: "80002",
      message: "SUB_ACC_NO_PERMISSION",
      details: "Resource viewing permission error",
    },
  },
  subaccount: { ...DEFAULTS, body: "flat", badRequestCode: 9011 },
  externalaccess: { ...DEFAULTS, body: "request-id" },
};

/** How a service answers errors (the gateway's way for a service not named above). */
export function serviceErrors(service: string): ServiceErrors {
  return Object.hasOwn(SERVICES, service) ? (SERVICES[service] as ServiceErrors) : DEFAULTS;
}

/**
 * Sites whose host of a service (`<service>.apigw.<domain>`, the pattern of the others) no primary NCP
 * source confirms: a failed request there says so.
 */
const UNCONFIRMED_HOSTS: Readonly<Record<string, readonly Site[]>> = {
  cloudfunctions: ["fin"],
  externalaccess: ["fin"],
};

/** True when the host of a service on a site follows the pattern without a primary source. */
export function isUnconfirmedHost(service: string, site: Site): boolean {
  return Object.hasOwn(UNCONFIRMED_HOSTS, service) && (UNCONFIRMED_HOSTS[service] ?? []).includes(site);
}
