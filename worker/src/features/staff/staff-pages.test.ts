/** The endpoints behind the LIFF staff pages: today's figures, my binding QR, repeat-safe redemption. */

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { couponTemplates, staff } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";
import { readBindingToken } from "../binding";
import { issueCoupon } from "../loyalty";
import { maskName, startOfDay } from "./today";

type Store = { id: string; code: string; staff: Array<{ id: string; code: string }> };

describe("startOfDay and maskName", () => {
  it("finds midnight in the brand's zone", () => {
    // 2026-11-24 01:30 Taipei is 2026-11-23 17:30 UTC; that day began at 2026-11-23 16:00 UTC.
    expect(startOfDay(new Date("2026-11-23T17:30:00Z"), "Asia/Taipei").toISOString()).toBe(
      "2026-11-23T16:00:00.000Z",
    );
    expect(startOfDay(new Date("2026-11-23T15:59:59Z"), "Asia/Taipei").toISOString()).toBe(
      "2026-11-22T16:00:00.000Z",
    );
    expect(startOfDay(new Date("2026-07-01T12:00:00Z"), "UTC").toISOString()).toBe(
      "2026-07-01T00:00:00.000Z",
    );
  });
  it("masks names", () => {
    expect(maskName("王小明")).toBe("王＊明");
    expect(maskName("小美")).toBe("小＊");
    expect(maskName("Amy")).toBe("A＊y");
    expect(maskName(null)).toBeNull();
  });
});

