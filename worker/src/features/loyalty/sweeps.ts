import type { messagingApi } from "@line/bot-sdk";
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { coupons, couponTemplates, members, pointLots } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { say } from "../../lib/errors";
import { errorMessage } from "../../lib/log";
import { type ReaderLang, readerLang, told } from "../../lib/reader-lang";
import { queueMessages } from "../../line/outbox";
import { issueCoupon } from "./coupons";
import { localDate, localDay } from "./dates";
import {
  DEFAULT_EXPIRY_REMINDER_DAYS,
  LOYALTY_SETTINGS,
  pagedSweep,
  pageSize,
  readSetting,
} from "./settings";

/** Who may get marketing pushes: registered, consented, not withdrawn, not deleted, a friend. */
export const marketingOk = and(
  eq(members.status, "member"),
  isNotNull(members.consentAt),
  isNull(members.marketingOptOutAt),
  isNull(members.deletedAt),
  eq(members.friendship, "friend"),
);

/**
 * 點數到期提醒: once a day, members with marketing consent whose points expire within the reminder
 * window (app setting `points_expiry_reminder_days`, default 30) get one push per expiry date,
 * in their language (both, zh-TW first, when it is unknown). The outbox id is derived from (member, expiry), so a re-run or a lot added
 * later with the same expiry queues nothing new; lots are marked reminded after queueing.
 */
export async function sendExpiryReminders(deps: AppDeps): Promise<number> {
  const { db, config } = deps;
  const now = deps.clock.now();
  const days = Number((await readSetting(db, LOYALTY_SETTINGS.expiryReminderDays)) ?? "");
  const windowDays = Number.isInteger(days) && days > 0 ? days : DEFAULT_EXPIRY_REMINDER_DAYS;
  const until = new Date(now.getTime() + windowDays * 86_400_000);
  const due = and(
    gt(pointLots.remaining, 0),
    gt(pointLots.expiresAt, now),
    lte(pointLots.expiresAt, until),
    isNull(pointLots.remindedAt),
  );
  let sent = 0;
  await pagedSweep(db, {
    key: "points-expiry-reminders",
    period: localDay(now, config.brand.timeZone),
    limit: pageSize(deps.dbLimits.maxParams),
    page: async (after, limit) =>
      (
        await db
          .selectDistinct({ id: members.id })
          .from(pointLots)
          .innerJoin(members, eq(members.id, pointLots.memberId))
          .where(and(due, marketingOk, gt(members.id, after)))
          .orderBy(asc(members.id))
          .limit(limit)
      ).map((r) => r.id),
    each: async (memberIds) => {
      if (memberIds.length === 0) return;
      const lots = await db
        .select({ lot: pointLots, userId: members.lineUserId, language: members.language })
        .from(pointLots)
        .innerJoin(members, eq(members.id, pointLots.memberId))
        .where(and(due, inArray(pointLots.memberId, memberIds)));
      const groups = new Map<string, typeof lots>();
      for (const row of lots) {
        const k = `${row.lot.memberId}_${row.lot.expiresAt.getTime()}`;
        groups.set(k, [...(groups.get(k) ?? []), row]);
      }
      for (const [k, rows] of groups) {
        const first = rows[0];
        if (!first) continue;
        const points = rows.reduce((n, r) => n + r.lot.remaining, 0);
        const on = localDay(first.lot.expiresAt, config.brand.timeZone);
        const ids = await queueMessages(
          deps,
          [
            {
              kind: "push",
              to: first.userId,
              messages: [expiryMessage(config.line.liffId, points, on, readerLang(first.language))],
            },
          ],
          { topic: "loyalty:expiry", idBase: `exprem_${k}` },
        );
        sent += ids.length;
        await db
          .update(pointLots)
          .set({ remindedAt: now })
          .where(
            inArray(
              pointLots.id,
              rows.map((r) => r.lot.id),
            ),
          );
      }
    },
  });
  return sent;
}

export function expiryMessage(
  liffId: string,
  points: number,
  on: string,
  lang: ReaderLang,
): messagingApi.Message {
  const words = say(
    `點數到期提醒：您有 ${points} 點將於 ${on} 到期，記得在到期前使用喔！`,
    `Reminder: ${points} points expire on ${on}. Use them before then!`,
  );
  return { type: "text", text: `⏰ ${told(lang, words)}\nhttps://liff.line.me/${liffId}/member` };
}

/**
 * 生日禮: once a day, registered members whose birthday month it is (brand time zone) get the
 * birthday coupon (app setting `birthday_coupon_template`) once per year — issue key
 * `birthday:<year>:<member>` — and, with marketing consent, a greeting. The template's
 * per-member limit must allow one a year (the demo's does).
 */
export async function issueBirthdayCoupons(deps: AppDeps): Promise<number> {
  const { db, config } = deps;
  const templateId = await readSetting(db, LOYALTY_SETTINGS.birthdayCouponTemplate);
  if (!templateId) return 0;
  const now = deps.clock.now();
  const { year, month } = localDate(now, config.brand.timeZone);
  const mm = String(month).padStart(2, "0");
  const key = (memberId: unknown) => sql`${`birthday:${year}:`} || ${memberId}`;
  let issued = 0;
  await pagedSweep(db, {
    key: "birthday-coupons",
    period: localDay(now, config.brand.timeZone),
    page: async (after, limit) =>
      (
        await db
          .select({ id: members.id })
          .from(members)
          .where(
            and(
              gt(members.id, after),
              eq(members.status, "member"),
              isNull(members.deletedAt),
              sql`substr(${members.birthday}, 6, 2) = ${mm}`,
              sql`NOT EXISTS (SELECT 1 FROM ${coupons} WHERE ${coupons.issueKey} = ${key(members.id)})`,
            ),
          )
          .orderBy(asc(members.id))
          .limit(limit)
      ).map((r) => r.id),
    each: async (ids) => {
      for (const memberId of ids) {
        try {
          const { created } = await issueCoupon(deps, {
            templateId,
            memberId,
            issueKey: `birthday:${year}:${memberId}`,
          });
          if (!created) continue;
          issued++;
          await greet(deps, memberId, templateId, year);
        } catch (err) {
          deps.log.warn("birthday coupon not issued", { memberId, error: errorMessage(err) });
        }
      }
    },
  });
  return issued;
}

async function greet(deps: AppDeps, memberId: string, templateId: string, year: number) {
  const [row] = await deps.db
    .select({ userId: members.lineUserId, language: members.language, name: couponTemplates.name })
    .from(members)
    .innerJoin(couponTemplates, eq(couponTemplates.id, templateId))
    .where(and(eq(members.id, memberId), marketingOk));
  if (!row) return;
  await queueMessages(
    deps,
    [
      {
        kind: "push",
        to: row.userId,
        messages: [
          {
            type: "text",
            text: `🎂 ${told(
              readerLang(row.language),
              say(
                `生日快樂！送您「${row.name}」，到「優惠券」查看。`,
                `Happy birthday! A gift is waiting in your coupons: "${row.name}".`,
              ),
            )}\nhttps://liff.line.me/${deps.config.line.liffId}/coupons`,
          },
        ],
      },
    ],
    { topic: "loyalty:birthday", idBase: `bday_${year}_${memberId}` },
  );
}
