/** Member A can never read or change member B's data: the verified token decides who "me" is. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { couponTemplates, members } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { kit } from "../../../test/member-kit";
import { earnPoints, issueCoupon } from "../loyalty";
import { CONSENT_VERSION } from "./registration";

describe("member data isolation", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let a: Awaited<ReturnType<ReturnType<typeof kit>["member"]>>;
  let b: Awaited<ReturnType<ReturnType<typeof kit>["member"]>>;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    k = kit(t);
    a = await k.member("甲", "0912400001");
    b = await k.member("乙", "0912400002");
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1000);
      await earnPoints(t.app.deps, {
        memberId: b.id,
        points: 10,
        idempotencyKey: `iso-b-${i}`,
        reason: "b",
        actor: "system",
        expiresAt: new Date("2027-12-31T15:59:59Z"),
      });
    }
    await t.app.deps.db.insert(couponTemplates).values({
      id: "tpl_iso",
      name: "B 的券",
      kind: "amount",
      value: 10,
      validDays: 30,
      createdAt: t.clock.now(),
    });
    await issueCoupon(t.app.deps, { templateId: "tpl_iso", memberId: b.id, issueKey: "iso-b" });
  });
  afterAll(() => t.close());

  it("reads answer the caller only, whatever ids or cursors are sent", async () => {
    const card = await k.json<{ memberCode: string; points: number }>(
      k.get(a.userId, `/api/me/card?memberId=${b.id}&memberCode=${b.memberCode}`),
    );
    expect(card).toMatchObject({ memberCode: a.memberCode, points: 0 });
    const bPage = await k.json<{ nextCursor: string }>(k.get(b.userId, "/api/me/points?limit=1"));
    const viaCursor = await k.json<{ entries: unknown[] }>(
      k.get(a.userId, `/api/me/points?before=${encodeURIComponent(bPage.nextCursor)}`),
    );
    expect(viaCursor.entries).toEqual([]);
    expect((await k.json<{ coupons: unknown[] }>(k.get(a.userId, "/api/me/coupons"))).coupons).toEqual([]);
    const profile = await k.json<{ phone: string }>(k.get(a.userId, "/api/me/profile"));
    expect(profile.phone).toBe("+886912400001");
  });

  it("writes change the caller only", async () => {
    const res = await k.call(a.userId, "PUT", "/api/me/profile", {
      name: "甲改名",
      phone: "0912400001",
      consent: { version: CONSENT_VERSION, accepted: true },
      memberId: b.id,
      userId: b.userId,
    });
    expect(res.status).toBe(200);
    const [rowB] = await t.app.deps.db.select().from(members).where(eq(members.id, b.id));
    expect(rowB?.name).toBe("乙");
    expect((await k.post(a.userId, "/api/me/consent/withdraw", { userId: b.userId })).status).toBe(200);
    const [afterB] = await t.app.deps.db.select().from(members).where(eq(members.id, b.id));
    expect(afterB?.marketingOptOutAt).toBeNull();
  });

  it("B's merge code is useless to A", async () => {
    const taipei = (await k.stores()).find((s) => s.code === "TPE01") as { id: string };
    const key = await k.posKey(taipei.id);
    await k.pos(key, "/api/pos/transactions", {
      externalId: "ISO-1",
      total: 5000,
      customerPhone: "0912400002",
    });
    const { code } = await k.json<{ code: string }>(
      k.pos(key, "/api/pos/merge-codes", { phone: "0912400002" }),
    );
    expect((await k.post(a.userId, "/api/me/merge", { code })).status).toBe(422);
    expect((await k.json<{ points: number }>(k.get(a.userId, "/api/me/card"))).points).toBe(0);
    expect(await k.json(k.post(b.userId, "/api/me/merge", { code }))).toMatchObject({ pointsCredited: 50 });
  });

  it("A deleting their data leaves B untouched", async () => {
    expect(
      (await k.call(a.userId, "DELETE", "/api/me", { confirm: "DELETE", userId: b.userId })).status,
    ).toBe(200);
    const [rowB] = await t.app.deps.db.select().from(members).where(eq(members.id, b.id));
    expect(rowB).toMatchObject({ name: "乙", phone: "+886912400002", deletedAt: null, pointsBalance: 80 });
    const [rowA] = await t.app.deps.db.select().from(members).where(eq(members.id, a.id));
    expect(rowA).toMatchObject({ name: null, phone: null });
  });
});
