import { useEffect, useRef, useState } from "preact/hooks";
import type { EmulatorEvent } from "./api";

/**
 * The emulator's SSE stream. EventSource retries dropped connections itself, but gives up for
 * good on an HTTP error (readyState CLOSED): then we reopen it with backoff. `onReopen` runs
 * after any reconnection so the page can re-read what it may have missed.
 */
export function useEmulatorStream(
  url: string,
  onEvent: (e: EmulatorEvent) => void,
  onReopen: () => void,
): boolean {
  const [connected, setConnected] = useState(true);
  const handlers = useRef({ onEvent, onReopen });
  handlers.current = { onEvent, onReopen };
  useEffect(() => {
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let lost = false;
    let stopped = false;
    const open = () => {
      source = new EventSource(url);
      source.onopen = () => {
        attempt = 0;
        setConnected(true);
        if (lost) handlers.current.onReopen();
        lost = false;
      };
      source.onmessage = (e: MessageEvent<string>) => {
        try {
          handlers.current.onEvent(JSON.parse(e.data) as EmulatorEvent);
        } catch {
          // A line that is not JSON is not ours to show.
        }
      };
      source.onerror = () => {
        lost = true;
        setConnected(false);
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          timer = setTimeout(open, Math.min(10_000, 500 * 2 ** attempt++));
        }
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [url]);
  return connected;
}
