import { and, eq, isNull, sql } from "drizzle-orm";
import { errors, jwtVerify, SignJWT } from "jose";
import { staff, usedStaffInvites } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import type { LineIdentity } from "../../lib/id-token";
import { purposeKey } from "../../lib/keys";

const AUDIENCE = "omo-line:staff-invite";
export const INVITE_TTL_DAYS = 7;

/** A one-time invite link for a staff record, opened in LINE (LIFF) by the person joining. */
export async function createInvite(
  deps: AppDeps,
  staffId: string,
): Promise<{ url: string; token: string; expiresAt: Date }> {
  const [row] = await deps.db.select().from(staff).where(eq(staff.id, staffId));
  if (!row) throw new AppError("NOT_FOUND", say(`找不到店員 ${staffId}。`, `No staff ${staffId}.`));
  if (row.lineUserId)
    throw new AppError(
      "CONFLICT",
      say("此店員資料已連結 LINE 帳號。", "This staff record is already linked to a LINE account."),
    );
  const now = deps.clock.now();
  const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + INVITE_TTL_DAYS * 86_400_000);
  const token = await new SignJWT({ stf: staffId })
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(AUDIENCE)
    .setJti(deps.ids.id("inv"))
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(expiresAt)
    .sign(await purposeKey(deps.config, "staff-invite"));
  return {
    token,
    expiresAt,
    url: `https://liff.line.me/${deps.config.line.liffId}/staff/join?t=${encodeURIComponent(token)}`,
  };
}

/**
 * Links the caller's LINE user to the invited staff record. One batch: the invite id is recorded
 * (its primary key makes it one-time), and the staff record takes the LINE user only if it has
 * none and this call recorded the invite.
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
          recorded,
          sql`NOT EXISTS (SELECT 1 FROM ${staff} s2 WHERE s2.line_user_id = ${user.userId})`,
        ),
      ),
  ]);
  const [row] = await db.select().from(staff).where(eq(staff.id, staffId));
  if (row?.lineUserId !== user.userId) {
    throw new AppError("CONFLICT", say("此邀請連結已被使用。", "This invite has already been used."));
  }
  return row;
}
