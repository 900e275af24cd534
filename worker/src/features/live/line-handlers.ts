import { and, eq, inArray, isNull, lte } from "drizzle-orm";
import { liveBuyers, liveGroupNotices, liveSales, members } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import type { EventContext, LineFeature } from "../../line/dispatch";
import { queueMessages } from "../../line/outbox";
import { readerLangOf, readerLangsOf } from "../../line/reader";
import { type CommentResult, ingestComments } from "./ingest";
import { askText, cartMessage, groupLine, groupSummary, notRegisteredText } from "./messages";
import { buyerIdsOf, notifyPromoted } from "./orders";
import { parseComment } from "./parser";
import { openSaleForChat, type SaleRow, saleCatalogue } from "./sales";
import { commentsAfterCheckout, currentOrder, newCartNote } from "./second-order";
import { ordersWithLines, recentComments } from "./tally";

/** How long group confirmations gather before one reply answers them all. */
export const GROUP_BATCH_MS = 3_000;

/**
 * "+1" in LINE: while a sale is open, a text in the OA's 1:1 chat or in a group that reads as an
 * order (or an unclear order) is a comment of that sale, keyed by LINE's message id — a
 * redelivered webhook is a duplicate and orders nothing. Anything else falls through to keyword
 * replies. 1:1: answered at once with the reply token (free). Group: gathered for a few seconds
 * into one reply in the group that mentions each buyer.
 */
export const liveLine: LineFeature = {
  name: "live",
  order: 40,
  postbacks: { live_dm: optInToDm },
  events: {
    "message:text": async (ctx) => {
      const { deps, event, userId } = ctx;
      const source = event.source;
      if (!userId || !source || source.type === "room") return;
      const { message } = event.payload;
      const groupId = source.type === "group" ? source.groupId : undefined;
      const sale = await openSaleForChat(deps.db, groupId);
      if (!sale) return;
      const catalogue = await saleCatalogue(deps.db, sale);
      if (parseComment(message.text, catalogue.compiled).kind === "none") return;

      const report = await ingestComments(
        deps,
        sale,
        [
          {
            platform: "line",
            commentId: message.id,
            userId,
            userName: await displayName(deps, userId, groupId),
            text: message.text,
            postedAt: event.timestamp,
          },
        ],
        { origin: groupId ? "line_group" : "line_chat", chatId: ctx.chatId ?? null },
      );
      const result = report.results[0] as CommentResult;
      ctx.topic = `live:${sale.id}`;
      await notifyPromoted(deps, sale, report.promoted);
      if (result.outcome === "duplicate") return true;
      if (groupId) {
        await deps.db
          .insert(liveGroupNotices)
          .values({
            id: deps.ids.id("lgn"),
            saleId: sale.id,
            chatId: groupId,
            lineUserId: userId,
            commentRowId: result.commentRowId as string,
            replyToken: event.replyToken ?? null,
            replyTokenExpiresAt: event.replyToken
              ? new Date(event.timestamp.getTime() + deps.config.replyTokenTtlMs)
              : null,
            createdAt: deps.clock.now(),
          })
          .onConflictDoNothing();
        deps.background.wakeAt?.(new Date(deps.clock.now().getTime() + GROUP_BATCH_MS));
        return true;
      }
      // 1:1: the buyer's own chat, in their language.
      const lang = await readerLangOf(deps.db, userId);
      if (result.outcome === "ask") {
        ctx.reply({ type: "text", text: askText(result, sale.featuredCode, lang) });
        return true;
      }
      const orders = result.buyerId
        ? await ordersWithLines(deps.db, sale.id, { buyerIds: [result.buyerId] })
        : [];
      const order = orders.find((o) => o.id === result.orderId) ?? currentOrder(orders);
      if (result.outcome === "rejected" && !order?.lines.length) {
        ctx.reply({ type: "text", text: notRegisteredText(result, lang) });
        return true;
      }
      ctx.reply(cartMessage(deps, sale, order, result, lang));
      return true;
    },
  },
};

