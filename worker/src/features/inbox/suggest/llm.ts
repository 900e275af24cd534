import {
  buildSuggestPrompt,
  SUGGESTIONS_JSON_SCHEMA,
  SuggestionsOutput,
  type SuggestPromptInput,
} from "../../../../../prompts/suggest-replies";
import type { LlmPort } from "../../../ports/llm";

/**
 * Up to 3 reply suggestions from the model, with structured output (a JSON schema) validated
 * again with zod. Throws on timeout, HTTP errors and junk — the caller falls back to retrieval.
 */
export async function llmSuggestions(llm: LlmPort, input: SuggestPromptInput): Promise<string[]> {
  const prompt = buildSuggestPrompt(input);
  const content = await llm.complete({
    system: prompt.system,
    messages: [{ role: "user", content: prompt.user }],
    temperature: 0.4,
    json: { name: "reply_suggestions", schema: SUGGESTIONS_JSON_SCHEMA },
  });
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
