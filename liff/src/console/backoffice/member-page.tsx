/**
 * A member's page (admin): who they are, tier, points, bindings, and their points ledger,
 * purchases from every channel, coupons, tags, live orders and the history of what staff and
 * admins changed; adjust points or issue a coupon, each with a reason.
 *
 * Test ids: member-page, member-points, member-tier, member-conversation, adjust-open, issue-open,
 * member-ledger, ledger-entry (data-kind), member-purchases, member-coupons, member-history.
 */
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { dateTime, money } from "../format";
import type { Ctx } from "../nav";
import { Chip, Icon } from "../ui";
import { AuditEntries } from "./audit-entries";
import { AdjustPoints, IssueCoupon } from "./member-actions";
import { backOfficeHref } from "./routes";
import { type AdminMember, type AuditPage, errorText, phoneText, useText } from "./shared";

/** A card with a title and its rows as a table, or a line saying there are none. */
function Section(props: {
  title: string;
  testId: string;
  children: ComponentChildren;
  empty: boolean;
  emptyText: string;
}) {
  return (
    <section class="card" data-testid={props.testId}>
      <div class="card-head">
        <h2 class="card-title">{props.title}</h2>
      </div>
      {props.empty ? (
        <p class="empty">{props.emptyText}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <tbody>{props.children}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function MemberPage({ ctx, id }: { ctx: Ctx; id: string }) {
  const s = useText(ctx);
  const [m, setM] = useState<AdminMember | null>(null);
  const [history, setHistory] = useState<AuditPage | null>(null);
  const [error, setError] = useState("");
  const [dialog, setDialog] = useState<"" | "adjust" | "issue">("");
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const q = encodeURIComponent(id);
    Promise.all([
      ctx.api.request<AdminMember>("GET", `/api/admin/members/${q}`),
      ctx.api.request<AuditPage>("GET", `/api/admin/audit?memberId=${q}&limit=50`),
    ]).then(
      ([member, audit]) => {
        setM(member);
        setHistory(audit);
      },
      (e) => setError(errorText(e, ctx.lang)),
    );
  }, [id, version]);

  if (error)
    return (
      <div class="page">
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      </div>
    );
  if (!m)
    return (
      <div class="page">
        <p class="muted">{s.loading}</p>
      </div>
    );
  const title = m.name ?? m.displayName ?? m.memberCode;
  const when = (iso: string | null) => dateTime(iso, ctx.lang);
  return (
    <div class="page page-wide" data-testid="member-page">
      <div class="page-head">
        <div>
          <a class="back-link" href={backOfficeHref({ page: "members" })}>
            <Icon name="back" size={16} />
            {s.membersTitle}
          </a>
          <h1 tabIndex={-1}>
            {title}{" "}
            <Chip tone={m.tier.code === "regular" ? "gray" : "amber"} testId="member-tier">
              {m.status === "guest" ? s.guest : (s.tiers[m.tier.code] ?? m.tier.code)}
            </Chip>
          </h1>
          <p class="lead">
            {s.memberCode} {m.memberCode}
            {m.displayName ? ` · LINE ${m.displayName}` : ""}
          </p>
        </div>
        <div class="page-actions">
          {m.conversationId ? (
            <a
              class="btn btn-secondary"
              href={`#/inbox/${encodeURIComponent(m.conversationId)}`}
              data-testid="member-conversation"
            >
              <Icon name="chat" size={16} />
              {s.openConversation}
            </a>
          ) : null}
          <button
            type="button"
            class="btn btn-secondary"
            data-testid="issue-open"
            onClick={() => setDialog("issue")}
          >
            <Icon name="tag" size={16} />
            {s.issueCoupon}
          </button>
          <button
            type="button"
            class="btn btn-primary"
            data-testid="adjust-open"
            onClick={() => setDialog("adjust")}
          >
            <Icon name="star" size={16} />
            {s.adjustPoints}
          </button>
        </div>
      </div>
      <section class="card card-pad">
        <dl class="bo-profile">
          <div>
            <dt>{s.points}</dt>
            <dd class="bo-points-big" data-testid="member-points">
              {m.points.toLocaleString("en-US")}
            </dd>
          </div>
          <div>
            <dt>{s.spend}</dt>
            <dd>
              {money(m.tier.spend)}
              {m.tier.next && (
                <span class="sub">
                  {s.nextTier(s.tiers[m.tier.next.code] ?? m.tier.next.code, money(m.tier.next.remaining))}
                </span>
              )}
            </dd>
          </div>
          <div>
            <dt>{s.phone}</dt>
            <dd>
              {phoneText(m.phone) ?? s.none}
              {m.phoneVerified ? <span class="sub">{s.verified}</span> : null}
            </dd>
          </div>
          <div>
            <dt>{s.store}</dt>
            <dd>{m.binding.store ?? s.none}</dd>
          </div>
          <div>
            <dt>{s.referrer}</dt>
            <dd>{m.binding.referrerStaff ?? s.none}</dd>
          </div>
          <div>
            <dt>{s.source}</dt>
            <dd>{m.binding.source ? (s.sources[m.binding.source] ?? m.binding.source) : s.none}</dd>
          </div>
          <div>
            <dt>{s.joined}</dt>
            <dd>{when(m.joinedAt)}</dd>
          </div>
          <div>
            <dt>{s.tagsTitle}</dt>
            <dd class="bo-tags">
              {m.tags.length
                ? m.tags.map((t) => (
                    <Chip key={t} tone="blue">
                      {t}
                    </Chip>
                  ))
                : s.none}
            </dd>
          </div>
        </dl>
      </section>
      <div class="bo-sections">
        <Section
          title={s.ledgerTitle}
          testId="member-ledger"
          empty={m.ledger.length === 0}
          emptyText={s.empty}
        >
          {m.ledger.map((e) => (
            <tr key={e.id} data-testid="ledger-entry" data-kind={e.kind}>
              <td class="nowrap muted">{when(e.at)}</td>
              <td>
                {s.ledgerKinds[e.kind] ?? e.kind}
                <span class="sub">{e.reason}</span>
              </td>
              <td class={`num strong ${e.points > 0 ? "plus" : "minus"}`}>
                {e.points > 0 ? "+" : "−"}
                {Math.abs(e.points).toLocaleString("en-US")}
              </td>
            </tr>
          ))}
        </Section>
        <Section
          title={s.purchasesTitle}
          testId="member-purchases"
          empty={m.purchases.length === 0}
          emptyText={s.empty}
        >
          {m.purchases.map((p) => (
            <tr key={p.id}>
              <td class="nowrap muted">{when(p.at)}</td>
              <td>
                <Chip tone={p.channel === "store" ? "green" : p.channel === "online" ? "blue" : "violet"}>
                  {s.channels[p.channel] ?? p.channel}
                </Chip>{" "}
                {p.store ?? ""}
              </td>
              <td class="num">
                <span class="strong">{money(p.paid)}</span>
                {p.refunded > 0 && <span class="sub minus">{s.refunded(money(p.refunded))}</span>}
              </td>
              <td class="num plus">+{p.pointsEarned}</td>
            </tr>
          ))}
        </Section>
        <Section
          title={s.couponsTitle}
          testId="member-coupons"
          empty={m.coupons.length === 0}
          emptyText={s.empty}
        >
          {m.coupons.map((c) => (
            <tr key={c.code} data-testid="member-coupon" data-status={c.status}>
              <td>
                <a class="row-title" href={backOfficeHref({ page: "couponTemplate", id: c.templateId })}>
                  {c.name}
                </a>
                <span class="sub">{c.code}</span>
              </td>
              <td>
                <Chip tone={c.status === "issued" ? "green" : c.status === "redeemed" ? "blue" : "gray"}>
                  {s.couponStatus[c.status] ?? c.status}
                </Chip>
              </td>
              <td class="nowrap muted">{when(c.redeemedAt ?? c.expiresAt)}</td>
            </tr>
          ))}
        </Section>
        <Section
          title={s.liveOrdersTitle}
          testId="member-live"
          empty={m.liveOrders.length === 0}
          emptyText={s.empty}
        >
          {m.liveOrders.map((o) => (
            <tr key={o.id}>
              <td class="nowrap muted">{when(o.at)}</td>
              <td>
                <a class="row-title" href={`#/sales/${encodeURIComponent(o.saleId)}`}>
                  {o.sale}
                </a>
              </td>
              <td>{o.status}</td>
              <td class="num">{money(o.total)}</td>
            </tr>
          ))}
        </Section>
      </div>
      <section class="card bo-history" data-testid="member-history">
        <div class="card-head">
          <h2 class="card-title">{s.historyTitle}</h2>
        </div>
        {history?.entries.length ? (
          <AuditEntries ctx={ctx} entries={history.entries} memberLinks={false} />
        ) : (
          <p class="empty">{s.empty}</p>
        )}
      </section>
      <AdjustPoints
        ctx={ctx}
        memberId={m.id}
        open={dialog === "adjust"}
        onClose={(done) => {
          setDialog("");
          if (done) setVersion((v) => v + 1);
        }}
      />
      <IssueCoupon
        ctx={ctx}
        memberCode={m.memberCode}
        open={dialog === "issue"}
        onClose={(issued) => {
          setDialog("");
          if (issued) setVersion((v) => v + 1);
        }}
      />
    </div>
  );
}
