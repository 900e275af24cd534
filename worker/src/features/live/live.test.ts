import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { chatLog, createFriend, lineRequests } from "../../../test/line-helpers";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ demo: true });
});
afterEach(async () => {
  await t.close();
});

interface Result {
  commentId: string;
  outcome: string;
  items: Array<{ code: string; variant?: string; qty: number; status: string; reason?: string }>;
  reason?: string;
}
interface TallyRow {
  code: string;
  variant?: string;
  stock: number;
  ordered: number;
  remaining: number;
  waitlisted: number;
}

const json = (body: unknown) => ({ method: "POST", body: JSON.stringify(body) });

async function newSale(body: Record<string, unknown> = {}, open = true) {
  const res = await t.admin(
    "/api/lives",
    json({
      title: "週五直播",
      featuredCode: "A",
      products: [
        { code: "A", name: "羊毛圍巾", price: 390, stock: 10 },
        {
          code: "B02",
          name: "針織外套",
          price: 1280,
          stock: 0,
          perBuyerLimit: 2,
          variants: [
            { name: "紅 M", stock: 2 },
            { name: "黑 L", stock: 1 },
          ],
        },
      ],
      ...body,
    }),
  );
  expect(res.status).toBe(201);
  const sale = (await res.json()) as { id: string; ingestKey: string; status: string };
  if (open) expect((await t.admin(`/api/lives/${sale.id}/open`, { method: "POST" })).status).toBe(200);
  return sale;
}

let seq = 0;
const comment = (userId: string, text: string, commentId = `c${++seq}`) => ({
  platform: "facebook",
  commentId,
  userId,
  userName: `viewer ${userId}`,
  text,
  postedAt: "2026-11-24T02:00:00Z",
});

async function post(saleId: string, comments: unknown[], token?: string): Promise<Result[]> {
  const res = await t.admin(`/api/lives/${saleId}/comments`, {
    ...json({ comments }),
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: Result[] }).results;
}

async function tally(saleId: string): Promise<TallyRow[]> {
  const res = await fetch(`${t.app.url}/api/lives/${saleId}/tally`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { products: TallyRow[] }).products;
}

const unit = (rows: TallyRow[], code: string, variant?: string) =>
  rows.find((r) => r.code === code && r.variant === variant) as TallyRow;

