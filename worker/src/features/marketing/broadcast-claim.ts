import { and, eq, sql } from "drizzle-orm";
import { broadcastChunks, broadcastMembers, broadcasts, outboxMessages } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { issueCoupon } from "../loyalty";
import { memberByLineUser } from "./broadcasts";

/**
 * A recipient claims the coupon of a broadcast that reached them (the card's button opens the LIFF
 * coupons page, which asks here): issued once per (broadcast, member) by loyalty's issueCoupon,
 * under the issue key `broadcast:<id>:<memberId>` (a unique index), so a second tap answers the
 * same coupon. The holdout, the capped, the excluded, members of a chunk cancelled unsent and
 * anyone else are refused: the broadcast was never sent to them.
 */
export async function claimBroadcastCoupon(deps: AppDeps, lineUserId: string, broadcastId: string) {
  const { db } = deps;
  const [b] = await db
    .select({ templateId: broadcasts.couponTemplateId })
    .from(broadcasts)
    .where(eq(broadcasts.id, broadcastId));
  if (!b) throw new AppError("NOT_FOUND", say("找不到此活動。", `No broadcast ${broadcastId}.`));
  if (!b.templateId)
    throw new AppError(
      "UNPROCESSABLE",
      say("此活動沒有可領取的優惠券。", "This broadcast has no coupon to claim."),
      { reason: "NO_COUPON" },
    );
  const member = await memberByLineUser(db, lineUserId);
  const [reached] = member
    ? await db
        .select({ n: sql<number>`1` })
        .from(broadcastMembers)
        .innerJoin(
          broadcastChunks,
          and(
            eq(broadcastChunks.broadcastId, broadcastMembers.broadcastId),
            eq(broadcastChunks.chunk, broadcastMembers.chunk),
          ),
        )
        .innerJoin(outboxMessages, eq(outboxMessages.id, broadcastChunks.outboxId))
        .where(
          and(
            eq(broadcastMembers.broadcastId, broadcastId),
            eq(broadcastMembers.memberId, member.id),
            eq(broadcastMembers.role, "recipient"),
            sql`${outboxMessages.state} <> 'cancelled'`,
          ),
        )
    : [];
  if (!member || !reached)
    throw new AppError(
      "UNPROCESSABLE",
      say(
        "此優惠券僅限收到這則活動訊息的會員領取。",
        "Only members this broadcast was sent to can claim its coupon.",
      ),
      { reason: "NOT_RECIPIENT" },
    );
  const { coupon, created } = await issueCoupon(deps, {
    templateId: b.templateId,
    memberId: member.id,
    issueKey: `broadcast:${broadcastId}:${member.id}`,
  });
  return {
    broadcastId,
    created,
    coupon: {
      code: coupon.code,
      templateId: coupon.templateId,
      status: coupon.status,
      expiresAt: coupon.expiresAt.toISOString(),
    },
  };
}
