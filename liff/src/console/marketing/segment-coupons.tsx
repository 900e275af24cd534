/**
 * 名單發券: a coupon template issued to a saved segment's members now
 * (`POST /api/segments/{id}/coupons`). The batch key is drawn when the page opens and kept until
 * an issue succeeds, so a click retried after a lost answer issues nothing twice; the answer
 * says how many were issued, already had one from this batch, or got none (their per-member limit
 * reached, or the template ran out).
 *
 * Test ids: segment-coupons, coupon-template, issue-coupons, issue-result, no-templates.
 */
import { useEffect, useState } from "preact/hooks";
import type { Ctx } from "../nav";
import { ConfirmDialog, Icon } from "../ui";
import type { CouponTemplate } from "./api";
import { errorText, useMarketing } from "./shared";

type Issued = { members: number; issued: number; alreadyIssued: number; notIssued: number };

const newBatchKey = () => `console-${crypto.randomUUID()}`;

export function SegmentCoupons(props: { ctx: Ctx; id: string; name: string }) {
  const { ctx, id } = props;
  const { m, mapi } = useMarketing(ctx);
  const [templates, setTemplates] = useState<CouponTemplate[] | null>(null);
  const [templateId, setTemplateId] = useState("");
  const [batchKey, setBatchKey] = useState(newBatchKey);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<(Issued & { template: string }) | null>(null);
  const [error, setError] = useState("");

  const load = () =>
    mapi.couponTemplates().then(
      (r) => {
        const open = r.templates.filter(
          (t) => t.active && (t.totalQuantity === null || t.issuedCount < t.totalQuantity),
        );
        setTemplates(open);
        setTemplateId((was) => (open.some((t) => t.id === was) ? was : (open[0]?.id ?? "")));
      },
      (e) => setError(errorText(e, ctx.lang)),
    );
  useEffect(() => {
    void load();
  }, [mapi]);

  const chosen = templates?.find((t) => t.id === templateId) ?? null;
  const issue = async () => {
    if (!chosen) return;
    setBusy(true);
    setError("");
    try {
      const r = await mapi.issueToSegment(id, chosen.id, batchKey);
      setResult({ ...r, template: chosen.name });
      setBatchKey(newBatchKey());
      ctx.toast(m.couponsIssued(r.issued));
      void load();
    } catch (e) {
      setError(errorText(e, ctx.lang));
    } finally {
      setBusy(false);
      setConfirm(false);
    }
  };

  return (
    <section class="card card-pad" aria-labelledby="segment-coupons-title" data-testid="segment-coupons">
      <h2 id="segment-coupons-title" class="card-title">
        {m.issueCouponsTitle}
      </h2>
      <p class="hint">{m.issueCouponsLead}</p>
      {error && (
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {templates?.length === 0 && (
        <p class="empty" data-testid="no-templates">
          {m.noOpenTemplates}
        </p>
      )}
      {templates && templates.length > 0 && (
        <div class="issue-row">
          <div class="field">
            <label class="field-label" for="coupon-template">
              {m.couponTemplate}
            </label>
            <select
              id="coupon-template"
              class="input"
              data-testid="coupon-template"
              value={templateId}
              onChange={(e) => {
                setTemplateId(e.currentTarget.value);
                setResult(null);
              }}
            >
              {templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {m.templateOption(t)}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            class="btn btn-primary"
            data-testid="issue-coupons"
            disabled={busy || !chosen}
            onClick={() => setConfirm(true)}
          >
            <Icon name="card" size={16} />
            {busy ? m.issuing : m.issueCoupons}
          </button>
        </div>
      )}
      {result && (
        <p
          class="banner banner-info"
          role="status"
          data-testid="issue-result"
          data-issued={result.issued}
          data-already={result.alreadyIssued}
          data-not-issued={result.notIssued}
        >
          {m.issueResult(result)}
        </p>
      )}
      <ConfirmDialog
        open={confirm}
        title={m.issueCouponsTitle}
        body={chosen ? m.issueConfirm(chosen.name, props.name) : ""}
        confirm={m.issueCoupons}
        cancel={m.cancel}
        busy={busy}
        onConfirm={() => void issue()}
        onClose={() => setConfirm(false)}
      />
    </section>
  );
}
