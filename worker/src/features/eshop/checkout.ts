/**
 * The shop's checkout asks before it places the order: may this member use this coupon on this
 * cart (and what it takes off, or why not), and how many points may go towards what is left.
 * Nothing is held by asking; the order holds them (orders.ts).
 */
import { eq } from "drizzle-orm";
import { members } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, type Lang, say } from "../../lib/errors";
import { POINT_VALUE, quoteCoupon } from "../loyalty";
import { type CustomerInput, resolveCustomer } from "./customer";

async function knownMember(deps: AppDeps, customer: CustomerInput): Promise<string> {
  const { memberId } = await resolveCustomer(deps, customer);
  if (!memberId)
    throw new AppError(
      "UNPROCESSABLE",
      say("找不到此顧客的會員身分。", "This customer is not a known member."),
      { reason: "UNKNOWN_CUSTOMER", field: "customer" },
    );
  return memberId;
}

export async function couponQuote(
  deps: AppDeps,
  input: { customer: CustomerInput; couponCode: string; amount: number },
  lang: Lang,
) {
  const memberId = await knownMember(deps, input.customer);
  const q = await quoteCoupon(deps, { code: input.couponCode, memberId, amount: input.amount });
  return {
    usable: q.usable,
    reason: q.reason,
    message: q.message ? q.message[lang] : null,
    discount: q.discount,
    coupon:
      q.coupon && q.template
        ? { code: q.coupon.code, name: q.template.name, kind: q.template.kind, value: q.template.value }
        : null,
  };
}

export async function pointsQuote(deps: AppDeps, input: { customer: CustomerInput; amount: number }) {
  const memberId = await knownMember(deps, input.customer);
  const [m] = await deps.db
    .select({ balance: members.pointsBalance })
    .from(members)
    .where(eq(members.id, memberId));
  const balance = m?.balance ?? 0;
  return {
    balance,
    pointValue: POINT_VALUE,
    maxUsable: Math.max(0, Math.min(balance, Math.floor(input.amount / POINT_VALUE))),
  };
}
