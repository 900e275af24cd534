import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { appSettings, couponTemplates } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { type BatchStatement, batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import { readAppSetting, writeAppSetting } from "../../lib/settings";
import { type Actor, auditEntry } from "../audit";

/**
 * The brand's loyalty settings, kept as app settings (one key each, as `welcome_coupon_template`
 * always was): which coupon template each event issues, the tier review day and how early points
 * expiry is announced.
 */
export const LOYALTY_SETTINGS = {
  welcomeCouponTemplate: "welcome_coupon_template",
  birthdayCouponTemplate: "birthday_coupon_template",
  goldCouponTemplate: "tier_up_coupon_template:gold",
  platinumCouponTemplate: "tier_up_coupon_template:platinum",
  /** `MM-DD` in the brand's time zone; tiers go down only on this day each year. */
  tierReviewDay: "tier_review_day",
  /** Days before a lot expires that its member is reminded. */
  expiryReminderDays: "points_expiry_reminder_days",
} as const;
export type LoyaltySettingName = keyof typeof LOYALTY_SETTINGS;

export const DEFAULT_TIER_REVIEW_DAY = "01-01";
export const DEFAULT_EXPIRY_REMINDER_DAYS = 30;

/** The app's settings store (lib/settings.ts), under the names loyalty has always used. */
export const readSetting = readAppSetting;
export const writeSetting = writeAppSetting;

export async function loyaltySettings(db: Db): Promise<Record<LoyaltySettingName, string | null>> {
  const rows = await db
    .select()
    .from(appSettings)
    .where(inArray(appSettings.key, Object.values(LOYALTY_SETTINGS)));
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  return Object.fromEntries(
    Object.entries(LOYALTY_SETTINGS).map(([name, key]) => [name, byKey.get(key) ?? null]),
  ) as Record<LoyaltySettingName, string | null>;
}

/** The statement that sets one app setting (null deletes it), for a batch. */
export function settingStatement(db: Db, key: string, value: string | null): BatchStatement {
  return value === null
    ? db.delete(appSettings).where(eq(appSettings.key, key))
    : db
        .insert(appSettings)
        .values({ key, value })
        .onConflictDoUpdate({ target: appSettings.key, set: { value } });
}

/**
 * Changes only the settings given (null clears one) in one batch with its audit entry (the
 * changed settings before → after; nothing changed, nothing written). A coupon template named
 * must exist: 404 with the field it was given in (`details.issues`), and nothing changes.
 */
export async function updateLoyaltySettings(
  deps: Pick<AppDeps, "db" | "ids" | "clock">,
  changes: Partial<Record<LoyaltySettingName, string | number | null | undefined>>,
  actor: Actor,
): Promise<Record<LoyaltySettingName, string | null>> {
  const { db } = deps;
  const given = Object.entries(changes).flatMap(([name, value]) =>
    value === undefined ? [] : [[name as LoyaltySettingName, value === null ? null : String(value)] as const],
  );
  for (const [name, value] of given) {
    if (!name.endsWith("CouponTemplate") || value === null) continue;
    const [tpl] = await db
      .select({ id: couponTemplates.id })
      .from(couponTemplates)
      .where(eq(couponTemplates.id, value));
    if (!tpl) {
      const text = say(`找不到優惠券範本 ${value}。`, `No coupon template ${value}.`);
      throw new AppError("NOT_FOUND", text, { issues: [{ path: name, message: text.en }] });
    }
  }
  const now = await loyaltySettings(db);
  const changed = given.filter(([name, value]) => now[name] !== value);
  if (changed.length === 0) return now;
  await batch(db, [
    ...changed.map(([name, value]) => settingStatement(db, LOYALTY_SETTINGS[name], value)),
    auditEntry(deps, {
      actor,
      action: "loyalty.settings",
      subject: { kind: "settings", id: "loyalty" },
      before: Object.fromEntries(changed.map(([name]) => [name, now[name]])),
      after: Object.fromEntries(changed),
    }),
  ]);
  return loyaltySettings(db);
}

const DONE = "~done";

/** A page size whose ids fit in one statement with room for the rest of its parameters. */
export const pageSize = (maxParams: number) => Math.max(10, Math.min(200, maxParams - 40));

/**
 * A sweep that pages through work once per period (a day, a review date), remembering where it
 * got to in an app setting (`sweep:<key>` = `<period>|<cursor>`), so the minute-by-minute sweep
 * does nothing once the period's work is done and resumes where a cut run stopped. A period
 * earlier than the one recorded is skipped (e.g. after the review day setting changed). With
 * `startDone`, the very first period seen is only recorded (a review the app was not there for
 * is not run late).
 */
export async function pagedSweep(
  db: Db,
  opts: {
    key: string;
    period: string;
    /** Ids per page; keep it under the database's bound-parameter limit (D1: 100) when pages feed `IN (…)`. */
    limit?: number;
    maxPages?: number;
    startDone?: boolean;
    page: (after: string, limit: number) => Promise<string[]>;
    each: (ids: string[]) => Promise<void>;
  },
): Promise<number> {
  const stateKey = `sweep:${opts.key}`;
  const limit = opts.limit ?? 200;
  const state = await readSetting(db, stateKey);
  if (state === null && opts.startDone) {
    await writeSetting(db, stateKey, `${opts.period}|${DONE}`);
    return 0;
  }
  const [period = "", cursor = ""] = (state ?? "").split("|");
  if (period > opts.period || (period === opts.period && cursor === DONE)) return 0;
  let after = period === opts.period ? cursor : "";
  let handled = 0;
  for (let page = 0; page < (opts.maxPages ?? 10); page++) {
    const ids = await opts.page(after, limit);
    await opts.each(ids);
    handled += ids.length;
    const last = ids.at(-1);
    const done = ids.length < limit || last === undefined;
    await writeSetting(db, stateKey, `${opts.period}|${done ? DONE : last}`);
    if (done) break;
    after = last;
  }
  return handled;
}
