/**
 * The crowd's store and online purchases: how many each member makes from their persona, when
 * (after their binding, weighted by the brand's calendar: weekends in store, Double-11 online, the
 * year-end everywhere), where (their store, its clerks; online credited to their referrer) and what
 * (the demo catalogue's SKUs, so `bought` segments find them). Money, coupons and points are
 * settled later by the ledger (crowd-ledger.ts), in time order with the live orders.
 */

import { type Person, type StoreCode, staffOf, storeHour } from "./crowd-people";
import { type Calendar, DAY, HOUR, MINUTE, type Rng, SEASON_MAX, seasonality } from "./crowd-rng";
import { DEMO_PRODUCTS } from "./data";

export interface Item {
  sku: string;
  name: string;
  quantity: number;
  price: number;
}

export interface Sale {
  id: string;
  person: Person | null;
  source: "staff" | "online" | "live";
  channel: "store" | "online" | "live";
  /** The store it is recorded at (a store code), or `online`. */
  store: StoreCode | "online";
  /** Who recorded it and who is credited (staff codes). */
  staff: string | null;
  attributed: string | null;
  externalId: string;
  amount: number;
  at: number;
  items: Item[];
  /** The live order it is (source live). */
  orderId?: string;
  /** Settled by the ledger. */
  couponId: string | null;
  discount: number;
  pointsUsed: number;
  paid: number;
  earned: number;
  refunded: number;
  refundedAt?: number;
  /** The lot its points went to. */
  lotId?: string;
}

const MAX_AMOUNT = 6000;

/** A basket from the catalogue: a few lines, more units for the brand's best customers. */
export function basket(rng: Rng, big: boolean): Item[] {
  const units = Math.min(9, 1 + rng.poisson(big ? 2.2 : 1.2));
  const lines = new Map<string, Item>();
  let total = 0;
  for (let u = 0; u < units; u++) {
    const p = rng.pick(DEMO_PRODUCTS);
    if (total + p.price > MAX_AMOUNT) break;
    const variant = p.variants.length > 0 ? rng.pick(p.variants) : null;
    const name = variant ? `${p.name} ${variant.name}` : p.name;
    const line = lines.get(name);
    if (line) line.quantity++;
    else lines.set(name, { sku: p.sku, name, quantity: 1, price: p.price });
    total += p.price;
  }
  return [...lines.values()];
}

export const itemsTotal = (items: readonly Item[]) => items.reduce((s, i) => s + i.quantity * i.price, 0);

/** A moment on a day chosen by the calendar's weights, between `from` and `to`. */
export function seasonalMoment(
  rng: Rng,
  cal: Calendar,
  from: number,
  to: number,
  channel: "store" | "online",
): number | null {
  for (let attempt = 0; attempt < 200; attempt++) {
    const day = cal.day(from + rng.next() * (to - from));
    if (!rng.chance(seasonality(day, channel) / SEASON_MAX[channel])) continue;
    const hour =
      channel === "store"
        ? storeHour(rng)
        : rng.int(rng.chance(0.6) ? 19 : 8, 23) * HOUR + rng.int(0, 59) * MINUTE;
    const at = day.start + hour;
    if (at >= from && at <= to) return at;
  }
  return null;
}

export class SaleFactory {
  private n = 0;
  readonly sales: Sale[] = [];
  constructor(
    private readonly rng: Rng,
    private readonly cal: Calendar,
  ) {}

  /** A store or online purchase of `person` at `at` (the ledger fills in the money). */
  add(person: Person, channel: "store" | "online", at: number, store?: StoreCode): Sale {
    const { rng } = this;
    const n = ++this.n;
    const items = basket(rng, person.persona === "heavy");
    const where = store ?? (person.store && rng.chance(0.85) ? person.store : person.shopsAt);
    const clerk =
      channel === "store"
        ? person.referrer && person.store === where && rng.chance(0.5)
          ? person.referrer
          : rng.pick(staffOf(where))
        : null;
    const sale: Sale = {
      id: `pur_crowd_${String(n).padStart(6, "0")}`,
      person,
      source: channel === "store" ? "staff" : "online",
      channel,
      store: channel === "store" ? where : "online",
      staff: clerk,
      attributed: channel === "store" ? clerk : person.referrer,
      externalId: channel === "store" ? `R${String(n).padStart(6, "0")}` : `WEB${String(n).padStart(6, "0")}`,
      amount: itemsTotal(items),
      at,
      items,
      couponId: null,
      discount: 0,
      pointsUsed: 0,
      paid: 0,
      earned: 0,
      refunded: 0,
    };
    this.sales.push(sale);
    return sale;
  }

  /** Everyone's store and online history from their persona. */
  addHistory(people: readonly Person[]): void {
    const { rng, cal } = this;
    const last = cal.now - 10 * MINUTE;
    for (const p of people) {
      const start = p.boundAt ?? p.createdAt;
      // Dormant members stop soon after they came; some casual ones drift away.
      const stop =
        p.persona === "dormant"
          ? start + rng.int(20, 90) * DAY
          : p.persona === "casual" && rng.chance(0.3)
            ? start + rng.int(60, 300) * DAY
            : last;
      const end = Math.min(last, stop);
      if (end <= start) continue;
      let count = rng.poisson((p.rate * (end - start)) / (365 * DAY));
      if (p.source === "store_qr" && p.store && rng.chance(0.7)) {
        // Bound at the counter while paying: the first sale is the binding's.
        this.add(p, "store", Math.min(last, start + rng.int(2, 15) * MINUTE), p.store);
        count = Math.max(0, count - 1);
      }
      for (let k = 0; k < count; k++) {
        const channel = rng.chance(p.online) ? "online" : "store";
        const at = seasonalMoment(rng, cal, start, end, channel);
        if (at !== null) this.add(p, channel, at);
      }
    }
  }
}
