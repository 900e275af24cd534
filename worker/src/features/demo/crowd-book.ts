/**
 * One member's book (crowd-ledger.ts runs one per member): their events — purchases, refunds,
 * coupons issued, the yearly tier review — in time order, with the lots, entries, coupons and tier
 * changes each leaves, decided as the loyalty feature decides them.
 */
import { pointsFor, type TierCode, tierForSpend } from "../loyalty";
import type { Books, Template } from "./crowd-ledger";
import { marketableAt, type Person } from "./crowd-people";
import { DAY, HOUR, MINUTE } from "./crowd-rng";
import type { Sale } from "./crowd-sales";

type Row = Record<string, unknown>;
interface Coupon {
  row: Row;
  tpl: Template;
  use: number;
}
interface Lot {
  id: string;
  remaining: number;
  expiresAt: number;
  row: Row;
}
type Event =
  | { at: number; kind: "sale" | "refund"; sale: Sale }
  | { at: number; kind: "coupon"; tpl: Template; key: string; use: number; greet?: number }
  | { at: number; kind: "review" };

const RANK: Record<TierCode, number> = { regular: 0, gold: 1, platinum: 2 };
const USE = { welcome: 0.6, birthday: 0.5, tier: 0.45, broadcast: 0.65 };
const REFUND_REASONS = ["尺寸不合", "商品瑕疵", "顏色與預期不同", "重複購買"];
const pad = (n: number) => String(n).padStart(6, "0");
const byTime = (a: Event, b: Event) => a.at - b.at;

/** One member's coupons, lots, balance and tier as their events come. */
export class Book {
  private readonly coupons: Coupon[] = [];
  private readonly lots: Lot[] = [];
  private readonly events: Event[] = [];
  tier: TierCode = "regular";
  balance = 0;
  constructor(
    private readonly b: Books,
    private readonly p: Person,
    private readonly sales: Sale[],
  ) {}

  run(): void {
    const { p, b } = this;
    const { cal, input } = b;
    if (p.boundAt !== null)
      this.events.push({
        at: p.boundAt,
        kind: "coupon",
        tpl: input.templates.welcome,
        key: `welcome:${p.id}`,
        use: USE.welcome,
      });
    if (p.registeredAt !== null && p.birthday) {
      const month = Number(p.birthday.slice(5, 7));
      for (let year = cal.day(p.registeredAt).year; year <= cal.day(cal.now).year; year++) {
        const at = Math.max(cal.midnight(year, month, 1) + 5 * MINUTE, p.registeredAt + 5 * MINUTE);
        const d = cal.day(at);
        if (d.month === month && d.year === year && at < cal.now)
          this.events.push({
            at,
            kind: "coupon",
            tpl: input.templates.birthday,
            key: `birthday:${year}:${p.id}`,
            use: USE.birthday,
            greet: year,
          });
      }
    }
    for (const c of input.claims)
      if (c.person === p)
        this.events.push({
          at: c.at,
          kind: "coupon",
          tpl: c.template,
          key: `broadcast:${c.broadcastId}:${p.id}`,
          use: USE.broadcast,
        });
    for (let year = cal.day(p.createdAt).year + 1; year <= cal.day(cal.now).year; year++) {
      const at = cal.midnight(year, 1, 1) + 10 * MINUTE;
      if (at > p.createdAt && at < cal.now) this.events.push({ at, kind: "review" });
    }
    for (const sale of this.sales) this.events.push({ at: sale.at, kind: "sale", sale });
    this.events.sort(byTime);
    for (let k = 0; k < this.events.length; k++) {
      const e = this.events[k] as Event;
      this.expireUntil(e.at);
      if (e.kind === "sale") this.sale(e.sale);
      else if (e.kind === "refund") this.refund(e.sale);
      else if (e.kind === "coupon") this.issue(e.tpl, e.key, e.at, e.use, e.greet);
      else {
        const to = tierForSpend(this.spendAt(e.at));
        if (RANK[to] < RANK[this.tier]) this.move(to, "review", e.at);
      }
    }
    this.expireUntil(cal.now);
    for (const c of this.coupons)
      if (c.row.status === "issued" && (c.row.expires_at as number) <= cal.now) c.row.status = "expired";
    this.remind();
    b.out.members.set(p.id, { balance: this.balance, tier: this.tier });
  }

