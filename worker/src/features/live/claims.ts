import { and, eq, isNull, or, sql } from "drizzle-orm";
import { errors, jwtVerify, SignJWT } from "jose";
import { liveBuyers, liveLines, liveOrders } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { purposeKey } from "../../lib/keys";
import { runBatch } from "../../lib/sql-batch";
import { attributeOrders } from "./statements";

const ISSUER = "omo-line";
const AUDIENCE = "omo-line:live-claim";
const TTL_DAYS = 14;

/**
 * A claim link for a buyer from another platform (Facebook, YouTube, …): a LIFF URL carrying a
 * signed token (buyer, sale, expiry). Opening it in LINE attaches that buyer's orders to the LINE
 * account that opened it — the first one only.
 */
export async function claimUrl(
  deps: Pick<AppDeps, "config" | "clock">,
  buyerId: string,
  saleId: string,
): Promise<{ url: string | null; token: string }> {
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const token = await new SignJWT({ sal: saleId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(buyerId)
    .setIssuedAt(now)
    .setExpirationTime(now + TTL_DAYS * 86_400)
    .sign(await purposeKey(deps.config, "live-claim"));
  const liffId = deps.config.line.liffId;
  return {
    url: liffId ? `https://liff.line.me/${liffId}/live/claim?t=${encodeURIComponent(token)}` : null,
    token,
  };
}

/** Attaches the token's buyer to this LINE user (idempotent for the same user). */
export async function claimBuyer(
  deps: AppDeps,
  lineUserId: string,
  token: string,
): Promise<{ saleId: string; orderId: string | null }> {
  let buyerId: string;
  let saleId: string;
  try {
    const { payload } = await jwtVerify(token, await purposeKey(deps.config, "live-claim"), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: deps.clock.now(),
    });
    if (typeof payload.sub !== "string" || typeof payload.sal !== "string") {
      throw new errors.JWTClaimValidationFailed("missing claims", payload);
    }
    buyerId = payload.sub;
    saleId = payload.sal;
  } catch (err) {
    if (err instanceof errors.JWTExpired) {
      throw new AppError(
        "CLAIM_EXPIRED",
        say("此連結已過期，請向賣家索取新連結。", "This link has expired; ask the seller for a new one."),
        undefined,
        400,
      );
    }
    throw new AppError("CLAIM_INVALID", say("此連結無效。", "This link is not valid."), undefined, 400);
  }
  const [claimed] = await deps.db
    .update(liveBuyers)
    .set({ lineUserId })
    .where(
      and(
        eq(liveBuyers.id, buyerId),
        or(isNull(liveBuyers.lineUserId), eq(liveBuyers.lineUserId, lineUserId)),
      ),
    )
    .returning({ id: liveBuyers.id });
  if (!claimed) {
    throw new AppError(
      "CONFLICT",
      say("這些訂單已由其他 LINE 帳號認領。", "These orders were already claimed by another LINE account."),
    );
  }
  await runBatch(deps, [attributeOrders(deps.db, saleId)]);
  const [order] = await deps.db
    .select({ id: liveOrders.id })
    .from(liveOrders)
    .where(and(eq(liveOrders.saleId, saleId), eq(liveOrders.buyerId, buyerId)));
  const merged = order ? await mergeIntoLineCart(deps, saleId, lineUserId, order.id) : null;
  deps.log.info("live buyer claimed", { saleId, buyerId });
  return { saleId, orderId: merged ?? order?.id ?? null };
}

/**
 * One person, one cart: when the claimer already has an open cart in this sale as a LINE buyer,
 * the claimed cart's lines move into it and the claimed cart is closed — in one batch, only while
 * both carts are still open (stock counters do not change: the lines keep their status).
 */
async function mergeIntoLineCart(
  deps: AppDeps,
  saleId: string,
  lineUserId: string,
  claimedOrderId: string,
): Promise<string | null> {
  const [own] = await deps.db
    .select({ id: liveOrders.id })
    .from(liveOrders)
    .innerJoin(liveBuyers, eq(liveBuyers.id, liveOrders.buyerId))
    .where(
      and(
        eq(liveOrders.saleId, saleId),
        eq(liveBuyers.platform, "line"),
        eq(liveBuyers.externalUserId, lineUserId),
        eq(liveOrders.status, "cart"),
      ),
    );
  if (!own || own.id === claimedOrderId) return null;
  const bothOpen = sql`(SELECT count(*) FROM ${liveOrders} WHERE ${liveOrders.id} IN (${own.id}, ${claimedOrderId}) AND ${liveOrders.status} = 'cart') = 2`;
  await runBatch(deps, [
    deps.db
      .update(liveLines)
      .set({ orderId: own.id })
      .where(and(eq(liveLines.orderId, claimedOrderId), bothOpen)),
    deps.db
      .update(liveOrders)
      .set({ status: "cancelled", closedAt: deps.clock.now() })
      .where(
        and(
          eq(liveOrders.id, claimedOrderId),
          eq(liveOrders.status, "cart"),
          sql`NOT EXISTS (SELECT 1 FROM ${liveLines} WHERE ${liveLines.orderId} = ${claimedOrderId})`,
        ),
      ),
  ]);
  return own.id;
}

/**
 * Claim links for buyers of other platforms, one per known buyer (unknown buyers and LINE buyers
 * are left out), with whether the buyer was already claimed.
 */
export async function claimLinks(
  deps: AppDeps,
  saleId: string,
  buyers: Array<{ platform: string; userId: string }>,
): Promise<Array<{ platform: string; userId: string; url: string | null; claimed: boolean }>> {
  const links = [];
  for (const b of buyers) {
    if (b.platform === "line") continue;
    const [buyer] = await deps.db
      .select({ id: liveBuyers.id, lineUserId: liveBuyers.lineUserId })
      .from(liveBuyers)
      .where(and(eq(liveBuyers.platform, b.platform), eq(liveBuyers.externalUserId, b.userId)));
    if (!buyer) continue;
    const { url } = await claimUrl(deps, buyer.id, saleId);
    links.push({ platform: b.platform, userId: b.userId, url, claimed: buyer.lineUserId !== null });
  }
  return links;
}
