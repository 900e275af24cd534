/**
 * The shop's checkout asks before it places the order: may this member use this coupon on this
 * cart (and what it takes off, or why not), and how many points may go towards what is left.
 * Nothing is held by asking; the order holds them (orders.ts).
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { coupons, members, stores } from "../../../../db/schema";
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

/** The member's coupons a cart could use now, each with what it takes off or why not. */
export async function customerCoupons(
  deps: AppDeps,
  input: { customer: CustomerInput; amount: number },
  lang: Lang,
) {
  const memberId = await knownMember(deps, input.customer);
  const now = deps.clock.now().getTime();
  const rows = await deps.db
    .select({ code: coupons.code })
    .from(coupons)
    .where(
      and(eq(coupons.memberId, memberId), eq(coupons.status, "issued"), sql`${coupons.expiresAt} > ${now}`),
    )
    .orderBy(asc(coupons.expiresAt))
    .limit(50);
  const out = [];
  for (const r of rows) {
    const q = await couponQuote(
      deps,
      { customer: input.customer, couponCode: r.code, amount: input.amount },
      lang,
    );
    if (q.reason === "WRONG_CHANNEL") continue; // a store-only coupon is not the shop's to offer
    out.push({ ...q, code: r.code });
  }
  return { coupons: out };
}

/** The brand's stores a customer may pick an order up at. */
export const pickupStores = (deps: Pick<AppDeps, "db">) =>
  deps.db
    .select({ id: stores.id, code: stores.code, name: stores.name, address: stores.address })
    .from(stores)
    .where(eq(stores.active, true))
    .orderBy(asc(stores.code));
