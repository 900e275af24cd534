import { and, asc, desc, eq, gte, sql } from "drizzle-orm";
import { knowledgeCandidates, knowledgeEntries, knowledgeLearned } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import { CANDIDATE_MIN_USES, forgetWording } from "./learning";
import { deleteKnowledge, insertKnowledge, type KnowledgeRow, listKnowledge, updateKnowledge } from "./repo";
import type {
  CandidateAccept,
  KnowledgeCandidateJson,
  KnowledgeChange,
  KnowledgeInput,
  KnowledgeJson,
} from "./schema";
import { forgetRetrievalIndex } from "./suggest/prepare";

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/u;

type LearnedRow = typeof knowledgeLearned.$inferSelect;

/** An FAQ entry of the knowledge base that retrieval and the LLM prompt draw on. */
const toKnowledge = (k: KnowledgeRow, learned: LearnedRow[] = []): KnowledgeJson => ({
  id: k.id,
  question: k.question,
  variants: k.variants,
  answer: k.answer,
  tags: k.tags,
  language: k.language,
  translationOf: k.translationOf,
  learned: learned.map((l) => ({
    id: l.id,
    text: l.text,
    createdBy: l.createdBy,
    createdAt: l.createdAt.toISOString(),
  })),
  updatedAt: k.updatedAt.toISOString(),
});

/**
 * With semantic retrieval on, a changed knowledge base asks for a sweep (it embeds what changed)
 * right away instead of at the next minute's; the API answers without waiting for it.
 */
function refreshSoon(deps: Pick<AppDeps, "embeddings" | "background">): void {
  if (deps.embeddings.model) deps.background.enqueue({ kind: "sweep" });
}

const notFound = () => new AppError("NOT_FOUND", say("找不到此常見問題。", "No such FAQ entry."));

export async function listEntries(deps: Pick<AppDeps, "db">): Promise<KnowledgeJson[]> {
  const learned = await deps.db.select().from(knowledgeLearned).orderBy(desc(knowledgeLearned.createdAt));
  const byEntry = new Map<string, LearnedRow[]>();
  for (const l of learned) byEntry.set(l.entryId, [...(byEntry.get(l.entryId) ?? []), l]);
  return (await listKnowledge(deps.db)).map((k) => toKnowledge(k, byEntry.get(k.id)));
}

/** A translation points at an entry that exists, is not itself a translation, and is not the entry. */
async function checkTranslationOf(
  deps: Pick<AppDeps, "db">,
  id: string | null,
  of: string | null | undefined,
) {
  if (of == null) return;
  const [target] = await deps.db
    .select({ id: knowledgeEntries.id, translationOf: knowledgeEntries.translationOf })
    .from(knowledgeEntries)
    .where(eq(knowledgeEntries.id, of));
  if (!target || target.id === id || target.translationOf !== null) {
    throw new AppError(
      "VALIDATION_FAILED",
      say(
        "「翻譯自」須是另一則原文常見問題。",
        "translationOf must be another FAQ entry that is not itself a translation.",
      ),
      { field: "translationOf", reason: "INVALID" },
    );
  }
}

export async function addEntry(
  deps: Pick<AppDeps, "db" | "ids" | "clock" | "embeddings" | "background">,
  input: KnowledgeInput,
): Promise<KnowledgeJson> {
  await checkTranslationOf(deps, null, input.translationOf);
  const now = deps.clock.now();
  const row = await insertKnowledge(deps.db, {
    id: deps.ids.id("kb"),
    question: input.question,
    variants: input.variants,
    answer: input.answer,
    tags: input.tags,
    language: input.language ?? (HAN.test(`${input.question}${input.answer}`) ? "zh-TW" : "en"),
    translationOf: input.translationOf,
    createdAt: now,
    updatedAt: now,
  });
  forgetRetrievalIndex(deps.db);
  refreshSoon(deps);
  return toKnowledge(row);
}

/** Changes only the fields given. */
export async function changeEntry(
  deps: Pick<AppDeps, "db" | "clock" | "embeddings" | "background">,
  id: string,
  input: KnowledgeChange,
): Promise<KnowledgeJson> {
  await checkTranslationOf(deps, id, input.translationOf);
  const set: Partial<KnowledgeRow> = { updatedAt: deps.clock.now() };
  for (const key of ["question", "variants", "answer", "tags", "language", "translationOf"] as const) {
    if (input[key] !== undefined) Object.assign(set, { [key]: input[key] });
  }
  const row = await updateKnowledge(deps.db, id, set);
  if (!row) throw notFound();
  forgetRetrievalIndex(deps.db);
  refreshSoon(deps);
  const learned = await deps.db
    .select()
    .from(knowledgeLearned)
    .where(eq(knowledgeLearned.entryId, id))
    .orderBy(desc(knowledgeLearned.createdAt));
  return toKnowledge(row, learned);
}

