/** Live-selling edges: a cancel naming no variant, and failed comments told in the group. */
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { liveLines } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { chatLog, createFriend, lineRequests } from "../../../test/line-helpers";
import { comment, liveKit, unit } from "./live-kit";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ demo: true });
});
afterEach(async () => {
  await t.close();
});
const { newSale, post, tally, say } = liveKit(() => t);

async function group(memberIds: string[]) {
  const res = await t.line.control("/groups", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ groupName: "團購群", memberIds }),
  });
  await t.settle();
  return ((await res.json()) as { groupId: string }).groupId;
}

async function englishFriend(displayName: string) {
  const res = await t.line.control("/users", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ displayName, language: "en" }),
  });
  const { userId } = (await res.json()) as { userId: string };
  await t.line.control(`/users/${userId}/follow`, { method: "POST" });
  await t.settle();
  return userId;
}

/** The group's replies after `before`, once the batching window has passed. */
async function flushed(groupId: string, before: number) {
  t.clock.advance(3_000);
  await t.app.sweep();
  await t.settle();
  return (await chatLog(t, groupId)).filter((e) => e.direction === "out").slice(before);
}

describe("a cancel naming no variant (B02-1)", () => {
  it("cancels the one variant held; with two held it asks which, among those, and moves nothing", async () => {
    const sale = await newSale();
    await post(sale.id, [
      comment("one", "B02 紅 M +1"),
      comment("two", "B02 紅 M +1"),
      comment("two", "B02 黑 L +1"),
    ]);
    const [cancel] = await post(sale.id, [comment("one", "B02-1")]);
    expect(cancel).toMatchObject({
      outcome: "cancelled",
      items: [{ code: "B02", qty: -1, status: "cancelled" }],
    });
    const [ask] = await post(sale.id, [comment("two", "B02-1")]);
    expect(ask).toMatchObject({ outcome: "ask", reason: "VARIANT_REQUIRED", choices: ["紅 M", "黑 L"] });
    const rows = await tally(sale.id);
    expect(unit(rows, "B02", "紅 M")).toMatchObject({ ordered: 1, remaining: 1 });
    expect(unit(rows, "B02", "黑 L")).toMatchObject({ ordered: 1, remaining: 0 });
    // Decided in the database: the record line of each cancel says so.
    const records = await t.app.deps.db
      .select({ decision: liveLines.decision, reason: liveLines.reason, requested: liveLines.requested })
      .from(liveLines)
      .where(and(eq(liveLines.saleId, sale.id), eq(liveLines.requested, -1)));
    expect(records).toEqual([
      { decision: "cancel", reason: null, requested: -1 },
      { decision: "rejected", reason: "VARIANT_REQUIRED", requested: -1 },
    ]);
    // Naming it then cancels it.
    const [named] = await post(sale.id, [comment("two", "B02 黑L -1")]);
    expect(named?.outcome).toBe("cancelled");
    expect(unit(await tally(sale.id), "B02", "黑 L").ordered).toBe(0);
  });

  it("in a LINE group: one variant held is cancelled, two held is asked in the batched reply", async () => {
    const sale = await newSale({ featuredCode: "B02" });
    const a = await createFriend(t, "一件");
    const b = await createFriend(t, "兩件");
    const g = await group([a, b]);
    const chat = { type: "group", groupId: g };
    await say(chat, a, "B02 黑L +1");
    await say(chat, b, "B02 紅M +1");
    await say(chat, b, "B02 黑L +1"); // waitlisted: held too
    const before = (await chatLog(t, g)).filter((e) => e.direction === "out").length;
    await flushed(g, before);
    const mid = (await chatLog(t, g)).filter((e) => e.direction === "out").length;
    await say(chat, a, "-1"); // the featured product, A-1 style
    await say(chat, b, "B02-1");
    const replies = await flushed(g, mid);
    expect(replies.map((r) => r.via)).toEqual(["reply"]);
    const text = (replies[0]?.message as { text?: string } | undefined)?.text ?? "";
    expect(text).toContain("🗑 取消 B02 黑 L×1");
    expect(text).toContain("❓ 您有多種規格，請問要取消哪一個：紅 M、黑 L");
    // A's 黑 L went to B (waitlisted first), and B's two units stay.
    expect(unit(await tally(sale.id), "B02", "紅 M")).toMatchObject({ ordered: 1 });
    expect(unit(await tally(sale.id), "B02", "黑 L")).toMatchObject({ ordered: 1, waitlisted: 0 });
  });
});

describe("a failed comment in a LINE group", () => {
  it("is told in the next batched reply, politely, naming the code, in the buyer's language", async () => {
    const sale = await newSale({
      products: [
        { code: "A", name: "限購", price: 100, stock: 5, perBuyerLimit: 1 },
        { code: "C", name: "最後一件", price: 100, stock: 1 },
      ],
    });
    const zh = await createFriend(t, "小美");
    const en = await englishFriend("Amy");
    const g = await group([zh, en]);
    const chat = { type: "group", groupId: g };
    const before = (await chatLog(t, g)).filter((e) => e.direction === "out").length;
    await say(chat, zh, "Z+1");
    await say(chat, en, "Z9+1");
    await say(chat, zh, "A+2");
    await say(chat, en, "A+2");
    await say(chat, zh, "C+1");
    await say(chat, en, "C+1");
    const outs = await flushed(g, before);
    expect(outs).toHaveLength(1);
    expect(outs[0]?.via).toBe("reply");
    const msg = outs[0]?.message as {
      text: string;
      substitution: Record<string, { mentionee: { userId: string } }>;
    };
    const lines = msg.text.split("\n").slice(1, 7);
    const who = (line: string | undefined) =>
      msg.substitution[/^\{(u\d+)\}/.exec(line ?? "")?.[1] ?? ""]?.mentionee.userId;
    expect(lines.map(who)).toEqual([zh, en, zh, en, zh, en]);
    expect(lines[0]).toContain("不好意思，查無商品代碼「Z」");
    expect(lines[1]).toContain('Sorry, there is no product "Z9"');
    expect(lines[2]).toContain("不好意思，A 已達每人限購數量");
    expect(lines[3]).toContain("Sorry, A is over the per-person limit");
    expect(lines[4]).toContain("✅ C×1");
    expect(lines[5]).toContain("Sorry, C is sold out — you are on the waitlist");
    expect(await lineRequests(t, "push")).toHaveLength(0);
    expect(unit(await tally(sale.id), "A").ordered).toBe(0);
    expect(unit(await tally(sale.id), "C")).toMatchObject({ ordered: 1, waitlisted: 1 });
  });
});
