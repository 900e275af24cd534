import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type { EmbeddingsPort, EmbedOptions } from "../ports/embeddings";
import type { EmbeddingsConfig } from "./embeddings-config";

/**
 * EmbeddingsPort over the `openai` SDK's `embeddings.create`: any OpenAI-compatible
 * `/v1/embeddings` server (EMBEDDINGS_BASE_URL, e.g. Ollama's http://127.0.0.1:11434/v1),
 * EMBEDDINGS_MODEL, EMBEDDINGS_API_KEY (local servers need none) and EMBEDDINGS_TIMEOUT_MS per
 * request. One client per runtime. Vectors are asked for as plain floats: the SDK's default
 * (base64) is not understood by every local server.
 */
export function createOpenAiEmbeddings(config: EmbeddingsConfig): EmbeddingsPort {
  const client = new OpenAI({
    // The SDK insists on a key; local servers ignore it. Never OPENAI_API_KEY from the environment.
    apiKey: config.apiKey ?? "unused",
    baseURL: config.baseUrl,
    organization: null,
    project: null,
    timeout: config.timeoutMs,
    // One attempt: BM25 answering now is better than someone waiting on retries.
    maxRetries: 0,
  });
  return {
    model: config.model,
    async embed(texts: string[], opts: EmbedOptions = {}): Promise<number[][]> {
      if (texts.length === 0) return [];
      let res: OpenAI.CreateEmbeddingResponse;
      try {
        res = await client.embeddings.create(
          { model: config.model, input: texts, encoding_format: "float" },
          {
            ...(opts.signal ? { signal: opts.signal } : {}),
            ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
          },
        );
      } catch (err) {
        throw new Error(describeFailure(err, opts.timeoutMs ?? config.timeoutMs));
      }
      const data = Array.isArray(res?.data) ? res.data : [];
      if (data.length !== texts.length)
        throw new Error(`the embeddings server returned ${data.length} vectors for ${texts.length} texts`);
      const out: number[][] = new Array(texts.length);
      data.forEach((d, i) => {
        const at = typeof d.index === "number" ? d.index : i;
        const v = d.embedding as unknown;
        if (
          !Array.isArray(v) ||
          v.length === 0 ||
          !v.every((x) => typeof x === "number" && Number.isFinite(x))
        )
          throw new Error("the embeddings server returned something that is not a vector");
        out[at] = v as number[];
      });
      if (out.some((v) => !v)) throw new Error("the embeddings server returned vectors out of order");
      return out;
    },
  };
}

/** What went wrong, in words that never repeat the request (servers may echo the input in errors). */
function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof APIConnectionTimeoutError)
    return `the embeddings server did not answer within ${timeoutMs} ms`;
  if (err instanceof APIUserAbortError) return "the embeddings request was aborted";
  if (err instanceof APIConnectionError) return "the embeddings server could not be reached";
  if (err instanceof APIError) return `the embeddings server answered HTTP ${err.status ?? "?"}`;
  return `the embeddings request failed (${err instanceof Error ? err.name : typeof err})`;
}
