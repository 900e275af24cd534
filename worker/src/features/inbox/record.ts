import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { conversationMessages, conversations } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import type { BatchStatement } from "../../lib/batch";
import type { EventObserver, LineFeature } from "../../line/dispatch";
import { readerLangOf } from "../../line/reader";
import type { LineMessage } from "../../ports/line";
import { awayMessageFor, closedSince, getInboxSettings, withinWindows } from "./settings";

/** A readable line for any LINE message (the inbox list and the prompt use it). */
export function messageText(m: Record<string, unknown>): string {
  switch (m.type) {
    case "text":
    case "textV2":
      return String(m.text ?? "");
    case "sticker":
      return "[貼圖 sticker]";
    case "image":
      return "[圖片 image]";
    case "video":
      return "[影片 video]";
    case "audio":
      return "[語音 audio]";
    case "file":
      return `[檔案 file] ${String(m.fileName ?? "")}`.trim();
    case "location":
      return `[位置 location] ${String(m.title ?? "")} ${String(m.address ?? "")}`.trim();
    case "flex":
    case "template":
    case "imagemap":
      return String(m.altText ?? `[${String(m.type)}]`);
    default:
      return `[${String(m.type ?? "message")}]`;
  }
}

/**
 * One message of the conversation with this LINE user, as INSERT … SELECT (the conversation's id
 * is looked up in the same statement, so it works in the batch that creates the conversation);
 * a message id already there is skipped.
 */
function messageInsert(
  deps: Pick<AppDeps, "db">,
  lineUserId: string,
  m: {
    id: string;
    direction: "in" | "out";
    sender: string;
    message: Record<string, unknown>;
    suggestState: "none" | "pending";
    replyToken: string | null;
    replyTokenExpiresAt: number | null;
    at: number;
  },
) {
  const { db } = deps;
  return db
    .insert(conversationMessages)
    .select(
      db
        .select({
          id: sql`${m.id}`.as("id"),
          conversationId: sql`${conversationOf(lineUserId)}`.as("conversation_id"),
          direction: sql`${m.direction}`.as("direction"),
          sender: sql`${m.sender}`.as("sender"),
          type: sql`${String(m.message.type ?? "message")}`.as("type"),
          text: sql`${messageText(m.message)}`.as("text"),
          payload: sql`${JSON.stringify(m.message)}`.as("payload"),
          suggestState: sql`${m.suggestState}`.as("suggest_state"),
          replyToken: sql`${m.replyToken}`.as("reply_token"),
          replyTokenExpiresAt: sql`${m.replyTokenExpiresAt}`.as("reply_token_expires_at"),
          suggestionId: sql`NULL`.as("suggestion_id"),
          responseMs: sql`NULL`.as("response_ms"),
          createdAt: sql`${m.at}`.as("created_at"),
        })
        .from(sql`(SELECT 1)`)
        // INSERT … SELECT … ON CONFLICT needs a WHERE (SQLite would read ON as a join).
        .where(sql`true`),
    )
    .onConflictDoNothing();
}

/** Features whose answer means "nobody really answered": the conversation waits for an agent. */
const NOT_AN_ANSWER = new Set(["acknowledge", "inbox"]);

const conversationOf = (lineUserId: string) =>
  sql`(SELECT ${conversations.id} FROM ${conversations} WHERE ${conversations.lineUserId} = ${lineUserId})`;

/**
 * Records every 1:1 message event in the inbox, in the same batch as its replies: the
 * conversation (created on the first message), the user's message (keyed by the webhook event:
 * a redelivery adds nothing) and what the bot answered (keyed by the outbox rows). A message that
 * only got the polite acknowledgement (or the away message) makes the conversation wait for an
 * agent, and its suggestions are prepared in the background.
 */
