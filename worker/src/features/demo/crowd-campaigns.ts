/**
 * Three past campaigns (群發), sent 20–90 days ago, as a real send leaves them (broadcasts.ts,
 * broadcast-plan.ts): recipients fixed when created — the rule's followers with marketing consent
 * then — with exactly round(eligible × 10 %) drawn into the holdout; chunks of 500 by member id,
 * one multicast outbox row each (id from broadcast and chunk, a retry key from the planning run's
 * UUID, topic `broadcast:<id>`, sent, counted per recipient). The holdout is in no chunk and no
 * outbox row. Recipients then bought a little more than the holdout within the attribution
 * window: a few extra purchases bring their conversion about 5 points above the holdout's.
 */
import { couponMessage } from "../marketing";
import type { Person, StoreCode } from "./crowd-people";
import { friendAt } from "./crowd-people";
import { type Calendar, DAY, HOUR, MINUTE, type Rng } from "./crowd-rng";
import { type Sale, type SaleFactory, seasonalMoment } from "./crowd-sales";

type Row = Record<string, unknown>;
const CHUNK = 500;
const HOLDOUT_PERCENT = 10;

interface Campaign {
  key: string;
  name: string;
  daysAgo: number;
  hour: number;
  attributionDays: number;
  text: string;
  coupon: boolean;
  rule: (store: Record<StoreCode, string>) => unknown;
  matches: (p: Person, at: number) => boolean;
  /** Where the extra buying happens: the store the campaign is about, or anywhere. */
  store?: StoreCode;
}

const CAMPAIGNS: Campaign[] = [
  {
    key: "c1",
    name: "新品上市",
    daysAgo: 84,
    hour: 12,
    attributionDays: 14,
    text: "✨ {brand} 新品上市！有機棉素T新色、羊毛襪三入組回歸，門市與線上同步開賣。",
    coupon: false,
    rule: () => ({ all: [{ field: "registered", op: "eq", value: true }] }),
    matches: (p, at) => p.registeredAt !== null && p.registeredAt <= at,
  },
  {
    key: "c2",
    name: "台北信義旗艦店 會員日",
    daysAgo: 47,
    hour: 12,
    attributionDays: 7,
    text: "📍 本週末台北信義旗艦店會員日：出示會員卡，全館商品 9 折，滿千再送手作杯墊。",
    coupon: false,
    rule: (store) => ({ all: [{ field: "homeStore", op: "eq", value: store.TPE01 }] }),
    matches: (p, at) => p.store === "TPE01" && p.boundAt !== null && p.boundAt <= at,
    store: "TPE01",
  },
  {
    key: "c3",
    name: "門市會員回饋 NT$200",
    daysAgo: 22,
    hour: 19,
    attributionDays: 7,
    text: "🎁 感謝您一直以來的支持！送您 NT$200 回饋券，門市與線上皆可使用，點下方按鈕領取。",
    coupon: true,
    rule: () => ({ all: [{ field: "bindSource", op: "in", value: ["store_qr", "staff_link"] }] }),
    matches: (p, at) => (p.source === "store_qr" || p.source === "staff_link") && p.createdAt <= at,
  },
];

export interface CampaignWorld {
  tables: Record<"broadcasts" | "broadcast_members" | "broadcast_chunks" | "outbox_messages", Row[]>;
  /** Recipients who claimed the campaign's coupon. */
  claims: Array<{ person: Person; broadcastId: string; at: number }>;
  holdoutIds: Set<string>;
}

