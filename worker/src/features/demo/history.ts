/**
 * 示範歷史資料: a year of the demo brand's life for the sandbox, so every report, segment and the
 * RFM grid show something real on first start — ~2,400 members (crowd-people.ts), their store,
 * online and live purchases with items (crowd-sales.ts, crowd-live.ts), coupons, the points
 * ledger and tiers (crowd-ledger.ts), three campaigns with a holdout (crowd-campaigns.ts), tags,
 * chats, LIFF visits and the messages features sent (crowd-engagement.ts).
 *
 * Generated in memory from a fixed seed (dates relative to the clock, so the demo always looks
 * current) and written in ONE batch of guarded INSERT … SELECT statements (crowd-rows.ts): the
 * batch's first statement claims the guard row `demo:history` with this run's id and every other
 * statement inserts only for that id, so a second start — or a second process racing this one —
 * writes nothing. The run that wrote it then scores RFM once.
 */
import { eq, inArray, sql } from "drizzle-orm";
import { appSettings, couponTemplates, keywordRules, staff, stores } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { type BatchStatement, batch } from "../../lib/batch";
import { earnRules } from "../loyalty";
import { recomputeRfm } from "../marketing";
import { makeCampaigns } from "./crowd-campaigns";
import { makeEngagement } from "./crowd-engagement";
import { settleLedger, type Template } from "./crowd-ledger";
import { makeLive } from "./crowd-live";
import { makeCrowd, type StoreCode } from "./crowd-people";
import { Calendar, Rng } from "./crowd-rng";
import { insertRows, memberRows } from "./crowd-rows";
import { SaleFactory } from "./crowd-sales";

export const HISTORY_KEY = "demo:history";
/** The consent the crowd gave when registering (members/registration.ts's version, as members.ts uses). */
const CONSENT_VERSION = "2026-11";
const SEED = 20_261_111;
export const CAMPAIGN_TEMPLATE = {
  id: "tpl_demo_campaign",
  name: "門市會員回饋 NT$200",
  kind: "amount" as const,
  value: 200,
  minSpend: 1500,
  validDays: 21,
  perMemberLimit: 10,
};

type Deps = Pick<AppDeps, "db" | "ids" | "clock" | "config">;

/** Seeds the history once; true when this call wrote it. */
export async function seedDemoHistory(deps: Deps): Promise<boolean> {
  const { db } = deps;
  const [done] = await db.select().from(appSettings).where(eq(appSettings.key, HISTORY_KEY));
  if (done) return false;
  const tables = await generate(deps);
  const runId = deps.ids.uuid();
  const guard = sql`EXISTS (SELECT 1 FROM app_settings WHERE key = ${HISTORY_KEY} AND value = ${runId})`;
  const statements: BatchStatement[] = [
    db.insert(appSettings).values({ key: HISTORY_KEY, value: runId }).onConflictDoNothing(),
  ];
  for (const [table, rows] of tables) statements.push(...insertRows(db, table, rows, guard));
  // Issued counts follow the coupons there (a rerun recounts the same).
  statements.push(
    db.run(sql`UPDATE coupon_templates SET issued_count = (SELECT count(*) FROM coupons c WHERE c.template_id = coupon_templates.id)
      WHERE id IN (SELECT DISTINCT template_id FROM coupons)`),
  );
  await batch(db, statements);
  const [claimed] = await db.select().from(appSettings).where(eq(appSettings.key, HISTORY_KEY));
  if (claimed?.value !== runId) return false;
  await recomputeRfm(deps);
  return true;
}

