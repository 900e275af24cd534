import { eq, sql } from "drizzle-orm";
import {
  appSettings,
  couponTemplates,
  keywordRules,
  knowledgeEntries,
  products,
  staff,
  stores,
} from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { seedDemoSale } from "../live";
import { DEMO_FAQ, DEMO_FAQ_EN, DEMO_KEYWORDS, DEMO_PRODUCTS, DEMO_STAFF, DEMO_STORES } from "./data";
import { seedDemoMembers } from "./members";

/**
 * Gives a fresh database the demo brand. Every row has a natural unique key (store code, staff
 * code, seed key, SKU) and is inserted with ON CONFLICT DO NOTHING, so running it again — or on
 * two processes at once — changes nothing, and rows an admin edited are left alone.
 */
export async function seedDemoData(deps: Pick<AppDeps, "db" | "ids" | "clock" | "config">): Promise<void> {
  const { db, ids } = deps;
  await batch(
    db,
    DEMO_STORES.map((s) =>
      db
        .insert(stores)
        .values({ id: ids.id("sto"), ...s })
        .onConflictDoNothing({ target: stores.code }),
    ),
  );
  const storeRows = await db.select({ id: stores.id, code: stores.code }).from(stores);
  const storeId = new Map(storeRows.map((s) => [s.code, s.id]));
  const statements = [
    ...DEMO_STAFF.map((s) =>
      db
        .insert(staff)
        .values({
          id: ids.id("stf"),
          code: s.code,
          name: s.name,
          role: s.role,
          storeId: s.storeCode ? (storeId.get(s.storeCode) ?? null) : null,
        })
        .onConflictDoNothing({ target: staff.code }),
    ),
    ...DEMO_FAQ.map((f) =>
      db
        .insert(knowledgeEntries)
        .values({
          id: ids.id("kb"),
          seedKey: `demo:${f.key}`,
          question: f.question,
          variants: [...f.variants],
          answer: f.answer,
          tags: [...f.tags],
        })
        .onConflictDoNothing({ target: knowledgeEntries.seedKey }),
    ),
    // Each entry's English translation, pointing at the zh-TW entry seeded above.
    ...DEMO_FAQ_EN.map((f) =>
      db
        .insert(knowledgeEntries)
        .select(
          db
            .select({
              id: sql`${ids.id("kb")}`.as("id"),
              question: sql`${f.question}`.as("question"),
              variants: sql`${JSON.stringify(f.variants)}`.as("variants"),
              answer: sql`${f.answer}`.as("answer"),
              tags: knowledgeEntries.tags,
              language: sql`'en'`.as("language"),
              translationOf: knowledgeEntries.id,
              seedKey: sql`${`demo:${f.key}:en`}`.as("seed_key"),
              createdAt: knowledgeEntries.createdAt,
              updatedAt: knowledgeEntries.updatedAt,
            })
            .from(knowledgeEntries)
            .where(eq(knowledgeEntries.seedKey, `demo:${f.key}`)),
        )
        .onConflictDoNothing(),
    ),
    ...DEMO_KEYWORDS.map((k) =>
      db
        .insert(keywordRules)
        .values({
          id: ids.id("kw"),
          seedKey: `demo:${k.key}`,
          match: k.match,
          pattern: k.pattern,
          priority: k.priority,
          replies: k.replies,
          repliesEn: k.repliesEn,
        })
        .onConflictDoNothing({ target: keywordRules.seedKey }),
    ),
    ...DEMO_PRODUCTS.map((p) =>
      db
        .insert(products)
        .values({
          id: ids.id("prd"),
          sku: p.sku,
          name: p.name,
          price: p.price,
          variants: p.variants.map((v) => ({ ...v, words: [...v.words] })),
        })
        .onConflictDoNothing({ target: products.sku }),
    ),
    db
      .insert(couponTemplates)
      .values({
        id: "tpl_demo_welcome",
        name: "新會員禮 NT$100 折價券",
        kind: "amount",
        value: 100,
        minSpend: 500,
        validDays: 60,
        channel: "both",
        createdAt: new Date(0),
      })
      .onConflictDoNothing(),
    db
      .insert(appSettings)
      .values({ key: "welcome_coupon_template", value: "tpl_demo_welcome" })
      .onConflictDoNothing(),
  ];
  await batch(db, statements);
  await seedDemoMembers(deps);
  await seedDemoSale(deps);
}
