import type { messagingApi } from "@line/bot-sdk";
import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import {
  couponGifts,
  coupons,
  couponTemplates,
  members,
  pointEntries,
  pointLots,
  stores,
} from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { uriButtonFooter } from "../../line/flex";
import { TIER_NAMES } from "../loyalty";

const SOON_DAYS = 60;

/** What the member card shows: code, points, points expiring soon, home store. */
export async function memberCard(deps: Pick<AppDeps, "db" | "clock">, lineUserId: string) {
  const { db, clock } = deps;
  const [row] = await db
    .select({ m: members, storeName: stores.name })
    .from(members)
    .leftJoin(stores, eq(stores.id, members.homeStoreId))
    .where(eq(members.lineUserId, lineUserId));
  if (!row) return undefined;
  const now = clock.now();
  const soon = new Date(now.getTime() + SOON_DAYS * 86_400_000);
  const [expiring] = await db
    .select({
      points: sql<number>`coalesce(sum(${pointLots.remaining}), 0)`,
      first: sql<number | null>`min(${pointLots.expiresAt})`,
    })
    .from(pointLots)
    .where(
      and(
        eq(pointLots.memberId, row.m.id),
        gt(pointLots.remaining, 0),
        gt(pointLots.expiresAt, now),
        lt(pointLots.expiresAt, soon),
      ),
    );
  return {
    member: row.m,
    homeStore: row.storeName ?? null,
    points: row.m.pointsBalance,
    expiringSoon: {
      points: Number(expiring?.points ?? 0),
      firstAt: expiring?.first ? new Date(Number(expiring.first)) : null,
    },
  };
}

export async function pointsHistory(
  deps: Pick<AppDeps, "db">,
  memberId: string,
  opts: { before?: string; limit: number },
) {
  // Cursor = the last entry's `createdAt|id`, so paging is stable while new entries arrive.
  const [at, id] = (opts.before ?? "").split("|");
  const rows = await deps.db
    .select()
    .from(pointEntries)
    .where(
      and(
        eq(pointEntries.memberId, memberId),
        opts.before
          ? sql`(${pointEntries.createdAt}, ${pointEntries.id}) < (${Number(at)}, ${id ?? ""})`
          : undefined,
      ),
    )
    .orderBy(desc(pointEntries.createdAt), desc(pointEntries.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  return {
    entries: page,
    nextCursor: rows.length > opts.limit && last ? `${last.createdAt.getTime()}|${last.id}` : null,
  };
}

export async function memberCoupons(
  deps: Pick<AppDeps, "db" | "clock">,
  memberId: string,
  status: "available" | "used" | "expired",
) {
  const now = deps.clock.now();
  const where =
    status === "available"
      ? and(eq(coupons.status, "issued"), gt(coupons.expiresAt, now))
      : status === "used"
        ? eq(coupons.status, "redeemed")
        : sql`(${coupons.status} IN ('expired', 'voided') OR (${coupons.status} = 'issued' AND ${coupons.expiresAt} <= ${now.getTime()}))`;
  // With the coupon's open gift link, if any: at most one (a partial unique index), not expired.
  return deps.db
    .select({ c: coupons, t: couponTemplates, giftExpiresAt: couponGifts.expiresAt })
    .from(coupons)
    .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
    .leftJoin(
      couponGifts,
      and(
        eq(couponGifts.couponId, coupons.id),
        eq(couponGifts.state, "pending"),
        eq(couponGifts.fromMemberId, memberId),
        gt(couponGifts.expiresAt, now),
      ),
    )
    .where(and(eq(coupons.memberId, memberId), where))
    .orderBy(asc(coupons.expiresAt));
}

/** The card in chat (Flex): tier, points and a button to the LIFF card; guests are invited to join. */
export function memberCardMessage(
  liffId: string,
  card: Awaited<ReturnType<typeof memberCard>>,
  brand: string,
): messagingApi.Message {
  const liff = `https://liff.line.me/${liffId}`;
  if (!card?.member.homeStoreId) {
    return {
      type: "flex",
      altText: `加入 ${brand} 會員 Join ${brand}`,
      contents: {
        type: "bubble",
        body: {
          type: "box",
          layout: "vertical",
          spacing: "sm",
          contents: [
            { type: "text", text: "還不是會員嗎？", weight: "bold", size: "lg" },
            {
              type: "text",
              text: "到任一門市掃描 QR Code，或點下方按鈕加入會員，消費累積點數、領取優惠券。",
              wrap: true,
              size: "sm",
            },
            {
              type: "text",
              text: "Not a member yet? Scan a store's QR code or tap below to join.",
              wrap: true,
              size: "xs",
              color: "#7B8794",
            },
          ],
        },
        footer: uriButtonFooter("加入會員 Join", `${liff}/member`),
      },
    };
  }
  const expiring =
    card.expiringSoon.points > 0 && card.expiringSoon.firstAt
      ? [
          {
            type: "text" as const,
            text: `${card.expiringSoon.points} 點將於 ${card.expiringSoon.firstAt.toISOString().slice(0, 10)} 前到期`,
            size: "xs" as const,
            color: "#D64541",
          },
        ]
      : [];
  return {
    type: "flex",
    altText: `會員卡：${card.points} 點 Member card: ${card.points} points`,
    contents: {
      type: "bubble",
      header: {
        type: "box",
        layout: "vertical",
        backgroundColor: "#1F2933",
        contents: [
          { type: "text", text: `${brand} 會員卡`, color: "#FFFFFF", weight: "bold" },
          {
            type: "text",
            text: card.member.memberCode.replace(/(\d{4})(?=\d)/g, "$1 "),
            color: "#CBD2D9",
            size: "sm",
          },
        ],
      },
      body: {
        type: "box",
        layout: "vertical",
        spacing: "sm",
        contents: [
          {
            type: "box",
            layout: "baseline",
            contents: [
              {
                type: "text",
                text: String(card.points),
                weight: "bold",
                size: "3xl",
                color: "#06C755",
                flex: 0,
              },
              { type: "text", text: " 點 points", size: "sm", color: "#52606D" },
            ],
          },
          ...expiring,
          {
            type: "text",
            text: `會員等級：${TIER_NAMES[card.member.tier].zh} ${TIER_NAMES[card.member.tier].en}`,
            size: "sm",
            color: "#52606D",
          },
          { type: "text", text: `會員門市：${card.homeStore ?? "—"}`, size: "sm", color: "#52606D" },
        ],
      },
      footer: {
        type: "box",
        layout: "vertical",
        contents: [
          {
            type: "button",
            style: "primary",
            color: "#06C755",
            action: { type: "uri", label: "出示會員條碼 Show card", uri: `${liff}/member` },
          },
        ],
      },
    },
  };
}
