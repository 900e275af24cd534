import { useEffect, useState } from "preact/hooks";
import { BASE, type Route, routeFrom } from "./route";

/** Client-side navigation under /liff: pushState + a listener set, no router library. */
const listeners = new Set<() => void>();

export function currentRoute(): Route {
  return routeFrom(location.pathname, location.search);
}

export function navigate(to: string, opts: { replace?: boolean; state?: unknown } = {}) {
  const url = `${BASE}${to.startsWith("/") ? to : `/${to}`}`;
  if (opts.replace) history.replaceState(opts.state ?? null, "", url);
  else history.pushState(opts.state ?? null, "", url);
  window.scrollTo(0, 0);
  for (const f of listeners) f();
  // Screen readers start at the new page's content, as after a full page load.
  requestAnimationFrame(() => document.getElementById("main")?.focus({ preventScroll: true }));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    listeners.add(update);
    addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      removeEventListener("popstate", update);
    };
  }, []);
  return route;
}

/** Same-app links navigate without reloading; modified clicks still open a new tab. */
export function onLinkClick(e: MouseEvent, to: string) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(to);
}
