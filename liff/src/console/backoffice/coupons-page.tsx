/**
 * 優惠券: the templates with their redemption numbers (issued, used, use rate, still usable),
 * active or stopped; a row opens the template, 新增優惠券 makes one.
 *
 * Test ids: coupons-page, new-template, templates-table, template-row (data-id, data-active),
 * no-templates.
 */
import { useEffect, useState } from "preact/hooks";
import { dateTime, money } from "../format";
import type { Ctx } from "../nav";
import { Chip, Icon } from "../ui";
import { COUPON_TEXT, type CouponText } from "./coupon-strings";
import { backOfficeHref } from "./routes";
import { type CouponTemplate, errorText } from "./shared";

export const worthOf = (t: CouponTemplate, c: CouponText) =>
  `${t.kind === "amount" ? c.amountOff(money(t.value)) : c.percentOff(t.value)}${t.minSpend ? ` · ${c.minSpend(money(t.minSpend))}` : ""}`;

export const validityOf = (t: CouponTemplate, c: CouponText, lang: Ctx["lang"]) =>
  t.validDays ? c.days(t.validDays) : t.validUntil ? c.until(dateTime(t.validUntil, lang)) : "—";

export function CouponsPage({ ctx }: { ctx: Ctx }) {
  const c = COUPON_TEXT[ctx.lang];
  const [templates, setTemplates] = useState<CouponTemplate[] | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    ctx.api.request<{ templates: CouponTemplate[] }>("GET", "/api/admin/coupon-templates").then(
      (r) =>
        setTemplates(
          [...r.templates].sort(
            (a, b) => Number(b.active) - Number(a.active) || b.createdAt.localeCompare(a.createdAt),
          ),
        ),
      (e) => setError(errorText(e, ctx.lang)),
    );
  }, []);
  return (
    <div class="page page-wide" data-testid="coupons-page">
      <div class="page-head">
        <div>
          <h1 tabIndex={-1}>{c.title}</h1>
          <p class="lead">{c.lead}</p>
        </div>
        <div class="page-actions">
          <a
            class="btn btn-primary"
            href={backOfficeHref({ page: "couponTemplate", id: null })}
            data-testid="new-template"
          >
            <Icon name="plus" size={16} />
            {c.newTemplate}
          </a>
        </div>
      </div>
      <section class="card">
        {error && (
          <p class="banner banner-error" role="alert">
            {error}
          </p>
        )}
        {!templates && !error && <p class="empty">…</p>}
        {templates?.length === 0 && (
          <div class="empty" data-testid="no-templates">
            <p class="empty-title">{c.noTemplates}</p>
            <p>{c.noTemplatesLead}</p>
          </div>
        )}
        {templates && templates.length > 0 && (
          <div class="table-wrap">
            <table class="table" data-testid="templates-table">
              <thead>
                <tr>
                  <th scope="col">{c.colName}</th>
                  <th scope="col">{c.colValue}</th>
                  <th scope="col">{c.colValidity}</th>
                  <th scope="col">{c.colStatus}</th>
                  <th scope="col" class="num">
                    {c.colIssued}
                  </th>
                  <th scope="col" class="num">
                    {c.colRedeemed}
                  </th>
                  <th scope="col" class="num">
                    {c.colRate}
                  </th>
                  <th scope="col" class="num">
                    {c.colUsable}
                  </th>
                </tr>
              </thead>
              <tbody>
                {templates.map((t) => (
                  <tr key={t.id} data-testid="template-row" data-id={t.id} data-active={String(t.active)}>
                    <td>
                      <a class="row-title" href={backOfficeHref({ page: "couponTemplate", id: t.id })}>
                        {t.name}
                      </a>
                    </td>
                    <td class="nowrap">{worthOf(t, c)}</td>
                    <td class="nowrap muted">{validityOf(t, c, ctx.lang)}</td>
                    <td>
                      <Chip tone={t.active ? "green" : "gray"}>{t.active ? c.active : c.voided}</Chip>
                    </td>
                    <td class="num strong" data-testid="template-issued">
                      {t.numbers.issued.toLocaleString("en-US")}
                    </td>
                    <td class="num" data-testid="template-redeemed">
                      {t.numbers.redeemed.toLocaleString("en-US")}
                    </td>
                    <td class="num">{Math.round(t.numbers.redemptionRate * 100)}%</td>
                    <td class="num">{t.numbers.usable.toLocaleString("en-US")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
