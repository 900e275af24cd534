import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Every error the API returns has one of these codes; the map decides the HTTP status. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  INVALID_WEBHOOK: 400,
  WEBHOOK_TOO_DEEP: 400,
  UNAUTHORIZED: 401,
  INVALID_SIGNATURE: 401,
  INVALID_TOKEN: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  BINDING_TOKEN_INVALID: 400,
  BINDING_TOKEN_EXPIRED: 400,
  BINDING_TOKEN_REVOKED: 400,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NOT_READY: 503,
  CLAIM_INVALID: 400,
  CLAIM_EXPIRED: 400,
  SALE_NOT_OPEN: 409,
  SMS_SEND_FAILED: 502,
  SMS_NOT_CONFIGURED: 503,
  TOO_MANY_STREAMS: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

/** The closed catalogue: a code not listed here does not compile (and `/openapi.json` lists them). */
export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/**
 * Every `details.reason` an error can carry: why, within its code, for a page to say in its own
 * words. Input refusals (lib/input-refusal.ts) come first, then each feature's.
 */
export const ERROR_REASONS = [
  // input-refusal.ts: one field of the request
  "REQUIRED",
  "NOT_A_NUMBER",
  "NOT_WHOLE",
  "TOO_SMALL",
  "TOO_LARGE",
  "TOO_LONG",
  "INVALID",
  // members: registration, phone verification, merging
  "BIRTHDAY_IN_FUTURE",
  "BIRTHDAY_TOO_OLD",
  "NOT_REGISTERED",
  "ALREADY_VERIFIED",
  "SMS_NOT_CONFIGURED",
  "SEND_TOO_SOON",
  "TOO_MANY_SENDS",
  "SMS_PROVIDER_AUTH",
  "SMS_REJECTED",
  "SMS_PROVIDER_BUSY",
  "SMS_PROVIDER_UNAVAILABLE",
  "SMS_PROVIDER_TIMEOUT",
  "WRONG_CODE",
  "TOO_MANY_ATTEMPTS",
  "NO_CODE",
  "PHONE_CHANGED",
  "CODE_USED",
  "CODE_EXPIRED",
  "PHONE_MISMATCH",
  "INVALID_CODE",
  "PHONE_NOT_VERIFIED",
  // loyalty and the counter: coupons, points, refunds
  "NOT_FOUND",
  "ALREADY_REDEEMED",
  "EXPIRED",
  "VOIDED",
  "NOT_YET_VALID",
  "WRONG_CHANNEL",
  "NOT_YOURS",
  "AMOUNT_REQUIRED",
  "MIN_SPEND_NOT_MET",
  "TOO_MANY_POINTS",
  "NOT_ENOUGH_POINTS",
  "ALREADY_REFUNDED",
  "MORE_THAN_PAID",
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

/** `details` of an error: anything, but a `reason` is one of the catalogue's. */
export type ErrorDetails = { reason?: ErrorReason; [key: string]: unknown };

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; details?: ErrorDetails };
}

/** The one error class routes throw; the app's error handler renders it as ErrorBody. */
export class AppError extends HTTPException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    status?: ContentfulStatusCode,
  ) {
    super(status ?? ERROR_STATUS[code], { message });
    this.name = "AppError";
  }
}

/** The 500 message when nothing more specific is known. */
export const INTERNAL_MESSAGE = "Something went wrong on our side. 系統發生錯誤，請稍後再試。";

export interface RenderedError {
  status: ContentfulStatusCode;
  body: ErrorBody;
  /** Not an AppError or HTTPException: a bug or an outage, for the caller to log. */
  unexpected: boolean;
}

/**
 * Any thrown value as the API answers it: AppError with its code (and details), Hono's own
 * HTTPException by status, anything else a 500 INTERNAL with `internalMessage`. The one renderer
 * of the Hono app's error handler and the Node host's direct webhook path.
 */
export function renderError(
  err: unknown,
  requestId: string,
  internalMessage = INTERNAL_MESSAGE,
): RenderedError {
  if (err instanceof AppError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message, requestId } };
    if (err.details !== undefined) body.error.details = err.details;
    return { status: err.status, body, unexpected: false };
  }
  if (err instanceof HTTPException) {
    const code = err.status === 401 ? "UNAUTHORIZED" : err.status === 404 ? "NOT_FOUND" : "BAD_REQUEST";
    return {
      status: err.status,
      body: { error: { code, message: err.message || code, requestId } },
      unexpected: false,
    };
  }
  return {
    status: 500,
    body: { error: { code: "INTERNAL", message: internalMessage, requestId } },
    unexpected: true,
  };
}