export const recordConversation: EventObserver = async (deps, seen) => {
  const { event, userId } = seen;
  if (event.type !== "message" || event.source?.type !== "user" || !userId) return { statements: [] };
  const { db, clock, ids } = deps;
  const now = clock.now();
  const message = (event.payload.message ?? {}) as Record<string, unknown>;
  const waiting = seen.result === "unhandled" || NOT_AN_ANSWER.has(seen.topic);
  const suggest = waiting && message.type === "text";
  const unusedToken = !seen.planned.some((r) => r.kind === "reply");
  const statements: BatchStatement[] = [
    db
      .insert(conversations)
      .values({
        id: ids.id("cnv"),
        lineUserId: userId,
        status: waiting ? "waiting" : "open",
        waitingSince: waiting ? event.timestamp : null,
        lastMessageAt: event.timestamp,
        lastInboundAt: event.timestamp,
        createdAt: now,
      })
      .onConflictDoUpdate({
        target: conversations.lineUserId,
        set: {
          status: waiting
            ? sql`'waiting'`
            : sql`CASE WHEN ${conversations.status} = 'closed' THEN 'open' ELSE ${conversations.status} END`,
          waitingSince: waiting
            ? sql`coalesce(${conversations.waitingSince}, ${event.timestamp.getTime()})`
            : sql`${conversations.waitingSince}`,
          lastMessageAt: sql`max(${conversations.lastMessageAt}, ${event.timestamp.getTime()})`,
          lastInboundAt: sql`max(coalesce(${conversations.lastInboundAt}, 0), ${event.timestamp.getTime()})`,
        },
      }),
    messageInsert(deps, userId, {
      id: `msg_${event.id}`,
      direction: "in",
      sender: "user",
      message,
      suggestState: suggest ? "pending" : "none",
      // Kept for an agent's free reply only when nothing used it.
      replyToken: unusedToken ? (event.replyToken ?? null) : null,
      replyTokenExpiresAt: unusedToken ? (seen.replyTokenExpiresAt?.getTime() ?? null) : null,
      at: event.timestamp.getTime(),
    }),
  ];
  for (const row of seen.planned) {
    if (row.recipients.length !== 1 || row.recipients[0] !== userId) continue;
    const messages = row.messages;
    messages.forEach((m, k) => {
      statements.push(
        messageInsert(deps, userId, {
          id: `msg_${row.id}_${k}`,
          direction: "out",
          sender: row.topic ?? "general",
          message: m,
          suggestState: "none",
          replyToken: null,
          replyTokenExpiresAt: null,
          at: event.timestamp.getTime(),
        }),
      );
    });
  }
  return { statements, wake: suggest };
};

/**
 * 非營業時間自動回覆: outside business hours, a 1:1 message nothing else answered gets the away
 * message — once per conversation per closed period (a conditional update claims it), so a
 * shopper who writes five times at night hears it once.
 */
async function awayReply(deps: AppDeps, userId: string): Promise<LineMessage | undefined> {
  const settings = await getInboxSettings(deps);
  if (!settings.awayMessage) return undefined;
  const now = deps.clock.now();
  const zone = deps.config.brand.timeZone;
  if (withinWindows(settings.businessHours, now, zone)) return undefined;
  const away = awayMessageFor(settings, await readerLangOf(deps.db, userId));
  if (!away) return undefined;
  const since = closedSince(settings.businessHours, now, zone);
  await deps.db
    .insert(conversations)
    .values({
      id: deps.ids.id("cnv"),
      lineUserId: userId,
      status: "open",
      lastMessageAt: now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: conversations.lineUserId });
  const claimed = await deps.db
    .update(conversations)
    .set({ awaySentAt: now })
    .where(
      and(
        eq(conversations.lineUserId, userId),
        or(isNull(conversations.awaySentAt), lt(conversations.awaySentAt, since)),
      ),
    )
    .returning({ id: conversations.id });
  return claimed.length > 0 ? { type: "text", text: away } : undefined;
}

export const inboxLine: LineFeature = {
  name: "inbox",
  // After every feature that answers, before the acknowledgement.
  order: 900,
  observe: recordConversation,
  events: {
    "message:*": async ({ deps, event, userId, reply, outgoing }) => {
      if (event.source?.type !== "user" || !userId || outgoing.length > 0) return;
      const away = await awayReply(deps, userId);
      if (!away) return;
      reply(away);
      return true;
    },
  },
};
