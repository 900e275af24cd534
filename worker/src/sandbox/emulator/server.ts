import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createLineEmulator, type LineEmulator, type LineEmulatorOptions } from ".";

export interface RunningLineEmulator {
  /** `http://127.0.0.1:<port>`: use it as the Messaging API base URL and the JWKS origin. */
  url: string;
  emulator: LineEmulator;
  close(): Promise<void>;
}

/** The emulator as its own HTTP server on 127.0.0.1 ("LINE" for tests and benchmarks). Port 0 = any free port. */
export async function startLineEmulator(
  options: LineEmulatorOptions & { port?: number },
): Promise<RunningLineEmulator> {
  const emulator = createLineEmulator(options);
  const server = serve({ fetch: emulator.app.fetch, port: options.port ?? 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve, reject) => {
    if (server.listening) resolve();
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    emulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Open SSE streams and keep-alive sockets would hold close() forever.
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
