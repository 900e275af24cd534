import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What a fake OpenAI-compatible endpoint does with a request: answer it, fail it, or hold it. */
export type Answer = { status: number; body: string } | "hold";

/**
 * A real HTTP server on 127.0.0.1 playing one OpenAI-compatible POST endpoint (`/v1/<path>`),
 * not a mock of the SDK: `answer` decides each request from its parsed body. A held request is
 * never answered (the client's timeout decides) and is cut when the server closes. The chat and
 * the embeddings fakes are built on it.
 */
export async function startFakeOpenAiEndpoint(
  path: string,
  answer: (body: unknown, req: IncomingMessage) => Answer,
): Promise<{ url: string; close(): Promise<void> }> {
  const held: ServerResponse[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    if (req.method !== "POST" || !req.url?.endsWith(`/${path}`)) {
      res.writeHead(404).end();
      return;
    }
    const a = answer(JSON.parse(body), req);
    if (a === "hold") held.push(res);
    else res.writeHead(a.status, { "content-type": "application/json" }).end(a.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: async () => {
      for (const r of held) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The error body OpenAI-compatible servers answer a 500 with. */
export const SERVER_ERROR: Answer = { status: 500, body: JSON.stringify({ error: { message: "boom" } }) };
