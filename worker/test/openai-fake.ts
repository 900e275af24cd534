import { type Answer, SERVER_ERROR, startFakeOpenAiEndpoint } from "./fake-openai-server";

export type FakeMode = "ok" | "slow" | "error" | "junk" | "not-json" | "wrong-shape";

export interface FakeOpenAi {
  url: string;
  /** What the next requests get. */
  mode: FakeMode;
  /** The texts an "ok" answer suggests. */
  answers: string[];
  /** Every request body received. */
  requests: Array<{
    model: string;
    messages: Array<{ role: string; content: string }>;
    response_format?: unknown;
  }>;
  close(): Promise<void>;
}

/**
 * An OpenAI-compatible chat completions server on 127.0.0.1 (a real HTTP server, not a mock of
 * the SDK): answers with structured suggestions, or slowly (held until the client gives up),
 * with a 500, with junk, with non-JSON content, or with JSON of the wrong shape.
 */
export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const completion = (content: string) =>
    JSON.stringify({
      id: `chatcmpl-${fake.requests.length}`,
      object: "chat.completion",
      created: 1_700_000_000,
      model: "fake-model",
      choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    });
  const ok = (body: string): Answer => ({ status: 200, body });
  const server = await startFakeOpenAiEndpoint("chat/completions", (body) => {
    fake.requests.push(body as FakeOpenAi["requests"][number]);
    switch (fake.mode) {
      case "slow":
        return "hold";
      case "error":
        return SERVER_ERROR;
      case "junk":
        return ok("{not json at all");
      case "not-json":
        return ok(completion("Sure! Here are some replies: 1) hi"));
      case "wrong-shape":
        return ok(completion(JSON.stringify({ suggestions: [{ reply: "x" }] })));
      default:
        return ok(completion(JSON.stringify({ suggestions: fake.answers.map((text) => ({ text })) })));
    }
  });
  const fake: FakeOpenAi = {
    url: server.url,
    mode: "ok",
    answers: ["您好！可以門市取貨，結帳時選擇「門市取貨」即可。", "請問您想在哪一間門市取貨呢？"],
    requests: [],
    close: server.close,
  };
  return fake;
}
