import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { deleteKnowledge, insertKnowledge, type KnowledgeRow, listKnowledge, updateKnowledge } from "./repo";
import type { KnowledgeInput, KnowledgeJson } from "./schema";

/** An FAQ entry of the knowledge base that retrieval and the LLM prompt draw on. */
const toKnowledge = (k: KnowledgeRow): KnowledgeJson => ({
  id: k.id,
  question: k.question,
  variants: k.variants,
  answer: k.answer,
  tags: k.tags,
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
  return (await listKnowledge(deps.db)).map(toKnowledge);
}

export async function addEntry(
  deps: Pick<AppDeps, "db" | "ids" | "clock" | "embeddings" | "background">,
  input: KnowledgeInput,
): Promise<KnowledgeJson> {
  const now = deps.clock.now();
  const row = await insertKnowledge(deps.db, {
    id: deps.ids.id("kb"),
    question: input.question,
    variants: input.variants,
    answer: input.answer,
    tags: input.tags,
    createdAt: now,
    updatedAt: now,
  });
  refreshSoon(deps);
  return toKnowledge(row);
}

/** Changes only the fields given. */
export async function changeEntry(
  deps: Pick<AppDeps, "db" | "clock" | "embeddings" | "background">,
  id: string,
  input: Partial<KnowledgeInput>,
): Promise<KnowledgeJson> {
  const row = await updateKnowledge(deps.db, id, {
    ...(input.question !== undefined ? { question: input.question } : {}),
    ...(input.variants !== undefined ? { variants: input.variants } : {}),
    ...(input.answer !== undefined ? { answer: input.answer } : {}),
    ...(input.tags !== undefined ? { tags: input.tags } : {}),
    updatedAt: deps.clock.now(),
  });
  if (!row) throw notFound();
  refreshSoon(deps);
  return toKnowledge(row);
}

export async function removeEntry(
  deps: Pick<AppDeps, "db" | "embeddings" | "background">,
  id: string,
): Promise<void> {
  if (!(await deleteKnowledge(deps.db, id))) throw notFound();
  refreshSoon(deps);
}
