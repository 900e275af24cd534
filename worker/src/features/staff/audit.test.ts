import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purchases } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";
import { errorOf, kit } from "../../../test/member-kit";

interface Entry {
  action: string;
  actor: { kind: string; id: string; name: string };
  subject: { kind: string; id: string };
  memberId: string | null;
  storeId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string;
}

describe("staff: invites, deactivation, and what they do at the counter, audited once", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let storeId: string;
  let clerkStaffId: string;
  let agentId: string;
  let member: { userId: string; id: string; memberCode: string };
  /** The LINE user of the store's clerk (C001), joined by invite. */
  let clerk: string;
  beforeAll(async () => {
    t = await startTestApp();
    k = kit(t);
    storeId = await made("/api/admin/stores", { code: "AUD01", name: "稽核門市" });
    clerkStaffId = await made("/api/admin/staff", { code: "C001", name: "櫃台小王", storeId });
    agentId = await made("/api/admin/staff", { code: "A001", name: "客服小林", role: "agent" });
    member = await k.member("稽核會員", "0912000333");
    clerk = await k.clerk("AUD01", 0, "小王");
  });
  afterAll(() => t.close());

  const send = (path: string, body: unknown = {}) =>
    t.admin(path, { method: "POST", body: JSON.stringify(body) });
  async function made(path: string, body: unknown): Promise<string> {
    const res = await send(path, body);
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }
  const audit = async (action: string, subjectId?: string) => {
    const res = await t.admin(
      `/api/admin/audit?action=${action}${subjectId ? `&subjectId=${subjectId}` : ""}`,
    );
    expect(res.status).toBe(200);
    return ((await res.json()) as { entries: Entry[] }).entries;
  };
  const invite = async (staffId: string) => {
    const res = await send(`/api/admin/staff/${staffId}/invite`);
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { token: string }).token;
  };
  const deactivate = async (staffId: string) =>
    expect((await send(`/api/admin/staff/${staffId}/deactivate`, { reason: "停權測試" })).status).toBe(200);
  const reactivate = async (staffId: string) =>
    expect((await send(`/api/admin/staff/${staffId}/reactivate`)).status).toBe(200);
  const linked = async (staffId: string) => {
    const res = await t.admin(`/api/admin/stores/${storeId}`);
    const { store } = (await res.json()) as { store: { staff: Array<{ id: string; linked: boolean }> } };
    return store.staff.find((s) => s.id === staffId)?.linked;
  };

  it("an invite is audited; joining is audited by the staff member, once, even when the join is retried", async () => {
    const staffId = await made("/api/admin/staff", { code: "C002", name: "新人小陳", storeId });
    const token = await invite(staffId);
    expect(await audit("staff.invite", staffId)).toMatchObject([
      {
        actor: { kind: "admin", id: "admin" },
        subject: { kind: "staff", id: staffId },
        storeId,
        after: { inviteId: expect.stringMatching(/^inv_/), expiresAt: "2026-12-01T02:00:00.000Z" },
      },
    ]);
    const user = await createFriend(t, "小陳");
    expect((await k.post(user, "/api/staff/join", { token })).status).toBe(200);
    // The answer was lost and the page sends it again: the same success, no second entry.
    expect((await k.post(user, "/api/staff/join", { token })).status).toBe(200);
    // Someone else with the same link: refused, no entry.
    expect((await k.post(await createFriend(t, "冒用"), "/api/staff/join", { token })).status).toBe(409);
    expect(await audit("staff.join", staffId)).toMatchObject([
      {
        actor: { kind: "staff", id: staffId, name: "新人小陳" },
        subject: { kind: "staff", id: staffId },
        storeId,
        before: { linked: false },
        after: { linked: true },
      },
    ]);
  });

  it("a deactivated clerk is refused by the staff pages, writes nothing and cannot be invited; reactivated works again", async () => {
    expect((await k.get(clerk, "/api/staff/me")).status).toBe(200);
    await deactivate(clerkStaffId);

    const me = await k.get(clerk, "/api/staff/me");
    expect(me.status).toBe(403);
    expect((await errorOf(me)).details?.reason).toBe("STAFF_INACTIVE");
    const buy = { purchaseId: "aud-inactive-1", memberCode: member.memberCode, amount: 900 };
    const refused = await k.post(clerk, "/api/staff/purchases", buy);
    expect(refused.status).toBe(403);
    const written = await t.app.deps.db
      .select()
      .from(purchases)
      .where(eq(purchases.externalId, "aud-inactive-1"));
    expect(written).toEqual([]);
    const again = await send(`/api/admin/staff/${clerkStaffId}/invite`);
    expect(again.status).toBe(409);
    expect((await errorOf(again)).details?.reason).toBe("STAFF_INACTIVE");
    expect(await audit("staff.invite", clerkStaffId)).toHaveLength(1);

    await reactivate(clerkStaffId);
    expect((await k.get(clerk, "/api/staff/me")).status).toBe(200);
    expect((await k.post(clerk, "/api/staff/purchases", buy)).status).toBe(200);
  });

  it("an invite made before deactivation is refused while inactive and works after reactivation", async () => {
    const staffId = await made("/api/admin/staff", { code: "C003", name: "兼職小張", storeId });
    const token = await invite(staffId);
    await deactivate(staffId);
    const user = await createFriend(t, "小張");
    const refused = await k.post(user, "/api/staff/join", { token });
    expect(refused.status).toBe(409);
    expect((await errorOf(refused)).details?.reason).toBe("STAFF_INACTIVE");
    expect(await linked(staffId)).toBe(false);
    expect(await audit("staff.join", staffId)).toEqual([]);

    await reactivate(staffId);
    expect((await k.post(user, "/api/staff/join", { token })).status).toBe(200);
    expect(await linked(staffId)).toBe(true);
    expect(await audit("staff.join", staffId)).toHaveLength(1);
  });

  it("console tokens are audited when made, refused while their agent is deactivated, and work again after", async () => {
    const res = await send(`/api/admin/agents/${agentId}/tokens`);
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    const entries = await audit("agentToken.create");
    expect(entries).toMatchObject([
      {
        actor: { kind: "admin" },
        subject: { kind: "agentToken" },
        after: { staffId: agentId, role: "agent" },
      },
    ]);
    expect(JSON.stringify(entries)).not.toContain(token);
    const me = () => fetch(`${t.app.url}/api/inbox/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me()).status).toBe(200);

    await deactivate(agentId);
    const refused = await me();
    expect(refused.status).toBe(401);
    expect(await errorOf(refused)).toMatchObject({
      code: "UNAUTHORIZED",
      details: { reason: "STAFF_INACTIVE" },
    });
    const another = await send(`/api/admin/agents/${agentId}/tokens`);
    expect(another.status).toBe(409);
    expect((await errorOf(another)).details?.reason).toBe("STAFF_INACTIVE");
    expect(await audit("agentToken.create")).toHaveLength(1);

    await reactivate(agentId);
    expect((await me()).status).toBe(200);
  });

  it("purchases and refunds at the counter are audited once each by the clerk, however often retried", async () => {
    const userId = clerk;
    const buy = { purchaseId: "aud-purchase-1", memberCode: member.memberCode, amount: 1200 };
    const first = await k.json<{ id: string; replayed: boolean }>(
      k.post(userId, "/api/staff/purchases", buy),
    );
    expect(first.replayed).toBe(false);
    const retried = await k.json<{ id: string; replayed: boolean }>(
      k.post(userId, "/api/staff/purchases", buy),
    );
    expect(retried).toMatchObject({ id: first.id, replayed: true });
    // Three at once with another id: one purchase, one entry.
    const twins = { ...buy, purchaseId: "aud-purchase-2" };
    const all = await Promise.all([1, 2, 3].map(() => k.post(userId, "/api/staff/purchases", twins)));
    expect(all.map((r) => r.status)).toEqual([200, 200, 200]);

    const recorded = await audit("purchase.record");
    expect(recorded.filter((e) => e.subject.id === first.id)).toMatchObject([
      {
        actor: { kind: "staff", id: clerkStaffId, name: "櫃台小王" },
        subject: { kind: "purchase", id: first.id },
        memberId: member.id,
        storeId,
        after: { externalId: "aud-purchase-1", amount: 1200, paid: 1200, pointsEarned: 12 },
      },
    ]);
    expect(recorded.filter((e) => e.after?.externalId === "aud-purchase-2")).toHaveLength(1);

    const refund = { refundId: "aud-refund-1", amount: 400, reason: "尺寸不合" };
    const path = `/api/staff/purchases/${first.id}/refund`;
    expect((await k.post(userId, path, refund)).status).toBe(200);
    expect(await k.json(k.post(userId, path, refund))).toMatchObject({ replayed: true });
    expect(await audit("purchase.refund", first.id)).toMatchObject([
      {
        actor: { kind: "staff", id: clerkStaffId },
        memberId: member.id,
        storeId,
        before: { refundedAmount: 0 },
        after: { refundedAmount: 400, refundId: "aud-refund-1", amount: 400, pointsDue: 4 },
        reason: "尺寸不合",
      },
    ]);
    // A refund refused (more than is left) writes no entry.
    const over = await k.post(userId, path, { refundId: "aud-refund-2", amount: 900 });
    expect(over.status).toBe(422);
    expect(await audit("purchase.refund", first.id)).toHaveLength(1);
  });

  it("a coupon redeemed at the counter is audited once by the clerk, retried or redeemed twice", async () => {
    const userId = clerk;
    const tpl = await made("/api/admin/coupon-templates", {
      name: "稽核 NT$50",
      kind: "amount",
      value: 50,
      validDays: 30,
    });
    const issue = await send(`/api/admin/coupon-templates/${tpl}/issue`, {
      batchKey: "aud-1",
      memberCodes: [member.memberCode],
      reason: "稽核測試",
    });
    expect(issue.status).toBe(200);
    const issued = async () =>
      (await k.json<{ coupons: Array<{ code: string }> }>(k.get(member.userId, "/api/me/coupons"))).coupons;
    const [coupon] = await issued();
    if (!coupon) throw new Error("no coupon issued");

    const redeem = (body: unknown) => k.post(userId, "/api/staff/coupons/redeem", body);
    const body = { code: coupon.code, requestId: "aud-redeem-1" };
    expect(await k.json(redeem(body))).toMatchObject({ status: "redeemed", replayed: false });
    expect(await k.json(redeem(body))).toMatchObject({ replayed: true });
    // Without the request id, the second try is "already used" and writes nothing.
    const used = await redeem({ code: coupon.code });
    expect(used.status).toBe(422);
    expect((await errorOf(used)).details?.reason).toBe("ALREADY_REDEEMED");

    const entries = await audit("coupon.redeem");
    expect(entries).toMatchObject([
      {
        actor: { kind: "staff", id: clerkStaffId, name: "櫃台小王" },
        subject: { kind: "coupon" },
        memberId: member.id,
        storeId,
        before: { status: "issued" },
        after: { status: "redeemed", code: coupon.code, channel: "store" },
      },
    ]);
  });
});
