import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, purchases } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { kit } from "../../../test/member-kit";
import type { Actor } from "../audit";
import { recordPurchase } from "./purchases";
import { refundPurchase } from "./refunds";

/**
 * The audit entries of purchases and refunds are gated on the row the call inserted. Calls made
 * side by side all pass the "done already?" read before any batch runs, so only that gate keeps
 * the log at one entry per purchase and per refund.
 */
describe("purchase and refund audit entries: one per row, even for twins racing past the replay check", () => {
  let t: TestApp;
  let storeId: string;
  let member: { id: string; memberCode: string };
  const actor: Actor = { kind: "staff", id: "stf_race", name: "併發店員" };
  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.admin("/api/admin/stores", {
      method: "POST",
      body: JSON.stringify({ code: "RACE1", name: "併發門市" }),
    });
    storeId = ((await res.json()) as { id: string }).id;
    member = await kit(t).member("併發會員", "0912000444");
  });
  afterAll(() => t.close());

  const entries = (action: "purchase.record" | "purchase.refund") =>
    t.app.deps.db.select().from(auditLog).where(eq(auditLog.action, action));
  /** A twin that lost the insert had its own purchase id: count by the caller's id instead. */
  const recorded = async (externalId: string) =>
    (await entries("purchase.record")).filter((e) => e.after?.externalId === externalId);

  const record = (externalId: string) =>
    recordPurchase(t.app.deps, {
      source: "staff",
      externalId,
      storeId,
      staffId: actor.id,
      memberCode: member.memberCode,
      amount: 1000,
      actor,
    });

  it("five twins of one purchase: one purchase, one entry", async () => {
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => record("race-purchase-1")));
    const ids = new Set(results.map((r) => r.purchase.id));
    expect(ids.size).toBe(1);
    const logged = await recorded("race-purchase-1");
    expect(logged.map((e) => e.subjectId)).toEqual([...ids]);
    // And a later retry: still one.
    expect((await record("race-purchase-1")).replayed).toBe(true);
    expect(await recorded("race-purchase-1")).toHaveLength(1);
  });

  it("twins of one refund, and refunds that together ask more than was paid: one entry per refund made", async () => {
    const { purchase } = await record("race-purchase-2");
    const refund = (refundId: string, amount?: number) =>
      refundPurchase(t.app.deps, {
        source: "staff",
        storeId,
        staffId: actor.id,
        refundId,
        purchase,
        amount,
        actor,
      });
    const twins = await Promise.allSettled([1, 2, 3, 4].map(() => refund("race-refund-1", 300)));
    expect(twins.every((r) => r.status === "fulfilled")).toBe(true);
    expect(await entries("purchase.refund")).toHaveLength(1);

    // 700 left: three refunds of 700 at once, one of them fits.
    const rivals = await Promise.allSettled(["a", "b", "c"].map((x) => refund(`race-refund-2${x}`, 700)));
    expect(rivals.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [row] = await t.app.deps.db.select().from(purchases).where(eq(purchases.id, purchase.id));
    expect(row?.refundedAmount).toBe(1000);
    const logged = await entries("purchase.refund");
    expect(logged.map((e) => [e.before, e.after?.refundedAmount])).toEqual([
      [{ refundedAmount: 0 }, 300],
      [{ refundedAmount: 300 }, 1000],
    ]);
  });
});
