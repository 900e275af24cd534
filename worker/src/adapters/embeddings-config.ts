/**
 * The embeddings server's configuration from the environment (read by config.ts): semantic
 * retrieval for reply suggestions is on only when EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL are
 * both set; unset, BM25 answers alone (the default).
 */
export interface EmbeddingsConfig {
  /** An OpenAI-compatible API root, e.g. http://127.0.0.1:11434/v1 (Ollama). */
  baseUrl: string;
  model: string;
  /** Local servers need none. */
  apiKey: string | undefined;
  /** How long embedding a query may take before BM25 answers alone. */
  timeoutMs: number;
  /** The cosine similarity a semantic hit needs (it depends on the model). */
  minSimilarity: number;
}

export interface EmbeddingsEnv {
  EMBEDDINGS_BASE_URL?: string | undefined;
  EMBEDDINGS_MODEL?: string | undefined;
  EMBEDDINGS_API_KEY?: string | undefined;
  EMBEDDINGS_TIMEOUT_MS: number;
  EMBEDDINGS_MIN_SIMILARITY: number;
}

const WHAT = {
  EMBEDDINGS_BASE_URL:
    "the OpenAI-compatible embeddings server's API root, e.g. http://127.0.0.1:11434/v1 for Ollama",
  EMBEDDINGS_MODEL: "the embedding model's name on that server, e.g. nomic-embed-text or bge-m3",
} as const;

/** Both set: configured. One (or only the key) set: a problem naming what is missing. Neither: off. */
export function embeddingsConfig(e: EmbeddingsEnv, problems: string[]): EmbeddingsConfig | undefined {
  const given = e.EMBEDDINGS_BASE_URL || e.EMBEDDINGS_MODEL || e.EMBEDDINGS_API_KEY;
  if (!given) return undefined;
  const missing = (["EMBEDDINGS_BASE_URL", "EMBEDDINGS_MODEL"] as const).filter((name) => !e[name]);
  for (const name of missing) {
    const by = (["EMBEDDINGS_BASE_URL", "EMBEDDINGS_MODEL", "EMBEDDINGS_API_KEY"] as const).filter(
      (n) => n !== name && e[n],
    );
    problems.push(`${name}: required with ${by.join(" and ")} (${WHAT[name]})`);
  }
  if (missing.length || !e.EMBEDDINGS_BASE_URL || !e.EMBEDDINGS_MODEL) return undefined;
  return {
    baseUrl: e.EMBEDDINGS_BASE_URL.replace(/\/$/, ""),
    model: e.EMBEDDINGS_MODEL,
    apiKey: e.EMBEDDINGS_API_KEY,
    timeoutMs: e.EMBEDDINGS_TIMEOUT_MS,
    minSimilarity: e.EMBEDDINGS_MIN_SIMILARITY,
  };
}
