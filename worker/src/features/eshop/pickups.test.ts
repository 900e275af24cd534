/**
 * 線上買門市取 on the real server: a paid online order with a pickup store is worked by that
 * store's clerk — 待備貨 → 備貨中 → 可取貨 (the member's LINE chat gets one message with the
 * order, the store and a pickup code, however often it is marked ready) → 已取貨 with the member's
 * card or that code (the order fulfilled). Another member's card, a wrong code, another store's
 * clerk and steps out of order are refused, changing nothing; a ready order waits N days before
 * it is flagged overdue (the admin's setting), on the manual clock.
 */
import { afterEach, describe, expect, it } from "vitest";
import { eshopKit } from "../../../test/eshop-kit";
import { startTestApp, type TestApp } from "../../../test/harness";
import { chatLog } from "../../../test/line-helpers";
import { errorOf } from "../../../test/member-kit";

type Pickup = {
  id: string;
  orderId: string;
  state: string;
  pickupState: string;
  overdue: boolean;
  total: number;
  lines: Array<{ name: string; quantity: number }>;
  member: { memberCode: string; displayName: string | null } | null;
  readyAt: string | null;
};
type List = { overdueDays: number; counts: Record<string, number>; pickups: Pickup[] };
const DAY = 86_400_000;

async function setup(t: TestApp) {
  const k = eshopKit(t);
  const shop = await k.shop();
  const stores = await k.stores();
  const taipei = stores.find((s) => s.code === "TPE01");
  if (!taipei) throw new Error("no Taipei store");
  const clerk = await k.clerk("TPE01", 0, "王店員");
  const member = await k.member("林小美", "0912345678");
  let n = 0;
  const order = async (body: Record<string, unknown> = {}) => {
    const res = await shop.order({
      orderId: `SO-${++n}`,
      customer: { memberCode: member.memberCode },
      lines: [{ sku: "TEE-01", name: "有機棉T恤", quantity: 2, price: 590 }],
      total: 1180,
      pickupStoreId: taipei.id,
      paid: true,
      ...body,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { id: string; orderId: string };
  };
  const step = (user: string, id: string, name: string, body?: unknown) =>
    k.post(user, `/api/staff/pickups/${id}/${name}`, body ?? {});
  const list = (user: string, query = "") => k.json<List>(k.get(user, `/api/staff/pickups${query}`));
  /** The pickup messages in the member's chat. */
  const messages = async () =>
    (await chatLog(t, member.userId)).filter(
      (e) => e.direction === "out" && String(e.message.altText ?? "").includes("取貨碼"),
    );
  return { k, shop, taipei, clerk, member, order, step, list, messages };
}

describe("線上買門市取 (store pickup of online orders)", () => {
  let t: TestApp;
  afterEach(() => t.close());

  it("waiting → preparing → ready (one LINE message, however often) → picked up with the card: fulfilled", async () => {
    t = await startTestApp({ demo: true });
    const s = await setup(t);
    const o = await s.order();
    const before = await s.list(s.clerk);
    expect(before.counts).toEqual({ waiting: 1, preparing: 0, ready: 0, overdue: 0 });
    expect(before.pickups).toHaveLength(1);
    expect(before.pickups[0]).toMatchObject({
      id: o.id,
      orderId: "SO-1",
      state: "paid",
      pickupState: "waiting",
      total: 1180,
      overdue: false,
      member: { memberCode: s.member.memberCode, displayName: "林小美" },
      lines: [{ name: "有機棉T恤", quantity: 2 }],
    });

    expect(await (await s.step(s.clerk, o.id, "preparing")).json()).toMatchObject({
      pickupState: "preparing",
    });
    expect((await s.step(s.clerk, o.id, "preparing")).status).toBe(200); // a double tap
    const ready = await Promise.all([1, 2, 3].map(() => s.step(s.clerk, o.id, "ready")));
    expect(ready.map((r) => r.status)).toEqual([200, 200, 200]);
    await t.settle();
    expect((await s.step(s.clerk, o.id, "ready")).status).toBe(200);
    await t.settle();
    const sent = await s.messages();
    expect(sent).toHaveLength(1);
    const text = JSON.stringify(sent[0]?.message);
    for (const want of [
      "SO-1",
      "有機棉T恤 ×2",
      "NT$1,180",
      "台北信義旗艦店",
      "台北市信義區松高路 11 號",
      "取貨碼",
    ])
      expect(text).toContain(want);
    // Back to preparing once ready: refused.
    const back = await s.step(s.clerk, o.id, "preparing");
    expect(back.status).toBe(409);
    expect((await errorOf(back)).details?.reason).toBe("PICKUP_STATE");

    const done = await s.step(s.clerk, o.id, "picked-up", { memberCode: s.member.memberCode });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ state: "fulfilled", pickupState: "picked_up" });
    const again = await s.step(s.clerk, o.id, "picked-up", { memberCode: s.member.memberCode });
    expect(await again.json()).toMatchObject({ state: "fulfilled", pickupState: "picked_up" });
    expect((await s.list(s.clerk)).pickups).toEqual([]);
    expect((await s.list(s.clerk, "?state=picked_up")).pickups.map((p) => p.orderId)).toEqual(["SO-1"]);
  });

  it("refuses another member's card and a wrong code (changing nothing); the code in the message works", async () => {
    t = await startTestApp({ demo: true });
    const s = await setup(t);
    const o = await s.order();
    const early = await s.step(s.clerk, o.id, "picked-up", { memberCode: s.member.memberCode });
    expect(early.status).toBe(409);
    expect((await errorOf(early)).details?.reason).toBe("NOT_READY");
    await s.step(s.clerk, o.id, "ready");
    await t.settle();
    const other = await s.k.member("陳先生", "0922333444");
    const wrong = await s.step(s.clerk, o.id, "picked-up", { memberCode: other.memberCode });
    expect(wrong.status).toBe(422);
    expect((await errorOf(wrong)).details?.reason).toBe("WRONG_CUSTOMER");
    const badCode = await s.step(s.clerk, o.id, "picked-up", { pickupCode: "AAAAA-AAAAA" });
    expect(badCode.status).toBe(422);
    const none = await s.step(s.clerk, o.id, "picked-up", {});
    expect(none.status).toBe(400);
    expect((await s.list(s.clerk, "?state=ready")).pickups.map((p) => p.pickupState)).toEqual(["ready"]);
    const alt = String((await s.messages())[0]?.message.altText);
    const code = alt.match(/取貨碼 (\w{5}-\w{5})/)?.[1];
    expect(code).toBeTruthy();
    // Typed in lower case, without the hyphen.
    const done = await s.step(s.clerk, o.id, "picked-up", {
      pickupCode: code?.replace("-", "").toLowerCase(),
    });
    expect(await done.json()).toMatchObject({ state: "fulfilled", pickupState: "picked_up" });
  });

  it("another store's clerk neither sees nor works the order; unpaid orders wait for payment", async () => {
    t = await startTestApp({ demo: true });
    const s = await setup(t);
    const o = await s.order();
    const kaohsiung = await s.k.clerk("KHH01", 0, "高雄店員");
    expect((await s.list(kaohsiung)).pickups).toEqual([]);
    for (const name of ["preparing", "ready", "picked-up"]) {
      const res = await s.step(kaohsiung, o.id, name, { memberCode: s.member.memberCode });
      expect(res.status).toBe(403);
      expect((await errorOf(res)).details?.reason).toBe("WRONG_STORE");
    }
    // Naming the Taipei store does not help a Kaohsiung clerk.
    const named = await s.k.get(kaohsiung, `/api/staff/pickups?storeId=${s.taipei.id}`);
    expect(named.status).toBe(403);
    expect((await s.step(s.clerk, "ord_nope", "ready")).status).toBe(404);
    // A shopper who is not staff.
    expect((await s.k.get(s.member.userId, "/api/staff/pickups")).status).toBe(403);
    await t.settle();
    expect(await s.messages()).toEqual([]);
    expect((await s.list(s.clerk)).pickups[0]?.pickupState).toBe("waiting");

    const unpaid = await s.order({ paid: false });
    expect((await s.list(s.clerk)).pickups.map((p) => p.id)).toEqual([o.id]);
    const res = await s.step(s.clerk, unpaid.id, "preparing");
    expect(res.status).toBe(409);
    expect((await errorOf(res)).details?.reason).toBe("NOT_PAID");
  });

  it("a ready order not collected within the admin's N days is flagged overdue for the store", async () => {
    t = await startTestApp({ demo: true });
    const s = await setup(t);
    expect(await (await t.admin("/api/admin/eshop/pickup-settings")).json()).toEqual({ overdueDays: 7 });
    const put = await t.admin("/api/admin/eshop/pickup-settings", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ overdueDays: 3 }),
    });
    expect(await put.json()).toEqual({ overdueDays: 3 });
    const o = await s.order();
    await s.step(s.clerk, o.id, "ready");
    t.clock.advance(3 * DAY - 60_000);
    let l = await s.list(s.clerk);
    expect(l.pickups[0]?.overdue).toBe(false);
    expect(l.counts.overdue).toBe(0);
    expect((await s.list(s.clerk, "?state=overdue")).pickups).toEqual([]);
    t.clock.advance(60_000);
    l = await s.list(s.clerk);
    expect(l).toMatchObject({ overdueDays: 3, counts: { ready: 1, overdue: 1 } });
    expect(l.pickups[0]?.overdue).toBe(true);
    expect((await s.list(s.clerk, "?state=overdue")).pickups.map((p) => p.id)).toEqual([o.id]);
    // Collected late is still collected.
    const done = await s.step(s.clerk, o.id, "picked-up", { memberCode: s.member.memberCode });
    expect(await done.json()).toMatchObject({ state: "fulfilled", overdue: false });
    expect((await s.list(s.clerk)).counts.overdue).toBe(0);
  });
});
