import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "../../../../../db/client";
import {
  conversationMessages,
  conversations,
  knowledgeEntries,
  products,
  suggestions,
} from "../../../../../db/schema";
import type { SuggestPromptInput } from "../../../../../prompts/suggest-replies";
import type { AppDeps } from "../../../deps";
import { batch } from "../../../lib/batch";
import { errorMessage } from "../../../lib/log";
import { TIER_NAMES } from "../../loyalty";
import { memberPanel } from "../member-panel";
import { getInboxSettings } from "../settings";
import { llmSuggestions } from "./llm";
import { buildIndex, type RetrievalDoc, type RetrievalIndex, search } from "./retrieval";
import { withSemantic } from "./semantic";

type MessageRow = typeof conversationMessages.$inferSelect;
export type SuggestionRow = typeof suggestions.$inferSelect;

const MAX = 3;
/** Said when nothing in the knowledge base fits: suggestions are never empty. */
export const HOLDING_REPLY =
  "您好，謝謝您的訊息！我們已收到您的問題，確認後會盡快回覆您 🙏\nThanks for your message — we are looking into it and will reply shortly.";

const indexes = new WeakMap<Db, { version: string; index: RetrievalIndex }>();

/**
 * The retrieval index over FAQ entries and past accepted agent replies, rebuilt when either
 * changes (a two-row version read per use).
 */
export async function retrievalIndex(db: Db): Promise<RetrievalIndex> {
  const [k] = await db
    .select({ n: sql<number>`count(*)`, at: sql<number>`coalesce(max(${knowledgeEntries.updatedAt}), 0)` })
    .from(knowledgeEntries);
  const [s] = await db
    .select({ n: sql<number>`count(*)`, at: sql<number>`coalesce(max(${suggestions.decidedAt}), 0)` })
    .from(suggestions)
    .where(inArray(suggestions.status, ["accepted", "edited"]));
  const version = `${k?.n}:${k?.at}:${s?.n}:${s?.at}`;
  const hit = indexes.get(db);
  if (hit && hit.version === version) return hit.index;
  const faq = await db.select().from(knowledgeEntries);
  const accepted = await db
    .select({ id: suggestions.id, answer: suggestions.finalText, asked: conversationMessages.text })
    .from(suggestions)
    .innerJoin(conversationMessages, eq(conversationMessages.id, suggestions.messageId))
    .where(inArray(suggestions.status, ["accepted", "edited"]))
    .orderBy(desc(suggestions.decidedAt))
    .limit(2000);
  const docs: RetrievalDoc[] = [
    ...faq.map((f) => ({
      ref: `faq:${f.id}`,
      asks: [f.question, ...f.variants],
      answer: f.answer,
    })),
    ...accepted
      .filter((a) => a.answer)
      .map((a) => ({ ref: `reply:${a.id}`, asks: [a.asked], answer: a.answer as string })),
  ];
  const index = buildIndex(docs);
  indexes.set(db, { version, index });
  return index;
}

/** What the model is told: the conversation, the member, the best FAQ entries, some products. */
async function promptInput(
  deps: AppDeps,
  message: MessageRow,
  lineUserId: string,
  faq: Array<{ question: string; answer: string }>,
): Promise<SuggestPromptInput> {
  const history = await deps.db
    .select()
    .from(conversationMessages)
    .where(eq(conversationMessages.conversationId, message.conversationId))
    .orderBy(desc(conversationMessages.createdAt), desc(sql`${conversationMessages}.rowid`))
    .limit(12);
  const panel = await memberPanel(deps, lineUserId);
  const settings = await getInboxSettings(deps);
  const catalogue = await deps.db.select().from(products).where(eq(products.active, true)).limit(20);
  return {
    brand: deps.config.brand.name,
    tone: settings.tone,
    timeZone: deps.config.brand.timeZone,
    now: deps.clock.now(),
    conversation: history
      .filter((m) => m.createdAt.getTime() <= message.createdAt.getTime())
      .reverse()
      .map((m) => ({
        from: m.direction === "in" ? "customer" : m.sender.startsWith("agent:") ? "agent" : "brand",
        text: m.text,
        at: m.createdAt,
      })),
    member: panel
      ? {
          displayName: panel.displayName,
          tier: TIER_NAMES[panel.tier].zh,
          points: panel.points,
          homeStore: panel.homeStore,
          tags: panel.tags,
          recentPurchases: panel.recentPurchases.map((p) => ({
            at: new Date(p.at),
            amount: p.amount,
            store: p.store,
          })),
          recentOrders: panel.recentOrders.map((o) => ({ sale: o.sale, status: o.status, items: "" })),
        }
      : null,
    knowledge: faq,
    products: catalogue.map((p) => ({
      name: p.name,
      price: p.price,
      variants: p.variants.map((v) => v.name),
    })),
    count: MAX,
  };
}

