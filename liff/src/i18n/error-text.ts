/**
 * A refusal in the reader's language, said by the page itself from the API's closed catalogue
 * (`error.code`, `details.reason`, both enums in /openapi.json): the reason when it has words
 * here, else the code when the code alone says it all, else the server's own message (said in
 * the language the request asked for: see lang.ts `acceptLanguage`).
 */
import { ApiError } from "../api/error";
import type { components } from "../api/schema.gen";
import type { Lang } from "./lang";

type ErrorCode = components["schemas"]["ErrorCode"];
type ErrorReason = components["schemas"]["ErrorReason"];
type Text = { "zh-TW": string; en: string };
type Details = { field?: unknown; min?: unknown; max?: unknown; minSpend?: unknown; refundable?: unknown };

const num = (v: unknown) => (typeof v === "number" ? v.toLocaleString("en-US") : "?");

/**
 * Codes whose meaning is whole without the server's sentence. VALIDATION_FAILED, UNPROCESSABLE,
 * CONFLICT, NOT_FOUND and BAD_REQUEST are not here: their message says what was wrong.
 */
const CODES: Partial<Record<ErrorCode, Text>> = {
  UNAUTHORIZED: { "zh-TW": "請重新登入。", en: "Please sign in again." },
  INVALID_TOKEN: {
    "zh-TW": "登入已失效，請重新登入。",
    en: "Your sign-in is no longer valid; please sign in again.",
  },
  FORBIDDEN: { "zh-TW": "您沒有執行此操作的權限。", en: "You are not allowed to do this." },
  RATE_LIMITED: { "zh-TW": "操作太頻繁，請稍後再試。", en: "Too many requests; please try again shortly." },
  PAYLOAD_TOO_LARGE: { "zh-TW": "送出的資料太大。", en: "What was sent is too large." },
  INVALID_JSON: { "zh-TW": "請求格式不正確。", en: "The request is not valid JSON." },
  INTERNAL: {
    "zh-TW": "系統發生錯誤，請稍後再試。",
    en: "Something went wrong on our side; please try again later.",
  },
  NOT_READY: {
    "zh-TW": "系統尚未就緒，請稍後再試。",
    en: "The service is not ready yet; please try again shortly.",
  },
  SALE_NOT_OPEN: { "zh-TW": "此銷售目前不接受喊單。", en: "This sale is not open for orders." },
  TOO_MANY_STREAMS: {
    "zh-TW": "即時統計連線已滿，請稍後再試。",
    en: "Too many live tally streams; please try again later.",
  },
};

/** Reasons a console page can meet; the input ones name the field the server refused. */
const REASONS: Partial<Record<ErrorReason, (d: Details, field: string) => Text>> = {
  REQUIRED: (_, f) => ({ "zh-TW": `${f} 為必填。`, en: `${f} is required.` }),
  NOT_A_NUMBER: (_, f) => ({ "zh-TW": `${f} 須為數字。`, en: `${f} must be a number.` }),
  NOT_WHOLE: (_, f) => ({ "zh-TW": `${f} 須為整數。`, en: `${f} must be a whole number.` }),
  TOO_SMALL: (d, f) => ({
    "zh-TW": `${f} 不可小於 ${num(d.min)}。`,
    en: `${f} must be at least ${num(d.min)}.`,
  }),
  TOO_LARGE: (d, f) => ({
    "zh-TW": `${f} 不可大於 ${num(d.max)}。`,
    en: `${f} must be at most ${num(d.max)}.`,
  }),
  TOO_LONG: (d, f) => ({
    "zh-TW": `${f} 超過 ${num(d.max)} 個字。`,
    en: `${f} is too long (at most ${num(d.max)}).`,
  }),
  INVALID: (_, f) => ({ "zh-TW": `${f} 格式不正確。`, en: `${f} is not valid.` }),
  ALREADY_REDEEMED: () => ({ "zh-TW": "此優惠券已使用。", en: "This coupon has already been used." }),
  EXPIRED: () => ({ "zh-TW": "此優惠券已過期。", en: "This coupon has expired." }),
  VOIDED: () => ({ "zh-TW": "此優惠券已作廢。", en: "This coupon has been voided." }),
  NOT_YET_VALID: () => ({ "zh-TW": "此優惠券尚未開始使用。", en: "This coupon cannot be used yet." }),
  WRONG_CHANNEL: () => ({ "zh-TW": "此優惠券不適用於此通路。", en: "This coupon cannot be used here." }),
  NOT_YOURS: () => ({ "zh-TW": "此優惠券不屬於此會員。", en: "This coupon belongs to another member." }),
  MIN_SPEND_NOT_MET: (d) => ({
    "zh-TW": `未達優惠券最低消費 NT$${num(d.minSpend)}。`,
    en: `This coupon needs a spend of at least NT$${num(d.minSpend)}.`,
  }),
  NOT_ENOUGH_POINTS: () => ({ "zh-TW": "點數不足。", en: "Not enough points." }),
  TOO_MANY_POINTS: () => ({
    "zh-TW": "折抵點數超過應付金額。",
    en: "More points than the amount left to pay.",
  }),
  ALREADY_REFUNDED: () => ({
    "zh-TW": "此筆消費已全額退款。",
    en: "This purchase has been refunded in full.",
  }),
  MORE_THAN_PAID: (d) => ({
    "zh-TW": `此筆消費尚可退款 NT$${num(d.refundable)}。`,
    en: `Only NT$${num(d.refundable)} of this purchase can still be refunded.`,
  }),
};

/** Any thrown value as one sentence in `lang`. */
export function apiErrorText(e: unknown, lang: Lang): string {
  if (e instanceof ApiError) {
    const d = (e.details ?? {}) as Details;
    const field = typeof d.field === "string" && d.field ? d.field : lang === "en" ? "This field" : "此欄位";
    const byReason = e.reason ? REASONS[e.reason]?.(d, field) : undefined;
    if (byReason) return byReason[lang];
    const byCode = CODES[e.code as ErrorCode];
    if (byCode) return byCode[lang];
  }
  // fetch() itself failed: no answer came back at all.
  if (e instanceof TypeError) return NETWORK[lang];
  if (e instanceof ApiError && e.code.startsWith("HTTP_") && e.status >= 500)
    return CODES.INTERNAL?.[lang] ?? e.message;
  const message = (e as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : String(e);
}

const NETWORK: Text = {
  "zh-TW": "無法連線到伺服器，請檢查網路後再試。",
  en: "Could not reach the server; check the connection and try again.",
};