describe("sales", () => {
  it("creates a draft sale, opens and closes it; bad catalogues are refused", async () => {
    const sale = await newSale({}, false);
    expect(sale.status).toBe("draft");
    expect(sale.ingestKey).toMatch(/^lik_/);
    const got = (await (await t.admin(`/api/lives/${sale.id}`)).json()) as { products: unknown[] };
    expect(got.products).toEqual([
      { code: "A", name: "羊毛圍巾", price: 390, perBuyerLimit: null, stock: 10, variants: [] },
      {
        code: "B02",
        name: "針織外套",
        price: 1280,
        perBuyerLimit: 2,
        stock: 3,
        variants: [
          { name: "紅 M", stock: 2 },
          { name: "黑 L", stock: 1 },
        ],
      },
    ]);
    // Comments wait for the sale to open.
    const early = await t.admin(`/api/lives/${sale.id}/comments`, json({ comments: [comment("u1", "A+1")] }));
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe("SALE_NOT_OPEN");
    expect((await t.admin(`/api/lives/${sale.id}/open`, { method: "POST" })).status).toBe(200);
    expect((await t.admin(`/api/lives/${sale.id}/open`, { method: "POST" })).status).toBe(200); // a repeat is fine
    expect((await t.admin(`/api/lives/${sale.id}/close`, { method: "POST" })).status).toBe(200);
    expect((await t.admin(`/api/lives/${sale.id}/open`, { method: "POST" })).status).toBe(409);

    for (const bad of [
      {
        products: [
          { code: "A", name: "x", price: 1, stock: 1 },
          { code: "ａ", name: "y", price: 1, stock: 1 },
        ],
      },
      { products: [{ code: "A B", name: "x", price: 1, stock: 1 }] },
      { featuredCode: "Z", products: [{ code: "A", name: "x", price: 1, stock: 1 }] },
      { products: [{ code: "A", name: "x", price: -1, stock: 1 }] },
      { products: [] },
    ]) {
      const res = await t.admin("/api/lives", json({ title: "x", ...bad }));
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
  });

  it("needs the admin token or the sale's own ingestion key", async () => {
    const sale = await newSale();
    const other = await newSale();
    const anon = await fetch(`${t.app.url}/api/lives/${sale.id}/comments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ comments: [comment("u1", "A+1")] }),
    });
    expect(anon.status).toBe(401);
    const wrong = await t.admin(`/api/lives/${sale.id}/comments`, {
      ...json({ comments: [comment("u1", "A+1")] }),
      headers: { authorization: `Bearer ${other.ingestKey}` },
    });
    expect(wrong.status).toBe(401);
    const [r] = await post(sale.id, [comment("u1", "A+1")], sale.ingestKey);
    expect(r?.outcome).toBe("ordered");
    // The ingestion key opens nothing else.
    const orders = await t.admin(`/api/lives/${sale.id}/orders`, {
      headers: { authorization: `Bearer ${sale.ingestKey}` },
    });
    expect(orders.status).toBe(401);
    expect((await fetch(`${t.app.url}/api/lives`, { method: "POST" })).status).toBe(401);
  });
});

describe("comments", () => {
  it("answers one result per comment, in order, with what each did", async () => {
    const sale = await newSale();
    const results = await post(sale.id, [
      comment("u1", "我要A+1謝謝"),
      comment("u2", "+2"),
      comment("u3", "B02 紅 M +1"),
      comment("u3", "B02+1"),
      comment("u4", "Z+1"),
      comment("u5", "好漂亮"),
      comment("u6", "+1是什麼"),
      comment("u7", "1+1=2"),
      comment("u1", "A+1 B02 黑L+1"),
      comment("u8", "B02 藍 M+1"),
    ]);
    expect(results.map((r) => [r.commentId, r.outcome, r.reason])).toEqual([
      [results[0]?.commentId, "ordered", undefined],
      [results[1]?.commentId, "ordered", undefined],
      [results[2]?.commentId, "ordered", undefined],
      [results[3]?.commentId, "ask", "VARIANT_REQUIRED"],
      [results[4]?.commentId, "rejected", "UNKNOWN_CODE"],
      [results[5]?.commentId, "ignored", "NO_ORDER"],
      [results[6]?.commentId, "ignored", "QUESTION"],
      [results[7]?.commentId, "ignored", "ARITHMETIC"],
      [results[8]?.commentId, "ordered", undefined],
      [results[9]?.commentId, "rejected", "UNKNOWN_VARIANT"],
    ]);
    expect(results[1]?.items).toEqual([{ code: "A", qty: 2, status: "reserved" }]);
    expect(results[8]?.items).toEqual([
      { code: "A", qty: 1, status: "reserved" },
      { code: "B02", variant: "黑 L", qty: 1, status: "reserved" },
    ]);
    const rows = await tally(sale.id);
    expect(unit(rows, "A")).toMatchObject({ stock: 10, ordered: 4, remaining: 6, waitlisted: 0 });
    expect(unit(rows, "B02", "紅 M")).toMatchObject({ stock: 2, ordered: 1, remaining: 1 });
    expect(unit(rows, "B02", "黑 L")).toMatchObject({ stock: 1, ordered: 1, remaining: 0 });
  });

  it("never orders twice for a repeated comment id, in one batch or across batches", async () => {
    const sale = await newSale();
    const c = comment("u1", "A+1", "same");
    const first = await post(sale.id, [c, c]);
    expect(first.map((r) => r.outcome)).toEqual(["ordered", "duplicate"]);
    const again = await post(sale.id, [c]);
    expect(again.map((r) => r.outcome)).toEqual(["duplicate"]);
    // Same id on another platform is another comment.
    const fb = await post(sale.id, [{ ...c, platform: "youtube" }]);
    expect(fb[0]?.outcome).toBe("ordered");
    expect(unit(await tally(sale.id), "A").ordered).toBe(2);
  });

  it("200 buyers racing for 10 units: exactly 10 ordered, 190 waitlisted, never oversold", async () => {
    const sale = await newSale({ products: [{ code: "A", name: "限量杯", price: 500, stock: 10 }] });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => post(sale.id, [comment(`r${i}`, "+1", `race-${i}`)])),
    );
    const outcomes = results.map((r) => r[0]?.outcome);
    expect(outcomes.filter((o) => o === "ordered")).toHaveLength(10);
    expect(outcomes.filter((o) => o === "waitlisted")).toHaveLength(190);
    expect(unit(await tally(sale.id), "A")).toMatchObject({
      stock: 10,
      ordered: 10,
      remaining: 0,
      waitlisted: 190,
    });
  });

  it("holds a buyer to the per-buyer limit even when their comments arrive at once", async () => {
    const sale = await newSale({
      products: [{ code: "A", name: "限購商品", price: 100, stock: 50, perBuyerLimit: 2 }],
    });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post(sale.id, [comment("greedy", "A+1", `g-${i}`)])),
    );
    const outcomes = results.map((r) => r[0]);
    expect(outcomes.filter((r) => r?.outcome === "ordered")).toHaveLength(2);
    const rejected = outcomes.filter((r) => r?.outcome === "rejected");
    expect(rejected).toHaveLength(8);
    expect(rejected[0]?.reason).toBe("OVER_LIMIT");
    // +3 in one comment is over the limit as a whole.
    const [big] = await post(sale.id, [comment("other", "A+3")]);
    expect(big).toMatchObject({ outcome: "rejected", reason: "OVER_LIMIT" });
    expect(unit(await tally(sale.id), "A").ordered).toBe(2);
  });

  it("a cancel releases stock to the first waitlisted buyer, in comment order", async () => {
    const sale = await newSale({ products: [{ code: "A", name: "最後一件", price: 100, stock: 1 }] });
    const r = await post(sale.id, [comment("u1", "A+1"), comment("u2", "A+1"), comment("u3", "A+1")]);
    expect(r.map((x) => x.outcome)).toEqual(["ordered", "waitlisted", "waitlisted"]);
    expect(r[1]?.reason).toBe("SOLD_OUT");
    const [nothing] = await post(sale.id, [comment("u9", "A-1")]);
    expect(nothing).toMatchObject({ outcome: "rejected", reason: "NOTHING_TO_CANCEL" });
    const [cancel] = await post(sale.id, [comment("u1", "A-1")]);
    expect(cancel).toMatchObject({
      outcome: "cancelled",
      items: [{ code: "A", qty: -1, status: "cancelled" }],
    });
    expect(unit(await tally(sale.id), "A")).toMatchObject({ ordered: 1, remaining: 0, waitlisted: 1 });
    const orders = (await (await t.admin(`/api/lives/${sale.id}/orders`)).json()) as {
      orders: Array<{ buyer: { name: string }; lines: Array<{ status: string; position?: number }> }>;
    };
    const by = (name: string) => orders.orders.find((o) => o.buyer.name === name);
    expect(by("viewer u1")).toBeUndefined(); // nothing left in the cart
    expect(by("viewer u2")?.lines).toEqual([expect.objectContaining({ status: "reserved" })]);
    expect(by("viewer u3")?.lines).toEqual([expect.objectContaining({ status: "waitlisted", position: 1 })]);
  });

  it("a later comment in the same batch cannot jump the waitlist after a cancel", async () => {
    const sale = await newSale({ products: [{ code: "A", name: "一件", price: 100, stock: 1 }] });
    const r = await post(sale.id, [
      comment("u1", "A+1"),
      comment("u2", "A+1"),
      comment("u1", "A-1"),
      comment("u3", "A+1"),
    ]);
    expect(r.map((x) => x.outcome)).toEqual(["ordered", "waitlisted", "cancelled", "waitlisted"]);
    expect(unit(await tally(sale.id), "A")).toMatchObject({ ordered: 1, waitlisted: 1 });
  });

  it("cancelling your waitlisted unit first keeps the one you hold", async () => {
    const sale = await newSale({ products: [{ code: "A", name: "一件", price: 100, stock: 1 }] });
    await post(sale.id, [comment("u1", "A+1"), comment("u1", "A+1")]);
    expect(unit(await tally(sale.id), "A")).toMatchObject({ ordered: 1, waitlisted: 1 });
    await post(sale.id, [comment("u1", "A-1")]);
    expect(unit(await tally(sale.id), "A")).toMatchObject({ ordered: 1, waitlisted: 0 });
  });

  it("an unconfirmed cart expires, releasing stock to the waitlist; the buyer is reminded before", async () => {
    const sale = await newSale({
      holdMinutes: 60,
      products: [{ code: "A", name: "一件", price: 100, stock: 1 }],
    });
    await post(sale.id, [comment("u1", "A+1")]);
    t.clock.advance(30 * 60_000);
    await post(sale.id, [comment("u2", "A+1")]); // waitlisted; their cart holds until 90 min
    t.clock.advance(29 * 60_000);
    await t.app.sweep();
    expect(unit(await tally(sale.id), "A")).toMatchObject({ ordered: 1, waitlisted: 1 });
    t.clock.advance(2 * 60_000);
    await t.app.sweep();
    expect(unit(await tally(sale.id), "A")).toMatchObject({ ordered: 1, waitlisted: 0 });
    const orders = (await (await t.admin(`/api/lives/${sale.id}/orders?status=expired`)).json()) as {
      orders: Array<{ buyer: { name: string } }>;
    };
    expect(orders.orders.map((o) => o.buyer.name)).toEqual(["viewer u1"]);
  });

  it("the seller cancels an order: its stock goes to the waitlist", async () => {
    const sale = await newSale({ products: [{ code: "A", name: "一件", price: 100, stock: 1 }] });
    await post(sale.id, [comment("u1", "A+1"), comment("u2", "A+1")]);
    const list = (await (await t.admin(`/api/lives/${sale.id}/orders`)).json()) as {
      orders: Array<{ id: string; buyer: { name: string } }>;
    };
    const first = list.orders.find((o) => o.buyer.name === "viewer u1") as { id: string };
    const res = await t.admin(
      `/api/lives/${sale.id}/orders/${first.id}/status`,
      json({ status: "cancelled" }),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe("cancelled");
    expect(unit(await tally(sale.id), "A")).toMatchObject({ ordered: 1, waitlisted: 0 });
    // Cannot be paid now.
    const paid = await t.admin(`/api/lives/${sale.id}/orders/${first.id}/status`, json({ status: "paid" }));
    expect(paid.status).toBe(409);
  });

  it("refuses a batch over 1,000 comments and changes nothing", async () => {
    const sale = await newSale();
    const res = await t.admin(
      `/api/lives/${sale.id}/comments`,
      json({ comments: Array.from({ length: 1001 }, (_, i) => comment(`u${i}`, "A+1", `big-${i}`)) }),
    );
    expect(res.status).toBe(400);
    expect(unit(await tally(sale.id), "A").ordered).toBe(0);
  });
});

describe("LINE", () => {
  async function say(chat: Record<string, unknown>, from: string, text: string) {
    const res = await t.line.control("/messages", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat, from, message: { type: "text", text } }),
    });
    expect(res.status).toBe(202);
    await t.settle();
    return ((await res.json()) as { eventId: string }).eventId;
  }

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

  it("a Facebook buyer claims their orders in LINE with the seller's link, once", async () => {
    const sale = await newSale();
    await post(sale.id, [comment("fb-77", "A+2")]);
    const res = await t.admin(`/api/lives/${sale.id}/claim-links`, {
      ...json({
        buyers: [
          { platform: "facebook", userId: "fb-77" },
          { platform: "facebook", userId: "nobody" },
        ],
      }),
      headers: { authorization: `Bearer ${sale.ingestKey}` },
    });
    expect(res.status).toBe(200);
    const { links } = (await res.json()) as { links: Array<{ url: string; claimed: boolean }> };
    expect(links).toHaveLength(1);
    expect(links[0]?.claimed).toBe(false);
    const token = new URL(links[0]?.url ?? "").searchParams.get("t") ?? "";
    const user = await createFriend(t, "臉書來的");
    const other = await createFriend(t, "別人");
    const idToken = async (u: string) =>
      (
        (await (await t.line.control(`/users/${u}/id-token`, { method: "POST" })).json()) as {
          idToken: string;
        }
      ).idToken;
    const claim = async (u: string, tk: string) =>
      fetch(`${t.app.url}/api/me/lives/claims`, {
        method: "POST",
        headers: { authorization: `Bearer ${await idToken(u)}`, "content-type": "application/json" },
        body: JSON.stringify({ token: tk }),
      });
    expect((await claim(user, token)).status).toBe(200);
    expect((await claim(user, token)).status).toBe(200); // the same person again: fine
    expect((await claim(other, token)).status).toBe(409);
    expect((await claim(user, `${token.slice(0, -2)}xx`)).status).toBe(400);
    const cart = (await (
      await fetch(`${t.app.url}/api/me/lives/${sale.id}/cart`, {
        headers: { authorization: `Bearer ${await idToken(user)}` },
      })
    ).json()) as { order: { subtotal: number; memberId: string | null } };
    expect(cart.order.subtotal).toBe(780);
    expect(cart.order.memberId).not.toBeNull(); // attributed to the member who claimed it
  });

  it("claiming into a LINE cart of the same sale makes one cart; the bank account is shown for transfers", async () => {
    const sale = await newSale();
    const user = await createFriend(t, "兩邊都買");
    await say({ type: "user", userId: user }, user, "A+1");
    await post(sale.id, [comment("fb-9", "A+2")]);
    const link = (await (
      await t.admin(
        `/api/lives/${sale.id}/claim-links`,
        json({ buyers: [{ platform: "facebook", userId: "fb-9" }] }),
      )
    ).json()) as { links: Array<{ url: string }> };
    const token = new URL(link.links[0]?.url ?? "").searchParams.get("t") ?? "";
    const idToken = (
      (await (await t.line.control(`/users/${user}/id-token`, { method: "POST" })).json()) as {
        idToken: string;
      }
    ).idToken;
    const headers = { authorization: `Bearer ${idToken}`, "content-type": "application/json" };
    const claimed = await fetch(`${t.app.url}/api/me/lives/claims`, {
      method: "POST",
      headers,
      body: JSON.stringify({ token }),
    });
    expect(claimed.status).toBe(200);
    const cart = (await (await fetch(`${t.app.url}/api/me/lives/${sale.id}/cart`, { headers })).json()) as {
      order: { lines: Array<{ code: string; qty: number }> };
      payment: { bankTransferAccount: string | null };
    };
    expect(cart.order.lines).toEqual([expect.objectContaining({ code: "A", qty: 3 })]);
    expect(cart.payment.bankTransferAccount).toBeNull();
    const all = (await (await t.admin(`/api/lives/${sale.id}/orders`)).json()) as {
      orders: Array<{ status: string }>;
    };
    expect(all.orders.map((o) => o.status).sort()).toEqual(["cancelled", "cart"]);
    expect(unit(await tally(sale.id), "A").ordered).toBe(3);
  });

  it("checkout online with a coupon and points; a cancel gives both back", async () => {
    const sale = await newSale();
    const user = await createFriend(t, "用券的人");
    const idToken = await t.line.emulator.issueIdToken(user);
    const headers = { authorization: `Bearer ${idToken}`, "content-type": "application/json" };
    const me = (await (await fetch(`${t.app.url}/api/me`, { headers })).json()) as {
      member: { memberCode: string };
    };
    // 200 points from a store purchase, and the demo NT$100 coupon (min spend NT$500).
    const stores = ((await (await t.admin("/api/admin/stores")).json()) as { stores: Array<{ id: string }> })
      .stores;
    const key = (
      (await (await t.admin(`/api/admin/stores/${stores[0]?.id}/pos-keys`, { method: "POST" })).json()) as {
        key: string;
      }
    ).key;
    await fetch(`${t.app.url}/api/pos/transactions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ externalId: "CPN-1", memberCode: me.member.memberCode, total: 20_000 }),
    });
    await t.admin(
      "/api/admin/coupon-templates/tpl_demo_welcome/issue",
      json({ batchKey: "live-test", memberCodes: [me.member.memberCode] }),
    );
    const available = async () =>
      (
        (await (await fetch(`${t.app.url}/api/me/coupons?status=available`, { headers })).json()) as {
          coupons: Array<{ code: string }>;
        }
      ).coupons;
    const start = await available();
    const code = (start.find((c) => JSON.stringify(c).includes("100")) ?? start[0])?.code as string;
    const points = async () =>
      ((await (await fetch(`${t.app.url}/api/me/card`, { headers })).json()) as { points: number }).points;
    const before = await points();

    await say({ type: "user", userId: user }, user, "A+3");
    const cart = (await (await fetch(`${t.app.url}/api/me/lives/${sale.id}/cart`, { headers })).json()) as {
      order: { id: string };
      defaultPickupStoreId: string;
    };
    const confirm = (extra: Record<string, unknown>) =>
      fetch(`${t.app.url}/api/me/lives/${sale.id}/cart/confirm`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          fulfilment: "pickup",
          pickupStoreId: cart.defaultPickupStoreId,
          paymentMethod: "pay_at_pickup",
          ...extra,
        }),
      });
    const tooMany = await confirm({ couponCode: code, pointsToUse: 5_000 });
    expect(tooMany.status).toBe(422);
    // Refused: the coupon is still available.
    expect((await available()).map((c) => c.code)).toContain(code);
    const [one, two] = await Promise.all([
      confirm({ couponCode: code, pointsToUse: 50 }),
      confirm({ couponCode: code, pointsToUse: 50 }),
    ]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(await one.json()).toMatchObject({
      subtotal: 1170,
      discount: 100,
      pointsUsed: 50,
      total: 1020,
      coupon: { code },
    });
    expect(await points()).toBe(before - 50);
    expect((await available()).map((c) => c.code)).not.toContain(code);

    expect(
      (await t.admin(`/api/lives/${sale.id}/orders/${cart.order.id}/status`, json({ status: "cancelled" })))
        .status,
    ).toBe(200);
    expect(await points()).toBe(before);
    expect((await available()).map((c) => c.code)).toContain(code);
  });

  it("the sandbox demo sale is there in draft, opens, and takes '+1' from the featured product", async () => {
    const got = await t.admin("/api/lives/sal_demo_friday");
    expect(got.status).toBe(200);
    expect(((await got.json()) as { status: string }).status).toBe("draft");
    expect((await t.admin("/api/lives/sal_demo_friday/open", { method: "POST" })).status).toBe(200);
    const [r] = await post("sal_demo_friday", [comment("demo-1", "+1")]);
    expect(r).toMatchObject({ outcome: "ordered", items: [{ code: "B", qty: 1, status: "reserved" }] });
    const [v] = await post("sal_demo_friday", [comment("demo-2", "A 黑L +1")]);
    expect(v).toMatchObject({ outcome: "ordered", items: [{ code: "A", variant: "黑 L", qty: 1 }] });
  });

  it("checkout in LIFF: the buyer confirms pickup; the seller marks it paid and the member earns points", async () => {
    const sale = await newSale();
    const user = await createFriend(t, "小芳");
    await say({ type: "user", userId: user }, user, "A+3");
    const token = (await (await t.line.control(`/users/${user}/id-token`, { method: "POST" })).json()) as {
      idToken: string;
    };
    const auth = { authorization: `Bearer ${token.idToken}`, "content-type": "application/json" };
    const cart = (await (
      await fetch(`${t.app.url}/api/me/lives/${sale.id}/cart`, { headers: auth })
    ).json()) as {
      order: { id: string; subtotal: number; lines: unknown[] };
      defaultPickupStoreId: string;
      stores: unknown[];
    };
    expect(cart.order.subtotal).toBe(1170);
    expect(cart.stores.length).toBeGreaterThan(0);
    const confirm = () =>
      fetch(`${t.app.url}/api/me/lives/${sale.id}/cart/confirm`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({
          fulfilment: "pickup",
          pickupStoreId: cart.defaultPickupStoreId,
          paymentMethod: "pay_at_pickup",
        }),
      });
    const [one, two] = await Promise.all([confirm(), confirm()]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(((await one.json()) as { status: string; total: number }).total).toBe(1170);
    // A comment after checkout does not change the confirmed order.
    await say({ type: "user", userId: user }, user, "A+1");
    expect(unit(await tally(sale.id), "A").ordered).toBe(3);

    // Without a valid token nothing is shown.
    expect((await fetch(`${t.app.url}/api/me/lives/${sale.id}/cart`)).status).toBe(401);

    const paid = await t.admin(
      `/api/lives/${sale.id}/orders/${cart.order.id}/status`,
      json({ status: "picked_up" }),
    );
    expect(paid.status).toBe(200);
    const me = (await (await fetch(`${t.app.url}/api/me/card`, { headers: auth })).json()) as {
      points: number;
    };
    expect(me.points).toBe(11);
    // Recorded once as a live-channel purchase at the pickup store (a repeat changes nothing).
    expect(
      (await t.admin(`/api/lives/${sale.id}/orders/${cart.order.id}/status`, json({ status: "picked_up" })))
        .status,
    ).toBe(200);
    const { purchases } = await import("../../../../db/schema");
    const { eq } = await import("drizzle-orm");
    const rows = await t.app.deps.db.select().from(purchases).where(eq(purchases.externalId, cart.order.id));
    expect(rows.map((r) => [r.channel, r.source, r.paid, r.pointsEarned, r.storeId])).toEqual([
      ["live", "live", 1170, 11, cart.defaultPickupStoreId],
    ]);
    const csv = await (await t.admin(`/api/lives/${sale.id}/picking.csv`)).text();
    expect(csv).not.toContain(cart.order.id); // picked up: not in the picking list any more
  });
});
