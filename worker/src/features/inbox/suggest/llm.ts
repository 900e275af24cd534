import OpenAI from "openai";
import {
  buildSuggestPrompt,
  SUGGESTIONS_JSON_SCHEMA,
  SuggestionsOutput,
  type SuggestPromptInput,
} from "../../../../../prompts/suggest-replies";
import type { Config } from "../../../config";

type OpenAiConfig = NonNullable<Config["openai"]>;

const clients = new Map<string, OpenAI>();

function client(cfg: OpenAiConfig): OpenAI {
  const key = `${cfg.baseUrl ?? ""}\u0000${cfg.apiKey}\u0000${cfg.timeoutMs}`;
  let c = clients.get(key);
  if (!c) {
    c = new OpenAI({
      apiKey: cfg.apiKey,
      ...(cfg.baseUrl ? { baseURL: cfg.baseUrl } : {}),
      timeout: cfg.timeoutMs,
      // One attempt: the fallback (retrieval) is better than an agent waiting on retries.
      maxRetries: 0,
    });
    clients.set(key, c);
  }
  return c;
}

/**
 * Up to 3 reply suggestions from any OpenAI-compatible chat completions server, with structured
 * output (a JSON schema) validated again with zod. Throws on timeout, HTTP errors and junk —
 * the caller falls back to retrieval.
 */
export async function llmSuggestions(cfg: OpenAiConfig, input: SuggestPromptInput): Promise<string[]> {
  const prompt = buildSuggestPrompt(input);
  const res = await client(cfg).chat.completions.create({
    model: cfg.model,
    temperature: 0.4,
    messages: [
      { role: "system", content: prompt.system },
      { role: "user", content: prompt.user },
    ],
    response_format: {
      type: "json_schema",
      json_schema: { name: "reply_suggestions", strict: true, schema: SUGGESTIONS_JSON_SCHEMA },
    },
  });
  const content = res.choices?.[0]?.message?.content;
  if (typeof content !== "string") throw new Error("the model returned no content");
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw new Error("the model did not return JSON");
  }
  const parsed = SuggestionsOutput.safeParse(json);
  if (!parsed.success)
    throw new Error(`the model's JSON does not fit: ${parsed.error.issues[0]?.message ?? ""}`);
  return [...new Set(parsed.data.suggestions.map((s) => s.text))].slice(0, input.count);
}