/**
 * 「私訊我購物車」: a buyer asks (from the group summary's quick reply) for their cart in a
 * private message. It is a push — counted — so it is sent only to those who asked, and only to
 * friends of the OA (LINE refuses pushes to others).
 */
async function optInToDm(ctx: EventContext<"postback">): Promise<true | undefined> {
  const { deps, event, userId } = ctx;
  if (!userId) return;
  const saleId = new URLSearchParams(event.payload.postback.data).get("sale") ?? "";
  const [sale] = await deps.db.select().from(liveSales).where(eq(liveSales.id, saleId));
  if (!sale) return;
  ctx.topic = `live:${sale.id}`;
  const now = deps.clock.now();
  await deps.db
    .insert(liveBuyers)
    .values({
      id: deps.ids.id("lby"),
      platform: "line",
      externalUserId: userId,
      displayName: await displayName(
        deps,
        userId,
        event.source?.type === "group" ? event.source.groupId : undefined,
      ),
      lineUserId: userId,
      dmOptIn: true,
      createdAt: now,
    })
    .onConflictDoUpdate({ target: [liveBuyers.platform, liveBuyers.externalUserId], set: { dmOptIn: true } });
  const [friend] = await deps.db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.lineUserId, userId), eq(members.friendship, "friend")));
  if (!friend) {
    ctx.reply({
      type: "text",
      text: "請先加入我們的官方帳號好友，才能私訊購物車給您喔！\nPlease add us as a friend first so we can message you your cart.",
    });
    return true;
  }
  const buyerIds = await buyerIdsOf(deps.db, userId);
  const order = currentOrder(await ordersWithLines(deps.db, sale.id, { buyerIds }));
  // The cart goes to the buyer's own chat, in their language; the group hears back in both.
  const lang = await readerLangOf(deps.db, userId);
  ctx.push(userId, cartMessage(deps, sale, order, { commentId: "", outcome: "ordered", items: [] }, lang));
  ctx.reply({ type: "text", text: "好的，已私訊購物車明細給您 📩\nSent you your cart privately." });
  return true;
}

/** The buyer's LINE name, looked up once (kept on the buyer row afterwards). */
async function displayName(deps: AppDeps, userId: string, groupId: string | undefined): Promise<string> {
  const [known] = await deps.db
    .select({ name: liveBuyers.displayName })
    .from(liveBuyers)
    .where(and(eq(liveBuyers.platform, "line"), eq(liveBuyers.externalUserId, userId)));
  if (known?.name) return known.name;
  const profile = await (groupId
    ? deps.line.getGroupMemberProfile(groupId, userId)
    : deps.line.getProfile(userId)
  ).catch(() => undefined);
  return profile?.displayName ?? "";
}

/**
 * Scheduled: every group whose oldest waiting confirmation is at least GROUP_BATCH_MS old gets
 * one reply (the freshest unused reply token) summarising them all. Notices are claimed with a
 * conditional update first, so two sweeps never send the same summary.
 */
