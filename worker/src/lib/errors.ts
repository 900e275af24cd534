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
  // loyalty: 轉贈, a coupon given to a friend
  "NOT_TRANSFERABLE",
  "SELF_GIFT",
  "ALREADY_ACCEPTED",
  "GIFT_CANCELLED",
  "GIFT_EXPIRED",
  // marketing: segment rules, broadcasts
  "UNKNOWN_FIELD",
  "UNKNOWN_OP",
  "RULE_TOO_BIG",
  "OVER_QUOTA",
  "NOT_FOLLOWING",
  "QUOTA_UNKNOWN",
  "NOT_RECIPIENT",
  "NO_COUPON",
  // marketing: campaign results
  "NOT_SENT",
  // the online channel: e-shop orders, checkout, staff links, pickup
  "RESERVED",
  "UNKNOWN_CUSTOMER",
  "TOTAL_MISMATCH",
  "ORDER_CANCELLED",
  "NOT_PAID",
  "BAD_ATTRIBUTION",
  "NOT_PICKUP",
  "WRONG_STORE",
  "NOT_READY",
  "WRONG_CUSTOMER",
  "PICKUP_STATE",
  // stores and staff (admin): a deactivated staff member, a POS key revoked already
  "STAFF_INACTIVE",
  "ALREADY_REVOKED",
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

/** `details` of an error: anything, but a `reason` is one of the catalogue's. */
export type ErrorDetails = { reason?: ErrorReason; [key: string]: unknown };

/** The languages an answer is said in: zh-TW first (the product's), English second. */
export type Lang = "zh-TW" | "en";
/** One sentence in each language; an answer carries only the one its reader asked for. */
export type Text = { readonly "zh-TW": string; readonly en: string };
/** A Text, zh-TW first as the product is. */
export const say = (zhTW: string, en: string): Text => ({ "zh-TW": zhTW, en });

/**
 * The reader's language from an `Accept-Language` header, by the front ends' own rule: the most
 * wanted language (by q) that is Chinese is zh-TW, any other is English; zh-TW when none is named.
 */
export function langOf(acceptLanguage: string | null | undefined): Lang {
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((l) => l.tag !== "" && l.tag !== "*" && l.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  const first = ranked[0]?.tag;
  if (first === undefined) return "zh-TW";
  return first === "zh" || first.startsWith("zh-") ? "zh-TW" : "en";
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; details?: ErrorDetails };
}

/** The one error class routes throw; the app's error handler renders it as ErrorBody. */
export class AppError extends HTTPException {
  /** What the reader is told, in each language; `message` (for logs) is the English. */
  readonly text: Text;
  constructor(
    readonly code: ErrorCode,
    text: Text,
    readonly details?: ErrorDetails,
    status?: ContentfulStatusCode,
  ) {
    super(status ?? ERROR_STATUS[code], { message: text.en });
    this.text = text;
    this.name = "AppError";
  }
}

/** The 500 message when nothing more specific is known. */
export const INTERNAL_MESSAGE = say(
  "系統發生錯誤，請稍後再試。",
  "Something went wrong on our side; please try again later.",
);

/** Hono's own HTTPExceptions (thrown by its middleware) by status, in the catalogue's words. */
const HTTP_CODES: Partial<Record<number, { code: ErrorCode; text: Text }>> = {
  400: { code: "BAD_REQUEST", text: say("請求不正確。", "The request is not valid.") },
  401: { code: "UNAUTHORIZED", text: say("請先登入。", "Sign in first.") },
  403: { code: "FORBIDDEN", text: say("您沒有執行此操作的權限。", "You are not allowed to do this.") },
  404: { code: "NOT_FOUND", text: say("找不到此項目。", "Not found.") },
  413: { code: "PAYLOAD_TOO_LARGE", text: say("送出的資料太大。", "What was sent is too large.") },
  429: {
    code: "RATE_LIMITED",
    text: say("操作太頻繁，請稍後再試。", "Too many requests; try again shortly."),
  },
};

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
  lang: Lang = "zh-TW",
  internalMessage: Text = INTERNAL_MESSAGE,
): RenderedError {
  if (err instanceof AppError) {
    const body: ErrorBody = { error: { code: err.code, message: err.text[lang], requestId } };
    if (err.details !== undefined) body.error.details = err.details;
    return { status: err.status, body, unexpected: false };
  }
  if (err instanceof HTTPException) {
    // A status the catalogue has no code for (405, 415, …) is still a refusal of the request.
    const known = HTTP_CODES[err.status] ?? HTTP_CODES[err.status >= 500 ? 0 : 400];
    const { code, text } = known ?? { code: "INTERNAL" as const, text: internalMessage };
    return {
      status: err.status,
      body: { error: { code, message: text[lang], requestId } },
      unexpected: err.status >= 500,
    };
  }
  return {
    status: 500,
    body: { error: { code: "INTERNAL", message: internalMessage[lang], requestId } },
    unexpected: true,
  };
}
