/**
 * 新手導覽, the sandbox's first-run checklist: from an empty sandbox to a "+1" order and an
 * agent's reply, each step one click — the simulator does what a LINE user does (create, add
 * friend, type, join a group and comment), the sandbox guide API what a clerk or the admin would
 * (/sandbox/guide/*, through the product's own API). A step is ticked from what the product
 * recorded (`GET /sandbox/guide/state`), never from the click alone. Open by itself while the
 * sandbox has no users; the top bar's 導覽 button opens and closes it.
 *
 * Test ids: guide-toggle, guide, guide-step (data-step, data-done), guide-go, guide-link
 * (data-link), guide-error.
 */
import { useEffect, useState } from "preact/hooks";
import "./guide.css";
import { api, type SimState } from "./api";
import { GUIDE_TEXT } from "./guide-strings";
import type { Lang } from "./i18n";
import { liffUrlToLocal } from "./liff-url";

const STEPS = ["user", "friend", "faq", "bind", "purchase", "plusOne", "reply"] as const;
type Step = (typeof STEPS)[number];
interface GuideState {
  steps: Record<Step, boolean>;
  memberCode: string | null;
  links: { console: string; docs: string };
}

const guide = async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
  const res = await fetch(`/sandbox/guide${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const data = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new Error(data.error?.message ?? `HTTP ${res.status}`);
  return data;
};

export function Guide(props: {
  lang: Lang;
  state: SimState | null;
  /** The user the steps are for: the one selected, else the first. */
  userId: string | null;
  onUser: (userId: string) => void;
  onGroup: (groupId: string) => void;
  refresh: () => Promise<unknown>;
}) {
  const g = GUIDE_TEXT[props.lang];
  const empty = props.state !== null && props.state.users.length === 0;
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<GuideState | null>(null);
  const [busy, setBusy] = useState<Step | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    if (empty) setOpen(true);
  }, [empty]);
  const userId = props.userId;
  const load = (forUser = userId) =>
    guide<GuideState>("GET", `/state?userId=${encodeURIComponent(forUser ?? "")}`).then(
      (x) => {
        setStatus(x);
        return x;
      },
      () => null,
    );
  /** The product records some steps after answering (a webhook's work): look again for a while. */
  const until = async (step: Step, forUser: string | null) => {
    for (let i = 0; i < 40; i++) {
      if ((await load(forUser))?.steps[step]) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  // What the product recorded changes as the chat moves: read it again on every change.
  useEffect(() => {
    if (open) void load();
  }, [open, userId, props.state]);
  useEffect(() => {
    const again = () => open && void load();
    window.addEventListener("focus", again);
    return () => window.removeEventListener("focus", again);
  }, [open, userId]);

  const act = async (step: Step) => {
    setBusy(step);
    setError("");
    let target = userId;
    try {
      if (step === "user") {
        const u = await api.createUser(g.shopperName, props.lang);
        target = u.userId;
        await props.refresh();
        props.onUser(u.userId);
      } else if (!userId) throw new Error(g.needUser);
      else if (step === "friend") await api.follow(userId);
      else if (step === "faq")
        await api.send({ type: "user", userId }, userId, { type: "text", text: "常見問題" });
      else if (step === "bind") {
        const { url } = await guide<{ url: string }>("POST", "/bind", { userId });
        window.open(liffUrlToLocal(url, userId), "_blank");
      } else if (step === "purchase") await guide("POST", "/purchase", { userId });
      else if (step === "plusOne") {
        await guide("POST", "/live", { userId });
        const mine = props.state?.groups.find((x) => x.memberIds.includes(userId));
        const groupId = mine?.groupId ?? (await api.createGroup(g.groupName, [userId])).groupId;
        await props.refresh();
        props.onGroup(groupId);
        await api.send({ type: "group", groupId }, userId, { type: "text", text: "+1" });
      } else if (step === "reply") window.open(status?.links.console ?? "/console/", "_blank");
      await props.refresh();
      // The bind and the reply are done in another tab; the rest are this click's, once recorded.
      if (step === "bind" || step === "reply") await load();
      else await until(step, target);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const next = STEPS.find((s) => !status?.steps[s]);
  return (
    <>
      <button
        type="button"
        class="lang guide-toggle"
        data-testid="guide-toggle"
        aria-expanded={open}
        aria-controls="guide"
        onClick={() => setOpen(!open)}
      >
        {g.toggle}
      </button>
      {open && (
        <section id="guide" class="guide" data-testid="guide" aria-labelledby="guide-title">
          <div class="guide-head">
            <h2 id="guide-title">{g.title}</h2>
            <button type="button" class="guide-close" aria-label={g.close} onClick={() => setOpen(false)}>
              ×
            </button>
          </div>
          <p class="guide-lead">{g.lead}</p>
          <ol class="guide-steps">
            {STEPS.map((s) => {
              const done = !!status?.steps[s];
              return (
                <li
                  key={s}
                  class={`guide-step${done ? " done" : ""}${s === next ? " next" : ""}`}
                  data-testid="guide-step"
                  data-step={s}
                  data-done={String(done)}
                >
                  <span class="guide-check" aria-hidden="true">
                    {done ? "✓" : STEPS.indexOf(s) + 1}
                  </span>
                  <div class="guide-text">
                    <strong>{g.steps[s].title}</strong>
                    <span>{g.steps[s].hint}</span>
                  </div>
                  <button
                    type="button"
                    class="guide-go"
                    data-testid="guide-go"
                    disabled={busy !== null || (s !== "user" && !userId)}
                    onClick={() => void act(s)}
                  >
                    {busy === s ? "…" : done ? g.again : g.go}
                  </button>
                </li>
              );
            })}
          </ol>
          {error && (
            <p class="guide-error" role="alert" data-testid="guide-error">
              {error}
            </p>
          )}
          <nav class="guide-links" aria-label={g.linksLabel}>
            <a
              href={status?.links.console ?? "/console/"}
              target="_blank"
              rel="noopener"
              data-testid="guide-link"
              data-link="console"
            >
              {g.console}
            </a>
            <a href="/liff/staff" target="_blank" rel="noopener" data-testid="guide-link" data-link="staff">
              {g.staff}
            </a>
            <a
              href={status?.links.docs ?? "/docs"}
              target="_blank"
              rel="noopener"
              data-testid="guide-link"
              data-link="docs"
            >
              {g.docs}
            </a>
          </nav>
        </section>
      )}
    </>
  );
}
