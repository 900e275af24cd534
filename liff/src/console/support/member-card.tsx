/**
 * The member beside a conversation: code, tier, points, home store, referrer, tags, recent
 * purchases and live orders (never phone or e-mail: the API does not send them).
 *
 * Test ids: member-panel, member-code, member-tier, member-points, member-store, member-referrer,
 * member-tag, member-untag, member-tag-input, member-tag-add, member-purchase, member-order,
 * not-member.
 */
import { useState } from "preact/hooks";

import { dateTime, money } from "../format";
import type { Ctx } from "../nav";
import { Chip, Icon, orderTone, type Tone } from "../ui";
import type { MemberPanel } from "./api";
import { Avatar, useSupport } from "./shared";

const TIER_TONE: Record<string, Tone> = { regular: "gray", gold: "amber", platinum: "violet" };

export function MemberCard({
  ctx,
  member,
  name,
  busy,
  onTag,
  onUntag,
}: {
  ctx: Ctx;
  member: MemberPanel | null;
  name: string;
  busy: boolean;
  onTag: (tag: string) => void;
  onUntag: (tag: string) => void;
}) {
  const { s } = useSupport(ctx);
  const [draft, setDraft] = useState("");
  if (!member) {
    return (
      <section class="assist-card" aria-labelledby="member-title" data-testid="not-member">
        <div class="assist-head">
          <h2 id="member-title" class="card-title">
            {s.memberTitle}
          </h2>
        </div>
        <div class="member-top">
          <Avatar name={name} size="lg" />
          <div>
            <p class="strong">{name}</p>
            <p class="hint">{s.notMemberLead}</p>
          </div>
        </div>
      </section>
    );
  }
  const m = member;
  return (
    <section class="assist-card" aria-labelledby="member-title" data-testid="member-panel">
      <div class="assist-head">
        <h2 id="member-title" class="card-title">
          {s.memberTitle}
        </h2>
        <Chip tone={m.status === "member" ? "green" : "gray"}>{s.memberStatus[m.status] ?? m.status}</Chip>
      </div>
      <div class="member-top">
        <Avatar name={m.displayName ?? name} size="lg" />
        <div class="grow">
          <p class="member-name">{m.displayName ?? name}</p>
          <p class="mono muted" data-testid="member-code">
            {m.memberCode}
          </p>
        </div>
      </div>
      <div class="member-kpis">
        <div class="kpi" data-testid="member-tier">
          <span class="kpi-label">{s.tier}</span>
          <Chip tone={TIER_TONE[m.tier] ?? "gray"}>{s.tiers[m.tier] ?? m.tier}</Chip>
        </div>
        <div class="kpi" data-testid="member-points">
          <span class="kpi-label">{s.points}</span>
          <span class="kpi-value">{s.pointsN(m.points)}</span>
        </div>
      </div>
      <dl class="facts">
        <div>
          <dt>{s.homeStore}</dt>
          <dd data-testid="member-store">{m.homeStore ?? s.none}</dd>
        </div>
        <div>
          <dt>{s.referrer}</dt>
          <dd data-testid="member-referrer">{m.referrerStaff ?? s.none}</dd>
        </div>
        <div>
          <dt>{s.tags}</dt>
          <dd class="tag-list">
            {m.tags.length === 0 && <span class="muted">{s.noTags}</span>}
            {m.tags.map((tag) => (
              <span class="tag" key={tag} data-testid="member-tag">
                {tag}
                <button
                  type="button"
                  class="tag-remove"
                  aria-label={s.untag(tag)}
                  title={s.untag(tag)}
                  disabled={busy}
                  data-testid="member-untag"
                  onClick={() => onUntag(tag)}
                >
                  <Icon name="x" size={12} />
                </button>
              </span>
            ))}
            <form
              class="tag-add"
              onSubmit={(e) => {
                e.preventDefault();
                const tag = draft.trim();
                if (!tag) return;
                onTag(tag);
                setDraft("");
              }}
            >
              <input
                class="input input-sm"
                value={draft}
                placeholder={s.tagPlaceholder}
                aria-label={s.tagPlaceholder}
                data-testid="member-tag-input"
                onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
              />
              <button
                type="submit"
                class="btn btn-sm"
                disabled={busy || !draft.trim()}
                data-testid="member-tag-add"
              >
                {s.tagAdd}
              </button>
            </form>
          </dd>
        </div>
      </dl>
      <h3 class="assist-sub">{s.recentPurchases}</h3>
      {m.recentPurchases.length === 0 ? (
        <p class="hint">{s.noPurchases}</p>
      ) : (
        <ul class="mini-list">
          {m.recentPurchases.map((p) => (
            <li key={p.at + p.amount} data-testid="member-purchase">
              <span class="grow">
                <span class="mini-main">{p.store ?? s.channel[p.channel] ?? p.channel}</span>
                <span class="mini-sub">
                  {dateTime(p.at, ctx.lang)} · {s.channel[p.channel] ?? p.channel}
                </span>
              </span>
              <span class="mini-amount">{money(p.amount)}</span>
            </li>
          ))}
        </ul>
      )}
      <h3 class="assist-sub">{s.recentOrders}</h3>
      {m.recentOrders.length === 0 ? (
        <p class="hint">{s.noOrders}</p>
      ) : (
        <ul class="mini-list">
          {m.recentOrders.map((o) => (
            <li key={o.orderId} data-testid="member-order">
              <span class="grow">
                {ctx.role === "admin" ? (
                  <a class="mini-main" href={`#/sales/${encodeURIComponent(o.saleId)}`}>
                    {o.sale}
                  </a>
                ) : (
                  <span class="mini-main">{o.sale}</span>
                )}
                <span class="mini-sub mono">{o.orderId.slice(o.orderId.lastIndexOf("_") + 1)}</span>
              </span>
              <Chip tone={orderTone(o.status)}>{s.orderStatus[o.status] ?? o.status}</Chip>
            </li>
          ))}
        </ul>
      )}
      <h3 class="assist-sub">{s.onlineOrders}</h3>
      {m.onlineOrders.length === 0 ? (
        <p class="hint">{s.noOnlineOrders}</p>
      ) : (
        <ul class="mini-list">
          {m.onlineOrders.map((o) => (
            <li key={o.shop + o.orderId} data-testid="member-online-order">
              <span class="grow">
                <span class="mini-main">
                  {o.shop} <span class="mono">{o.orderId}</span>
                </span>
                <span class="mini-sub">
                  {dateTime(o.at, ctx.lang)}
                  {o.pickupStore && o.pickupState
                    ? ` · ${s.pickupAt(o.pickupStore, s.pickupState[o.pickupState] ?? o.pickupState)}`
                    : ""}
                </span>
              </span>
              <span class="mini-amount">{money(o.total)}</span>
              <Chip tone={orderTone(o.state)}>{s.onlineState[o.state] ?? o.state}</Chip>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
