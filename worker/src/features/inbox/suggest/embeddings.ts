import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../../../../db/client";
import { knowledgeEmbeddings } from "../../../../../db/schema";
import type { AppDeps } from "../../../deps";
import { batch } from "../../../lib/batch";
import { sha256Hex } from "../../../lib/keys";
import { errorMessage } from "../../../lib/log";
import type { RetrievalDoc, RetrievalIndex } from "./retrieval";

/**
 * Stored embeddings of the retrieval documents (semantic retrieval, optional): what shoppers
 * ask — an FAQ entry's question and variants, or the customer's message an accepted reply
 * answered — embedded once per (model, text) and kept in `knowledge_embeddings`. Refreshed in
 * the background (the inbox sweep, and a sweep asked for when the knowledge base changes): only
 * texts whose model or sha-256 changed are embedded again; rows of documents that are gone, or
 * of another model, are deleted. A failing server leaves the stored vectors as they are.
 */

/** Texts per embeddings request. */
export const EMBED_BATCH = 64;
/** Requests per refresh: a first run over a large history continues at the next sweeps. */
const MAX_BATCHES_PER_RUN = 16;
/** A background batch may take this many times the query timeout (EMBEDDINGS_TIMEOUT_MS). */
const BATCH_TIMEOUT_FACTOR = 10;
/** After a failure the server is left alone this long (a sweep's interval), so a down server costs one timeout a minute. */
export const PAUSE_MS = 60_000;

const paused = new WeakMap<Db, { query?: number; refresh?: number }>();

/** True while a recent failure of this kind of call (a query's embedding, a refresh) says not to try. */
export function isPaused(deps: Pick<AppDeps, "db" | "clock">, kind: "query" | "refresh"): boolean {
  return (paused.get(deps.db)?.[kind] ?? 0) > deps.clock.now().getTime();
}

export function pause(deps: Pick<AppDeps, "db" | "clock">, kind: "query" | "refresh"): void {
  paused.set(deps.db, { ...paused.get(deps.db), [kind]: deps.clock.now().getTime() + PAUSE_MS });
}

/** What is embedded for a document: the ways shoppers ask it, one per line. */
export const embeddingText = (doc: RetrievalDoc): string => [...doc.asks, ...(doc.learned ?? [])].join("\n");

export interface RefreshResult {
  embedded: number;
  deleted: number;
  /** Documents still to embed (a failure, or more than one run does). */
  pending: number;
}

type RefreshDeps = Pick<AppDeps, "db" | "dbLimits" | "embeddings" | "clock" | "log" | "config">;

/** The index last refreshed completely, per database and model: an unchanged index is not read again. */
const done = new WeakMap<Db, { index: RetrievalIndex; model: string }>();
/** One refresh at a time per database (the sweep and a knowledge change may ask together). */
const running = new WeakMap<Db, Promise<unknown>>();
/** Told when stored vectors change, so this process's query cache reloads them. */
const listeners = new Set<(db: Db) => void>();

export function onEmbeddingsChanged(listener: (db: Db) => void): void {
  listeners.add(listener);
}

/**
 * Brings the stored vectors up to date with the index. Null when nothing was tried: no embeddings
 * server is configured, or it failed within the last minute. Never throws: a failure is logged
 * without text, leaves the stored vectors, and is retried at a sweep a minute later.
 */
export function refreshEmbeddings(deps: RefreshDeps, index: RetrievalIndex): Promise<RefreshResult | null> {
  const model = deps.embeddings.model;
  if (!model) return Promise.resolve(null);
  if (isPaused(deps, "refresh")) return Promise.resolve(null);
  const run = (running.get(deps.db) ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => {
      const last = done.get(deps.db);
      if (last && last.index === index && last.model === model)
        return { embedded: 0, deleted: 0, pending: 0 };
      return refreshNow(deps, index, model);
    })
    .catch((err): RefreshResult => {
      deps.log.warn("embeddings refresh failed", { model, error: errorMessage(err) });
      return { embedded: 0, deleted: 0, pending: index.docs.length };
    });
  running.set(deps.db, run);
  return run;
}

