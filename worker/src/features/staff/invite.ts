import { and, eq, isNull, sql } from "drizzle-orm";
import { errors, jwtVerify, SignJWT } from "jose";
import { staff, usedStaffInvites } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import type { LineIdentity } from "../../lib/id-token";
import { purposeKey } from "../../lib/keys";
import { ADMIN_ACTOR, auditEntry, auditEntryIf, staffActor } from "../audit";

const AUDIENCE = "omo-line:staff-invite";
export const INVITE_TTL_DAYS = 7;

/** A deactivated staff member is invited to nothing until reactivated. */
const inactive = () =>
  new AppError(
    "CONFLICT",
    say("此店員帳號已停用，請先重新啟用。", "This staff member is deactivated; reactivate them first."),
    { reason: "STAFF_INACTIVE" },
  );

/**
 * A one-time invite link for a staff record, opened in LINE (LIFF) by the person joining; audited
 * (`staff.invite`, with the invite's id and end).
 */
export async function createInvite(
  deps: AppDeps,
  staffId: string,
): Promise<{ url: string; token: string; expiresAt: Date }> {
  const [row] = await deps.db.select().from(staff).where(eq(staff.id, staffId));
  if (!row) throw new AppError("NOT_FOUND", say(`找不到店員 ${staffId}。`, `No staff ${staffId}.`));
  if (!row.active) throw inactive();
  if (row.lineUserId)
    throw new AppError(
      "CONFLICT",
      say("此店員資料已連結 LINE 帳號。", "This staff record is already linked to a LINE account."),
    );
  const now = deps.clock.now();
  const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + INVITE_TTL_DAYS * 86_400_000);
  const inviteId = deps.ids.id("inv");
  const token = await new SignJWT({ stf: staffId })
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(AUDIENCE)
    .setJti(inviteId)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(expiresAt)
    .sign(await purposeKey(deps.config, "staff-invite"));
  // Nothing else is written for an invite (the token is the invite), so the entry stands alone.
  await auditEntry(deps, {
    actor: ADMIN_ACTOR,
    action: "staff.invite",
    subject: { kind: "staff", id: staffId },
    storeId: row.storeId,
    after: { inviteId, expiresAt: expiresAt.toISOString() },
  });
  return {
    token,
    expiresAt,
    url: `https://liff.line.me/${deps.config.line.liffId}/staff/join?t=${encodeURIComponent(token)}`,
  };
}

/**
 * Links the caller's LINE user to the invited staff record. One batch: the invite id is recorded
 * (its primary key makes it one-time), the staff record takes the LINE user only if it has none,
 * is active and this call recorded the invite, and the audit entry (`staff.join`, by the staff
 * member) is written only if that link was made — a retried join writes no second entry.
 */
export async function acceptInvite(deps: AppDeps, user: LineIdentity, token: string) {
  let staffId: string;
  let inviteId: string;
  try {
    const { payload } = await jwtVerify(token, await purposeKey(deps.config, "staff-invite"), {
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: deps.clock.now(),
    });
    if (typeof payload.stf !== "string" || typeof payload.jti !== "string") throw new Error("claims");
    staffId = payload.stf;
    inviteId = payload.jti;
  } catch (err) {
    const expired = err instanceof errors.JWTExpired;
    throw new AppError(
      "BAD_REQUEST",
      expired
        ? say("邀請連結已過期，請向管理者索取新連結。", "This invite has expired; ask for a new one.")
        : say("邀請連結無效。", "This invite link is not valid."),
    );
  }
  const now = deps.clock.now();
  const { db } = deps;
  const [person] = await db.select().from(staff).where(eq(staff.id, staffId));
  if (person && !person.active) throw inactive();
  const recorded = sql`EXISTS (SELECT 1 FROM ${usedStaffInvites} WHERE ${usedStaffInvites.inviteId} = ${inviteId} AND ${usedStaffInvites.lineUserId} = ${user.userId})`;
  await batch(db, [
    db
      .insert(usedStaffInvites)
      .values({ inviteId, staffId, lineUserId: user.userId, usedAt: now })
      .onConflictDoNothing(),
    db
      .update(staff)
      .set({ lineUserId: user.userId })
      .where(
        and(
          eq(staff.id, staffId),
          isNull(staff.lineUserId),
          eq(staff.active, true),
          recorded,
          sql`NOT EXISTS (SELECT 1 FROM ${staff} s2 WHERE s2.line_user_id = ${user.userId})`,
        ),
      ),
    ...(person
      ? [
          auditEntryIf(
            deps,
            {
              actor: staffActor(person),
              action: "staff.join",
              subject: { kind: "staff", id: staffId },
              storeId: person.storeId,
              before: { linked: false },
              after: { linked: true, inviteId },
            },
            sql`changes() = 1`,
          ),
        ]
      : []),
  ]);
  const [row] = await db.select().from(staff).where(eq(staff.id, staffId));
  if (row?.lineUserId !== user.userId) {
    throw new AppError("CONFLICT", say("此邀請連結已被使用。", "This invite has already been used."));
  }
  return row;
}
