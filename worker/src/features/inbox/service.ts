import { and, desc, eq, gt, isNotNull, ne, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { conversationMessages, conversations, suggestions } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import { queueMessages } from "../../line/outbox";
import { learningStatements } from "./learning";

export type ConversationRow = typeof conversations.$inferSelect;

/** The reject reason that marks a suggestion left unused (the agent wrote their own reply). */
const IGNORED = "ignored:";

/** Levenshtein distance in code points: how much an agent changed a suggestion. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[y.length] ?? 0;
}

/** The customer's message a reply answers: its suggestion's message, else the latest one in. */
async function answeredMessage(
  db: Db,
  conversationId: string,
  messageId: string | undefined,
): Promise<{ id: string; text: string } | null> {
  const [m] = await db
    .select({ id: conversationMessages.id, text: conversationMessages.text, type: conversationMessages.type })
    .from(conversationMessages)
    .where(
      messageId
        ? eq(conversationMessages.id, messageId)
        : and(
            eq(conversationMessages.conversationId, conversationId),
            eq(conversationMessages.direction, "in"),
          ),
    )
    .orderBy(desc(conversationMessages.createdAt))
    .limit(1);
  return m && m.type === "text" ? { id: m.id, text: m.text } : null;
}

export async function requireConversation(db: Db, id: string): Promise<ConversationRow> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
  if (!row) throw new AppError("NOT_FOUND", say("找不到此對話。", "No such conversation."));
  return row;
}

/**
 * An agent's reply — the only way a suggestion reaches a customer. With a suggestion id, the
 * suggestion is decided first by one conditional update (accepted when sent as is, edited
 * otherwise, with the edit distance); a suggestion already decided refuses the send. The reply
 * uses the customer's latest reply token if it is still fresh and unused (free), else a push.
 * Other pending suggestions of the conversation are closed as ignored.
 */
export async function agentReply(
  deps: AppDeps,
  conv: ConversationRow,
  input: { text: string; suggestionId?: string | undefined },
  agent: string,
): Promise<{ messageId: string; delivery: "reply" | "push"; suggestion: string | null }> {
  const { db, clock } = deps;
  const now = clock.now();
  const text = input.text.trim();
  let decided: string | null = null;
  let from: { id: string; sourceRef: string | null; messageId: string } | null = null;
  if (input.suggestionId) {
    const [s] = await db.select().from(suggestions).where(eq(suggestions.id, input.suggestionId));
    if (!s || s.conversationId !== conv.id) {
      throw new AppError(
        "NOT_FOUND",
        say("此對話沒有這則建議。", "No such suggestion in this conversation."),
      );
    }
    const [row] = await db
      .update(suggestions)
      .set({
        status: s.text === text ? "accepted" : "edited",
        finalText: text,
        editDistance: editDistance(s.text, text),
        decidedBy: agent,
        decidedAt: now,
      })
      .where(and(eq(suggestions.id, s.id), eq(suggestions.status, "pending")))
      .returning({ id: suggestions.id });
    if (!row) {
      throw new AppError(
        "CONFLICT",
        say("此建議已使用或已關閉。", "This suggestion was already used or closed."),
        {
          status: s.status,
        },
      );
    }
    decided = row.id;
    from = { id: s.id, sourceRef: s.sourceRef, messageId: s.messageId };
  }
  // A fresh, unused reply token of the customer's latest message, claimed so only one reply uses it.
  const [fresh] = await db
    .select({
      id: conversationMessages.id,
      token: conversationMessages.replyToken,
      expiresAt: conversationMessages.replyTokenExpiresAt,
    })
    .from(conversationMessages)
    .where(
      and(
        eq(conversationMessages.conversationId, conv.id),
        eq(conversationMessages.direction, "in"),
        isNotNull(conversationMessages.replyToken),
        gt(conversationMessages.replyTokenExpiresAt, now),
      ),
    )
    .orderBy(desc(conversationMessages.createdAt))
    .limit(1);
  let token: { value: string; expiresAt: Date } | undefined;
  if (fresh?.token && fresh.expiresAt) {
    const [claimed] = await db
      .update(conversationMessages)
      .set({ replyToken: null })
      .where(and(eq(conversationMessages.id, fresh.id), eq(conversationMessages.replyToken, fresh.token)))
      .returning({ id: conversationMessages.id });
    if (claimed) token = { value: fresh.token, expiresAt: fresh.expiresAt };
  }
  const message = { type: "text" as const, text };
  const ids = await queueMessages(
    deps,
    [
      token
        ? {
            kind: "reply",
            chatId: conv.lineUserId,
            replyToken: token.value,
            replyTokenExpiresAt: token.expiresAt,
            messages: [message],
          }
        : { kind: "push", to: conv.lineUserId, messages: [message] },
    ],
    { topic: "inbox:agent" },
  );
  const messageId = `msg_${ids[0] ?? deps.ids.id("obx")}_0`;
  const learned = await learningStatements(deps, {
    question: await answeredMessage(db, conv.id, from?.messageId),
    text,
    suggestion: from,
    agent,
  });
  const responseMs =
    conv.status === "waiting" && conv.waitingSince ? now.getTime() - conv.waitingSince.getTime() : null;
  await batch(db, [
    db.insert(conversationMessages).values({
      id: messageId,
      conversationId: conv.id,
      direction: "out",
      sender: `agent:${agent}`,
      type: "text",
      text,
      payload: { type: "text", text },
      suggestionId: decided,
      responseMs,
      createdAt: now,
    }),
    db
      .update(conversations)
      .set({ status: "open", waitingSince: null, lastMessageAt: now })
      .where(eq(conversations.id, conv.id)),
    db
      .update(suggestions)
      .set({
        status: "rejected",
        rejectReason: `${IGNORED} the agent replied otherwise`,
        decidedBy: agent,
        decidedAt: now,
      })
      .where(
        and(
          eq(suggestions.conversationId, conv.id),
          eq(suggestions.status, "pending"),
          decided ? ne(suggestions.id, decided) : undefined,
        ),
      ),
    ...learned,
  ]);
  return { messageId, delivery: token ? "reply" : "push", suggestion: decided };
}

