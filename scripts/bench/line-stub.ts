import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The LINE Messaging API as both bench targets see it: answers every call at once with 200,
 * like LINE on a good day, so the figures measure the servers, not LINE.
 */
export async function startLineStub(): Promise<{
  url: string;
  calls: () => number;
  /** Reply and push calls received, and when the latest arrived (performance.now()). */
  answers: () => { count: number; lastAt: number };
  close: () => Promise<void>;
}> {
  let calls = 0;
  let n = 0;
  let answered = 0;
  let lastAt = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      calls++;
      const answer = req.url?.includes("/reply") || req.url?.includes("/push");
      if (answer) {
        answered++;
        lastAt = performance.now();
      }
      const profile = req.url?.match(/\/v2\/bot\/profile\/([^/?]+)/);
      res.writeHead(200, { "content-type": "application/json", "x-line-request-id": `req-${++n}` });
      res.end(
        answer
          ? '{"sentMessages":[{"id":"1","quoteToken":"q"}]}'
          : profile
            ? JSON.stringify({ userId: profile[1], displayName: "Bench", language: "zh-TW" })
            : "{}",
      );
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => calls,
    answers: () => ({ count: answered, lastAt }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
