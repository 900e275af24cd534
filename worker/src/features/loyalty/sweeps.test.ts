import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coupons, members, outboxMessages } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { chatLog } from "../../../test/line-helpers";
import { kit } from "../../../test/member-kit";
import { outboxStats } from "../../line/outbox";

describe("points expiry reminders", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let clerk: string;
  let n = 0;
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    k = kit(t);
    clerk = await k.clerk("TPE01", 0, "王小明");
  });
  afterAll(() => t.close());

  const buy = async (memberCode: string, amount: number) =>
    expect(
      (
        await k.post(clerk, "/api/staff/purchases", {
          purchaseId: `exp-buy-${String(++n).padStart(6, "0")}`,
          memberCode,
          amount,
        })
      ).status,
    ).toBe(200);
  const reminders = () =>
    t.app.deps.db.select().from(outboxMessages).where(eq(outboxMessages.topic, "loyalty:expiry"));

  it("one push per expiry date, 30 days ahead, only to members who agreed to marketing messages, in their language", async () => {
    const yes = await k.member("提醒客", "0912100001");
    const english = await k.member("Reminded", "0912100003");
    await t.app.deps.db.update(members).set({ language: "en" }).where(eq(members.id, english.id));
    const optedOut = await k.member("不要提醒", "0912100002");
    const guest = await k.member("訪客");
    expect((await k.post(optedOut.userId, "/api/me/consent/withdraw", {})).status).toBe(200);
    for (const m of [yes, english, optedOut, guest]) await buy(m.memberCode, 2300); // 23 points, expiring end of 2027

    await t.app.sweep();
    expect(await reminders()).toHaveLength(0); // 2026: far from expiry

    t.clock.set("2027-12-05T02:00:00Z");
    await t.app.sweep();
    await t.settle();
    const sent = await reminders();
    expect(sent.flatMap((r) => r.recipients).sort()).toEqual([yes.userId, english.userId].sort());
    const last = async (userId: string) =>
      String((await chatLog(t, userId)).filter((e) => e.direction === "out").at(-1)?.message.text);
    // A zh-TW reader: zh-TW only.
    const text = await last(yes.userId);
    expect(text).toMatch(/^⏰ 點數到期提醒/);
    expect(text).toContain("23 點將於 2027-12-31 到期");
    expect(text).not.toMatch(/Reminder|points/);
    // An English reader: English only.
    const en = await last(english.userId);
    expect(en).toMatch(/^⏰ Reminder: 23 points expire on 2027-12-31/);
    expect(en).not.toMatch(/[\u3400-\u9fff]/);
    expect((await outboxStats(t.app.deps.db, "loyalty:expiry")).countedRecipients).toBe(2);

    // Once per expiry window: not again the same day, the next day, or after more points with the same expiry.
    await t.app.sweep();
    t.clock.advance(86_400_000);
    await buy(yes.memberCode, 500);
    await t.app.sweep();
    t.clock.advance(86_400_000);
    await t.app.sweep();
    await t.settle();
    expect(await reminders()).toHaveLength(2);
  });
});

describe("birthday coupons", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    k = kit(t);
  });
  afterAll(() => t.close());

  const birthdayCoupons = (memberId: string) =>
    t.app.deps.db
      .select()
      .from(coupons)
      .where(and(eq(coupons.memberId, memberId), like(coupons.issueKey, "birthday:%")));

  it("issued in the birthday month, once a year, with a greeting for members who agreed to messages", async () => {
    const december = await k.member("十二月壽星", "0912200001", { birthday: "1990-12-15" });
    const may = await k.member("五月壽星", "0912200002", { birthday: "1988-05-03" });
    await t.app.sweep();
    expect(await birthdayCoupons(december.id)).toHaveLength(0); // the demo sets the template; it is November

    t.clock.set("2026-11-30T16:00:01Z"); // 1 December in Taipei
    await t.app.sweep();
    await t.app.sweep();
    t.clock.advance(86_400_000);
    await t.app.sweep();
    await t.settle();
    expect((await birthdayCoupons(december.id)).map((c) => c.issueKey)).toEqual([
      `birthday:2026:${december.id}`,
    ]);
    expect(await birthdayCoupons(may.id)).toHaveLength(0);
    const greeting = (await chatLog(t, december.userId)).filter((e) => e.direction === "out").at(-1);
    expect(String(greeting?.message.text)).toMatch(/^🎂 生日快樂/);
    expect(String(greeting?.message.text)).not.toContain("Happy birthday"); // a zh-TW reader

    t.clock.set("2027-12-02T02:00:00Z");
    await t.app.sweep();
    expect((await birthdayCoupons(december.id)).map((c) => c.issueKey).sort()).toEqual([
      `birthday:2026:${december.id}`,
      `birthday:2027:${december.id}`,
    ]);
  });
});
