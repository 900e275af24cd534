import { z } from "@hono/zod-openapi";
import { eq, sql } from "drizzle-orm";
import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import { customerMerges, members, mergeAttempts, purchases } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import type { LineIdentity } from "../../lib/id-token";
import { localDay } from "../loyalty";
import { recordLiffVisit } from "./service";

/** The consent text's version; a new version asks members to agree again. */
export const CONSENT_VERSION = "2026-11";

/** E.164, Taiwan when no country code is given: `0912-345-678` → `+886912345678`. */
export function normalizePhone(input: string, defaultCountry: "TW" = "TW"): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}

export const RegistrationInput = z
  .object({
    name: z.string().trim().min(1).max(40),
    phone: z.string().trim().min(6).max(30),
    birthday: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")
      .refine(isCalendarDate, "not a date")
      .optional(),
    email: z.string().trim().email().max(120).optional(),
    consent: z.object({ version: z.string().min(1).max(20), accepted: z.literal(true) }),
  })
  .openapi("Registration");

/** A real day (`2026-02-31` is not, though `Date.parse` would roll it into March). */
function isCalendarDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}

/** The earliest birthday taken: anything before is a typing slip, not a member. */
export const OLDEST_BIRTHDAY = "1900-01-01";

/** A birthday must be a day that has come (brand time zone) and not before 1900; else why not, or null. */
export function birthdayProblem(
  birthday: string,
  today: string,
): "BIRTHDAY_IN_FUTURE" | "BIRTHDAY_TOO_OLD" | null {
  if (birthday > today) return "BIRTHDAY_IN_FUTURE";
  if (birthday < OLDEST_BIRTHDAY) return "BIRTHDAY_TOO_OLD";
  return null;
}

/**
 * Registers (or updates) the caller's profile. The phone is normalised to E.164 and stored on
 * this member only, unverified (a changed number loses its verification): a matching phone on
 * another record never moves anyone's points (merging needs a phone verified by SMS, or the
 * POS's code).
 */
export async function register(deps: AppDeps, user: LineIdentity, input: z.infer<typeof RegistrationInput>) {
  const phone = normalizePhone(input.phone);
  if (!phone)
    throw new AppError(
      "VALIDATION_FAILED",
      say("請輸入有效的手機號碼，例如 0912-345-678。", "Please enter a valid phone number."),
      { field: "phone" },
    );
  const problem = input.birthday
    ? birthdayProblem(input.birthday, localDay(deps.clock.now(), deps.config.brand.timeZone))
    : null;
  if (problem)
    throw new AppError(
      "VALIDATION_FAILED",
      problem === "BIRTHDAY_IN_FUTURE"
        ? say("生日不能是未來的日期。", "A birthday cannot be in the future.")
        : say("請確認生日的年份（1900 年以後）。", "Please check the year of your birthday (1900 or later)."),
      { field: "birthday", reason: problem },
    );
  if (input.consent.version !== CONSENT_VERSION) {
    throw new AppError(
      "CONFLICT",
      say(
        "條款已更新，請閱讀並同意最新版本。",
        "The terms have changed; please read and agree to the current version.",
      ),
      {
        currentVersion: CONSENT_VERSION,
      },
    );
  }
  const member = await recordLiffVisit(deps, user);
  const now = deps.clock.now();
  const [row] = await deps.db
    .update(members)
    .set({
      name: input.name,
      phone,
      // Another number is unproven until its own SMS code comes back (SET reads the old row).
      phoneVerifiedAt: sql`CASE WHEN ${members.phone} = ${phone} THEN ${members.phoneVerifiedAt} ELSE NULL END`,
      birthday: input.birthday ?? null,
      email: input.email ?? null,
      consentVersion: input.consent.version,
      consentAt: now,
      marketingOptOutAt: null,
      status: "member",
      registeredAt: sql`coalesce(${members.registeredAt}, ${now.getTime()})`,
      deletedAt: null,
      updatedAt: now,
    })
    .where(eq(members.id, member.id))
    .returning();
  if (!row) throw new Error("member vanished");
  return row;
}

/** Withdraws consent to marketing: no more marketing pushes; the membership stays. */
export async function withdrawConsent(deps: AppDeps, user: LineIdentity) {
  const now = deps.clock.now();
  await deps.db
    .update(members)
    .set({ marketingOptOutAt: now, updatedAt: now })
    .where(eq(members.lineUserId, user.userId));
}

/**
 * "Delete my data": clears the personal fields (name, phone, birthday, email, LINE profile). What
 * the law requires is kept — purchases and the points ledger — attached to an anonymous record;
 * the phone on purchases merged from an offline customer, and on their merges, goes too.
 */
export async function deleteMyData(deps: AppDeps, user: LineIdentity) {
  const now = deps.clock.now();
  const { db } = deps;
  const mine = sql`(SELECT ${members.id} FROM ${members} WHERE ${members.lineUserId} = ${user.userId})`;
  await batch(db, [
    db.update(purchases).set({ customerPhone: null }).where(sql`${purchases.memberId} = ${mine}`),
    db.update(customerMerges).set({ phone: null }).where(sql`${customerMerges.memberId} = ${mine}`),
    db.delete(mergeAttempts).where(sql`${mergeAttempts.memberId} = ${mine}`),
    db
      .update(members)
      .set({
        name: null,
        phone: null,
        phoneVerifiedAt: null,
        birthday: null,
        email: null,
        displayName: null,
        pictureUrl: null,
        language: null,
        consentVersion: null,
        consentAt: null,
        marketingOptOutAt: now,
        status: "guest",
        deletedAt: now,
        // The LINE user id is personal data too; a fresh record is made if they come back.
        lineUserId: sql`'deleted:' || ${members.id}`,
        updatedAt: now,
      })
      .where(eq(members.lineUserId, user.userId)),
  ]);
}
