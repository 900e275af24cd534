/** POS lines are kept as the purchase's items (once), follow a merge, and feed "bought X" segments. */
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purchaseItems, purchases } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { kit } from "../../../test/member-kit";
import { D1_LIMITS } from "../../deps";
import { recordPurchase } from "../loyalty";

describe("POS transaction lines → purchase_items", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let key: string;
  let storeId: string;
  const itemsOf = async (externalId: string) => {
    const [p] = await t.app.deps.db.select().from(purchases).where(eq(purchases.externalId, externalId));
    return t.app.deps.db
      .select()
      .from(purchaseItems)
      .where(eq(purchaseItems.purchaseId, p?.id ?? ""))
      .orderBy(asc(purchaseItems.line));
  };
  const preview = async (rule: unknown) =>
    (await (
      await t.admin("/api/segments/preview", { method: "POST", body: JSON.stringify({ rule }) })
    ).json()) as {
      count: number;
      sample: Array<{ memberId: string }>;
    };

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    k = kit(t);
    storeId = (await k.stores()).find((s) => s.code === "TPE01")?.id as string;
    key = await k.posKey(storeId);
  });
  afterAll(() => t.close());

  it("stores the lines with the purchase; a repeated transaction adds nothing; bought finds the member", async () => {
    const m = await k.member("買杯子", "0912555001");
    const lines = [
      { sku: "MUG-002", name: "手作陶瓷馬克杯", quantity: 2, price: 450 },
      { sku: "SOCK-004", name: "羊毛襪三入組", quantity: 1, price: 399 },
    ];
    const tx = { externalId: "POS-ITEMS-1", memberCode: m.memberCode, total: 1299, lines };
    expect((await k.pos(key, "/api/pos/transactions", tx)).status).toBe(200);
    const again = await k.pos(key, "/api/pos/transactions", {
      ...tx,
      lines: [...lines, { sku: "BAG-003", name: "帆布托特包", quantity: 1, price: 890 }],
    });
    expect(await k.json(again)).toMatchObject({ replayed: true });
    const items = await itemsOf("POS-ITEMS-1");
    expect(items.map((i) => [i.line, i.sku, i.name, i.quantity, i.price, i.memberId])).toEqual([
      [0, "MUG-002", "手作陶瓷馬克杯", 2, 450, m.id],
      [1, "SOCK-004", "羊毛襪三入組", 1, 399, m.id],
    ]);

    expect(await preview({ field: "bought", op: "has", value: "MUG-002" })).toMatchObject({
      count: 1,
      sample: [{ memberId: m.id }],
    });
    expect((await preview({ field: "bought", op: "has", value: "BAG-003" })).count).toBe(0);
    expect(
      (await preview({ field: "bought", op: "hasAny", value: ["SOCK-004", "BAG-003"], days: 7 })).count,
    ).toBe(1);
  });

  it("a walk-in's lines have no member until the customer is merged, then they are the member's", async () => {
    const phone = "0912-555-002";
    const sale = { externalId: "POS-ITEMS-2", total: 890, customerPhone: phone };
    const lines = [{ sku: "BAG-003", name: "帆布托特包", quantity: 1, price: 890 }];
    expect((await k.pos(key, "/api/pos/transactions", { ...sale, lines })).status).toBe(200);
    expect((await itemsOf("POS-ITEMS-2")).map((i) => i.memberId)).toEqual([null]);
    expect((await preview({ field: "bought", op: "has", value: "BAG-003" })).count).toBe(0);

    const m = await k.member("歸戶買包", "0912555002");
    const code = await k.json<{ code: string }>(k.pos(key, "/api/pos/merge-codes", { phone }));
    expect((await k.post(m.userId, "/api/me/merge", { code: code.code })).status).toBe(200);
    expect((await itemsOf("POS-ITEMS-2")).map((i) => i.memberId)).toEqual([m.id]);
    expect(await preview({ field: "bought", op: "has", value: "BAG-003" })).toMatchObject({
      count: 1,
      sample: [{ memberId: m.id }],
    });
  });

  it("many lines fit the D1 parameter limit: chunked statements in the purchase's batch", async () => {
    const lines = Array.from({ length: 45 }, (_, i) => ({
      sku: `SKU-${i}`,
      name: `品項 ${i}`,
      quantity: 1,
      price: 10,
    }));
    const { purchase } = await recordPurchase(
      { ...t.app.deps, dbLimits: D1_LIMITS },
      { source: "pos", externalId: "POS-ITEMS-3", storeId, staffId: null, amount: 450, items: lines },
    );
    const items = await t.app.deps.db
      .select()
      .from(purchaseItems)
      .where(eq(purchaseItems.purchaseId, purchase.id))
      .orderBy(asc(purchaseItems.line));
    expect(items.map((i) => i.sku)).toEqual(lines.map((l) => l.sku));
  });
});
