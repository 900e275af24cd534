import { inArray } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { appSettings } from "../../../../db/schema";
import { readAppSetting, writeAppSetting } from "../../lib/settings";
import { requireTemplate } from "./coupon-admin";

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

/**
 * Changes only the settings given (null clears one). A coupon template named must exist (404),
 * checked as each is written, in the order given.
 */
export async function updateLoyaltySettings(
  db: Db,
  changes: Partial<Record<LoyaltySettingName, string | number | null | undefined>>,
): Promise<Record<LoyaltySettingName, string | null>> {
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (name.endsWith("CouponTemplate") && typeof value === "string") await requireTemplate(db, value);
    await writeSetting(
      db,
      LOYALTY_SETTINGS[name as LoyaltySettingName],
      value === null ? null : String(value),
    );
  }
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
