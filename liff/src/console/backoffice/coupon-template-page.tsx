/**
 * One coupon template (or a new one): the form, its numbers (issued, usable, held by orders,
 * used, expired, voided), its coupons with a void button each, issuing to members, and stopping
 * it (optionally voiding its unused coupons).
 *
 * Test ids: template-page, template-numbers, number (data-key), template-coupons, coupon-row
 * (data-code, data-status), coupon-void, template-void, void-unused, confirm-dialog/confirm-ok.
 */
import { useEffect, useState } from "preact/hooks";
import { dateTime } from "../format";
import type { Ctx } from "../nav";
import { Chip, ConfirmDialog, Icon } from "../ui";
import { CouponForm } from "./coupon-form";
import { IssuePanel } from "./coupon-issue";
import { COUPON_TEXT } from "./coupon-strings";
import { backOfficeHref } from "./routes";
import { errorText, type TemplateDetail, useText } from "./shared";

export function CouponTemplatePage({ ctx, id }: { ctx: Ctx; id: string | null }) {
  const c = COUPON_TEXT[ctx.lang];
  const s = useText(ctx);
  const [detail, setDetail] = useState<TemplateDetail | null>(null);
  const [error, setError] = useState("");
  const [version, setVersion] = useState(0);
  const [voiding, setVoiding] = useState<"" | "template" | string>("");
  const [voidUnused, setVoidUnused] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!id) return;
    ctx.api
      .request<TemplateDetail>("GET", `/api/admin/coupon-templates/${encodeURIComponent(id)}?limit=100`)
      .then(setDetail, (e) => setError(errorText(e, ctx.lang)));
  }, [id, version]);

  const reload = () => setVersion((v) => v + 1);
  const confirmVoid = async () => {
    if (!id) return;
    setBusy(true);
    try {
      if (voiding === "template") {
        const r = await ctx.api.request<{ voided: number }>(
          "POST",
          `/api/admin/coupon-templates/${encodeURIComponent(id)}/void`,
          {
            voidUnused,
          },
        );
        ctx.toast(c.voidDone(r.voided));
      } else {
        await ctx.api.request("POST", `/api/admin/coupons/${encodeURIComponent(voiding)}/void`, {});
        ctx.toast(c.voidedOne);
      }
      reload();
    } catch (e) {
      ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setBusy(false);
      setVoiding("");
    }
  };

  if (error)
    return (
      <div class="page">
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      </div>
    );
  if (id && !detail)
    return (
      <div class="page">
        <p class="muted">{s.loading}</p>
      </div>
    );
  const t = detail?.template ?? null;
  const numbers: Array<[keyof NonNullable<typeof t>["numbers"], string]> = [
    ["issued", c.nIssued],
    ["usable", c.nUsable],
    ["reserved", c.nReserved],
    ["redeemed", c.nRedeemed],
    ["expired", c.nExpired],
    ["voided", c.nVoided],
  ];
  return (
    <div class="page page-wide" data-testid="template-page">
      <div class="page-head">
        <div>
          <a class="back-link" href={backOfficeHref({ page: "coupons" })}>
            <Icon name="back" size={16} />
            {c.title}
          </a>
          <h1 tabIndex={-1}>
            {t ? t.name : c.createTitle}{" "}
            {t && <Chip tone={t.active ? "green" : "gray"}>{t.active ? c.active : c.voided}</Chip>}
          </h1>
        </div>
        {t?.active && (
          <div class="page-actions">
            <button
              type="button"
              class="btn btn-danger"
              data-testid="template-void"
              onClick={() => setVoiding("template")}
            >
              {c.voidTemplate}
            </button>
          </div>
        )}
      </div>
      {t && (
        <dl class="stats bo-numbers" data-testid="template-numbers">
          {numbers.map(([k, label]) => (
            <div class="stat" key={k} data-testid="number" data-key={k}>
              <dt>{label}</dt>
              <dd>
                <span class="stat-value">{t.numbers[k].toLocaleString("en-US")}</span>
              </dd>
            </div>
          ))}
        </dl>
      )}
      <div class="bo-sections">
        <CouponForm
          key={t?.id ?? "new"}
          ctx={ctx}
          template={t}
          onSaved={(saved) => (id ? reload() : ctx.go({ page: "couponTemplate", id: saved.id }))}
        />
        {t && id && <IssuePanel ctx={ctx} templateId={id} active={t.active} onIssued={reload} />}
      </div>
      {t && detail && (
        <section class="card bo-history" data-testid="template-coupons">
          <div class="card-head">
            <h2 class="card-title">{c.couponsTitle}</h2>
          </div>
          {detail.coupons.length === 0 ? (
            <p class="empty">{c.noCoupons}</p>
          ) : (
            <div class="table-wrap">
              <table class="table">
                <tbody>
                  {detail.coupons.map((x) => (
                    <tr key={x.code} data-testid="coupon-row" data-code={x.code} data-status={x.status}>
                      <td class="nowrap">{x.code}</td>
                      <td>
                        <a class="row-title" href={backOfficeHref({ page: "member", id: x.memberId })}>
                          {x.memberName ?? x.memberCode}
                        </a>
                        <span class="sub">{x.memberCode}</span>
                      </td>
                      <td>
                        <Chip
                          tone={x.status === "issued" ? "green" : x.status === "redeemed" ? "blue" : "gray"}
                        >
                          {s.couponStatus[x.status] ?? x.status}
                        </Chip>
                      </td>
                      <td class="nowrap muted">{dateTime(x.redeemedAt ?? x.issuedAt, ctx.lang)}</td>
                      <td class="actions-col">
                        {x.status === "issued" && (
                          <button
                            type="button"
                            class="btn btn-ghost btn-sm"
                            data-testid="coupon-void"
                            onClick={() => setVoiding(x.code)}
                          >
                            {c.voidOne}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
      <ConfirmDialog
        open={voiding !== ""}
        title={voiding === "template" ? c.voidTitle : c.voidOne}
        body={voiding === "template" ? c.voidBody : voiding}
        confirm={voiding === "template" ? c.voidTemplate : c.voidOne}
        cancel={s.cancel}
        danger
        busy={busy}
        onConfirm={confirmVoid}
        onClose={() => setVoiding("")}
      >
        {voiding === "template" && (
          <label class="check">
            <input
              type="checkbox"
              checked={voidUnused}
              data-testid="void-unused"
              onChange={(e) => setVoidUnused(e.currentTarget.checked)}
            />
            {c.voidUnused}
          </label>
        )}
      </ConfirmDialog>
    </div>
  );
}
