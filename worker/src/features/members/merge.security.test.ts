/** 歸戶: an offline customer (POS sales with a phone, no card) joins a member only with proof. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerMerges, members, purchases } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { errorOf, kit } from "../../../test/member-kit";
import { phoneKit } from "../../../test/phone-kit";
import { balanceCheck } from "../loyalty";
import { mergeOfflineCustomer } from "./merge";

type MergeJson = {
  id: string;
  purchases: number;
  pointsCredited: number;
  balance: number;
  replayed: boolean;
};

describe("merging an offline customer into a member", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let p: ReturnType<typeof phoneKit>;
  let key: string;
  let clerk: string;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    k = kit(t);
    p = phoneKit(t);
    const taipei = (await k.stores()).find((s) => s.code === "TPE01") as { id: string };
    key = await k.posKey(taipei.id);
    clerk = await k.clerk("TPE01", 0, "王小明");
  });
  afterAll(() => t.close());

  const offlineSale = async (phone: string, total: number) => {
    const externalId = `OFF-${String(++n).padStart(4, "0")}`;
    const res = await k.pos(key, "/api/pos/transactions", { externalId, total, customerPhone: phone });
    expect(res.status).toBe(200);
    expect(await k.json(res)).toMatchObject({ pointsEarned: 0 });
    return externalId;
  };
  const card = async (userId: string) =>
    k.json<{ points: number; tier: { spend: number } }>(k.get(userId, "/api/me/card"));
  const code = async (phone: string) => {
    const res = await k.pos(key, "/api/pos/merge-codes", { phone });
    expect(res.status).toBe(201);
    return (await k.json<{ code: string }>(res)).code;
  };
  const offline = async (phone: string) =>
    (await t.app.deps.db.select().from(purchases).where(eq(purchases.customerPhone, phone))).filter(
      (p) => p.memberId === null,
    );

  it("a typed phone number alone moves nothing", async () => {
    await offlineSale("0912-000-111", 2500);
    const m = await k.member("電話客", "0912000111");
    expect((await card(m.userId)).points).toBe(0);
    expect(await offline("+886912000111")).toHaveLength(1);
    // Nor does saying it to the POS with the member's card absent, or to the member API.
    expect((await k.post(m.userId, "/api/me/merge", { phone: "0912000111" })).status).toBe(400);
  });

  it("refuses merges without proof: wrong code, someone else's phone, a guest, a member calling the staff API", async () => {
    const owner = await k.member("本人", "0912000222");
    await offlineSale("0912000222", 1000);
    const wrong = await k.post(owner.userId, "/api/me/merge", { code: "000000" });
    expect(wrong.status).toBe(422);
    expect((await errorOf(wrong)).details?.reason).toBe("INVALID_CODE");

    const other = await k.member("別人", "0912000999");
    const c = await code("0912000222");
    const stolen = await k.post(other.userId, "/api/me/merge", { code: c });
    expect(stolen.status).toBe(422);
    const byStaff = await k.post(clerk, "/api/staff/merges", {
      memberCode: other.memberCode,
      phone: "0912000222",
    });
    expect(byStaff.status).toBe(422);
    expect((await errorOf(byStaff)).details?.reason).toBe("PHONE_MISMATCH");

    const guest = await k.member("訪客");
    const asGuest = await k.post(clerk, "/api/staff/merges", {
      memberCode: guest.memberCode,
      phone: "0912000222",
    });
    expect((await errorOf(asGuest)).details?.reason).toBe("NOT_REGISTERED");
    expect(
      (await k.post(owner.userId, "/api/staff/merges", { memberCode: owner.memberCode, phone: "0912000222" }))
        .status,
    ).toBe(403);
    expect((await k.pos(key, "/api/pos/merge-codes", { phone: "0933000000" })).status).toBe(404);
    expect((await k.pos("pos_wrong", "/api/pos/merge-codes", { phone: "0912000222" })).status).toBe(401);

    expect(await offline("+886912000222")).toHaveLength(1);
    expect((await card(other.userId)).points).toBe(0);
    // The right member still can, with the code.
    const ok = await k.post(owner.userId, "/api/me/merge", { code: c });
    expect(ok.status).toBe(200);
  });

  it("with the POS's one-time code: one customer, one balance, history kept", async () => {
    const phone = "0912-000-333";
    const first = await offlineSale(phone, 2500); // 25 points
    const second = await offlineSale(phone, 1200); // 12 points, 200 of it refunded before the merge
    const refund = await k.pos(key, `/api/pos/transactions/${second}/refund`, {
      refundId: "R-OFF-0001",
      amount: 200,
    });
    expect(await k.json(refund)).toMatchObject({ pointsDue: 0, pointsReversed: 0 });
    const m = await k.member("歸戶客", "0912000333");
    const c = await code(phone);
    expect(c).toMatch(/^\d{6}$/);

    const res = await k.post(m.userId, "/api/me/merge", { code: c });
    expect(res.status).toBe(200);
    // 25 + (12 − round(12 × 200 / 1200) = 10)
    expect(await k.json(res)).toMatchObject({
      proof: "pos_code",
      purchases: 2,
      pointsCredited: 35,
      balance: 35,
    });
    expect((await card(m.userId)).points).toBe(35);
    expect(await balanceCheck(t.app.deps, m.id)).toEqual({ ledger: 35, cached: 35 });

    const moved = await t.app.deps.db.select().from(purchases).where(eq(purchases.memberId, m.id));
    expect(moved.map((p) => p.externalId).sort()).toEqual([first, second].sort());
    const [merge] = await t.app.deps.db
      .select()
      .from(customerMerges)
      .where(eq(customerMerges.memberId, m.id));
    expect(merge).toMatchObject({ phone: "+886912000333", proof: "pos_code" });
    expect(moved.every((p) => p.mergeId === merge?.id && p.customerPhone === "+886912000333")).toBe(true);

    // Used: a retry by the same member replays; the code is spent for anyone else.
    expect(await k.json(k.post(m.userId, "/api/me/merge", { code: c }))).toMatchObject({
      replayed: true,
      balance: 35,
    });
    expect(await balanceCheck(t.app.deps, m.id)).toEqual({ ledger: 35, cached: 35 });

    // A later refund of a merged purchase reverses its share, as for a card sale.
    const later = await k.pos(key, `/api/pos/transactions/${first}/refund`, {
      refundId: "R-OFF-0002",
      amount: 1000,
    });
    expect(await k.json(later)).toMatchObject({ pointsDue: 10, pointsReversed: 10 });
    expect((await card(m.userId)).points).toBe(25);
  });

  it("codes expire after 10 minutes", async () => {
    await offlineSale("0912000444", 900);
    const m = await k.member("逾時客", "0912000444");
    const c = await code("0912000444");
    t.clock.advance(10 * 60_000 + 1);
    const res = await k.post(m.userId, "/api/me/merge", { code: c });
    expect(res.status).toBe(422);
    expect(await offline("+886912000444")).toHaveLength(1);
  });

  it("guessing is capped per phone: after 5 wrong codes in an hour even the right one is refused", async () => {
    await offlineSale("0912000555", 900);
    const m = await k.member("猜碼客", "0912000555");
    const c = await code("0912000555");
    const wrong = c === "123456" ? "654321" : "123456";
    for (let i = 0; i < 5; i++)
      expect((await k.post(m.userId, "/api/me/merge", { code: wrong })).status).toBe(422);
    expect((await k.post(m.userId, "/api/me/merge", { code: c })).status).toBe(429);
    t.clock.advance(3600_000 + 1);
    const fresh = await code("0912000555");
    expect((await k.post(m.userId, "/api/me/merge", { code: fresh })).status).toBe(200);
  });

  it("staff who scanned the card of a member who verified the phone confirm it; a retry with the same request id replays", async () => {
    await offlineSale("0912000666", 3000);
    const m = await k.member("店員歸戶客", "0912000666");
    await p.verify(m.userId, "+886912000666");
    const body = { memberCode: m.memberCode, phone: "0912-000-666", requestId: "merge-req-0001" };
    const res = await k.post(clerk, "/api/staff/merges", body);
    expect(res.status).toBe(200);
    expect(await k.json(res)).toMatchObject({
      proof: "staff",
      purchases: 1,
      pointsCredited: 30,
      replayed: false,
    });
    expect(await k.json(k.post(clerk, "/api/staff/merges", body))).toMatchObject({
      replayed: true,
      balance: 30,
    });
    const [merge] = await t.app.deps.db
      .select()
      .from(customerMerges)
      .where(eq(customerMerges.memberId, m.id));
    expect(merge?.staffId).toBeTruthy();
    // Nothing left to merge now.
    expect((await k.post(clerk, "/api/staff/merges", { ...body, requestId: "merge-req-0002" })).status).toBe(
      404,
    );
  });

  it("merges at the same moment move each purchase once and credit its points once", async () => {
    await offlineSale("0912000777", 2000);
    await offlineSale("0912000777", 3000);
    const m = await k.member("同時客", "0912000777");
    await p.verify(m.userId, "+886912000777");
    const codes = [await code("0912000777"), await code("0912000777")];
    const results = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) =>
        k.post(clerk, "/api/staff/merges", {
          memberCode: m.memberCode,
          phone: "0912000777",
          requestId: `race-${i}-0000`,
        }),
      ),
      ...codes.map((c) => k.post(m.userId, "/api/me/merge", { code: c })),
    ]);
    const ok = await Promise.all(results.filter((r) => r.status === 200).map((r) => k.json<MergeJson>(r)));
    expect(results.every((r) => r.status === 200 || r.status === 404)).toBe(true);
    expect(ok.reduce((s, r) => s + r.purchases, 0)).toBe(2);
    expect(await balanceCheck(t.app.deps, m.id)).toEqual({ ledger: 50, cached: 50 });
  });

  it("points that would have expired by the merge are not credited", async () => {
    await offlineSale("0912000888", 4000);
    const m = await k.member("久遠客", "0912000888");
    await p.verify(m.userId, "+886912000888");
    t.clock.advance(800 * 86_400_000); // past the end of the year after the sale
    const res = await k.post(clerk, "/api/staff/merges", { memberCode: m.memberCode, phone: "0912000888" });
    expect(await k.json(res)).toMatchObject({
      purchases: 1,
      pointsCredited: 0,
      pointsExpired: 40,
      balance: 0,
    });
  });
  it("the attack: someone registering the victim's phone cannot take the victim's offline sales", async () => {
    const phone = "+886912000999";
    const sales = [await offlineSale("0912-000-999", 2000), await offlineSale("0912000999", 1500)];
    const victim = await k.member("本人", "0912000999");
    const attacker = await k.member("冒用者", "0912 000 999");
    const scanAndMerge = (memberCode: string, requestId: string) =>
      k.post(clerk, "/api/staff/merges", { memberCode, phone: "0912000999", requestId });

    const refused = await scanAndMerge(attacker.memberCode, "attack-0000001");
    expect(refused.status).toBe(422);
    const e = await errorOf(refused);
    expect(e.details?.reason).toBe("PHONE_NOT_VERIFIED");
    expect((e as { message?: string }).message).toMatch(/驗證/);
    expect(await offline(phone)).toHaveLength(2);
    expect((await card(attacker.userId)).points).toBe(0);

    // The attacker can ask for a code, but it goes to the victim's phone; guessing spends it.
    t.clock.advance(61_000);
    expect((await p.send(attacker.userId)).status).toBe(200);
    const code = await p.lastCode(phone);
    const guess = code === "000000" ? "111111" : "000000";
    expect((await errorOf(await p.confirm(attacker.userId, guess))).details?.reason).toBe("WRONG_CODE");
    expect((await errorOf(await scanAndMerge(attacker.memberCode, "attack-0000002"))).details?.reason).toBe(
      "PHONE_NOT_VERIFIED",
    );

    // The victim proves the number (reading the SMS): the sales go to the victim, not the attacker.
    await p.verify(victim.userId, phone);
    expect((await errorOf(await scanAndMerge(attacker.memberCode, "attack-0000003"))).details?.reason).toBe(
      "PHONE_NOT_VERIFIED",
    );
    const ok = await scanAndMerge(victim.memberCode, "victim-0000001");
    expect(ok.status).toBe(200);
    expect(await k.json(ok)).toMatchObject({ proof: "staff", purchases: 2, pointsCredited: 35 });
    const moved = await t.app.deps.db.select().from(purchases).where(eq(purchases.memberId, victim.id));
    expect(moved.map((x) => x.externalId).sort()).toEqual([...sales].sort());
    expect((await card(attacker.userId)).points).toBe(0);

    // If the number later becomes the attacker's for real (a recycled number, proved by SMS), the
    // verification moves to them: from then on sales with that phone follow the new prover, and
    // what the victim already merged stays with the victim.
    await p.verify(attacker.userId, phone);
    expect((await errorOf(await scanAndMerge(victim.memberCode, "victim-0000002"))).details?.reason).toBe(
      "PHONE_NOT_VERIFIED",
    );
    const later = await offlineSale("0912000999", 1000);
    const theirs = await scanAndMerge(attacker.memberCode, "attack-0000004");
    expect(await k.json(theirs)).toMatchObject({ purchases: 1, pointsCredited: 10 });
    const [latest] = await t.app.deps.db.select().from(purchases).where(eq(purchases.externalId, later));
    expect(latest?.memberId).toBe(attacker.id);
    expect((await card(victim.userId)).points).toBe(35);
  });

  it("a staff merge moves nothing if the verification moved away while it ran", async () => {
    const phone = "+886912001000";
    await offlineSale("0912001000", 3000);
    const first = await k.member("先驗證", "0912001000");
    await p.verify(first.userId, phone);
    const [stale] = await t.app.deps.db.select().from(members).where(eq(members.id, first.id));
    const second = await k.member("後驗證", "0912001000");
    await p.verify(second.userId, phone);
    // As if the check had passed just before the second proof landed.
    const r = await mergeOfflineCustomer(t.app.deps, {
      member: stale as NonNullable<typeof stale>,
      phone,
      requireVerifiedPhone: true,
      proof: "staff",
      storeId: "store",
      staffId: null,
      codeId: null,
      idempotencyKey: "stale-check-0001",
    });
    expect(r.purchases).toBe(0);
    expect(await offline(phone)).toHaveLength(1);
  });
});
