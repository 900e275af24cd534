import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createLineEmulator, type LineEmulator, type LineEmulatorOptions } from ".";

/** The emulator as its own HTTP server on 127.0.0.1: "LINE" for tests and benchmarks. */
export async function startLineEmulator(
  options: LineEmulatorOptions & { port?: number },
): Promise<{ url: string; emulator: LineEmulator; close(): Promise<void> }> {
  const emulator = createLineEmulator(options);
  const server = serve({ fetch: emulator.app.fetch, port: options.port ?? 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    emulator,
    close: () =>
      new Promise((resolve) => {
        // SSE streams keep connections open; end them so close() returns.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
