/**
 * Settles the crowd's history as the loyalty feature would have, one member at a time in time
 * order: coupons issued (welcome at binding, birthday once a year in the birthday month, tier-up,
 * a campaign's claims) and redeemed on a purchase (`purchases.coupon_id` and the coupon's
 * `redeemed_*` agree); points earned per purchase by the earn rules (a lot each, expiring at the
 * end of the next year), some used as cash earliest-expiry first, reversed in proportion by a
 * refund (own lot first), expired; tiers raised at once by the 12-month spend and lowered only at
 * the yearly review. Every entry has its own idempotency key; balance = sum of entries.
 */
import { type earnRules, endOfNextYear, type TierCode } from "../loyalty";
import { Book } from "./crowd-book";
import type { Person } from "./crowd-people";
import type { Calendar, Rng } from "./crowd-rng";
import type { Sale } from "./crowd-sales";

type Row = Record<string, unknown>;
type EarnRules = Awaited<ReturnType<typeof earnRules>>;
export interface Template {
  id: string;
  kind: "amount" | "percent";
  value: number;
  minSpend: number;
  validDays: number | null;
}
export interface LedgerInput {
  rules: EarnRules;
  timeZone: string;
  templates: { welcome: Template; birthday: Template; gold: Template; platinum: Template };
  store: Record<string, string>;
  staff: Record<string, string>;
  /** Campaign coupons claimed (issue key `broadcast:<id>:<member>`). */
  claims: Array<{ person: Person; broadcastId: string; template: Template; at: number }>;
}
type Table =
  | "purchases"
  | "purchase_items"
  | "refunds"
  | "coupons"
  | "point_lots"
  | "point_entries"
  | "tier_changes";
export interface Ledger {
  tables: Record<Table, Row[]>;
  /** Final balance and tier per member. */
  members: Map<string, { balance: number; tier: TierCode }>;
  /** Pushes the loyalty sweeps sent (birthday greetings, expiry reminders). */
  pushes: Array<{ id: string; topic: string; to: string; at: number; text: string }>;
}

const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** What every member's book shares: the output, the id counters, the lot expiry per year. */
export class Books {
  readonly out: Ledger = {
    tables: {
      purchases: [],
      purchase_items: [],
      refunds: [],
      coupons: [],
      point_lots: [],
      point_entries: [],
      tier_changes: [],
    },
    members: new Map(),
    pushes: [],
  };
  readonly n = { entry: 0, lot: 0, refund: 0, coupon: 0, tier: 0 };
  private readonly expiry = new Map<number, number>();
  constructor(
    readonly rng: Rng,
    readonly cal: Calendar,
    readonly input: LedgerInput,
  ) {}
  lotExpiry(at: number): number {
    const year = this.cal.day(at).year;
    let e = this.expiry.get(year);
    if (e === undefined) {
      e = endOfNextYear(new Date(at), this.input.timeZone).getTime();
      this.expiry.set(year, e);
    }
    return e;
  }
  couponCode(): string {
    let n = BigInt(`0x${this.rng.hex(16)}`);
    let code = "";
    for (let i = 0; i < 12; i++) {
      code += CODE_ALPHABET[Number(n % 32n)];
      n /= 32n;
    }
    return code;
  }
}

export function settleLedger(
  rng: Rng,
  cal: Calendar,
  people: readonly Person[],
  sales: Sale[],
  input: LedgerInput,
): Ledger {
  const books = new Books(rng, cal, input);
  const mine = new Map<Person, Sale[]>();
  for (const s of sales) {
    if (!s.person) continue;
    const list = mine.get(s.person);
    if (list) list.push(s);
    else mine.set(s.person, [s]);
  }
  for (const p of people) {
    const sorted = (mine.get(p) ?? []).sort((a, b) => a.at - b.at);
    new Book(books, p, sorted).run();
  }
  for (const s of sales) purchaseRows(s, input, books.out);
  return books.out;
}

function purchaseRows(s: Sale, input: LedgerInput, out: Ledger) {
  const storeId = s.store === "online" ? "online" : (input.store[s.store] as string);
  out.tables.purchases.push({
    id: s.id,
    source: s.source,
    external_id: s.externalId,
    member_id: s.person?.id ?? null,
    channel: s.channel,
    store_id: storeId,
    staff_id: s.staff ? input.staff[s.staff] : null,
    attributed_staff_id: s.attributed ? (input.staff[s.attributed] ?? null) : null,
    amount: s.amount,
    coupon_id: s.couponId,
    coupon_discount: s.discount,
    points_used: s.pointsUsed,
    paid: s.paid,
    currency: "TWD",
    points_earned: s.earned,
    refunded_amount: s.refunded,
    customer_phone: null,
    merge_id: null,
    created_at: s.at,
  });
  for (const [line, it] of s.items.entries())
    out.tables.purchase_items.push({
      purchase_id: s.id,
      line,
      member_id: s.person?.id ?? null,
      sku: it.sku,
      name: it.name,
      quantity: it.quantity,
      price: it.price,
      created_at: s.at,
    });
}