  private entry(
    kind: string,
    points: number,
    key: string,
    reason: string,
    actor: string,
    ref: string | null,
    at: number,
    lot: string | null = null,
  ) {
    this.balance += points;
    this.b.out.tables.point_entries.push({
      id: `pte_crowd_${pad(++this.b.n.entry)}`,
      member_id: this.p.id,
      kind,
      points,
      idempotency_key: key,
      reason,
      actor,
      lot_id: lot,
      reference: ref,
      created_at: at,
    });
  }

  private expireUntil(at: number) {
    for (const lot of this.lots)
      if (lot.remaining > 0 && lot.expiresAt <= at) {
        this.entry(
          "expire",
          -lot.remaining,
          `expire:${lot.id}`,
          "points expired",
          "system",
          null,
          lot.expiresAt,
          lot.id,
        );
        lot.remaining = 0;
        lot.row.remaining = 0;
      }
  }

  /** Takes up to `points` from lots alive at `at`, earliest expiry first (`prefer` first of all). */
  private take(points: number, at: number, prefer: string | null): number {
    const open = this.lots
      .filter((l) => l.remaining > 0 && l.expiresAt > at)
      .sort((x, y) =>
        x.id === prefer ? -1 : y.id === prefer ? 1 : x.expiresAt - y.expiresAt || (x.id < y.id ? -1 : 1),
      );
    let left = points;
    for (const lot of open) {
      const n = Math.min(lot.remaining, left);
      lot.remaining -= n;
      lot.row.remaining = lot.remaining;
      left -= n;
      if (left === 0) break;
    }
    return points - left;
  }

  private available(at: number): number {
    let n = 0;
    for (const l of this.lots) if (l.expiresAt > at) n += l.remaining;
    return n;
  }

  private issue(tpl: Template, key: string, at: number, use: number, greet?: number) {
    const { p, b } = this;
    const row: Row = {
      id: `cpn_crowd_${pad(++b.n.coupon)}`,
      template_id: tpl.id,
      member_id: p.id,
      code: b.couponCode(),
      // Now and then an admin voids one issued by mistake (the funnel's last stage).
      status: b.rng.chance(0.012) ? "voided" : "issued",
      issue_key: key,
      issued_at: at,
      valid_from: at,
      expires_at: at + (tpl.validDays ?? 30) * DAY,
      redeemed_at: null,
      redeemed_by: null,
      redeemed_reference: null,
    };
    b.out.tables.coupons.push(row);
    this.coupons.push({ row, tpl, use });
    if (greet !== undefined && marketableAt(p, at))
      b.out.pushes.push({
        id: `bday_${greet}_${p.id}_0`,
        topic: "loyalty:birthday",
        to: p.lineUserId,
        at: at + MINUTE,
        text: "🎂 生日快樂！送您生日禮 9 折券，到「優惠券」查看。",
      });
  }

  private spendAt(at: number): number {
    let s = 0;
    for (const x of this.sales)
      if (x.at <= at && x.at >= at - 365 * DAY)
        s += x.paid - (x.refundedAt !== undefined && x.refundedAt <= at ? x.refunded : 0);
    return s;
  }

  private move(to: TierCode, reason: "upgrade" | "review", at: number) {
    const b = this.b;
    b.out.tables.tier_changes.push({
      id: `tch_crowd_${pad(++b.n.tier)}`,
      member_id: this.p.id,
      from_tier: this.tier,
      to_tier: to,
      reason,
      spend: this.spendAt(at),
      at,
    });
    this.tier = to;
  }

