import type { EmbeddingsPort } from "../ports/embeddings";

/** No embeddings server is configured (EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL unset): BM25 alone. */
export const noEmbeddings: EmbeddingsPort = {
  model: null,
  embed: () => Promise.reject(new Error("no embeddings model is configured")),
};
