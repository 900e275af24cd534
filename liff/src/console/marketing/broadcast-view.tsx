/**
 * One broadcast. A draft: what it costs against the month's quota, said plainly (recipients, the
 * messages that count, what is left before and after), a test send, send (a confirm step, and a
 * second one when it is over the quota) and cancel. Then its progress, polled while it is sent
 * (delivered / recipients, failures with LINE's reason, capped and excluded members), and its
 * results against the holdout.
 *
 * Test ids: broadcast-view, b-state (data-state), cost-card, cost-recipients, cost-counted,
 * quota-remaining, quota-after, over-quota, test-user, test-send, send-broadcast,
 * cancel-broadcast, progress-card, progress-bar (aria-valuenow), progress-failed, b-failure.
 */
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../../api/error";
import { dateTime } from "../format";
import type { Ctx } from "../nav";
import { usePoll } from "../support/shared";
import { Chip, ConfirmDialog, Icon } from "../ui";
import type { Broadcast, CouponTemplate, Quota } from "./api";
import { CostCard, TestSend } from "./broadcast-draft";
import { quotaOf } from "./broadcast-form";
import { Progress } from "./broadcast-progress";
import { BroadcastResults } from "./broadcast-results";
import { STATE_TONE } from "./broadcasts-page";
import { LinePreview } from "./line-preview";
import { toDraft } from "./messages";
import { marketingHref } from "./routes";
import { errorText, useMarketing } from "./shared";

type Confirm = null | "send" | "over" | "cancel";
const _n = (x: number | null | undefined) =>
  x === null || x === undefined ? "—" : x.toLocaleString("en-US");