export async function removeEntry(
  deps: Pick<AppDeps, "db" | "embeddings" | "background">,
  id: string,
): Promise<void> {
  // Its learned wordings go with it (whether or not the database enforces the foreign key), and
  // its translations become entries of their own.
  await deps.db.delete(knowledgeLearned).where(eq(knowledgeLearned.entryId, id));
  await deps.db
    .update(knowledgeEntries)
    .set({ translationOf: null })
    .where(eq(knowledgeEntries.translationOf, id));
  if (!(await deleteKnowledge(deps.db, id))) throw notFound();
  forgetRetrievalIndex(deps.db);
  refreshSoon(deps);
}

export async function removeLearned(deps: Pick<AppDeps, "db">, entryId: string, learnedId: string) {
  if (!(await forgetWording(deps, entryId, learnedId))) {
    throw new AppError(
      "NOT_FOUND",
      say("此常見問題沒有這個學到的問法。", "No such learned wording for this entry."),
    );
  }
}

type CandidateRow = typeof knowledgeCandidates.$inferSelect;
const toCandidate = (c: CandidateRow): KnowledgeCandidateJson => ({
  id: c.id,
  answer: c.answer,
  questions: c.questions,
  uses: c.uses,
  firstUsedAt: c.firstUsedAt.toISOString(),
  lastUsedAt: c.lastUsedAt.toISOString(),
});

/** Open candidates agents have sent at least twice, most used first. */
export async function listCandidates(deps: Pick<AppDeps, "db">): Promise<KnowledgeCandidateJson[]> {
  const rows = await deps.db
    .select()
    .from(knowledgeCandidates)
    .where(and(eq(knowledgeCandidates.status, "open"), gte(knowledgeCandidates.uses, CANDIDATE_MIN_USES)))
    .orderBy(
      desc(knowledgeCandidates.uses),
      desc(knowledgeCandidates.lastUsedAt),
      asc(knowledgeCandidates.id),
    )
    .limit(200);
  return rows.map(toCandidate);
}

const candidateGone = () =>
  new AppError(
    "CONFLICT",
    say("此候選已處理或不存在。", "This candidate was already decided or does not exist."),
  );

/**
 * Accepts a candidate into the knowledge base: the entry is written and the candidate marked
 * accepted in one batch, only while it is still open (a second accept adds nothing).
 */
export async function acceptCandidate(
  deps: Pick<AppDeps, "db" | "ids" | "clock">,
  id: string,
  input: CandidateAccept,
  agent: string,
): Promise<KnowledgeJson> {
  const { db } = deps;
  const [c] = await db.select().from(knowledgeCandidates).where(eq(knowledgeCandidates.id, id));
  if (c?.status !== "open" || c.uses < CANDIDATE_MIN_USES) throw candidateGone();
  const now = deps.clock.now();
  const entryId = deps.ids.id("kb");
  const claimed = sql`(SELECT changes() = 1)`;
  const [, inserted] = await batch(db, [
    db
      .update(knowledgeCandidates)
      .set({ status: "accepted", entryId, decidedBy: agent, decidedAt: now })
      .where(and(eq(knowledgeCandidates.id, id), eq(knowledgeCandidates.status, "open"))),
    db
      .insert(knowledgeEntries)
      .select(
        db
          .select({
            id: sql`${entryId}`.as("id"),
            question: sql`${input.question}`.as("question"),
            variants: sql`${JSON.stringify(input.variants ?? c.questions.slice(0, 30))}`.as("variants"),
            answer: sql`${input.answer ?? c.answer}`.as("answer"),
            tags: sql`${JSON.stringify(input.tags)}`.as("tags"),
            language: sql`'zh-TW'`.as("language"),
            translationOf: sql`NULL`.as("translation_of"),
            seedKey: sql`NULL`.as("seed_key"),
            createdAt: sql`${now.getTime()}`.as("created_at"),
            updatedAt: sql`${now.getTime()}`.as("updated_at"),
          })
          .from(sql`(SELECT 1)`)
          .where(claimed),
      )
      .returning(),
  ]);
  const row = (inserted as KnowledgeRow[] | undefined)?.[0];
  if (!row) throw candidateGone();
  return toKnowledge(row);
}

export async function dismissCandidate(deps: Pick<AppDeps, "db" | "clock">, id: string, agent: string) {
  const rows = await deps.db
    .update(knowledgeCandidates)
    .set({ status: "dismissed", decidedBy: agent, decidedAt: deps.clock.now() })
    .where(and(eq(knowledgeCandidates.id, id), eq(knowledgeCandidates.status, "open")))
    .returning({ id: knowledgeCandidates.id });
  if (rows.length === 0) throw candidateGone();
}
