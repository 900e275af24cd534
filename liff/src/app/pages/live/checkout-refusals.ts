import type { ApiError } from "../../api";
import { fmtMoney, fmtNumber } from "../../i18n";
import { apiRefusal, type Whole } from "../../whole-number";
import { tl } from "./messages";

/** The refusals of a coupon at checkout (`error.details.reason`), each explained next to the picker. */
const COUPON_REFUSALS = [
  "MIN_SPEND_NOT_MET",
  "NOT_YOURS",
  "ALREADY_REDEEMED",
  "EXPIRED",
  "VOIDED",
  "NOT_YET_VALID",
  "WRONG_CHANNEL",
  "NOT_FOUND",
] as const;

/** What the points field says about a refused value (over the cap: how many this order can take). */
export function pointsMessage(r: Extract<Whole, { ok: false }>): string {
  if (r.reason === "TOO_LARGE") return tl("live.err.pointsMax", { n: fmtNumber(r.max) });
  return tl(`live.input.points.${r.reason}`, { min: fmtNumber(r.min) });
}

/** A coupon or points refusal from the server, as a message for the field it is about. */
export function discountRefusal(err: ApiError): { field: "coupon" | "points"; message: string } | null {
  const reason = err.reason;
  const d = (err.details ?? {}) as { max?: unknown; minSpend?: unknown };
  const field = apiRefusal(err.details);
  if (field?.field === "pointsToUse")
    return { field: "points", message: pointsMessage({ ok: false, ...field }) };
  if (reason === "TOO_MANY_POINTS")
    return typeof d.max === "number"
      ? { field: "points", message: tl("live.err.pointsMax", { n: fmtNumber(d.max) }) }
      : { field: "points", message: tl("live.err.TOO_MANY_POINTS") };
  const coupon = COUPON_REFUSALS.find((r) => r === reason);
  if (coupon && (err.status === 422 || err.status === 404))
    return {
      field: "coupon",
      message: tl(`live.err.${coupon}`, { min: typeof d.minSpend === "number" ? fmtMoney(d.minSpend) : "" }),
    };
  // Not enough points (spent elsewhere since the page loaded): 422 with what is available.
  const available = (err.details as { available?: unknown } | undefined)?.available;
  if (err.status === 422 && typeof available === "number")
    return { field: "points", message: tl("live.err.pointsShort", { n: fmtNumber(available) }) };
  return null;
}
