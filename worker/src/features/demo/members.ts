import { inArray, sql } from "drizzle-orm";
import {
  appSettings,
  bindingScans,
  coupons,
  couponTemplates,
  members,
  pointEntries,
  pointLots,
  purchases,
  staff,
  stores,
  tierChanges,
} from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { type BatchStatement, batch } from "../../lib/batch";
import {
  AMOUNT_PER_POINT,
  endOfNextYear,
  LOYALTY_SETTINGS,
  newCouponCode,
  type TierCode,
  tierForSpend,
} from "../loyalty";

const DAY = 86_400_000;

/** Coupon templates events issue from (birthday once a year, so its per-member limit is high). */
const TEMPLATES = [
  {
    id: "tpl_demo_birthday",
    setting: LOYALTY_SETTINGS.birthdayCouponTemplate,
    name: "生日禮 9 折券",
    kind: "percent" as const,
    value: 10,
    minSpend: 0,
    validDays: 31,
    perMemberLimit: 100,
  },
  {
    id: "tpl_demo_gold",
    setting: LOYALTY_SETTINGS.goldCouponTemplate,
    name: "金卡升等禮 NT$300",
    kind: "amount" as const,
    value: 300,
    minSpend: 1000,
    validDays: 90,
    perMemberLimit: 1,
  },
  {
    id: "tpl_demo_platinum",
    setting: LOYALTY_SETTINGS.platinumCouponTemplate,
    name: "白金升等禮 NT$800",
    kind: "amount" as const,
    value: 800,
    minSpend: 2000,
    validDays: 90,
    perMemberLimit: 1,
  },
];

interface DemoPurchase {
  key: string;
  daysAgo: number;
  amount: number;
  pointsUsed?: number;
  /** The coupon (by its demo key) applied to this sale. */
  coupon?: string;
}
interface DemoMember {
  key: string;
  /** Fixed, so the sandbox README can point at it (type it on /staff/scan). */
  memberCode: string;
  name: string;
  phone: string;
  birthday: string;
  storeCode: string;
  staffCode: string;
  boundDaysAgo: number;
  purchases: DemoPurchase[];
  /** Coupons besides the welcome and tier-up ones: template, used or not. */
  coupons: Array<{ key: string; templateId: string; daysAgo: number; used?: string }>;
}

/**
 * 會員 with history for the sandbox: three members bound to the demo stores by demo staff, with a
 * year of purchases from their store's POS (points earned, some used as cash, a coupon used), their tier and its
 * history, and coupons used and unused; plus an offline customer (POS sales carrying phone
 * 0987-654-321, no card) to try merging. Nobody can sign in as them (they are not LINE users), so
 * staff look them up by card code: 8800 0000 0000 0001 – 0003.
 */
export const DEMO_MEMBERS: DemoMember[] = [
  {
    key: "lin",
    memberCode: "8800000000000001",
    name: "林怡君",
    phone: "+886912345001",
    birthday: "1990-05-20",
    storeCode: "TPE01",
    staffCode: "S001",
    boundDaysAgo: 300,
    purchases: [
      { key: "1", daysAgo: 290, amount: 2380, coupon: "welcome" },
      { key: "2", daysAgo: 200, amount: 4500 },
      { key: "3", daysAgo: 95, amount: 1680, pointsUsed: 40 },
      { key: "4", daysAgo: 30, amount: 4600 },
    ],
    coupons: [],
  },
  {
    key: "chen",
    memberCode: "8800000000000002",
    name: "陳建宏",
    phone: "+886912345002",
    birthday: "1985-12-08",
    storeCode: "TXG01",
    staffCode: "S003",
    boundDaysAgo: 40,
    purchases: [
      { key: "1", daysAgo: 35, amount: 890 },
      { key: "2", daysAgo: 12, amount: 1350 },
    ],
    coupons: [],
  },
  {
    key: "huang",
    memberCode: "8800000000000003",
    name: "黃美玲",
    phone: "+886912345003",
    birthday: "1979-08-30",
    storeCode: "KHH01",
    staffCode: "S004",
    boundDaysAgo: 340,
    purchases: [
      { key: "1", daysAgo: 330, amount: 8800, coupon: "welcome" },
      { key: "2", daysAgo: 250, amount: 12600 },
      { key: "3", daysAgo: 100, amount: 9900, pointsUsed: 150 },
      { key: "4", daysAgo: 20, amount: 3200, coupon: "birthday" },
    ],
    coupons: [{ key: "birthday", templateId: "tpl_demo_birthday", daysAgo: 25 }],
  },
];
export const DEMO_OFFLINE_PHONE = "+886987654321";

