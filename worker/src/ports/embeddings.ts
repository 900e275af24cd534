/**
 * Text embeddings behind any OpenAI-compatible `/v1/embeddings` API (adapters/embeddings-openai.ts:
 * a local Ollama or vLLM, or a hosted one), or none at all (adapters/embeddings-none.ts, chosen at
 * start when EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL are unset). Callers ask `model` first: with
 * none, semantic retrieval is skipped and BM25 answers alone.
 */
export interface EmbeddingsPort {
  /** The model that embeds (stored with each vector, so a new model embeds everything again); null: none. */
  readonly model: string | null;
  /**
   * One vector per text, in order. Rejects on timeout, HTTP errors and a wrong count or shape,
   * with a message that never repeats the texts (it may be logged).
   */
  embed(texts: string[], opts?: EmbedOptions): Promise<number[][]>;
}

export interface EmbedOptions {
  signal?: AbortSignal;
  /** This request's own time limit (e.g. a background batch may take longer than a query). */
  timeoutMs?: number;
}