/** Every table's rows, in an order that respects the foreign keys. */
async function generate(deps: Deps): Promise<Array<[string, Array<Record<string, unknown>>]>> {
  const { db, config } = deps;
  const storeRows = await db.select({ id: stores.id, code: stores.code }).from(stores);
  const staffRows = await db.select({ id: staff.id, code: staff.code }).from(staff);
  const rules = await db
    .select({ id: keywordRules.id, seedKey: keywordRules.seedKey })
    .from(keywordRules)
    .where(inArray(keywordRules.seedKey, ["demo:hours", "demo:returns", "demo:shipping", "demo:points"]));
  const templateRows = await db.select().from(couponTemplates);
  const store = Object.fromEntries(storeRows.map((s) => [s.code, s.id])) as Record<StoreCode, string>;
  const staffIds = Object.fromEntries(staffRows.map((s) => [s.code, s.id]));
  const template = (id: string, fallback?: Template): Template => {
    const t = templateRows.find((x) => x.id === id);
    if (!t && !fallback) throw new Error(`demo coupon template ${id} missing`);
    return t
      ? { id: t.id, kind: t.kind, value: t.value, minSpend: t.minSpend, validDays: t.validDays }
      : (fallback as Template);
  };
  const now = deps.clock.now().getTime();
  const rng = new Rng(SEED);
  const cal = new Calendar(now, config.brand.timeZone);

  const people = makeCrowd(rng, cal);
  const live = makeLive(rng, cal, people, { store, staff: staffIds });
  const factory = new SaleFactory(rng, cal);
  factory.addHistory(people);
  const campaign = template(CAMPAIGN_TEMPLATE.id, CAMPAIGN_TEMPLATE);
  const campaigns = makeCampaigns(rng, cal, people, factory, {
    live: live.purchases,
    store,
    couponTemplateId: campaign.id,
    couponName: CAMPAIGN_TEMPLATE.name,
    liffId: config.line.liffId,
    brand: config.brand.name,
  });
  const sales = [...factory.sales, ...live.purchases];
  const ledger = settleLedger(rng, cal, people, sales, {
    rules: await earnRules(db),
    timeZone: config.brand.timeZone,
    templates: {
      welcome: template("tpl_demo_welcome"),
      birthday: template("tpl_demo_birthday"),
      gold: template("tpl_demo_gold"),
      platinum: template("tpl_demo_platinum"),
    },
    store,
    staff: staffIds,
    claims: campaigns.claims.map((c) => ({ ...c, template: campaign })),
  });
  const engagement = makeEngagement(rng, cal, people, {
    sales,
    live,
    ledger,
    refs: {
      agent: staffIds.A001 ?? null,
      keywordRule: Object.fromEntries(rules.map((r) => [String(r.seedKey).replace("demo:", ""), r.id])),
    },
    liffId: config.line.liffId,
    brand: config.brand.name,
  });
  const { members, binding_scans } = memberRows(people, ledger.members, {
    store,
    staff: staffIds,
    consentVersion: CONSENT_VERSION,
  });
  const { perMemberLimit, name, ...tpl } = CAMPAIGN_TEMPLATE;
  const templates = [
    {
      id: tpl.id,
      name,
      kind: tpl.kind,
      value: tpl.value,
      min_spend: tpl.minSpend,
      channel: "both",
      valid_from: null,
      valid_until: null,
      valid_days: tpl.validDays,
      per_member_limit: perMemberLimit,
      total_quantity: null,
      issued_count: 0,
      active: 1,
      created_at: 0,
    },
  ];
  return [
    ["members", members],
    ["binding_scans", binding_scans],
    ["coupon_templates", templates],
    ["coupons", ledger.tables.coupons],
    ["purchases", ledger.tables.purchases],
    ["purchase_items", ledger.tables.purchase_items],
    ["refunds", ledger.tables.refunds],
    ["point_lots", ledger.tables.point_lots],
    ["point_entries", ledger.tables.point_entries],
    ["tier_changes", ledger.tables.tier_changes],
    ["member_tags", engagement.tables.member_tags],
    ["conversations", engagement.tables.conversations],
    ["conversation_messages", engagement.tables.conversation_messages],
    ["member_visits", engagement.tables.member_visits],
    ["live_sales", live.tables.live_sales],
    ["live_products", live.tables.live_products],
    ["live_variants", live.tables.live_variants],
    ["live_buyers", live.tables.live_buyers],
    ["live_orders", live.tables.live_orders],
    ["live_comments", live.tables.live_comments],
    ["live_lines", live.tables.live_lines],
    ["broadcasts", campaigns.tables.broadcasts],
    ["broadcast_members", campaigns.tables.broadcast_members],
    ["broadcast_chunks", campaigns.tables.broadcast_chunks],
    ["outbox_messages", [...campaigns.tables.outbox_messages, ...engagement.tables.outbox_messages]],
  ];
}
