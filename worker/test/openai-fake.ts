import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

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
  const held: ServerResponse[] = [];
  const fake: FakeOpenAi = {
    url: "",
    mode: "ok",
    answers: ["您好！可以門市取貨，結帳時選擇「門市取貨」即可。", "請問您想在哪一間門市取貨呢？"],
    requests: [],
    close: async () => {
      for (const r of held) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404).end();
      return;
    }
    fake.requests.push(JSON.parse(body));
    const completion = (content: string) =>
      JSON.stringify({
        id: `chatcmpl-${fake.requests.length}`,
        object: "chat.completion",
        created: 1_700_000_000,
        model: "fake-model",
        choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      });
    switch (fake.mode) {
      case "slow":
        held.push(res); // never answered: the client's timeout decides
        return;
      case "error":
        res
          .writeHead(500, { "content-type": "application/json" })
          .end(JSON.stringify({ error: { message: "boom" } }));
        return;
      case "junk":
        res.writeHead(200, { "content-type": "application/json" }).end("{not json at all");
        return;
      case "not-json":
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(completion("Sure! Here are some replies: 1) hi"));
        return;
      case "wrong-shape":
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(completion(JSON.stringify({ suggestions: [{ reply: "x" }] })));
        return;
      default:
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(completion(JSON.stringify({ suggestions: fake.answers.map((text) => ({ text })) })));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}
