import type { Db } from "../../../../../db/client";
import type { AppDeps } from "../../../deps";
import { errorMessage } from "../../../lib/log";
import { normalizeText } from "../../../lib/text/normalize";
import { isPaused, loadVectors, onEmbeddingsChanged, pause, vectorsVersion } from "./embeddings";
import type { RetrievalDoc, RetrievalHit, RetrievalIndex } from "./retrieval";
import { fuseRrf } from "./rrf";

/**
 * Semantic retrieval at query time (optional): the customer's words are embedded (within
 * EMBEDDINGS_TIMEOUT_MS) and compared by cosine similarity with the stored vectors of the current
 * model, held in memory per database and version of the stored vectors (one small version read
 * per query, not thousands of vectors). Its ranking is fused with BM25's by reciprocal rank
 * fusion; without a server, or when it fails or is slow, BM25's hits stand as they are.
 */

export interface SemanticHit {
  ref: string;
  similarity: number;
}

type SemanticDeps = Pick<AppDeps, "db" | "embeddings" | "clock" | "log" | "config">;

interface Vectors {
  model: string;
  version: string;
  refs: string[];
  dim: number;
  /** Unit-length rows, one per ref: a dot product is the cosine similarity. */
  data: Float32Array;
}

const caches = new WeakMap<Db, Vectors>();
onEmbeddingsChanged((db) => caches.delete(db));

async function vectorsOf(db: Db, model: string): Promise<Vectors> {
  const version = await vectorsVersion(db, model);
  const hit = caches.get(db);
  if (hit && hit.model === model && hit.version === version) return hit;
  const rows = await loadVectors(db, model);
  const dim = rows[0]?.vector.length ?? 0;
  // A row of another length cannot be compared (a model that changed its output): left out.
  const usable = rows.filter((r) => r.vector.length === dim);
  const data = new Float32Array(usable.length * dim);
  usable.forEach((r, i) => {
    data.set(unit(r.vector), i * dim);
  });
  const vectors = { model, version, refs: usable.map((r) => r.ref), dim, data };
  caches.set(db, vectors);
  return vectors;
}

function unit(v: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += (v[i] as number) ** 2;
  const norm = Math.sqrt(sum) || 1;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = (v[i] as number) / norm;
  return out;
}

/**
 * The stored documents closest to the query: at most `limit`, each at least
 * EMBEDDINGS_MIN_SIMILARITY, best first; only refs `refs` has, when given. Null when semantic
 * retrieval has nothing to say: not configured, no vectors stored yet, or the server failed or
 * timed out (logged without text; the server is left alone for a minute).
 */
export async function semanticHits(
  deps: SemanticDeps,
  query: string,
  refs?: { has(ref: string): boolean },
  limit = 5,
): Promise<SemanticHit[] | null> {
  const model = deps.embeddings.model;
  if (!model || !query.trim() || isPaused(deps, "query")) return null;
  const vectors = await vectorsOf(deps.db, model);
  if (vectors.refs.length === 0) return null;
  let q: Float32Array;
  try {
    const [v] = await deps.embeddings.embed([query]);
    if (!v || v.length !== vectors.dim)
      throw new Error(`the query's vector has ${v?.length ?? 0} dimensions, the stored ones ${vectors.dim}`);
    q = unit(v);
  } catch (err) {
    pause(deps, "query");
    deps.log.warn("semantic retrieval failed; BM25 alone", { model, error: errorMessage(err) });
    return null;
  }
  const min = deps.config.embeddings?.minSimilarity ?? 0.5;
  const { dim, data } = vectors;
  const out: SemanticHit[] = [];
  vectors.refs.forEach((ref, i) => {
    if (refs && !refs.has(ref)) return;
    let dot = 0;
    for (let j = 0, at = i * dim; j < dim; j++, at++) dot += (q[j] as number) * (data[at] as number);
    if (dot >= min) out.push({ ref, similarity: Math.round(dot * 1000) / 1000 });
  });
  return out.sort((a, b) => b.similarity - a.similarity).slice(0, limit);
}

const docMaps = new WeakMap<RetrievalIndex, Map<string, RetrievalDoc>>();

function docsByRef(index: RetrievalIndex): Map<string, RetrievalDoc> {
  let map = docMaps.get(index);
  if (!map) {
    map = new Map(index.docs.map((d) => [d.ref, d]));
    docMaps.set(index, map);
  }
  return map;
}

/**
 * BM25's hits fused with the semantic ones (reciprocal rank fusion), one per distinct answer, at
 * most `limit`; a document only the embeddings found takes its answer from the index (its score:
 * the similarity). Without semantic hits, BM25's hits are returned as they are.
 */
export async function withSemantic(
  deps: SemanticDeps,
  index: RetrievalIndex,
  query: string,
  hits: RetrievalHit[],
  limit = 5,
): Promise<RetrievalHit[]> {
  if (!deps.embeddings.model) return hits;
  const docs = docsByRef(index);
  const semantic = await semanticHits(deps, query, docs, limit);
  if (!semantic?.length) return hits;
  const bm25 = new Map(hits.map((h) => [h.ref, h]));
  const similarity = new Map(semantic.map((s) => [s.ref, s.similarity]));
  const out: RetrievalHit[] = [];
  const seen = new Set<string>();
  for (const { ref } of fuseRrf([hits.map((h) => h.ref), semantic.map((s) => s.ref)])) {
    const found = bm25.get(ref);
    const sim = similarity.get(ref);
    // What the embeddings found is evidence too: a hit is as confident as its better measure.
    const hit = found
      ? { ...found, confidence: Math.max(found.confidence, sim ?? 0) }
      : fromIndex(docs.get(ref), sim);
    if (!hit) continue;
    const key = normalizeText(hit.answer);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(hit);
    if (out.length >= limit) break;
  }
  return out;
}

const fromIndex = (doc: RetrievalDoc | undefined, similarity: number | undefined): RetrievalHit | null =>
  doc ? { ref: doc.ref, answer: doc.answer, score: similarity ?? 0, confidence: similarity ?? 0, doc } : null;
