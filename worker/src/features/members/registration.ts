import { z } from "@hono/zod-openapi";
import { eq, sql } from "drizzle-orm";
import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import { customerMerges, members, mergeAttempts, purchases } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError } from "../../lib/errors";
import type { LineIdentity } from "../../lib/id-token";
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
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "not a date")
      .optional(),
    email: z.string().trim().email().max(120).optional(),
    consent: z.object({ version: z.string().min(1).max(20), accepted: z.literal(true) }),
  })
  .openapi("Registration");

/**
 * Registers (or updates) the caller's profile. The phone is normalised to E.164 and stored on
 * this member only: a matching phone on another record never moves anyone's points (merging
 * needs proof from staff or the POS).
 */
export async function register(deps: AppDeps, user: LineIdentity, input: z.infer<typeof RegistrationInput>) {
  const phone = normalizePhone(input.phone);
  if (!phone)
    throw new AppError(
      "VALIDATION_FAILED",
      "請輸入有效的手機號碼，例如 0912-345-678。Please enter a valid phone number.",
      { field: "phone" },
    );
  if (input.consent.version !== CONSENT_VERSION) {
    throw new AppError(
      "CONFLICT",
      "The terms have changed; please read and agree to the current version. 條款已更新，請閱讀並同意最新版本。",
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
  await db.batch([
    db.update(purchases).set({ customerPhone: null }).where(sql`${purchases.memberId} = ${mine}`),
    db.update(customerMerges).set({ phone: null }).where(sql`${customerMerges.memberId} = ${mine}`),
    db.delete(mergeAttempts).where(sql`${mergeAttempts.memberId} = ${mine}`),
    db
      .update(members)
      .set({
        name: null,
        phone: null,
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
  ] as unknown as Parameters<AppDeps["db"]["batch"]>[0]);
}