export function BroadcastView({ ctx, id }: { ctx: Ctx; id: string }) {
  const { m, mapi } = useMarketing(ctx);
  const [b, setB] = useState<Broadcast | null>(null);
  const [loadError, setLoadError] = useState("");
  const [coupon, setCoupon] = useState<CouponTemplate | null>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [over, setOver] = useState<{ need: number; left: number | null; unknown: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  // The quota from the draft's creation, or from a refusal of the send (it carries the figures).
  const [refusedQuota, setRefusedQuota] = useState<Quota | undefined>(undefined);
  const quota = quotaOf(id) ?? refusedQuota;

  const load = async (current: () => boolean = () => true) => {
    try {
      const x = await mapi.broadcast(id);
      if (current()) setB(x);
    } catch (e) {
      if (current())
        setLoadError(e instanceof ApiError && e.status === 404 ? m.notFoundB : errorText(e, ctx.lang));
    }
  };
  useEffect(() => {
    void load();
  }, [id]);
  const active = b?.state === "sending" || b?.state === "scheduled";
  usePoll(async (current) => (active ? load(current) : undefined), 1000, [active, id]);
  useEffect(() => {
    if (!b?.couponTemplateId) return;
    mapi.couponTemplates().then(
      (r) => setCoupon(r.templates.find((t) => t.id === b.couponTemplateId) ?? null),
      () => {},
    );
  }, [b?.couponTemplateId]);

  const back = (
    <a class="crumb" href={marketingHref({ page: "broadcasts" })}>
      <Icon name="back" size={16} />
      {m.backToBroadcasts}
    </a>
  );
  if (!b)
    return (
      <div class="page">
        {back}
        {loadError ? (
          <p class="banner banner-error" role="alert">
            {loadError}
          </p>
        ) : (
          <p class="empty">{m.loading}</p>
        )}
      </div>
    );

  const overKnown = quota?.type === "limited" && (quota.afterSend ?? 0) < 0;
  const send = async (confirmOverQuota: boolean) => {
    setBusy(true);
    try {
      const x = await mapi.sendBroadcast(id, confirmOverQuota);
      setB(x);
      ctx.toast(
        x.state === "scheduled" && x.startsAt ? m.scheduled(dateTime(x.startsAt, ctx.lang)) : m.sendingNow,
      );
      setConfirm(null);
    } catch (e) {
      const d = (e instanceof ApiError ? e.details : undefined) as
        | { reason?: string; countedMessages?: number; remaining?: number | null }
        | undefined;
      if (d?.reason === "OVER_QUOTA" || d?.reason === "QUOTA_UNKNOWN") {
        if (d.reason === "OVER_QUOTA") setRefusedQuota(d as unknown as Quota);
        setOver({
          need: d.countedMessages ?? b.recipients,
          left: d.remaining ?? null,
          unknown: d.reason === "QUOTA_UNKNOWN",
        });
        setConfirm("over");
      } else {
        setConfirm(null);
        ctx.toast(errorText(e, ctx.lang), "error");
      }
    } finally {
      setBusy(false);
    }
  };
  const cancel = async () => {
    setBusy(true);
    try {
      setB(await mapi.cancelBroadcast(id));
      ctx.toast(m.cancelled);
    } catch (e) {
      ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  };

  // A time asked for that has passed (a draft held back when due) sends now.
  const later = b.scheduledAt !== null && Date.parse(b.scheduledAt) > Date.now();
  const dialog =
    confirm === "send"
      ? {
          title: m.sendTitle,
          body: m.sendBody(b.recipients),
          ok: later ? m.schedule : m.send,
          run: () => void send(false),
          danger: false,
        }
      : confirm === "over"
        ? {
            title: over?.unknown ? m.quotaUnknownTitle : m.overQuotaTitle,
            body: over?.unknown
              ? m.quotaUnknown
              : m.overQuota(over?.need ?? b.recipients, over?.left ?? quota?.remaining ?? 0),
            ok: m.overQuotaConfirm,
            run: () => void send(true),
            danger: true,
          }
        : { title: m.cancelTitle, body: m.cancelBody, ok: m.cancelB, run: () => void cancel(), danger: true };

  const cancellable = b.state === "draft" || b.state === "scheduled" || b.state === "sending";
  return (
    <div class="page page-wide" data-testid="broadcast-view">
      {back}
      <div class="page-head">
        <div>
          <div class="title-row">
            <h1 tabIndex={-1}>{b.name}</h1>
            <span data-testid="b-state" data-state={b.state}>
              <Chip tone={STATE_TONE[b.state] ?? "gray"}>{m.states[b.state] ?? b.state}</Chip>
            </span>
            <code class="id-tag">{b.id}</code>
          </div>
          <p class="lead">{m.delivery[b.delivery]}</p>
        </div>
        <div class="page-actions">
          {cancellable && (
            <button
              type="button"
              class="btn btn-ghost-danger"
              data-testid="cancel-broadcast"
              disabled={busy}
              onClick={() => setConfirm("cancel")}
            >
              {m.cancelB}
            </button>
          )}
          {b.state === "draft" && (
            <button
              type="button"
              class="btn btn-primary"
              data-testid="send-broadcast"
              disabled={busy}
              onClick={() => {
                setOver(
                  overKnown ? { need: b.countedMessages, left: quota?.remaining ?? 0, unknown: false } : null,
                );
                setConfirm(overKnown ? "over" : "send");
              }}
            >
              <Icon name="send" size={16} />
              {later ? m.schedule : m.send}
            </button>
          )}
        </div>
      </div>
      <div class="split split-wide">
        <div class="stack">
          {b.state === "draft" ? (
            <>
              {b.heldBack && (
                <p class="banner banner-error" role="status" data-testid="held-back">
                  {m.heldBack(b.heldBack, dateTime(b.heldBack.at, ctx.lang))}
                </p>
              )}
              <CostCard m={m} b={b} quota={quota} />
              <TestSend ctx={ctx} b={b} />
            </>
          ) : (
            <Progress ctx={ctx} m={m} b={b} />
          )}
          {(b.state === "sent" || b.state === "sending" || (b.state === "cancelled" && b.startedAt)) && (
            <BroadcastResults ctx={ctx} b={b} />
          )}
        </div>
        <div class="split-side sticky-side">
          <section class="card card-pad" aria-labelledby="bv-preview">
            <h2 id="bv-preview" class="card-title">
              {m.messagesSent}
            </h2>
            <LinePreview
              m={m}
              lang={ctx.lang}
              brand={ctx.t.product}
              messages={b.messages.map(toDraft)}
              coupon={coupon}
            />
          </section>
        </div>
      </div>
      <ConfirmDialog
        open={confirm !== null}
        title={dialog.title}
        body={dialog.body}
        confirm={dialog.ok}
        cancel={confirm === "cancel" ? m.keepB : m.cancel}
        danger={dialog.danger}
        busy={busy}
        onConfirm={dialog.run}
        onClose={() => setConfirm(null)}
      />
    </div>
  );
}
