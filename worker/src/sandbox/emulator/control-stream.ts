import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { EmulatorState } from "./state";
import type { EmulatorEvent } from "./types";

const KEEP_ALIVE_MS = 15_000;

/**
 * Live updates for the chat page as Server-Sent Events: each `data:` is an EmulatorEvent
 * (`entry`, `state`, `delivery`). Events are queued so a slow reader never loses one, and a
 * comment every 15 s keeps proxies from closing an idle stream.
 */
export function streamEvents(c: Context, state: EmulatorState): Response {
  return streamSSE(c, async (stream) => {
    const queue: EmulatorEvent[] = [];
    let wake: (() => void) | undefined;
    let open = true;
    const off = state.on((e) => {
      queue.push(e);
      wake?.();
    });
    // A real timer on purpose: keep-alives are about the wire, not about emulated time.
    const keepAlive = setInterval(() => {
      void stream.write(": keep-alive\n\n").catch(() => {});
    }, KEEP_ALIVE_MS);
    const close = () => {
      open = false;
      off();
      clearInterval(keepAlive);
      wake?.();
    };
    stream.onAbort(close);
    try {
      // A comment first, so the response (and its headers) reach the client at once.
      await stream.write(": connected\n\n");
      while (open) {
        const next = queue.shift();
        if (next !== undefined) {
          await stream.writeSSE({ data: JSON.stringify(next) });
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    } finally {
      close();
    }
  });
}