  private sale(s: Sale) {
    const { b, p } = this;
    const { rng, input } = b;
    const storeId = s.store === "online" ? "online" : (input.store[s.store] as string);
    const ref = s.source === "live" ? `live:${s.orderId}` : `${s.source}:${storeId}:${s.externalId}`;
    const actor = s.staff ? (input.staff[s.staff] as string) : s.source === "live" ? "system" : "member";
    if (s.source !== "live") {
      let best: Coupon | undefined;
      for (const c of this.coupons) {
        const r = c.row;
        if (
          r.status !== "issued" ||
          (r.valid_from as number) > s.at ||
          (r.expires_at as number) <= s.at ||
          s.amount < c.tpl.minSpend
        )
          continue;
        if (!best || (r.expires_at as number) < (best.row.expires_at as number)) best = c;
      }
      if (best && rng.chance(best.use)) {
        const t = best.tpl;
        s.discount =
          t.kind === "amount" ? Math.min(t.value, s.amount) : Math.floor((s.amount * t.value) / 100);
        s.couponId = best.row.id as string;
        Object.assign(best.row, {
          status: "redeemed",
          redeemed_at: s.at,
          redeemed_by: s.staff ? actor : "online",
          redeemed_reference: ref,
        });
      }
      const have = this.available(s.at);
      if (have >= 60 && rng.chance(0.15)) {
        const want = Math.min(have, Math.floor((s.amount - s.discount) * (0.1 + rng.next() * 0.3)));
        if (want >= 30) {
          s.pointsUsed = this.take(want, s.at, null);
          const how = s.channel === "store" ? "used as cash in store" : "used as cash online";
          this.entry("redeem", -s.pointsUsed, `${ref}:redeem`, how, actor, ref, s.at);
        }
      }
      s.paid = s.amount - s.discount - s.pointsUsed;
    }
    s.earned = pointsFor(input.rules, s.paid, this.tier, s.channel);
    if (s.earned > 0) {
      const id = `lot_crowd_${pad(++b.n.lot)}`;
      const row: Row = {
        id,
        member_id: p.id,
        earned: s.earned,
        remaining: s.earned,
        expires_at: b.lotExpiry(s.at),
        created_at: s.at,
        reminded_at: null,
      };
      b.out.tables.point_lots.push(row);
      this.lots.push({ id, remaining: s.earned, expiresAt: row.expires_at as number, row });
      const reason =
        s.source === "live"
          ? "live order"
          : s.channel === "store"
            ? `store purchase NT$${s.paid}`
            : `online order NT$${s.paid}`;
      this.entry("earn", s.earned, `${ref}:earn`, reason, actor, ref, s.at, id);
      s.lotId = id;
    }
    const reached = tierForSpend(this.spendAt(s.at));
    if (RANK[reached] > RANK[this.tier]) {
      this.move(reached, "upgrade", s.at);
      if (reached !== "regular")
        this.issue(input.templates[reached], `tier:${reached}:${p.id}`, s.at, USE.tier);
    }
    // About 3 % of store sales are partly refunded within the week.
    const at = s.at + rng.int(1, 7) * DAY + rng.int(0, 300) * MINUTE;
    if (s.channel === "store" && s.paid >= 300 && at < b.cal.now - HOUR && rng.chance(0.03)) {
      s.refunded = Math.max(50, Math.round((s.paid * (0.2 + rng.next() * 0.4)) / 10) * 10);
      s.refundedAt = at;
      this.events.push({ at, kind: "refund", sale: s });
      this.events.sort(byTime);
    }
  }

  private refund(s: Sale) {
    const { b, p } = this;
    const storeId = b.input.store[s.store] as string;
    const ref = `${s.source}:${storeId}:${s.externalId}`;
    const id = `rfd_crowd_${pad(++b.n.refund)}`;
    // round(earned × refunded / paid), half up — the refund's own arithmetic.
    const share = (r: number) => Math.floor((2 * s.earned * r + s.paid) / (2 * s.paid));
    const due = share(s.refunded) - share(0);
    const at = s.refundedAt as number;
    const reversed = due > 0 ? this.take(due, at, s.lotId ?? null) : 0;
    const staffId = b.input.staff[s.staff as string] as string;
    b.out.tables.refunds.push({
      id,
      purchase_id: s.id,
      source: "staff",
      store_id: storeId,
      external_id: `RF-${s.externalId}`,
      staff_id: staffId,
      member_id: p.id,
      amount: s.refunded,
      points_due: due,
      points_reversed: reversed,
      reason: b.rng.pick(REFUND_REASONS),
      created_at: at,
    });
    if (reversed > 0)
      this.entry("reverse", -reversed, `refund:${id}`, `refund NT$${s.refunded}`, staffId, ref, at);
  }

  /** 點數到期提醒 already sent for lots expiring within 30 days (the sweep then sends nothing twice). */
  private remind() {
    const { p, b } = this;
    const { cal } = b;
    const due = this.lots.filter(
      (l) => l.remaining > 0 && l.expiresAt > cal.now && l.expiresAt <= cal.now + 30 * DAY,
    );
    const first = due[0];
    if (!first || !marketableAt(p, cal.now)) return;
    const at = Math.max(first.expiresAt - 30 * DAY, first.row.created_at as number) + 10 * HOUR;
    if (at >= cal.now) return;
    for (const l of due) l.row.reminded_at = at;
    const points = due.reduce((s, l) => s + l.remaining, 0);
    b.out.pushes.push({
      id: `exprem_${p.id}_${first.expiresAt}_0`,
      topic: "loyalty:expiry",
      to: p.lineUserId,
      at,
      text: `⏰ 點數到期提醒：您有 ${points} 點將於 ${cal.ymd(first.expiresAt)} 到期，記得在到期前使用喔！`,
    });
  }
}
