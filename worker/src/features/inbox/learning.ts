import { and, eq, sql } from "drizzle-orm";
import { knowledgeCandidates, knowledgeEntries, knowledgeLearned } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import type { BatchStatement } from "../../lib/batch";
import { normalizeText } from "../../lib/text/normalize";
import { retrievalIndex } from "./suggest/prepare";
import type { RetrievalIndex } from "./suggest/retrieval";

/**
 * Learning from agents. When an agent answers a customer's message with FAQ entry X — by sending
 * X's suggestion as is or edited, or by sending X's answer itself — the message becomes a learned
 * wording of X (knowledge_learned): retrieval matches it as one more way of asking X. An answer an
 * agent wrote themselves is counted as a candidate FAQ entry (knowledge_candidates); once sent
 * twice or more it is listed for the knowledge base's keepers to accept or dismiss.
 */

/** What is learned from is a customer's words, not a sticker or a one-character "?" */
const MIN_WORDING = 2;
const MAX_WORDING = 300;
/** An own answer shorter than this ("好的", "謝謝您") is not an FAQ answer in the making. */
const MIN_CANDIDATE = 12;
/** How many of the customers' messages a candidate keeps as examples. */
const CANDIDATE_QUESTIONS = 10;
/** Uses from which a candidate is listed. */
export const CANDIDATE_MIN_USES = 2;

const answerMaps = new WeakMap<RetrievalIndex, Map<string, string>>();

/** FAQ entry id by its normalized answer (either language), from the retrieval index. */
function entryByAnswer(index: RetrievalIndex): Map<string, string> {
  let map = answerMaps.get(index);
  if (map) return map;
  map = new Map();
  for (const d of index.docs) {
    if (!d.ref.startsWith("faq:")) continue;
    map.set(normalizeText(d.answer), d.ref.slice(4));
    if (d.en) map.set(normalizeText(d.en.answer), d.en.ref.slice(4));
  }
  answerMaps.set(index, map);
  return map;
}

export interface LearningInput {
  /** The customer's message the reply answers (null: none to learn from). */
  question: { id: string; text: string } | null;
  /** What the agent sent. */
  text: string;
  /** The suggestion it came from, if any: its source (`faq:<id>`, `reply:<id>`, `llm:…`). */
  suggestion: { id: string; sourceRef: string | null } | null;
  agent: string;
}

/** The statements that record what this reply teaches, to run in the reply's own batch. */
export async function learningStatements(
  deps: Pick<AppDeps, "db" | "ids" | "clock">,
  input: LearningInput,
): Promise<BatchStatement[]> {
  const { db, ids, clock } = deps;
  const now = clock.now();
  const asked = input.question ? normalizeText(input.question.text) : "";
  const answerKey = normalizeText(input.text);
  let entryId: string | null = null;
  if (input.suggestion?.sourceRef?.startsWith("faq:")) entryId = input.suggestion.sourceRef.slice(4);
  else if (!input.suggestion) entryId = entryByAnswer(await retrievalIndex(db)).get(answerKey) ?? null;

  if (entryId) {
    if (!input.question || asked.length < MIN_WORDING || asked.length > MAX_WORDING) return [];
    // Only while the entry exists; one row per wording and entry.
    return [
      db
        .insert(knowledgeLearned)
        .select(
          db
            .select({
              id: sql`${ids.id("kbl")}`.as("id"),
              entryId: knowledgeEntries.id,
              text: sql`${input.question.text.trim()}`.as("text"),
              textKey: sql`${asked}`.as("text_key"),
              messageId: sql`${input.question.id}`.as("message_id"),
              suggestionId: sql`${input.suggestion?.id ?? null}`.as("suggestion_id"),
              createdBy: sql`${input.agent}`.as("created_by"),
              createdAt: sql`${now.getTime()}`.as("created_at"),
            })
            .from(knowledgeEntries)
            .where(eq(knowledgeEntries.id, entryId)),
        )
        .onConflictDoNothing(),
    ];
  }
  if (input.suggestion || [...answerKey].length < MIN_CANDIDATE) return [];
  const question = input.question?.text.trim() ?? null;
  return [
    db
      .insert(knowledgeCandidates)
      .values({
        id: ids.id("kbc"),
        answer: input.text.trim(),
        answerKey,
        questions: question ? [question] : [],
        uses: 1,
        status: "open",
        firstUsedAt: now,
        lastUsedAt: now,
      })
      .onConflictDoUpdate({
        target: knowledgeCandidates.answerKey,
        set: {
          uses: sql`${knowledgeCandidates.uses} + 1`,
          lastUsedAt: now,
          questions:
            question === null
              ? sql`${knowledgeCandidates.questions}`
              : sql`CASE WHEN json_array_length(${knowledgeCandidates.questions}) >= ${CANDIDATE_QUESTIONS}
                  THEN ${knowledgeCandidates.questions}
                  ELSE json_insert(${knowledgeCandidates.questions}, '$[#]', ${question}) END`,
        },
      }),
  ];
}

/** Removes one learned wording of an entry; false when there is none. */
export async function forgetWording(
  deps: Pick<AppDeps, "db">,
  entryId: string,
  learnedId: string,
): Promise<boolean> {
  const rows = await deps.db
    .delete(knowledgeLearned)
    .where(and(eq(knowledgeLearned.id, learnedId), eq(knowledgeLearned.entryId, entryId)))
    .returning({ id: knowledgeLearned.id });
  return rows.length > 0;
}
