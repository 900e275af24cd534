import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { chatLog, createFriend, lineRequests } from "../../../test/line-helpers";
import { liveKit, unit } from "./live-kit";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ demo: true });
});
afterEach(async () => {
  await t.close();
});
const { newSale, tally, say } = liveKit(() => t);

describe("LINE", () => {
  it("1:1 chat: '+1' is answered at once with the cart (free reply), once however often LINE delivers it", async () => {
    const sale = await newSale();
    const user = await createFriend(t, "阿明");
    const eventId = await say({ type: "user", userId: user }, user, "A+2");
    const log = await chatLog(t, user);
    const out = log.filter((e) => e.direction === "out").at(-1);
    expect(out?.via).toBe("reply");
    expect(JSON.stringify(out?.message)).toContain("已為您保留");
    expect(JSON.stringify(out?.message)).toContain(`/live/${sale.id}`);
    expect(unit(await tally(sale.id), "A").ordered).toBe(2);

    // Redeliver every webhook event: nothing more is ordered or sent.
    const before = (await lineRequests(t, "reply")).length;
    const redeliver = await t.line.control("/webhook/redeliver", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ eventId }),
    });
    expect(redeliver.status).toBeLessThan(300);
    await t.settle();
    expect(unit(await tally(sale.id), "A").ordered).toBe(2);
    expect((await lineRequests(t, "reply")).length).toBe(before);

    // Chatter still reaches the keyword replies.
    await say({ type: "user", userId: user }, user, "營業時間");
    expect(JSON.stringify((await chatLog(t, user)).at(-1)?.message)).not.toContain("已為您保留");
  });

  it("group: confirmations are gathered into one free reply mentioning the buyers, never a push per member", async () => {
    const sale = await newSale();
    const a = await createFriend(t, "A君");
    const b = await createFriend(t, "B君");
    const c = await createFriend(t, "C君");
    const group = (await (
      await t.line.control("/groups", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ groupName: "團購群", memberIds: [a, b, c] }),
      })
    ).json()) as { groupId: string };
    await t.settle();
    const chat = { type: "group", groupId: group.groupId };
    const before = (await chatLog(t, group.groupId)).filter((e) => e.direction === "out").length;
    await say(chat, a, "+1");
    await say(chat, b, "B02 紅M +1");
    await say(chat, c, "B02+1");
    expect(unit(await tally(sale.id), "A").ordered).toBe(1);
    expect(unit(await tally(sale.id), "B02", "紅 M").ordered).toBe(1);
    // Nothing is sent until the window passes.
    expect((await chatLog(t, group.groupId)).filter((e) => e.direction === "out")).toHaveLength(before);
    t.clock.advance(3_000);
    await t.app.sweep();
    await t.settle();
    const outs = (await chatLog(t, group.groupId)).filter((e) => e.direction === "out").slice(before);
    expect(outs).toHaveLength(1);
    expect(outs[0]?.via).toBe("reply");
    const msg = outs[0]?.message as { type: string; text: string; substitution: Record<string, unknown> };
    expect(msg.type).toBe("textV2");
    expect(Object.keys(msg.substitution)).toHaveLength(3);
    expect(msg.text).toContain("✅ A×1");
    expect(msg.text).toContain("❓");
    expect(await lineRequests(t, "push")).toHaveLength(0);
    const cost = (await (await t.admin(`/api/lives/${sale.id}/messages`)).json()) as Record<string, number>;
    expect(cost).toMatchObject({ free: 1, countedRecipients: 0 });
  });

  it("group: a buyer who asks gets their cart privately (counted), others only the free group reply", async () => {
    const sale = await newSale();
    const a = await createFriend(t, "要私訊");
    const b = await createFriend(t, "不用");
    const group = (await (
      await t.line.control("/groups", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ groupName: "團購二群", memberIds: [a, b] }),
      })
    ).json()) as { groupId: string };
    await t.settle();
    const chat = { type: "group", groupId: group.groupId };
    await say(chat, a, "A+1");
    await say(chat, b, "A+1");
    t.clock.advance(3_000);
    await t.app.sweep();
    await t.settle();
    const summary = (await chatLog(t, group.groupId)).filter((e) => e.direction === "out").at(-1);
    const qr = (
      summary?.message as { quickReply?: { items: Array<{ action: { data: string } }> } } | undefined
    )?.quickReply;
    expect(qr?.items[0]?.action.data).toBe(`action=live_dm&sale=${sale.id}`);
    expect(await lineRequests(t, "push")).toHaveLength(0);

    // A taps 私訊我購物車: a reply in the group (free) and their cart pushed to them (counted).
    const tap = await t.line.control("/postbacks", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat, from: a, data: qr?.items[0]?.action.data }),
    });
    expect(tap.status).toBe(202);
    await t.settle();
    let pushes = await lineRequests(t, "push");
    expect(pushes.map((p) => (p.body as { to: string }).to)).toEqual([a]);
    expect(JSON.stringify(pushes[0]?.body)).toContain("我的購物車");

    // Next round: A's cart comes privately again, B only sees the group reply.
    await say(chat, a, "A+1");
    await say(chat, b, "A+1");
    t.clock.advance(3_000);
    await t.app.sweep();
    await t.settle();
    pushes = await lineRequests(t, "push");
    expect(pushes.map((p) => (p.body as { to: string }).to)).toEqual([a, a]);
    const cost = (await (await t.admin(`/api/lives/${sale.id}/messages`)).json()) as Record<string, number>;
    expect(cost).toMatchObject({ free: 3, countedRecipients: 2 });
  });

  it("a LINE buyer is reminded once before the cart expires, and told when a waitlisted item comes through", async () => {
    const sale = await newSale({
      holdMinutes: 120,
      products: [{ code: "A", name: "一件", price: 100, stock: 1 }],
    });
    const first = await createFriend(t, "先來");
    const second = await createFriend(t, "後到");
    await say({ type: "user", userId: first }, first, "A+1");
    t.clock.advance(60 * 60_000);
    await say({ type: "user", userId: second }, second, "A+1");
    expect(JSON.stringify((await chatLog(t, second)).at(-1)?.message)).toContain("候補");
    t.clock.advance(31 * 60_000); // 29 min left of 120: inside the last quarter
    await t.app.sweep();
    await t.app.sweep();
    await t.settle();
    const reminders = (await lineRequests(t, "push")).filter((r) => JSON.stringify(r.body).includes("提醒"));
    expect(reminders).toHaveLength(1);
    t.clock.advance(30 * 60_000);
    await t.app.sweep();
    await t.settle();
    const pushes = await lineRequests(t, "push");
    const told = pushes.filter((r) => JSON.stringify(r.body).includes("候補成功"));
    expect(told).toHaveLength(1);
    expect(JSON.stringify(told[0]?.body)).toContain(second);
    expect(unit(await tally(sale.id), "A")).toMatchObject({ ordered: 1, waitlisted: 0 });
  });
});
