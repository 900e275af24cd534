import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { kit } from "../../../test/member-kit";

interface Tpl {
  id: string;
  name: string;
  value: number;
  active: boolean;
  numbers: {
    issued: number;
    usable: number;
    redeemed: number;
    expired: number;
    voided: number;
    redemptionRate: number;
  };
}

describe("coupon templates for the admin", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let a: { id: string; memberCode: string };
  let b: { id: string; memberCode: string };
  let c: { id: string; memberCode: string };
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    k = kit(t);
    a = await k.member("甲", "0911000001");
    b = await k.member("乙", "0911000002");
    c = await k.member("丙", "0911000003");
  });
  afterAll(() => t.close());

  const send = (path: string, body: unknown, method = "POST") =>
    t.admin(path, { method, body: JSON.stringify(body) });
  const one = async (id: string) =>
    (await (await t.admin(`/api/admin/coupon-templates/${id}`)).json()) as {
      template: Tpl;
      coupons: Array<{ code: string; memberCode: string; status: string }>;
    };
  const entries = async (subjectId: string) =>
    t.app.deps.db.select().from(auditLog).where(eq(auditLog.subjectId, subjectId));

  it("creates, issues with a reason, counts redemptions, edits within the rules, voids — each audited once", async () => {
    const made = await send("/api/admin/coupon-templates", {
      name: "冬季 NT$100",
      kind: "amount",
      value: 100,
      validDays: 30,
    });
    expect(made.status).toBe(201);
    const tpl = (await made.json()) as Tpl;
    expect((await entries(tpl.id)).map((e) => e.action)).toEqual(["couponTemplate.create"]);

    const issue = (batchKey: string, codes: string[], reason?: string) =>
      send(`/api/admin/coupon-templates/${tpl.id}/issue`, {
        batchKey,
        memberCodes: codes,
        ...(reason === undefined ? {} : { reason }),
      });
    expect((await issue("b1", [a.memberCode])).status).toBe(400);
    const first = await issue("b1", [a.memberCode, b.memberCode, c.memberCode, "NOPE0000"], "客訴補償");
    expect(await first.json()).toMatchObject({
      issued: 3,
      alreadyIssued: 0,
      refused: [{ memberCode: "NOPE0000" }],
    });
    // Retried after a lost answer: nothing twice, no second audit entry.
    expect(
      await (await issue("b1", [a.memberCode, b.memberCode, c.memberCode], "客訴補償")).json(),
    ).toMatchObject({
      issued: 0,
      alreadyIssued: 3,
    });
    const issued = await t.app.deps.db.select().from(auditLog).where(eq(auditLog.action, "coupon.issue"));
    expect(
      issued
        .filter((e) => e.reason === "客訴補償")
        .map((e) => e.memberId)
        .sort(),
    ).toEqual([a.id, b.id, c.id].sort());

    // One redeemed at a store, one voided.
    const list = (await one(tpl.id)).coupons;
    const codeOf = (m: { memberCode: string }) =>
      list.find((x) => x.memberCode === m.memberCode)?.code as string;
    const clerk = await k.clerk("TPE01");
    const redeemed = await k.post(clerk, "/api/staff/coupons/redeem", {
      code: codeOf(a),
      requestId: "cadm-redeem-1",
    });
    expect(redeemed.status).toBe(200);
    expect((await send(`/api/admin/coupons/${codeOf(b)}/void`, { reason: "誤發" })).status).toBe(200);
    expect((await send(`/api/admin/coupons/${codeOf(b)}/void`, {})).status).toBe(409);
    const voids = await t.app.deps.db.select().from(auditLog).where(eq(auditLog.action, "coupon.void"));
    expect(voids.map((e) => [e.memberId, e.reason])).toEqual([[b.id, "誤發"]]);
    expect((await one(tpl.id)).template.numbers).toEqual({
      issued: 3,
      usable: 1,
      reserved: 0,
      redeemed: 1,
      expired: 0,
      voided: 1,
      redemptionRate: 0.333,
    });
    const listed = ((await (await t.admin("/api/admin/coupon-templates")).json()) as { templates: Tpl[] })
      .templates;
    expect(listed.find((x) => x.id === tpl.id)?.numbers.redeemed).toBe(1);

    // Issued: what a coupon is worth is fixed; its name and end are not.
    const worth = await send(`/api/admin/coupon-templates/${tpl.id}`, { value: 200 }, "PATCH");
    expect(worth.status).toBe(400);
    expect(
      ((await worth.json()) as { error: { details: { issues: Array<{ path: string }> } } }).error.details
        .issues[0]?.path,
    ).toBe("value");
    expect((await send(`/api/admin/coupon-templates/${tpl.id}`, { totalQuantity: 2 }, "PATCH")).status).toBe(
      400,
    );
    const renamed = await send(
      `/api/admin/coupon-templates/${tpl.id}`,
      { name: "冬季回饋 NT$100", validDays: 45 },
      "PATCH",
    );
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ name: "冬季回饋 NT$100", value: 100, validDays: 45 });
    const update = (await entries(tpl.id)).find((e) => e.action === "couponTemplate.update");
    expect([update?.before, update?.after]).toEqual([
      { name: "冬季 NT$100", validDays: 30 },
      { name: "冬季回饋 NT$100", validDays: 45 },
    ]);

    // Voided with its unused coupons: c's is voided, a's stays redeemed; issuing now is refused.
    const voided = await send(`/api/admin/coupon-templates/${tpl.id}/void`, {
      voidUnused: true,
      reason: "活動結束",
    });
    expect(await voided.json()).toEqual({ active: false, voided: 1 });
    expect(
      await (await send(`/api/admin/coupon-templates/${tpl.id}/void`, { voidUnused: true })).json(),
    ).toEqual({
      active: false,
      voided: 0,
    });
    const after = await one(tpl.id);
    expect(after.template).toMatchObject({ active: false, numbers: { voided: 2, redeemed: 1, usable: 0 } });
    expect(
      ((await (await issue("b2", [c.memberCode], "再發")).json()) as { refused: unknown[] }).refused,
    ).toHaveLength(1);
    expect((await entries(tpl.id)).filter((e) => e.action === "couponTemplate.void")).toHaveLength(1);
  });

  it("refuses a percent over 100 on its field, and an unknown template", async () => {
    const made = await send("/api/admin/coupon-templates", {
      name: "九折",
      kind: "percent",
      value: 10,
      validDays: 30,
    });
    const tpl = (await made.json()) as Tpl;
    const bad = await send(`/api/admin/coupon-templates/${tpl.id}`, { value: 120 }, "PATCH");
    expect(bad.status).toBe(400);
    expect((await send("/api/admin/coupon-templates/tpl_nope", { name: "x" }, "PATCH")).status).toBe(404);
    expect((await t.admin("/api/admin/coupon-templates/tpl_nope")).status).toBe(404);
    // Not issued yet: the value may still change.
    expect((await send(`/api/admin/coupon-templates/${tpl.id}`, { value: 15 }, "PATCH")).status).toBe(200);
  });
});
