import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export interface Data<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Loads on mount (and when `deps` change); `initial` renders at once (e.g. the cached card). */
export function useData<T>(load: () => Promise<T>, deps: unknown[] = [], initial?: T): Data<T> {
  const [data, setData] = useState<T | undefined>(initial);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const run = useCallback(() => {
    const n = ++seq.current;
    setLoading(true);
    load().then(
      (d) => {
        if (n !== seq.current) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (n !== seq.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, deps);
  useEffect(run, [run]);
  return { data, error, loading, reload: run };
}

/** Keyed local cache for first paint on reopen (the card). Cleared by "delete my data". */
const PREFIX = "omo.cache.";
const scope = () => sessionStorage.getItem("omo.sandboxUser") ?? "me";

export function readCache<T>(key: string): T | undefined {
  try {
    const raw = localStorage.getItem(`${PREFIX}${scope()}.${key}`);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

export function writeCache(key: string, value: unknown) {
  try {
    localStorage.setItem(`${PREFIX}${scope()}.${key}`, JSON.stringify(value));
  } catch {
    // Private mode or full storage: the page still works, just without the instant first paint.
  }
}

export function clearCache() {
  for (const k of Object.keys(localStorage)) if (k.startsWith(PREFIX)) localStorage.removeItem(k);
}

/** Runs `f` when the page becomes visible again (LIFF reopened from the chat). */
export function useOnReopen(f: () => void) {
  useEffect(() => {
    const h = () => {
      if (document.visibilityState === "visible") f();
    };
    document.addEventListener("visibilitychange", h);
    addEventListener("pageshow", h);
    return () => {
      document.removeEventListener("visibilitychange", h);
      removeEventListener("pageshow", h);
    };
  }, [f]);
}
