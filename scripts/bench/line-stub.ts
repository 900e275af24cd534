import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The LINE Messaging API as both bench targets see it: answers every call at once with 200,
 * like LINE on a good day, so the figures measure the servers, not LINE.
 */
export async function startLineStub(): Promise<{
  url: string;
  calls: () => number;
  close: () => Promise<void>;
}> {
  let calls = 0;
  let n = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      calls++;
      res.writeHead(200, { "content-type": "application/json", "x-line-request-id": `req-${++n}` });
      res.end(
        req.url?.includes("/reply") || req.url?.includes("/push")
          ? '{"sentMessages":[{"id":"1","quoteToken":"q"}]}'
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
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
