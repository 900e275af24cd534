import OpenAI from "openai";
import type { Config } from "../config";
import type { LlmPort, LlmRequest } from "../ports/llm";

export type OpenAiConfig = NonNullable<Config["openai"]>;

/**
 * LlmPort over the `openai` SDK: any OpenAI-compatible chat completions server (OPENAI_BASE_URL),
 * OPENAI_MODEL, OPENAI_API_KEY, and OPENAI_TIMEOUT_MS per request. One client per runtime.
 */
export function createOpenAiLlm(config: OpenAiConfig): LlmPort {
  const client = new OpenAI({
    apiKey: config.apiKey,
    ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
    timeout: config.timeoutMs,
    // One attempt: the caller's fallback is better than someone waiting on retries.
    maxRetries: 0,
  });
  return {
    model: config.model,
    async complete(request: LlmRequest): Promise<string> {
      const res = await client.chat.completions.create(
        {
          model: config.model,
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          messages: [{ role: "system", content: request.system }, ...request.messages],
          ...(request.json
            ? {
                response_format: {
                  type: "json_schema",
                  json_schema: { name: request.json.name, strict: true, schema: request.json.schema },
                },
              }
            : {}),
        },
        request.signal ? { signal: request.signal } : undefined,
      );
      const content = res.choices?.[0]?.message?.content;
      if (typeof content !== "string") throw new Error("the model returned no content");
      return content;
    },
  };
}
