import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bindingScans, couponGifts, coupons, members } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";
import { type DemoStore, errorOf, kit } from "../../../test/member-kit";
import { loadDoc, responseValidator } from "../../../test/openapi-kit";
import { redeemCoupon } from "./coupons";
import { GIFT_TTL_MS } from "./gifts";

type MyCoupon = {
  code: string;
  name: string;
  transferable: boolean;
  gift: { state: string; expiresAt: string } | null;
};
type Created = { giftId: string; url: string; expiresAt: string };
type Accepted = { giftId: string; coupon: { code: string | null; name: string }; bound: boolean };
type Me = {
  member: {
    id: string;
    source: string;
    homeStore: { id: string } | null;
    referrerStaff: { id: string } | null;
  };
};

describe("轉贈: a member gives a coupon to a LINE friend", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let taipei: DemoStore;
  let other: DemoStore;
  let validate: ReturnType<typeof responseValidator>;
  let giftable: string;
  let plain: string;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    k = kit(t);
    validate = responseValidator(await loadDoc(t.app.url));
    const stores = await k.stores();
    taipei = stores.find((s) => s.code === "TPE01") as DemoStore;
    other = stores.find((s) => s.code !== "TPE01" && s.staff.length > 0) as DemoStore;
    const template = async (name: string, transferable?: boolean) => {
      const res = await t.admin("/api/admin/coupon-templates", {
        method: "POST",
        body: JSON.stringify({
          name,
          kind: "amount",
          value: 200,
          validDays: 30,
          perMemberLimit: 50,
          transferable,
        }),
      });
      const tpl = (await res.json()) as { id: string; transferable: boolean };
      expect([res.status, tpl.transferable]).toEqual([201, transferable ?? false]);
      return tpl.id;
    };
    giftable = await template("好友分享 NT$200 折價券", true);
    plain = await template("本人專用 NT$200 折價券");
  });
  afterAll(() => t.close());

  /** The answer, checked against the schema its route declares. */
  const answer = async <T>(res: Response, method: string, path: string): Promise<T> => {
    const body = (await res.json()) as T;
    expect(validate(method, path, res.status, body).issues).toEqual([]);
    return body;
  };
  const me = (userId: string) => k.json<Me>(k.get(userId, "/api/me"));
  const myCoupons = async (userId: string) =>
    (await answer<{ coupons: MyCoupon[] }>(await k.get(userId, "/api/me/coupons"), "GET", "/api/me/coupons"))
      .coupons;

  /** A friend bound to a store through a clerk's personal link, holding a new coupon of `templateId`. */
  const giver = async (templateId = giftable, store = taipei) => {
    const userId = await createFriend(t, `送禮人${++n}`);
    const clerk = store.staff[0]?.id as string;
    const link = await k.json<{ token: string }>(
      t.admin("/api/admin/binding-links", {
        method: "POST",
        body: JSON.stringify({ storeId: store.id, staffId: clerk }),
      }),
    );
    expect((await k.post(userId, "/api/bind", { token: link.token, consent: true })).status).toBe(200);
    const { memberCode } = (await k.json<{ member: { memberCode: string } }>(k.get(userId, "/api/me")))
      .member;
    const issued = await t.admin(`/api/admin/coupon-templates/${templateId}/issue`, {
      method: "POST",
      body: JSON.stringify({ batchKey: `gift-${n}`, memberCodes: [memberCode], reason: "test" }),
    });
    expect(await issued.json()).toMatchObject({ issued: 1 });
    const coupon = (await myCoupons(userId)).find((c) => c.name.includes("NT$200")) as MyCoupon;
    return { userId, clerk, code: coupon.code };
  };
  const gift = (userId: string, code: string) => k.post(userId, `/api/me/coupons/${code}/gift`, {});
  const giftOf = async (userId: string, code: string) => {
    const res = await gift(userId, code);
    expect(res.status).toBe(201);
    return answer<Created>(res, "POST", "/api/me/coupons/{code}/gift");
  };
  const tokenOf = (c: Created) => new URL(c.url).searchParams.get("t") as string;
  const accept = (userId: string, token: string) => k.post(userId, `/api/me/gifts/${token}/accept`, {});
  const couponRow = async (id: string) =>
    (await t.app.deps.db.select().from(couponGifts).where(eq(couponGifts.id, id)))[0];

  it("gives a coupon: the friend owns it with a new code, bound to the giver's store and referrer", async () => {
    const g = await giver();
    const made = await giftOf(g.userId, g.code);
    expect(made.url).toMatch(/^https:\/\/liff\.line\.me\/2000000001-test\/member\/gift\?t=[0-9A-Za-z]{32}$/);
    expect(new Date(made.expiresAt).getTime() - t.clock.now().getTime()).toBe(GIFT_TTL_MS);
    // Only the hash of the token is kept.
    const stored = await couponRow(made.giftId);
    expect(stored?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.tokenHash).not.toContain(tokenOf(made));
    // The giver's list shows it waiting for the friend.
    const mine = (await myCoupons(g.userId)).find((c) => c.code === g.code);
    expect(mine).toMatchObject({ transferable: true, gift: { state: "pending", expiresAt: made.expiresAt } });

    const friend = await createFriend(t, "好友小安");
    const offer = await k.get(friend, `/api/me/gifts/${tokenOf(made)}`);
    expect(await answer(offer, "GET", "/api/me/gifts/{token}")).toMatchObject({
      state: "pending",
      from: { displayName: expect.stringMatching(/^送禮人/) },
      coupon: { name: "好友分享 NT$200 折價券", value: 200 },
      yours: false,
      acceptedByYou: false,
    });
    const res = await accept(friend, tokenOf(made));
    expect(res.status).toBe(200);
    const got = await answer<Accepted>(res, "POST", "/api/me/gifts/{token}/accept");
    expect(got.bound).toBe(true);
    expect(got.coupon.code).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);
    expect(got.coupon.code).not.toBe(g.code);

    expect((await myCoupons(friend)).map((c) => c.code)).toContain(got.coupon.code);
    expect((await myCoupons(g.userId)).map((c) => c.code)).not.toContain(g.code);
    const f = (await me(friend)).member;
    expect(f).toMatchObject({ source: "gift", homeStore: { id: taipei.id }, referrerStaff: { id: g.clerk } });
    const scans = await t.app.deps.db
      .select()
      .from(bindingScans)
      .where(eq(bindingScans.tokenId, made.giftId));
    expect(scans).toEqual([
      expect.objectContaining({
        memberId: f.id,
        storeId: taipei.id,
        staffId: g.clerk,
        source: "gift",
        result: "bound",
      }),
    ]);
    // The old code is dead: the giver cannot use what they had on screen.
    await expect(
      redeemCoupon(t.app.deps, { code: g.code, channel: "store", by: "stf_x" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // The giver opening their own link is told so.
    expect(await errorOf(await accept(g.userId, tokenOf(made)))).toMatchObject({
      details: { reason: "SELF_GIFT" },
    });
  });

  it("20 friends accepting one gift at once: exactly one owns it, the others are refused", async () => {
    for (let round = 0; round < 2; round++) {
      const g = await giver();
      const token = tokenOf(await giftOf(g.userId, g.code));
      const friends = await Promise.all(
        Array.from({ length: 20 }, (_, i) => createFriend(t, `搶${round}-${i}`)),
      );
      const results = await Promise.all(friends.map((f) => accept(f, token)));
      const won = results.map((r, i) => ({ r, f: friends[i] as string })).filter(({ r }) => r.status === 200);
      expect(won).toHaveLength(1);
      const losers = results.filter((r) => r.status !== 200);
      expect(new Set(losers.map((r) => r.status))).toEqual(new Set([409]));
      expect(new Set(await Promise.all(losers.map(async (r) => (await errorOf(r)).details?.reason)))).toEqual(
        new Set(["ALREADY_ACCEPTED"]),
      );
      const first = won[0] as { r: Response; f: string };
      const winner = (await me(first.f)).member.id;
      const row = await couponRow(((await first.r.json()) as Accepted).giftId);
      expect(row).toMatchObject({ state: "accepted", toMemberId: winner });
      const [coupon] = await t.app.deps.db
        .select()
        .from(coupons)
        .where(eq(coupons.id, row?.couponId as string));
      expect(coupon?.memberId).toBe(winner);
      // Only the winner was bound by the gift.
      const bound = await t.app.deps.db
        .select({ id: members.id })
        .from(members)
        .where(and(eq(members.source, "gift"), eq(members.homeStoreId, taipei.id)));
      expect(bound.map((m) => m.id)).toContain(winner);
      for (const f of friends.filter((x) => x !== first.f)) expect((await me(f)).member.homeStore).toBeNull();
    }
  });

  it("the same friend accepting twice at once gets the same answer, once", async () => {
    const g = await giver();
    const made = await giftOf(g.userId, g.code);
    const friend = await createFriend(t, "重複小安");
    const results = await Promise.all(Array.from({ length: 5 }, () => accept(friend, tokenOf(made))));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const bodies = await Promise.all(results.map((r) => r.json()));
    for (const b of bodies) expect(b).toEqual(bodies[0]);
    expect((await accept(friend, tokenOf(made))).status).toBe(200);
    expect(
      await t.app.deps.db.select().from(bindingScans).where(eq(bindingScans.tokenId, made.giftId)),
    ).toHaveLength(1);
    expect((await myCoupons(friend)).filter((c) => c.name === "好友分享 NT$200 折價券")).toHaveLength(1);
  });

  it("refuses what cannot be given: not transferable, someone else's, unknown, used", async () => {
    const g = await giver(plain);
    const res = await gift(g.userId, g.code);
    expect([res.status, (await errorOf(res)).details?.reason]).toEqual([422, "NOT_TRANSFERABLE"]);
    expect((await myCoupons(g.userId)).find((c) => c.code === g.code)).toMatchObject({
      transferable: false,
      gift: null,
    });
    const someone = await giver();
    const stranger = await createFriend(t, "路人");
    expect((await errorOf(await gift(stranger, someone.code))).details?.reason).toBe("NOT_YOURS");
    expect((await gift(stranger, "ZZZZZZZZZZZZ")).status).toBe(404);
    await redeemCoupon(t.app.deps, { code: someone.code, channel: "store", by: "stf_x" });
    expect((await errorOf(await gift(someone.userId, someone.code))).details?.reason).toBe(
      "ALREADY_REDEEMED",
    );
    expect((await k.get(stranger, "/api/me/gifts/NoSuchGiftToken0000000000000000")).status).toBe(404);
  });

  it("asking again withdraws the last link; a link can be taken back; the next one works", async () => {
    const g = await giver();
    const first = await giftOf(g.userId, g.code);
    const second = await giftOf(g.userId, g.code);
    expect((await couponRow(first.giftId))?.state).toBe("cancelled");
    const friend = await createFriend(t, "晚到小安");
    expect((await errorOf(await accept(friend, tokenOf(first)))).details?.reason).toBe("GIFT_CANCELLED");
    // Taken back (the share was not sent): the link is dead, the coupon no longer shown as given.
    const back = await k.call(g.userId, "DELETE", `/api/me/coupons/${g.code}/gift`);
    expect(await answer(back, "DELETE", "/api/me/coupons/{code}/gift")).toEqual({ withdrawn: 1 });
    expect((await myCoupons(g.userId)).find((c) => c.code === g.code)?.gift).toBeNull();
    expect((await errorOf(await accept(friend, tokenOf(second)))).details?.reason).toBe("GIFT_CANCELLED");
    const third = await giftOf(g.userId, g.code);
    expect((await accept(friend, tokenOf(third))).status).toBe(200);
    // Accepted: the old code is gone with it.
    expect((await k.call(g.userId, "DELETE", `/api/me/coupons/${g.code}/gift`)).status).toBe(404);
  });

  it("the giver used the coupon meanwhile: accepting fails and the gift is cancelled", async () => {
    const g = await giver();
    const made = await giftOf(g.userId, g.code);
    await redeemCoupon(t.app.deps, { code: g.code, channel: "store", by: "stf_x" });
    const friend = await createFriend(t, "撲空小安");
    expect(await k.json(k.get(friend, `/api/me/gifts/${tokenOf(made)}`))).toMatchObject({
      state: "cancelled",
    });
    const res = await accept(friend, tokenOf(made));
    expect([res.status, (await errorOf(res)).details?.reason]).toEqual([422, "ALREADY_REDEEMED"]);
    expect((await couponRow(made.giftId))?.state).toBe("cancelled");
    expect((await me(friend)).member.homeStore).toBeNull();
  });

  it("a friend who is already a member keeps their store; the gift still moves", async () => {
    const g = await giver();
    const made = await giftOf(g.userId, g.code);
    const already = await giver(giftable, other);
    const before = (await me(already.userId)).member;
    expect(before.homeStore?.id).toBe(other.id);
    const res = await accept(already.userId, tokenOf(made));
    expect(res.status).toBe(200);
    expect(((await res.json()) as Accepted).bound).toBe(false);
    expect((await me(already.userId)).member).toMatchObject({
      source: before.source,
      homeStore: before.homeStore,
    });
    const [scan] = await t.app.deps.db
      .select()
      .from(bindingScans)
      .where(eq(bindingScans.tokenId, made.giftId));
    expect(scan?.result).toBe("kept");
  });

  it("an expired gift is refused and shown as expired; the coupon stays the giver's", async () => {
    const g = await giver();
    const made = await giftOf(g.userId, g.code);
    t.clock.advance(GIFT_TTL_MS + 1);
    const friend = await createFriend(t, "太晚小安");
    expect(await k.json(k.get(friend, `/api/me/gifts/${tokenOf(made)}`))).toMatchObject({ state: "expired" });
    const res = await accept(friend, tokenOf(made));
    expect([res.status, (await errorOf(res)).details?.reason]).toEqual([422, "GIFT_EXPIRED"]);
    expect((await couponRow(made.giftId))?.state).toBe("expired");
    expect((await myCoupons(g.userId)).find((c) => c.code === g.code)).toMatchObject({ gift: null });
  });
});
