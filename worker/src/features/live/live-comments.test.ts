import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { comment, json, liveKit, unit } from "./live-kit";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ demo: true });
});
afterEach(async () => {
  await t.close();
});
const { newSale, post, tally } = liveKit(() => t);

describe("comments", () => {
  it("answers one result per comment, in order, with what each did", async () => {
    const sale = await newSale();
    const results = await post(sale.id, [
      comment("u1", "我要A+1謝謝"),
      comment("u2", "+2"),
      comment("u3", "B02 紅 M +1"),
      comment("u3", "B02+1"),
      comment("u4", "Z+1"),
      comment("u5", "好漂亮"),
      comment("u6", "+1是什麼"),
      comment("u7", "1+1=2"),
      comment("u1", "A+1 B02 黑L+1"),
      comment("u8", "B02 藍 M+1"),
    ]);
    expect(results.map((r) => [r.commentId, r.outcome, r.reason])).toEqual([
      [results[0]?.commentId, "ordered", undefined],
      [results[1]?.commentId, "ordered", undefined],
      [results[2]?.commentId, "ordered", undefined],
      [results[3]?.commentId, "ask", "VARIANT_REQUIRED"],
      [results[4]?.commentId, "rejected", "UNKNOWN_CODE"],
      [results[5]?.commentId, "ignored", "NO_ORDER"],
      [results[6]?.commentId, "ignored", "QUESTION"],
      [results[7]?.commentId, "ignored", "ARITHMETIC"],
      [results[8]?.commentId, "ordered", undefined],
      [results[9]?.commentId, "rejected", "UNKNOWN_VARIANT"],
    ]);
    expect(results[1]?.items).toEqual([{ code: "A", qty: 2, status: "reserved" }]);
    expect(results[8]?.items).toEqual([
      { code: "A", qty: 1, status: "reserved" },
      { code: "B02", variant: "黑 L", qty: 1, status: "reserved" },
    ]);
    const rows = await tally(sale.id);
    expect(unit(rows, "A")).toMatchObject({ stock: 10, ordered: 4, remaining: 6, waitlisted: 0 });
    expect(unit(rows, "B02", "紅 M")).toMatchObject({ stock: 2, ordered: 1, remaining: 1 });
    expect(unit(rows, "B02", "黑 L")).toMatchObject({ stock: 1, ordered: 1, remaining: 0 });
  });

  it("never orders twice for a repeated comment id, in one batch or across batches", async () => {
    const sale = await newSale();
    const c = comment("u1", "A+1", "same");
    const first = await post(sale.id, [c, c]);
    expect(first.map((r) => r.outcome)).toEqual(["ordered", "duplicate"]);
    const again = await post(sale.id, [c]);
    expect(again.map((r) => r.outcome)).toEqual(["duplicate"]);
    // Same id on another platform is another comment.
    const fb = await post(sale.id, [{ ...c, platform: "youtube" }]);
    expect(fb[0]?.outcome).toBe("ordered");
    expect(unit(await tally(sale.id), "A").ordered).toBe(2);
  });

  it("200 buyers racing for 10 units: exactly 10 ordered, 190 waitlisted, never oversold", async () => {
    const sale = await newSale({ products: [{ code: "A", name: "限量杯", price: 500, stock: 10 }] });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => post(sale.id, [comment(`r${i}`, "+1", `race-${i}`)])),
    );
    const outcomes = results.map((r) => r[0]?.outcome);
    expect(outcomes.filter((o) => o === "ordered")).toHaveLength(10);
    expect(outcomes.filter((o) => o === "waitlisted")).toHaveLength(190);
    expect(unit(await tally(sale.id), "A")).toMatchObject({
      stock: 10,
      ordered: 10,
      remaining: 0,
      waitlisted: 190,
    });
  });

  it("holds a buyer to the per-buyer limit even when their comments arrive at once", async () => {
    const sale = await newSale({
      products: [{ code: "A", name: "限購商品", price: 100, stock: 50, perBuyerLimit: 2 }],
    });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post(sale.id, [comment("greedy", "A+1", `g-${i}`)])),
    );
    const outcomes = results.map((r) => r[0]);
    expect(outcomes.filter((r) => r?.outcome === "ordered")).toHaveLength(2);
    const rejected = outcomes.filter((r) => r?.outcome === "rejected");
    expect(rejected).toHaveLength(8);
    expect(rejected[0]?.reason).toBe("OVER_LIMIT");
    // +3 in one comment is over the limit as a whole.
    const [big] = await post(sale.id, [comment("other", "A+3")]);
    expect(big).toMatchObject({ outcome: "rejected", reason: "OVER_LIMIT" });
    expect(unit(await tally(sale.id), "A").ordered).toBe(2);
  });

  it("a cancel releases stock to the first waitlisted buyer, in comment order", async () => {
    const sale = await newSale({ products: [{ code: "A", name: "最後一件", price: 100, stock: 1 }] });
    const r = await post(sale.id, [comment("u1", "A+1"), comment("u2", "A+1"), comment("u3", "A+1")]);
    expect(r.map((x) => x.outcome)).toEqual(["ordered", "waitlisted", "waitlisted"]);
    expect(r[1]?.reason).toBe("SOLD_OUT");
    const [nothing] = await post(sale.id, [comment("u9", "A-1")]);
    expect(nothing).toMatchObject({ outcome: "rejected", reason: "NOTHING_TO_CANCEL" });
    const [cancel] = await post(sale.id, [comment("u1", "A-1")]);
    expect(cancel).toMatchObject({
      outcome: "cancelled",
      items: [{ code: "A", qty: -1, status: "cancelled" }],
    });
    expect(unit(await tally(sale.id), "A")).toMatchObject({ ordered: 1, remaining: 0, waitlisted: 1 });
    const orders = (await (await t.admin(`/api/lives/${sale.id}/orders`)).json()) as {
      orders: Array<{ buyer: { name: string }; lines: Array<{ status: string; position?: number }> }>;
    };
    const by = (name: string) => orders.orders.find((o) => o.buyer.name === name);
    expect(by("viewer u1")).toBeUndefined(); // nothing left in the cart
    expect(by("viewer u2")?.lines).toEqual([expect.objectContaining({ status: "reserved" })]);
    expect(by("viewer u3")?.lines).toEqual([expect.objectContaining({ status: "waitlisted", position: 1 })]);
  });

  it("a later comment in the same batch cannot jump the waitlist after a cancel", async () => {
    const sale = await newSale({ products: [{ code: "A", name: "一件", price: 100, stock: 1 }] });
    const r = await post(sale.id, [
      comment("u1", "A+1"),
      comment("u2", "A+1"),
      comment("u1", "A-1"),
      comment("u3", "A+1"),
    ]);
    expect(r.map((x) => x.outcome)).toEqual(["ordered", "waitlisted", "cancelled", "waitlisted"]);
    expect(unit(await tally(sale.id), "A")).toMatchObject({ ordered: 1, waitlisted: 1 });
  });

  it("cancelling your waitlisted unit first keeps the one you hold", async () => {
    const sale = await newSale({ products: [{ code: "A", name: "一件", price: 100, stock: 1 }] });
    await post(sale.id, [comment("u1", "A+1"), comment("u1", "A+1")]);
    expect(unit(await tally(sale.id), "A")).toMatchObject({ ordered: 1, waitlisted: 1 });
    await post(sale.id, [comment("u1", "A-1")]);
    expect(unit(await tally(sale.id), "A")).toMatchObject({ ordered: 1, waitlisted: 0 });
  });

  it("an unconfirmed cart expires, releasing stock to the waitlist; the buyer is reminded before", async () => {
    const sale = await newSale({
      holdMinutes: 60,
      products: [{ code: "A", name: "一件", price: 100, stock: 1 }],
    });
    await post(sale.id, [comment("u1", "A+1")]);
    t.clock.advance(30 * 60_000);
    await post(sale.id, [comment("u2", "A+1")]); // waitlisted; their cart holds until 90 min
    t.clock.advance(29 * 60_000);
    await t.app.sweep();
    expect(unit(await tally(sale.id), "A")).toMatchObject({ ordered: 1, waitlisted: 1 });
    t.clock.advance(2 * 60_000);
    await t.app.sweep();
    expect(unit(await tally(sale.id), "A")).toMatchObject({ ordered: 1, waitlisted: 0 });
    const orders = (await (await t.admin(`/api/lives/${sale.id}/orders?status=expired`)).json()) as {
      orders: Array<{ buyer: { name: string } }>;
    };
    expect(orders.orders.map((o) => o.buyer.name)).toEqual(["viewer u1"]);
  });

  it("the seller cancels an order: its stock goes to the waitlist", async () => {
    const sale = await newSale({ products: [{ code: "A", name: "一件", price: 100, stock: 1 }] });
    await post(sale.id, [comment("u1", "A+1"), comment("u2", "A+1")]);
    const list = (await (await t.admin(`/api/lives/${sale.id}/orders`)).json()) as {
      orders: Array<{ id: string; buyer: { name: string } }>;
    };
    const first = list.orders.find((o) => o.buyer.name === "viewer u1") as { id: string };
    const res = await t.admin(
      `/api/lives/${sale.id}/orders/${first.id}/status`,
      json({ status: "cancelled" }),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe("cancelled");
    expect(unit(await tally(sale.id), "A")).toMatchObject({ ordered: 1, waitlisted: 0 });
    // Cannot be paid now.
    const paid = await t.admin(`/api/lives/${sale.id}/orders/${first.id}/status`, json({ status: "paid" }));
    expect(paid.status).toBe(409);
  });

  it("refuses a batch over 1,000 comments and changes nothing", async () => {
    const sale = await newSale();
    const res = await t.admin(
      `/api/lives/${sale.id}/comments`,
      json({ comments: Array.from({ length: 1001 }, (_, i) => comment(`u${i}`, "A+1", `big-${i}`)) }),
    );
    expect(res.status).toBe(400);
    expect(unit(await tally(sale.id), "A").ordered).toBe(0);
  });
});
