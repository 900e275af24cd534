/**
 * Console pages load when first opened, each its own chunk: signing in downloads the shell, not
 * every page. `lazyPage(() => import("./x").then((m) => m.Page))` is a component with the page's
 * props; until its chunk has arrived it shows a polite "loading", and if the chunk cannot be
 * fetched (a deploy replaced it, the network dropped) it says so with a reload button.
 */
import type { ComponentType, JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Ctx } from "./nav";

export function lazyPage<P extends { ctx: Ctx }>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let page: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  return function LazyPage(props: P): JSX.Element {
    // A counter, not the component: useState would call a function given to it.
    const [, setLoaded] = useState(0);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (page) return;
      let alive = true;
      loading ??= load();
      loading.then(
        (p) => {
          page = p;
          if (alive) setLoaded((n) => n + 1);
        },
        () => {
          loading = null;
          if (alive) setFailed(true);
        },
      );
      return () => {
        alive = false;
      };
    }, []);
    const Page = page;
    if (Page) return <Page {...props} />;
    const { t } = props.ctx;
    if (failed)
      return (
        <div class="card" role="alert" data-testid="page-load-failed">
          <p>{t.network}</p>
          <button type="button" class="btn btn-sm" onClick={() => location.reload()}>
            {t.refresh}
          </button>
        </div>
      );
    return (
      <p class="muted" aria-busy="true" data-testid="page-loading">
        {t.loading}
      </p>
    );
  };
}
