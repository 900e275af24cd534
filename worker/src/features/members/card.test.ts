import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { couponTemplates, members, stores } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { chatLog, createFriend, say } from "../../../test/line-helpers";
import { earnPoints, issueCoupon, redeemCoupon, redeemPoints } from "../loyalty";

describe("member API and the card in chat", () => {
  let t: TestApp;
  let a: string;
  let b: string;
  let memberA: string;
  const get = async (userId: string, path: string) =>
    (
      await fetch(`${t.app.url}${path}`, {
        headers: { authorization: `Bearer ${await t.line.emulator.issueIdToken(userId)}` },
      })
    ).json();

  beforeAll(async () => {
    t = await startTestApp();
    a = await createFriend(t, "甲");
    b = await createFriend(t, "乙");
    memberA = ((await get(a, "/api/me")) as { member: { id: string } }).member.id;
    const soon = new Date(t.clock.now().getTime() + 20 * 86_400_000);
    const late = new Date(t.clock.now().getTime() + 400 * 86_400_000);
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      await earnPoints(t.app.deps, {
        memberId: memberA,
        points: 10 + i,
        idempotencyKey: `h${i}`,
        reason: `purchase ${i}`,
        actor: "system",
        expiresAt: i === 0 ? soon : late,
      });
    }
    await redeemPoints(t.app.deps, {
      memberId: memberA,
      points: 5,
      idempotencyKey: "h-r",
      reason: "cash",
      actor: "member",
    });
    await t.app.deps.db.insert(couponTemplates).values({
      id: "tpl_card",
      name: "生日禮 9 折",
      kind: "percent",
      value: 10,
      validDays: 30,
      perMemberLimit: 5,
      createdAt: t.clock.now(),
    });
    await issueCoupon(t.app.deps, { templateId: "tpl_card", memberId: memberA, issueKey: "k1" });
    const used = await issueCoupon(t.app.deps, { templateId: "tpl_card", memberId: memberA, issueKey: "k2" });
    await redeemCoupon(t.app.deps, { code: used.coupon.code, channel: "online", by: "online" });
  });
  afterAll(() => t.close());

  it("the card shows the code, the balance and what expires soon", async () => {
    const card = (await get(a, "/api/me/card")) as {
      memberCode: string;
      points: number;
      expiringSoon: { points: number };
    };
    expect(card.points).toBe(10 + 11 + 12 + 13 + 14 - 5);
    expect(card.expiringSoon.points).toBe(5); // the soon lot had 10, the redemption took 5 of it first
    expect(card.memberCode).toMatch(/^\d{16}$/);
  });

  it("points history pages newest first without gaps or repeats", async () => {
    const first = (await get(a, "/api/me/points?limit=4")) as {
      entries: Array<{ id: string; kind: string }>;
      nextCursor: string;
    };
    expect(first.entries.map((e) => e.kind)).toEqual(["redeem", "earn", "earn", "earn"]);
    const second = (await get(
      a,
      `/api/me/points?limit=4&before=${encodeURIComponent(first.nextCursor)}`,
    )) as {
      entries: Array<{ id: string }>;
      nextCursor: string | null;
    };
    expect(second.entries).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.entries, ...second.entries].map((e) => e.id)).size).toBe(6);
  });

  it("coupons by status", async () => {
    expect(((await get(a, "/api/me/coupons")) as { coupons: unknown[] }).coupons).toHaveLength(1);
    expect(
      ((await get(a, "/api/me/coupons?status=used")) as { coupons: Array<{ status: string }> }).coupons,
    ).toEqual([expect.objectContaining({ status: "redeemed", name: "生日禮 9 折" })]);
  });

  it("member B sees only B's data", async () => {
    expect(((await get(b, "/api/me/card")) as { points: number }).points).toBe(0);
    expect(((await get(b, "/api/me/points")) as { entries: unknown[] }).entries).toEqual([]);
    expect(((await get(b, "/api/me/coupons")) as { coupons: unknown[] }).coupons).toEqual([]);
  });

  it("「會員卡」in chat answers with the card in the member's language; a guest without a store gets an invitation", async () => {
    const last = async () => (await chatLog(t, a)).filter((e) => e.direction === "out").at(-1);
    await say(t, a, "會員卡");
    const invite = await last();
    expect(String(invite?.message.altText)).toBe("加入 OMO Demo 會員");
    expect(JSON.stringify(invite?.message)).not.toContain("Not a member yet");
    await t.app.deps.db.insert(stores).values({ id: "sto_card", code: "CARD1", name: "測試門市" });
    await t.app.deps.db.update(members).set({ homeStoreId: "sto_card" }).where(eq(members.id, memberA));
    // A's LINE language is zh-TW: the card is zh-TW only.
    await say(t, a, "我的會員卡");
    const card = await last();
    expect(String(card?.message.altText)).toBe("會員卡：55 點");
    expect(JSON.stringify(card?.message)).toContain("會員等級：一般會員");
    expect(JSON.stringify(card?.message)).not.toMatch(/Member|points|Show card/);
    // English (en-US in the profile): English only.
    await t.app.deps.db.update(members).set({ language: "en-US" }).where(eq(members.id, memberA));
    await say(t, a, "member card");
    const english = await last();
    expect(String(english?.message.altText)).toBe("Member card: 55 points");
    expect(JSON.stringify(english?.message)).toContain("Tier: Member");
    expect(JSON.stringify(english?.message)).toContain("Home store: 測試門市");
    expect(JSON.stringify(english?.message)).not.toMatch(/會員|點/);
  });
});