/** Seeds the demo members' history once (fixed ids; one batch, so a rerun or a race inserts nothing). */
export async function seedDemoMembers(deps: Pick<AppDeps, "db" | "ids" | "clock" | "config">): Promise<void> {
  const { db } = deps;
  const now = deps.clock.now().getTime();
  const tz = deps.config.brand.timeZone;
  const storeRows = await db.select({ id: stores.id, code: stores.code }).from(stores);
  const staffRows = await db.select({ id: staff.id, code: staff.code }).from(staff);
  const storeId = new Map(storeRows.map((s) => [s.code, s.id]));
  const staffId = new Map(staffRows.map((s) => [s.code, s.id]));
  const templates = new Map(TEMPLATES.map((t) => [t.id, t]));
  const statements: BatchStatement[] = [];

  for (const t of TEMPLATES) {
    const { setting, ...row } = t;
    statements.push(
      db
        .insert(couponTemplates)
        .values({ ...row, channel: "both", createdAt: new Date(0) })
        .onConflictDoNothing(),
      db.insert(appSettings).values({ key: setting, value: t.id }).onConflictDoNothing(),
    );
  }

  for (const m of DEMO_MEMBERS) {
    const memberId = `mem_demo_${m.key}`;
    const store = storeId.get(m.storeCode) ?? null;
    const clerk = staffId.get(m.staffCode) ?? null;
    const at = (daysAgo: number) => new Date(now - daysAgo * DAY);
    const couponRows: Array<typeof coupons.$inferInsert> = [];
    const coupon = (key: string, templateId: string, daysAgo: number, issueKey: string) => {
      const days = templates.get(templateId)?.validDays ?? 60;
      const row = {
        id: `cpn_demo_${m.key}_${key}`,
        templateId,
        memberId,
        code: newCouponCode(deps),
        status: "issued" as const,
        issueKey,
        issuedAt: at(daysAgo),
        validFrom: at(daysAgo),
        expiresAt: new Date(at(daysAgo).getTime() + days * DAY),
        redeemedAt: null as Date | null,
        redeemedBy: null as string | null,
        redeemedReference: null as string | null,
      };
      couponRows.push(row);
      return row;
    };
    const welcome = coupon("welcome", "tpl_demo_welcome", m.boundDaysAgo, `welcome:${memberId}`);
    welcome.expiresAt = new Date(welcome.issuedAt.getTime() + 60 * DAY);
    const byKey = new Map([["welcome", welcome]]);
    for (const c of m.coupons)
      byKey.set(c.key, coupon(c.key, c.templateId, c.daysAgo, `demo:${memberId}:${c.key}`));

    const lots: Array<typeof pointLots.$inferInsert & { remaining: number }> = [];
    const entries: Array<typeof pointEntries.$inferInsert> = [];
    const sales: Array<typeof purchases.$inferInsert> = [];
    const changes: Array<typeof tierChanges.$inferInsert> = [];
    let tier: TierCode = "regular";
    const entry = (
      key: string,
      kind: "earn" | "redeem",
      points: number,
      reason: string,
      lotId: string | null,
      when: Date,
    ): typeof pointEntries.$inferInsert => ({
      id: `pte_demo_${m.key}_${entries.length + 1}`,
      memberId,
      kind,
      points,
      idempotencyKey: key,
      reason,
      actor: `pos:${store}`,
      lotId,
      reference: key.replace(/:(earn|redeem)$/, ""),
      createdAt: when,
    });

    for (const p of [...m.purchases].sort((a, b) => b.daysAgo - a.daysAgo)) {
      const when = at(p.daysAgo);
      const externalId = `demo-${m.key}-${p.key}`;
      const ref = `pos:${store}:${externalId}`;
      const used = p.coupon ? byKey.get(p.coupon) : undefined;
      const discount = used
        ? templates.get(used.templateId)?.kind === "percent"
          ? Math.floor(p.amount / 10)
          : 100
        : 0;
      if (used)
        Object.assign(used, {
          status: "redeemed",
          redeemedAt: when,
          redeemedBy: `pos:${store}`,
          redeemedReference: ref,
        });
      const pointsUsed = p.pointsUsed ?? 0;
      if (pointsUsed > 0) {
        let left = pointsUsed;
        for (const lot of lots.sort((a, b) => Number(a.expiresAt) - Number(b.expiresAt))) {
          const take = Math.min(lot.remaining, left);
          lot.remaining -= take;
          left -= take;
        }
        entries.push(entry(`${ref}:redeem`, "redeem", -pointsUsed, "used as cash in store", null, when));
      }
      const paid = p.amount - discount - pointsUsed;
      const earned = Math.floor(paid / AMOUNT_PER_POINT);
      const lotId = `lot_demo_${m.key}_${p.key}`;
      lots.push({
        id: lotId,
        memberId,
        earned,
        remaining: earned,
        expiresAt: endOfNextYear(when, tz),
        createdAt: when,
      });
      entries.push(entry(`${ref}:earn`, "earn", earned, `store purchase NT$${paid}`, lotId, when));
      sales.push({
        id: `pur_demo_${m.key}_${p.key}`,
        source: "pos",
        externalId,
        memberId,
        channel: "store",
        storeId: store,
        staffId: null,
        attributedStaffId: null,
        amount: p.amount,
        couponId: used?.id ?? null,
        couponDiscount: discount,
        pointsUsed,
        paid,
        pointsEarned: earned,
        createdAt: when,
      });
      const spend = sales.reduce((s, x) => s + (x.paid ?? 0), 0);
      const reached = tierForSpend(spend);
      if (reached !== tier) {
        changes.push({
          id: `tch_demo_${m.key}_${p.key}`,
          memberId,
          fromTier: tier,
          toTier: reached,
          reason: "upgrade",
          spend,
          at: when,
        });
        const tpl = reached === "gold" ? "tpl_demo_gold" : "tpl_demo_platinum";
        coupon(`tier_${reached}`, tpl, p.daysAgo, `tier:${reached}:${memberId}`);
        tier = reached;
      }
    }
    const bound = at(m.boundDaysAgo);
    statements.push(
      db
        .insert(members)
        .values({
          id: memberId,
          // Not a LINE user: nothing is ever pushed to it (friendship unknown).
          lineUserId: `Udemo${m.key.padEnd(28, "0")}`,
          memberCode: m.memberCode,
          status: "member",
          friendship: "unknown",
          displayName: m.name,
          homeStoreId: store,
          referrerStaffId: clerk,
          source: "store_qr",
          boundAt: bound,
          registeredAt: bound,
          name: m.name,
          phone: m.phone,
          birthday: m.birthday,
          consentVersion: "2026-11",
          consentAt: bound,
          pointsBalance: entries.reduce((s, e) => s + (e.points ?? 0), 0),
          tier,
          createdAt: bound,
          updatedAt: bound,
        })
        .onConflictDoNothing(),
      db
        .insert(bindingScans)
        .values({
          id: `bsc_demo_${m.key}`,
          tokenId: `demo-qr-${m.storeCode}`,
          memberId,
          lineUserId: `Udemo${m.key.padEnd(28, "0")}`,
          storeId: store,
          staffId: clerk,
          source: "store_qr",
          result: "bound",
          scannedAt: bound,
        })
        .onConflictDoNothing(),
      ...couponRows.map((c) => db.insert(coupons).values(c).onConflictDoNothing()),
      ...sales.map((s) => db.insert(purchases).values(s).onConflictDoNothing()),
      ...lots.map((l) => db.insert(pointLots).values(l).onConflictDoNothing()),
      ...entries.map((e) => db.insert(pointEntries).values(e).onConflictDoNothing()),
      ...changes.map((c) => db.insert(tierChanges).values(c).onConflictDoNothing()),
    );
  }

  // The offline customer: two POS sales at the Taipei store with a phone and no card.
  const taipei = storeId.get("TPE01") ?? null;
  for (const [i, [daysAgo, amount]] of [
    [45, 1980],
    [8, 3250],
  ].entries()) {
    statements.push(
      db
        .insert(purchases)
        .values({
          id: `pur_demo_offline_${i + 1}`,
          source: "pos",
          externalId: `DEMO-POS-${i + 1}`,
          memberId: null,
          channel: "store",
          storeId: taipei,
          amount: amount as number,
          paid: amount as number,
          customerPhone: DEMO_OFFLINE_PHONE,
          createdAt: new Date(now - (daysAgo as number) * DAY),
        })
        .onConflictDoNothing(),
    );
  }
  // Issued counts follow the coupons actually there (a rerun recounts the same).
  statements.push(
    db
      .update(couponTemplates)
      .set({
        issuedCount: sql`(SELECT count(*) FROM ${coupons} WHERE ${coupons.templateId} = ${couponTemplates.id})`,
      })
      .where(inArray(couponTemplates.id, ["tpl_demo_welcome", ...TEMPLATES.map((t) => t.id)])),
  );
  await batch(db, statements);
}