/** The customer's recent words: this message and the unanswered ones just before it (within 15 minutes). */
async function queryText(db: Db, message: MessageRow): Promise<string> {
  const recent = await db
    .select({ text: conversationMessages.text, at: conversationMessages.createdAt })
    .from(conversationMessages)
    .where(
      and(
        eq(conversationMessages.conversationId, message.conversationId),
        eq(conversationMessages.direction, "in"),
        // Only what is still unanswered (a question a rule answered is not part of this one).
        ne(conversationMessages.suggestState, "none"),
        sql`${conversationMessages.createdAt} <= ${message.createdAt.getTime()}`,
        sql`${conversationMessages.createdAt} >= ${message.createdAt.getTime() - 15 * 60_000}`,
      ),
    )
    .orderBy(desc(conversationMessages.createdAt))
    .limit(3);
  // The message itself counts twice: it is the question.
  return [message.text, ...recent.map((r) => r.text)].join("\n");
}

/**
 * Prepares up to 3 suggestions for a waiting message: the LLM when configured (with the best FAQ
 * entries as its facts), else — and whenever the LLM times out, fails or returns junk —
 * retrieval; a holding reply when nothing fits. Stored with deterministic ids per generation, so
 * two sweeps never store them twice; nothing is sent.
 */
export async function suggestFor(
  deps: AppDeps,
  message: MessageRow,
  generation: string,
): Promise<SuggestionRow[]> {
  const { db, clock, log } = deps;
  const [conv] = await db.select().from(conversations).where(eq(conversations.id, message.conversationId));
  if (!conv) return [];
  const index = await retrievalIndex(db);
  const query = await queryText(db, message);
  // Semantic retrieval (optional, ./semantic.ts): fused with BM25 when embeddings answer, else BM25 as is.
  const hits = await withSemantic(deps, index, query, search(index, query, 5));
  let texts: Array<{ text: string; source: "llm" | "retrieval"; ref: string | null; score: number | null }> =
    [];
  const { llm } = deps;
  const model = llm.model;
  if (model) {
    try {
      const faq = hits
        .filter((h) => h.ref.startsWith("faq:"))
        .map((h) => ({ question: index.docs.find((d) => d.ref === h.ref)?.asks[0] ?? "", answer: h.answer }));
      const got = await llmSuggestions(llm, await promptInput(deps, message, conv.lineUserId, faq));
      texts = got.map((text) => ({ text, source: "llm", ref: `llm:${model}`, score: null }));
    } catch (err) {
      log.warn("LLM suggestions failed; using retrieval", {
        messageId: message.id,
        error: errorMessage(err),
      });
    }
  }
  if (texts.length === 0) {
    texts = hits
      .slice(0, MAX)
      .map((h) => ({ text: h.answer, source: "retrieval", ref: h.ref, score: h.score }));
  }
  if (texts.length === 0)
    texts = [{ text: HOLDING_REPLY, source: "retrieval", ref: "template:holding", score: 0 }];
  const now = clock.now();
  const rows: SuggestionRow[] = texts.slice(0, MAX).map((t, rank) => ({
    id: `sug_${message.id}_${generation}_${rank}`,
    conversationId: message.conversationId,
    messageId: message.id,
    rank,
    source: t.source,
    text: t.text,
    sourceRef: t.ref,
    score: t.score,
    status: "pending",
    rejectReason: null,
    finalText: null,
    editDistance: null,
    decidedBy: null,
    decidedAt: null,
    createdAt: now,
  }));
  await batch(db, [
    db.insert(suggestions).values(rows).onConflictDoNothing(),
    db
      .update(conversationMessages)
      .set({ suggestState: "ready" })
      .where(eq(conversationMessages.id, message.id)),
  ]);
  return db
    .select()
    .from(suggestions)
    .where(and(eq(suggestions.messageId, message.id), eq(suggestions.status, "pending")))
    .orderBy(asc(suggestions.rank));
}

/** Scheduled: prepares suggestions for waiting messages that have none yet (oldest first). */
export async function prepareSuggestions(deps: AppDeps, limit = 20): Promise<number> {
  const pending = await deps.db
    .select()
    .from(conversationMessages)
    .where(eq(conversationMessages.suggestState, "pending"))
    .orderBy(asc(conversationMessages.createdAt))
    .limit(limit);
  for (const m of pending) await suggestFor(deps, m, "0");
  return pending.length;
}

/** A fresh set for the agent: the current pending ones are superseded first. */
export async function regenerate(deps: AppDeps, message: MessageRow): Promise<SuggestionRow[]> {
  await deps.db
    .update(suggestions)
    .set({ status: "superseded" })
    .where(and(eq(suggestions.messageId, message.id), eq(suggestions.status, "pending")));
  return suggestFor(deps, message, deps.ids.id("gen"));
}
