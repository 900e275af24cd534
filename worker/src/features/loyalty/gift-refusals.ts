import { AppError, type ErrorCode, type ErrorReason, say, type Text } from "../../lib/errors";
import type { Coupon } from "./coupons";

/** Why a gift cannot be made or accepted, each with its code and its words (zh-TW, English). */
export type Refusal =
  | "NOT_FOUND"
  | "NOT_YOURS"
  | "NOT_TRANSFERABLE"
  | "ALREADY_REDEEMED"
  | "RESERVED"
  | "VOIDED"
  | "EXPIRED"
  | "NOT_YET_VALID"
  | "SELF_GIFT"
  | "ALREADY_ACCEPTED"
  | "GIFT_CANCELLED"
  | "GIFT_EXPIRED";

const REFUSALS: Record<Refusal, { code: ErrorCode; text: Text }> = {
  NOT_FOUND: { code: "NOT_FOUND", text: say("查無此優惠券。", "No coupon has this code.") },
  NOT_YOURS: {
    code: "UNPROCESSABLE",
    text: say("此優惠券不屬於您。", "This coupon belongs to another member."),
  },
  NOT_TRANSFERABLE: {
    code: "UNPROCESSABLE",
    text: say("此優惠券不能轉贈。", "This coupon cannot be given to someone else."),
  },
  ALREADY_REDEEMED: {
    code: "UNPROCESSABLE",
    text: say("此優惠券已使用。", "This coupon has already been used."),
  },
  RESERVED: {
    code: "UNPROCESSABLE",
    text: say("此優惠券已被一筆尚未付款的訂單保留。", "This coupon is held for an order not paid yet."),
  },
  VOIDED: { code: "UNPROCESSABLE", text: say("此優惠券已作廢。", "This coupon has been voided.") },
  EXPIRED: { code: "UNPROCESSABLE", text: say("此優惠券已過期。", "This coupon has expired.") },
  NOT_YET_VALID: {
    code: "UNPROCESSABLE",
    text: say("此優惠券尚未開始使用。", "This coupon cannot be used yet."),
  },
  SELF_GIFT: {
    code: "UNPROCESSABLE",
    text: say("這是您自己送出的禮物，請分享給好友領取。", "You sent this gift; a friend has to accept it."),
  },
  ALREADY_ACCEPTED: {
    code: "CONFLICT",
    text: say("這份禮物已被其他好友領取。", "Another friend has already accepted this gift."),
  },
  GIFT_CANCELLED: {
    code: "CONFLICT",
    text: say("這份禮物已被送禮人取消。", "The sender has withdrawn this gift."),
  },
  GIFT_EXPIRED: {
    code: "UNPROCESSABLE",
    text: say("這份禮物的領取期限已過。", "This gift was not accepted in time and has expired."),
  },
};

export function refuse(reason: Refusal): never {
  const r = REFUSALS[reason];
  throw new AppError(r.code, r.text, { reason: reason satisfies ErrorReason });
}

/** Why a coupon cannot be given (or taken) now; null when it is issued and valid. */
export function couponRefusal(
  c: Pick<Coupon, "status" | "validFrom" | "expiresAt">,
  now: Date,
): Refusal | null {
  if (c.status === "redeemed") return "ALREADY_REDEEMED";
  if (c.status === "reserved") return "RESERVED";
  if (c.status === "voided") return "VOIDED";
  if (c.status === "expired" || c.expiresAt <= now) return "EXPIRED";
  if (c.validFrom > now) return "NOT_YET_VALID";
  return null;
}