describe("staff pages API", () => {
  let t: TestApp;
  let stores: Store[];
  let clerk: string;
  let otherClerk: string;
  let agent: string;
  let shopper: string;

  const as = async (userId: string, path: string, body?: unknown) =>
    fetch(`${t.app.url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: {
        authorization: `Bearer ${await t.line.emulator.issueIdToken(userId)}`,
        "content-type": "application/json",
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const join = async (userId: string, staffId: string) => {
    const { token } = (await (
      await t.admin(`/api/admin/staff/${staffId}/invite`, { method: "POST" })
    ).json()) as { token: string };
    expect((await as(userId, "/api/staff/join", { token })).status).toBe(200);
  };
  const store = (code: string) => stores.find((s) => s.code === code) as Store;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    stores = ((await (await t.admin("/api/admin/stores")).json()) as { stores: Store[] }).stores;
    [clerk, otherClerk, agent, shopper] = await Promise.all([
      createFriend(t, "王小明"),
      createFriend(t, "林志豪"),
      createFriend(t, "客服"),
      createFriend(t, "顧客"),
    ]);
    await join(clerk, (store("TPE01").staff[0] as { id: string }).id);
    await join(otherClerk, (store("TXG01").staff[0] as { id: string }).id);
    const [a001] = await t.app.deps.db.select().from(staff).where(eq(staff.code, "A001"));
    await join(agent, (a001 as { id: string }).id);
  });
  afterAll(() => t.close());

  it("gives a clerk their store's QR and a personal one that credits them", async () => {
    const res = await as(clerk, "/api/staff/binding-qr");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      store: { id: string };
      staff: { id: string };
      storeLink: { url: string };
      personalLink: { url: string };
    };
    expect(body.store.id).toBe(store("TPE01").id);
    const token = (url: string) => decodeURIComponent(new URL(url).searchParams.get("t") ?? "");
    expect(body.storeLink.url).toMatch(/^https:\/\/liff\.line\.me\/.+\/bind\?t=/);
    const storeClaims = await readBindingToken(t.app.deps, token(body.storeLink.url));
    const mine = await readBindingToken(t.app.deps, token(body.personalLink.url));
    expect(storeClaims).toMatchObject({ storeId: store("TPE01").id, staffId: null, source: "store_qr" });
    expect(mine).toMatchObject({ storeId: store("TPE01").id, staffId: body.staff.id });
  });

  it("counts today's bindings and purchases for me and for my store only", async () => {
    const qr = (await (await as(clerk, "/api/staff/binding-qr")).json()) as { personalLink: { url: string } };
    const token = decodeURIComponent(new URL(qr.personalLink.url).searchParams.get("t") ?? "");
    expect((await as(shopper, "/api/bind", { token, consent: true })).status).toBe(200);
    const me = (await (await as(shopper, "/api/me")).json()) as { member: { memberCode: string } };
    const bought = await as(clerk, "/api/staff/purchases", {
      purchaseId: "today-0001",
      memberCode: me.member.memberCode,
      amount: 1280,
    });
    expect(bought.status).toBe(200);

    const today = (await (await as(clerk, "/api/staff/today")).json()) as {
      me: { membersBound: number; purchases: number; paid: number; pointsEarned: number };
      storeTotals: { membersBound: number; purchases: number };
      purchases: Array<{ byMe: boolean; memberCode: string; paid: number }>;
      members: Array<{ byMe: boolean; name: string }>;
    };
    expect(today.me).toEqual({ membersBound: 1, purchases: 1, paid: 1280, pointsEarned: 12 });
    expect(today.storeTotals).toMatchObject({ membersBound: 1, purchases: 1 });
    expect(today.purchases[0]).toMatchObject({ byMe: true, paid: 1280 });
    expect(today.purchases[0]?.memberCode).toBe(`…${me.member.memberCode.slice(-4)}`);
    expect(today.members[0]).toMatchObject({ byMe: true, name: "顧＊" });

    // Another store's clerk sees none of it.
    const other = (await (await as(otherClerk, "/api/staff/today")).json()) as {
      me: { purchases: number };
      storeTotals: { purchases: number; membersBound: number };
    };
    expect(other.storeTotals).toMatchObject({ purchases: 0, membersBound: 0 });

    // Tomorrow (brand time zone) starts from zero.
    t.clock.advance(24 * 3600_000);
    const tomorrow = (await (await as(clerk, "/api/staff/today")).json()) as { me: { purchases: number } };
    expect(tomorrow.me.purchases).toBe(0);
  });

  it("a refunded purchase says how much in Today and in the member's points history", async () => {
    const me = (await (await as(shopper, "/api/me")).json()) as { member: { memberCode: string } };
    const bought = (await (
      await as(clerk, "/api/staff/purchases", {
        purchaseId: "today-refund-1",
        memberCode: me.member.memberCode,
        amount: 2000,
      })
    ).json()) as { id: string };
    const refund = await as(clerk, `/api/staff/purchases/${bought.id}/refund`, {
      refundId: "refund-shown-1",
      amount: 500,
    });
    expect(refund.status).toBe(200);
    const today = (await (await as(clerk, "/api/staff/today")).json()) as {
      purchases: Array<{ id: string; paid: number; refunded: number }>;
    };
    expect(today.purchases.find((p) => p.id === bought.id)).toMatchObject({ paid: 2000, refunded: 500 });
    const history = (await (await as(shopper, "/api/me/points")).json()) as {
      entries: Array<{ kind: string; points: number; refundedAmount: number | null }>;
    };
    expect(history.entries.find((e) => e.kind === "reverse")).toMatchObject({
      points: -5,
      refundedAmount: 500,
    });
    expect(history.entries.filter((e) => e.kind !== "reverse").every((e) => e.refundedAmount === null)).toBe(
      true,
    );
  });

  it("redeems a coupon once; the same request repeated answers the same success", async () => {
    const me = (await (await as(shopper, "/api/me")).json()) as { member: { id: string } };
    const [tpl] = await t.app.deps.db
      .insert(couponTemplates)
      .values({
        id: "ctp_pages",
        name: "門市折 50",
        kind: "amount",
        value: 50,
        validDays: 30,
        createdAt: t.clock.now(),
      })
      .returning();
    const { coupon } = await issueCoupon(t.app.deps, {
      templateId: (tpl as { id: string }).id,
      memberId: me.member.id,
      issueKey: "pages:1",
    });
    const first = await as(clerk, "/api/staff/coupons/redeem", {
      code: coupon.code,
      requestId: "redeem-0001",
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: "redeemed", name: "門市折 50", replayed: false });
    const again = await as(clerk, "/api/staff/coupons/redeem", {
      code: coupon.code,
      requestId: "redeem-0001",
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ replayed: true });
    // A new attempt (another screen, another clerk) is told it was used.
    const other = await as(clerk, "/api/staff/coupons/redeem", {
      code: coupon.code,
      requestId: "redeem-0002",
    });
    expect(other.status).toBe(422);
    expect(((await other.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe(
      "ALREADY_REDEEMED",
    );
  });

  it("refuses members and staff without a store", async () => {
    for (const path of ["/api/staff/today", "/api/staff/binding-qr"]) {
      expect((await as(shopper, path)).status).toBe(403);
      expect((await as(agent, path)).status).toBe(403);
    }
    expect((await fetch(`${t.app.url}/api/staff/today`)).status).toBe(401);
  });
});