export async function flushGroupNotices(deps: AppDeps): Promise<number> {
  const { db, clock } = deps;
  const now = clock.now();
  const due = await db
    .select({ chatId: liveGroupNotices.chatId, saleId: liveGroupNotices.saleId })
    .from(liveGroupNotices)
    .where(
      and(
        isNull(liveGroupNotices.flushedAt),
        lte(liveGroupNotices.createdAt, new Date(now.getTime() - GROUP_BATCH_MS)),
      ),
    )
    .groupBy(liveGroupNotices.chatId, liveGroupNotices.saleId);
  let sent = 0;
  for (const { chatId, saleId } of due) {
    const claimed = await db
      .update(liveGroupNotices)
      .set({ flushedAt: now })
      .where(
        and(
          eq(liveGroupNotices.chatId, chatId),
          eq(liveGroupNotices.saleId, saleId),
          isNull(liveGroupNotices.flushedAt),
        ),
      )
      .returning();
    if (claimed.length === 0) continue;
    const [sale] = await db.select().from(liveSales).where(eq(liveSales.id, saleId));
    if (!sale) continue;
    claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
    // Each buyer's line of the summary in their language (English readers in English, else zh-TW).
    const readers = await readerLangsOf(
      db,
      claimed.map((c) => c.lineUserId),
    );
    const english = new Set([...readers].flatMap(([id, lang]) => (lang === "en" ? [id] : [])));
    const lines = await noticeLines(
      deps,
      sale,
      claimed.map((c) => c.commentRowId),
      new Set(claimed.filter((c) => english.has(c.lineUserId)).map((c) => c.commentRowId)),
    );
    const entries = claimed.flatMap((c) => {
      const line = lines.get(c.commentRowId);
      return line ? [{ lineUserId: c.lineUserId, line }] : [];
    });
    if (entries.length === 0) continue;
    const fresh = claimed
      .filter((c) => c.replyToken && (c.replyTokenExpiresAt?.getTime() ?? 0) > now.getTime())
      .sort((a, b) => (b.replyTokenExpiresAt?.getTime() ?? 0) - (a.replyTokenExpiresAt?.getTime() ?? 0))[0];
    const optedIn = await deps.db
      .select({ id: liveBuyers.id, lineUserId: liveBuyers.lineUserId })
      .from(liveBuyers)
      .where(
        and(
          eq(liveBuyers.platform, "line"),
          eq(liveBuyers.dmOptIn, true),
          inArray(liveBuyers.externalUserId, [...new Set(entries.map((e) => e.lineUserId))]),
        ),
      );
    const privately = [];
    for (const b of optedIn) {
      const order = currentOrder(await ordersWithLines(db, sale.id, { buyerIds: [b.id] }));
      if (b.lineUserId && order) {
        privately.push({
          kind: "push" as const,
          to: b.lineUserId,
          messages: [
            cartMessage(
              deps,
              sale,
              order,
              { commentId: "", outcome: "ordered" as const, items: [] },
              readers.get(b.lineUserId) ?? null,
            ),
          ],
        });
      }
    }
    if (privately.length > 0) {
      await queueMessages(deps, privately, {
        topic: `live:${sale.id}:dm`,
        idBase: `obx_dm_${claimed[0]?.id}`,
      });
    }
    await queueMessages(
      deps,
      [
        {
          kind: "reply",
          chatId,
          replyToken: fresh?.replyToken ?? null,
          replyTokenExpiresAt: fresh?.replyTokenExpiresAt ?? null,
          messages: groupSummary(deps, sale, entries),
        },
      ],
      { topic: `live:${sale.id}:group`, idBase: `obx_${claimed[0]?.id}` },
    );
    sent += 1;
  }
  return sent;
}

async function noticeLines(
  deps: AppDeps,
  sale: SaleRow,
  rowIds: string[],
  inEnglish: Set<string>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const comments = await recentComments(deps.db, sale.id, { limit: 1000, ids: rowIds });
  const afterCheckout = await commentsAfterCheckout(deps.db, rowIds);
  for (const c of comments) {
    const taken = c.items.some((i) => i.decision === "reserved" || i.decision === "waitlisted");
    const note = taken && afterCheckout.has(c.rowId) ? ` ${newCartNote(inEnglish.has(c.rowId))}` : "";
    out.set(
      c.rowId,
      `${groupLine(
        {
          commentId: c.commentId,
          outcome: c.outcome as CommentResult["outcome"],
          reason: c.reason ?? undefined,
          items: c.items.map((i) => ({
            code: i.code,
            ...(i.variant ? { variant: i.variant } : {}),
            qty: i.qty,
            status:
              i.decision === "cancel" ? "cancelled" : (i.decision as "reserved" | "waitlisted" | "rejected"),
            ...(i.reason ? { reason: i.reason } : {}),
          })),
          ...(c.choices ? { choices: c.choices } : {}),
        },
        sale.featuredCode,
        inEnglish.has(c.rowId),
      )}${note}`,
    );
  }
  return out;
}
