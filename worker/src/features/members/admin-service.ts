import { and, desc, eq, isNull, like, lt, or, type SQL, sql } from "drizzle-orm";
import {
  conversations,
  coupons,
  couponTemplates,
  liveBuyers,
  liveOrders,
  liveSales,
  members,
  memberTags,
  pointEntries,
  purchases,
  staff,
  stores,
} from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { memberTier } from "../loyalty";
import { normalizePhone } from "./registration";

type Db = AppDeps["db"];

/** `%`, `_` and `\` typed by the admin are literal characters in the LIKE pattern. */
const likeArg = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Who matches what the admin typed: a member code or a phone (any usual form: 0912-345-678,
 * +886 912 345 678) exactly, or a part of the name or LINE name (any case). Deleted members
 * (their data erased) are never found.
 */
function matches(q: string): SQL | undefined {
  const text = q.trim();
  if (!text) return undefined;
  const pattern = likeArg(text);
  const phone = normalizePhone(text);
  const ors: SQL[] = [
    eq(members.memberCode, text.toUpperCase()),
    sql`lower(${members.name}) LIKE ${pattern} ESCAPE '\\'`,
    sql`lower(${members.displayName}) LIKE ${pattern} ESCAPE '\\'`,
  ];
  if (phone) ors.push(eq(members.phone, phone));
  // A part of a phone number (the last digits a shopper reads out).
  const digits = text.replace(/[\s-]/g, "");
  if (/^\d{4,}$/.test(digits)) ors.push(like(members.phone, `%${digits.replace(/^0/, "")}%`));
  return or(...ors);
}

export interface MemberSearch {
  q: string;
  limit: number;
  /** The `next` of the page before. */
  before?: string | undefined;
}

/** The search's hits, newest member first (by id within the same moment). */
export async function searchMembers(deps: Pick<AppDeps, "db">, s: MemberSearch) {
  const where: Array<SQL | undefined> = [isNull(members.deletedAt), matches(s.q)];
  if (s.before) {
    const m = /^(\d{1,15})_(.+)$/.exec(s.before);
    if (!m?.[1] || !m[2])
      throw new AppError(
        "VALIDATION_FAILED",
        say("before：請使用上一頁回傳的 next。", "before: pass the next of the page before."),
      );
    const at = new Date(Number(m[1]));
    where.push(or(lt(members.createdAt, at), and(eq(members.createdAt, at), lt(members.id, m[2]))));
  }
  const rows = await deps.db
    .select({ m: members, store: stores.name })
    .from(members)
    .leftJoin(stores, eq(stores.id, members.homeStoreId))
    .where(and(...where))
    .orderBy(desc(members.createdAt), desc(members.id))
    .limit(s.limit + 1);
  const page = rows.slice(0, s.limit);
  const last = page.at(-1);
  return {
    members: page.map(({ m, store }) => ({
      id: m.id,
      memberCode: m.memberCode,
      name: m.name,
      displayName: m.displayName,
      phone: m.phone,
      status: m.status,
      tier: m.tier,
      points: m.pointsBalance,
      store,
      source: m.source,
      joinedAt: m.createdAt.toISOString(),
    })),
    next: rows.length > s.limit && last ? `${last.m.createdAt.getTime()}_${last.m.id}` : null,
  };
}

export type MemberHit = Awaited<ReturnType<typeof searchMembers>>["members"][number];

/** Everything the admin sees on a member's page. */
export async function memberDetail(deps: Pick<AppDeps, "db" | "clock">, id: string) {
  const { db } = deps;
  const [row] = await db
    .select({ m: members, store: stores.name, referrer: staff.name })
    .from(members)
    .leftJoin(stores, eq(stores.id, members.homeStoreId))
    .leftJoin(staff, eq(staff.id, members.referrerStaffId))
    .where(eq(members.id, id));
  if (!row || row.m.deletedAt) throw new AppError("NOT_FOUND", say("找不到這位會員。", "No such member."));
  const m = row.m;
  const [tier, ledger, bought, held, tags, orders, convo] = await Promise.all([
    memberTier(deps, m.id),
    db
      .select()
      .from(pointEntries)
      .where(eq(pointEntries.memberId, m.id))
      .orderBy(desc(pointEntries.createdAt), desc(pointEntries.id))
      .limit(50),
    purchasesOf(db, m.id),
    db
      .select({ c: coupons, name: couponTemplates.name })
      .from(coupons)
      .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
      .where(eq(coupons.memberId, m.id))
      .orderBy(desc(coupons.issuedAt))
      .limit(50),
    db.select({ tag: memberTags.tag }).from(memberTags).where(eq(memberTags.memberId, m.id)),
    db
      .select({
        id: liveOrders.id,
        sale: liveSales.title,
        saleId: liveSales.id,
        status: liveOrders.status,
        total: liveOrders.total,
        at: liveOrders.createdAt,
      })
      .from(liveOrders)
      .innerJoin(liveSales, eq(liveSales.id, liveOrders.saleId))
      .innerJoin(liveBuyers, eq(liveBuyers.id, liveOrders.buyerId))
      .where(eq(liveBuyers.lineUserId, m.lineUserId))
      .orderBy(desc(liveOrders.createdAt))
      .limit(20),
    db
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.lineUserId, m.lineUserId))
      .orderBy(desc(conversations.lastMessageAt))
      .limit(1),
  ]);
  return {
    id: m.id,
    memberCode: m.memberCode,
    status: m.status,
    name: m.name,
    displayName: m.displayName,
    phone: m.phone,
    phoneVerified: m.phoneVerifiedAt !== null,
    email: m.email,
    birthday: m.birthday,
    language: m.language,
    friendship: m.friendship,
    marketingOptOut: m.marketingOptOutAt !== null,
    joinedAt: m.createdAt.toISOString(),
    registeredAt: m.registeredAt?.toISOString() ?? null,
    points: m.pointsBalance,
    tier: { code: tier.code, spend: tier.spend, next: tier.next ?? null },
    binding: {
      store: row.store,
      storeId: m.homeStoreId,
      referrerStaff: row.referrer,
      referrerStaffId: m.referrerStaffId,
      source: m.source,
      boundAt: m.boundAt?.toISOString() ?? null,
    },
    tags: tags.map((t) => t.tag).sort(),
    ledger: ledger.map((e) => ({
      id: e.id,
      kind: e.kind,
      points: e.points,
      reason: e.reason,
      actor: e.actor,
      at: e.createdAt.toISOString(),
    })),
    purchases: bought,
    coupons: held.map(({ c, name }) => ({
      code: c.code,
      templateId: c.templateId,
      name,
      status: c.status,
      issuedAt: c.issuedAt.toISOString(),
      expiresAt: c.expiresAt.toISOString(),
      redeemedAt: c.redeemedAt?.toISOString() ?? null,
    })),
    liveOrders: orders.map((o) => ({ ...o, at: o.at.toISOString() })),
    conversationId: convo[0]?.id ?? null,
  };
}

async function purchasesOf(db: Db, memberId: string) {
  const rows = await db
    .select({ p: purchases, store: stores.name })
    .from(purchases)
    .leftJoin(stores, eq(stores.id, purchases.storeId))
    .where(eq(purchases.memberId, memberId))
    .orderBy(desc(purchases.createdAt))
    .limit(50);
  return rows.map(({ p, store }) => ({
    id: p.id,
    channel: p.channel,
    source: p.source,
    store,
    amount: p.amount,
    paid: p.paid,
    refunded: p.refundedAmount,
    pointsEarned: p.pointsEarned,
    at: p.createdAt.toISOString(),
  }));
}