async function refreshNow(deps: RefreshDeps, index: RetrievalIndex, model: string): Promise<RefreshResult> {
  const { db, log } = deps;
  const stored = await db
    .select({
      ref: knowledgeEmbeddings.ref,
      model: knowledgeEmbeddings.model,
      hash: knowledgeEmbeddings.textHash,
    })
    .from(knowledgeEmbeddings);
  const wanted = new Map<string, { text: string; hash: string }>();
  for (const doc of index.docs) {
    const text = embeddingText(doc);
    if (text.trim()) wanted.set(doc.ref, { text, hash: await sha256Hex(text) });
  }
  // Gone, or of another model: nothing asks for these any more (a new model embeds every text again).
  const gone = stored.filter((r) => !wanted.has(r.ref) || r.model !== model).map((r) => r.ref);
  const have = new Map(stored.filter((r) => r.model === model).map((r) => [r.ref, r.hash]));
  const todo = [...wanted].filter(([ref, w]) => have.get(ref) !== w.hash);
  const per = Math.max(1, deps.dbLimits.maxParams - 1);
  const deletes = [];
  for (let i = 0; i < gone.length; i += per)
    deletes.push(
      db.delete(knowledgeEmbeddings).where(inArray(knowledgeEmbeddings.ref, gone.slice(i, i + per))),
    );
  if (deletes.length) await batch(db, deletes);

  let embedded = 0;
  let failed = false;
  const timeoutMs = (deps.config.embeddings?.timeoutMs ?? 1500) * BATCH_TIMEOUT_FACTOR;
  const thisRun = todo.slice(0, EMBED_BATCH * MAX_BATCHES_PER_RUN);
  for (let i = 0; i < thisRun.length; i += EMBED_BATCH) {
    const chunk = thisRun.slice(i, i + EMBED_BATCH);
    let vectors: number[][];
    try {
      vectors = await deps.embeddings.embed(
        chunk.map(([, w]) => w.text),
        { timeoutMs },
      );
    } catch (err) {
      // No text in the log: the error says what the server did, the counts how much is left.
      log.warn("embeddings refresh failed; the stored vectors stay", {
        model,
        texts: chunk.length,
        pending: todo.length - embedded,
        error: errorMessage(err),
      });
      failed = true;
      pause(deps, "refresh");
      break;
    }
    await upsert(
      deps,
      model,
      chunk.map(([ref, w], j) => ({ ref, hash: w.hash, vector: vectors[j] as number[] })),
    );
    embedded += chunk.length;
  }
  if (embedded || gone.length) for (const l of listeners) l(db);
  const pending = todo.length - embedded;
  if (!failed && pending === 0) done.set(db, { index, model });
  if (embedded || gone.length)
    log.info("embeddings refreshed", { model, embedded, deleted: gone.length, pending });
  return { embedded, deleted: gone.length, pending };
}

async function upsert(
  deps: RefreshDeps,
  model: string,
  rows: Array<{ ref: string; hash: string; vector: number[] }>,
): Promise<void> {
  const { db } = deps;
  const now = deps.clock.now();
  const per = Math.max(1, Math.floor(deps.dbLimits.maxParams / 5));
  const statements = [];
  for (let i = 0; i < rows.length; i += per) {
    statements.push(
      db
        .insert(knowledgeEmbeddings)
        .values(
          rows
            .slice(i, i + per)
            .map((r) => ({ ref: r.ref, model, textHash: r.hash, vector: r.vector, updatedAt: now })),
        )
        .onConflictDoUpdate({
          target: knowledgeEmbeddings.ref,
          set: {
            model: sql`excluded.model`,
            textHash: sql`excluded.text_hash`,
            vector: sql`excluded.vector`,
            updatedAt: sql`excluded.updated_at`,
          },
        }),
    );
  }
  if (statements.length) await batch(db, statements);
}

/** The stored vectors of one model (for the query-time cache). */
export async function loadVectors(db: Db, model: string): Promise<Array<{ ref: string; vector: number[] }>> {
  return db
    .select({ ref: knowledgeEmbeddings.ref, vector: knowledgeEmbeddings.vector })
    .from(knowledgeEmbeddings)
    .where(eq(knowledgeEmbeddings.model, model));
}

/** Changes when the stored vectors of a model change (another process's refresh included). */
export async function vectorsVersion(db: Db, model: string): Promise<string> {
  const [v] = await db
    .select({
      n: sql<number>`count(*)`,
      at: sql<number>`coalesce(max(${knowledgeEmbeddings.updatedAt}), 0)`,
    })
    .from(knowledgeEmbeddings)
    .where(eq(knowledgeEmbeddings.model, model));
  return `${v?.n ?? 0}:${v?.at ?? 0}`;
}
