import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "../../../../../db/client";
import {
  conversationMessages,
  conversations,
  knowledgeEntries,
  knowledgeLearned,
  products,
  suggestions,
} from "../../../../../db/schema";
import type { SuggestPromptInput } from "../../../../../prompts/suggest-replies";
import type { AppDeps } from "../../../deps";
import { batch } from "../../../lib/batch";
import { errorMessage } from "../../../lib/log";
import { readerLangOf } from "../../../line/reader";
import { TIER_NAMES } from "../../loyalty";
import { memberPanel } from "../member-panel";
import { getInboxSettings } from "../settings";
import { llmSuggestions } from "./llm";
import { rankSuggestions, type SuggestLang } from "./rank";
import { buildIndex, type RetrievalDoc, type RetrievalIndex, search } from "./retrieval";
import { withSemantic } from "./semantic";

type MessageRow = typeof conversationMessages.$inferSelect;
export type SuggestionRow = typeof suggestions.$inferSelect;

const MAX = 3;

const indexes = new WeakMap<Db, { version: string; index: RetrievalIndex }>();

/**
 * Drops this process's index after a knowledge change it made, so the next question is answered
 * from the change even within the same millisecond (other processes see it by the version read).
 */
export function forgetRetrievalIndex(db: Db): void {
  indexes.delete(db);
}

type EntryRow = typeof knowledgeEntries.$inferSelect;

/**
 * One retrieval document per topic: a zh-TW entry (or an entry of its own) with the wordings of
 * its translations and the ways agents' choices taught, the English translation kept beside it
 * for English customers. An English entry without a zh-TW original is a topic of its own.
 */
export function knowledgeDocs(
  entries: EntryRow[],
  learned: Array<{ entryId: string; text: string }>,
): RetrievalDoc[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const topicOf = (e: EntryRow) =>
    e.translationOf && byId.has(e.translationOf) && e.translationOf !== e.id ? e.translationOf : e.id;
  const wordings = new Map<string, string[]>();
  for (const l of learned) wordings.set(l.entryId, [...(wordings.get(l.entryId) ?? []), l.text]);
  const docs = new Map<string, RetrievalDoc>();
  for (const e of entries) {
    if (topicOf(e) !== e.id) continue;
    docs.set(e.id, {
      ref: `faq:${e.id}`,
      asks: [e.question, ...e.variants],
      learned: [...(wordings.get(e.id) ?? [])],
      answer: e.answer,
    });
  }
  for (const e of entries) {
    const topic = topicOf(e);
    if (topic === e.id) continue;
    const doc = docs.get(topic) as RetrievalDoc;
    doc.asks.push(e.question, ...e.variants);
    doc.learned?.push(...(wordings.get(e.id) ?? []));
    if (e.language === "en" && !doc.en) doc.en = { ref: `faq:${e.id}`, answer: e.answer };
  }
  return [...docs.values()];
}

/**
 * The retrieval index over FAQ entries (with their translations and learned wordings) and past
 * accepted agent replies, rebuilt when any of them changes (a three-row version read per use).
 */
export async function retrievalIndex(db: Db): Promise<RetrievalIndex> {
  // The texts' total length too: two edits within the same millisecond still change the version.
  const [k] = await db
    .select({
      n: sql<number>`count(*)`,
      at: sql<number>`coalesce(max(${knowledgeEntries.updatedAt}), 0)`,
      size: sql<number>`coalesce(sum(length(${knowledgeEntries.question}) + length(${knowledgeEntries.answer}) + length(${knowledgeEntries.variants}) + length(coalesce(${knowledgeEntries.translationOf}, ''))), 0)`,
    })
    .from(knowledgeEntries);
  const [l] = await db
    .select({ n: sql<number>`count(*)`, at: sql<number>`coalesce(max(${knowledgeLearned.createdAt}), 0)` })
    .from(knowledgeLearned);
  const [s] = await db
    .select({ n: sql<number>`count(*)`, at: sql<number>`coalesce(max(${suggestions.decidedAt}), 0)` })
    .from(suggestions)
    .where(inArray(suggestions.status, ["accepted", "edited"]));
  const version = `${k?.n}:${k?.at}:${k?.size}:${l?.n}:${l?.at}:${s?.n}:${s?.at}`;
  const hit = indexes.get(db);
  if (hit && hit.version === version) return hit.index;
  const faq = await db.select().from(knowledgeEntries);
  const learned = await db
    .select({ entryId: knowledgeLearned.entryId, text: knowledgeLearned.text })
    .from(knowledgeLearned);
  const accepted = await db
    .select({ id: suggestions.id, answer: suggestions.finalText, asked: conversationMessages.text })
    .from(suggestions)
    .innerJoin(conversationMessages, eq(conversationMessages.id, suggestions.messageId))
    // A suggestion from an FAQ entry taught that entry a wording instead (knowledge_learned).
    .where(
      and(
        inArray(suggestions.status, ["accepted", "edited"]),
        sql`coalesce(${suggestions.sourceRef}, '') not like 'faq:%'`,
      ),
    )
    .orderBy(desc(suggestions.decidedAt))
    .limit(2000);
  const docs: RetrievalDoc[] = [
    ...knowledgeDocs(faq, learned),
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
  language: SuggestLang,
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
    language,
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
  const lang = await readerLangOf(db, conv.lineUserId);
  // Semantic retrieval (optional, ./semantic.ts): fused with BM25 when embeddings answer, else BM25 as is.
  const hits = await withSemantic(deps, index, query, search(index, query, MAX + 2), MAX + 2);
  let texts: Array<{ text: string; source: "llm" | "retrieval"; ref: string | null; score: number | null }> =
    [];
  const { llm } = deps;
  const model = llm.model;
  if (model) {
    try {
      // The model is given the entries retrieval found at all and told to say when none fits.
      const faq = hits
        .filter((h) => h.ref.startsWith("faq:"))
        .map((h) => ({
          question: h.doc.asks[0] ?? "",
          answer: lang === "en" && h.doc.en ? h.doc.en.answer : h.answer,
        }));
      const got = await llmSuggestions(llm, await promptInput(deps, message, conv.lineUserId, faq, lang));
      texts = got.map((text) => ({ text, source: "llm", ref: `llm:${model}`, score: null }));
    } catch (err) {
      log.warn("LLM suggestions failed; using retrieval", {
        messageId: message.id,
        error: errorMessage(err),
      });
    }
  }
  if (texts.length === 0) {
    texts = rankSuggestions(index, query, lang, { limit: MAX, hits }).map((r) => ({
      text: r.text,
      source: "retrieval",
      ref: r.ref,
      score: r.ref === "template:holding" ? 0 : r.score,
    }));
  }
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
