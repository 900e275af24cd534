/**
 * A chat model behind any OpenAI-compatible chat completions API (adapters/llm-openai.ts), or
 * none at all (adapters/llm-none.ts, chosen at start when no key is set). Callers ask
 * `model` first, so with no model they skip building a prompt and use their fallback.
 */
export interface LlmPort {
  /** The model that answers (kept with what it produced, e.g. `llm:gpt-4o-mini`); null: none. */
  readonly model: string | null;
  /**
   * The model's answer text. Rejects on timeout, HTTP errors and an empty answer; with `json`,
   * the text is what the model produced for the schema — still to be parsed and checked.
   */
  complete(request: LlmRequest): Promise<string>;
}

export interface LlmRequest {
  system: string;
  messages: LlmMessage[];
  temperature?: number;
  /** Structured output: the answer must be JSON of this (strict) JSON schema. */
  json?: { name: string; schema: Record<string, unknown> };
  signal?: AbortSignal;
}

export interface LlmMessage {
  role: "user" | "assistant";
  content: string;
}