export function makeCampaigns(
  rng: Rng,
  cal: Calendar,
  people: readonly Person[],
  factory: SaleFactory,
  ctx: {
    live: readonly Sale[];
    store: Record<StoreCode, string>;
    couponTemplateId: string;
    couponName: string;
    liffId: string;
    brand: string;
  },
): CampaignWorld {
  const w: CampaignWorld = {
    tables: { broadcasts: [], broadcast_members: [], broadcast_chunks: [], outbox_messages: [] },
    claims: [],
    holdoutIds: new Set(),
  };
  for (const c of CAMPAIGNS) {
    const id = `brd_crowd_${c.key}`;
    const started = cal.daysAgo(c.daysAgo, c.hour);
    const created = started - 2 * HOUR;
    const reachable = (p: Person) => friendAt(p, created) && (p.optOutAt === null || p.optOutAt > created);
    const eligible = people.filter((p) => reachable(p) && c.matches(p, created));
    const shuffled = eligible.map((p) => ({ p, r: rng.next() })).sort((a, b) => a.r - b.r);
    const holdoutSize = Math.round((eligible.length * HOLDOUT_PERCENT) / 100);
    const holdout = new Set(shuffled.slice(0, holdoutSize).map((x) => x.p));
    const recipients = eligible.filter((p) => !holdout.has(p)).sort((a, b) => (a.id < b.id ? -1 : 1));
    const planId = rng.uuid();
    const chunks = Math.ceil(recipients.length / CHUNK);
    const messages: unknown[] = [{ type: "text", text: c.text }];
    const sent: unknown[] = [{ type: "text", text: c.text.replaceAll("{brand}", ctx.brand) }];
    if (c.coupon) sent.push(couponMessage(ctx.liffId, id, ctx.couponName));
    for (const p of holdout) {
      w.holdoutIds.add(`${id}:${p.id}`);
      w.tables.broadcast_members.push({
        broadcast_id: id,
        member_id: p.id,
        line_user_id: p.lineUserId,
        role: "holdout",
        chunk: null,
        planned_at: null,
      });
    }
    for (const [k, p] of recipients.entries())
      w.tables.broadcast_members.push({
        broadcast_id: id,
        member_id: p.id,
        line_user_id: p.lineUserId,
        role: "recipient",
        chunk: Math.floor(k / CHUNK),
        planned_at: started,
      });
    for (let chunk = 0; chunk < chunks; chunk++) {
      const members = recipients.slice(chunk * CHUNK, (chunk + 1) * CHUNK);
      const outboxId = `obx_${id}_${chunk}`;
      w.tables.broadcast_chunks.push({ broadcast_id: id, chunk, outbox_id: outboxId, size: members.length });
      w.tables.outbox_messages.push({
        ...sentRow(rng, {
          id: outboxId,
          kind: "multicast",
          to: members.map((m) => m.lineUserId),
          messages: sent,
          topic: `broadcast:${id}`,
          at: started + chunk * 50,
        }),
        retry_key: `${planId.slice(0, 24)}${chunk.toString(16).padStart(6, "0")}${planId.slice(-6)}`,
      });
    }
    w.tables.broadcasts.push({
      id,
      name: c.name,
      state: "sent",
      segment_id: null,
      rule: JSON.stringify(c.rule(ctx.store)),
      messages: JSON.stringify(messages),
      holdout_percent: HOLDOUT_PERCENT,
      attribution_days: c.attributionDays,
      coupon_template_id: c.coupon ? ctx.couponTemplateId : null,
      aggregation_unit: null,
      scheduled_at: null,
      starts_at: started,
      over_quota_confirmed_at: null,
      eligible: eligible.length,
      recipients: recipients.length,
      holdout: holdout.size,
      capped: 0,
      excluded: 0,
      chunks,
      started_at: started,
      plan_id: planId,
      finished_at: started + 3000,
      cancelled_at: null,
      last_error: null,
      created_at: created,
      updated_at: started + 3000,
    });
    const claimers = new Set<Person>();
    if (c.coupon)
      for (const p of recipients)
        if (rng.chance(0.3)) {
          claimers.add(p);
          w.claims.push({ person: p, broadcastId: id, at: started + rng.int(5, 48 * 60) * MINUTE });
        }
    uplift(rng, cal, factory, { c, started, recipients, holdout: [...holdout], claimers, live: ctx.live });
  }
  return w;
}

/** Extra purchases in the window until recipients convert ~5 points above the holdout. */
function uplift(
  rng: Rng,
  cal: Calendar,
  factory: SaleFactory,
  x: {
    c: Campaign;
    started: number;
    recipients: Person[];
    holdout: Person[];
    claimers: Set<Person>;
    live: readonly Sale[];
  },
): void {
  const end = Math.min(cal.now - 10 * MINUTE, x.started + x.c.attributionDays * DAY);
  const bought = new Set<Person>();
  for (const s of [...factory.sales, ...x.live])
    if (s.person && s.at >= x.started && s.at < end) bought.add(s.person);
  const rate = (group: Person[]) =>
    group.length === 0 ? 0 : group.filter((p) => bought.has(p)).length / group.length;
  const target = Math.min(1, rate(x.holdout) + 0.05);
  const want = Math.ceil(target * x.recipients.length) - x.recipients.filter((p) => bought.has(p)).length;
  const candidates = x.recipients
    .filter((p) => !bought.has(p))
    .map((p) => ({ p, r: rng.next() - (x.claimers.has(p) ? 1 : 0) + (p.persona === "dormant" ? 0.5 : 0) }))
    .sort((a, b) => a.r - b.r);
  for (const { p } of candidates.slice(0, Math.max(0, want))) {
    const channel = x.c.store ? "store" : rng.chance(p.online) ? "online" : "store";
    const at = seasonalMoment(rng, cal, x.started + 30 * MINUTE, end, channel);
    if (at === null) continue;
    const sale = factory.add(p, channel, at, x.c.store);
    // The campaign's coupon asks for NT$1,500: a claimer's basket reaches it.
    if (x.claimers.has(p) && sale.amount < 1500) {
      sale.items.push({ sku: "BAG-003", name: "帆布托特包", quantity: 1, price: 890 });
      sale.amount += 890;
    }
  }
}

/** An outbox row as the outbox leaves one it delivered. */
export function sentRow(
  rng: Rng,
  m: {
    id: string;
    kind: "reply" | "push" | "multicast";
    to: string[];
    messages: unknown[];
    topic: string;
    at: number;
  },
): Row {
  const counted = m.kind === "reply" ? 0 : m.to.length;
  return {
    id: m.id,
    kind: m.kind,
    recipients: JSON.stringify(m.to),
    reply_token: null,
    reply_token_expires_at: m.kind === "reply" ? m.at + 50_000 : null,
    messages: JSON.stringify(m.messages),
    retry_key: rng.uuid(),
    retry_key_issued_at: m.at,
    state: "sent",
    attempts: 1,
    next_attempt_at: m.at,
    claimed_until: null,
    claimed_by: null,
    last_attempt_at: m.at + 300,
    retry_not_before: null,
    last_status: 200,
    last_error: null,
    reply_ambiguous: 0,
    resolution: null,
    delivered_as: m.kind,
    counted_recipients: counted,
    line_request_id: rng.uuid(),
    event_id: null,
    custom_aggregation_units: null,
    topic: m.topic,
    created_at: m.at,
    sent_at: m.at + 400,
  };
}
