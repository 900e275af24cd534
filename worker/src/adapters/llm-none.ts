import type { LlmPort } from "../ports/llm";

/** No model is configured (OPENAI_API_KEY and OPENAI_MODEL unset): callers use their fallback. */
export const noLlm: LlmPort = {
  model: null,
  complete: () => Promise.reject(new Error("no language model is configured")),
};