export async function rejectSuggestion(deps: AppDeps, id: string, reason: string, agent: string) {
  const [row] = await deps.db
    .update(suggestions)
    .set({ status: "rejected", rejectReason: reason, decidedBy: agent, decidedAt: deps.clock.now() })
    .where(and(eq(suggestions.id, id), eq(suggestions.status, "pending")))
    .returning();
  if (row) return row;
  const [s] = await deps.db.select().from(suggestions).where(eq(suggestions.id, id));
  if (!s) throw new AppError("NOT_FOUND", say("找不到此建議。", "No such suggestion."));
  throw new AppError("CONFLICT", say("此建議已處理。", "This suggestion was already decided."), {
    status: s.status,
  });
}

export interface SourceMetrics {
  source: "llm" | "retrieval" | "none";
  suggested: number;
  accepted: number;
  edited: number;
  /** Rejected by an agent with a reason. */
  rejected: number;
  /** Left unused when the agent replied otherwise. */
  ignored: number;
  /** (accepted + edited) / everything decided (accepted, edited, rejected, ignored); null when none. */
  acceptanceRate: number | null;
  /** Mean edit distance of edited suggestions (characters). */
  meanEditDistance: number | null;
  /** Agent replies and their time to first response (from waiting to the reply). */
  replies: number;
  meanResponseMs: number | null;
  medianResponseMs: number | null;
}

/** Suggestion outcomes and time to first response, per source (LLM, retrieval, agent's own words). */
export async function suggestionMetrics(db: Db): Promise<{ sources: SourceMetrics[] }> {
  const counts = await db
    .select({
      source: suggestions.source,
      status: sql<string>`CASE WHEN ${suggestions.status} = 'rejected' AND ${suggestions.rejectReason} LIKE ${`${IGNORED}%`} THEN 'ignored' ELSE ${suggestions.status} END`,
      n: sql<number>`count(*)`,
      dist: sql<number>`coalesce(sum(${suggestions.editDistance}), 0)`,
    })
    .from(suggestions)
    .where(ne(suggestions.status, "superseded"))
    .groupBy(suggestions.source, sql`2`);
  const replies = await db
    .select({ source: suggestions.source, ms: conversationMessages.responseMs })
    .from(conversationMessages)
    .leftJoin(suggestions, eq(suggestions.id, conversationMessages.suggestionId))
    .where(
      and(sql`${conversationMessages.sender} LIKE 'agent:%'`, isNotNull(conversationMessages.responseMs)),
    );
  const out: SourceMetrics[] = [];
  for (const source of ["llm", "retrieval", "none"] as const) {
    const mine = counts.filter((c) => c.source === source);
    const n = (status: string) => Number(mine.find((c) => c.status === status)?.n ?? 0);
    const accepted = n("accepted");
    const edited = n("edited");
    const rejected = n("rejected");
    const ignored = n("ignored");
    const decided = accepted + edited + rejected + ignored;
    const ms = replies
      .filter((r) => (r.source ?? "none") === source)
      .map((r) => Number(r.ms))
      .sort((a, b) => a - b);
    out.push({
      source,
      suggested: mine.reduce((s, c) => s + Number(c.n), 0),
      accepted,
      edited,
      rejected,
      ignored,
      acceptanceRate: decided ? (accepted + edited) / decided : null,
      meanEditDistance: edited ? Number(mine.find((c) => c.status === "edited")?.dist ?? 0) / edited : null,
      replies: ms.length,
      meanResponseMs: ms.length ? Math.round(ms.reduce((s, x) => s + x, 0) / ms.length) : null,
      medianResponseMs: ms.length ? (ms[Math.floor((ms.length - 1) / 2)] ?? null) : null,
    });
  }
  return { sources: out };
}
