/**
 * The real Worker bundle running in workerd (worker/test/workerd-rig.ts): a simulated user's
 * signed webhook goes in, the event is recorded in D1, processed after the response
 * (waitUntil), and the reply comes back out through @line/bot-sdk.
 */
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startWorkerd, type Workerd } from "./workerd-rig";

describe("Workers host in workerd", () => {
  let w: Workerd;
  let mf: Miniflare;
  let line: Workerd["line"];

  beforeAll(async () => {
    w = await startWorkerd();
    mf = w.mf;
    line = w.line;
  }, 120_000);

  afterAll(async () => {
    await w?.close();
  });

  it("serves /healthz once D1 is migrated", async () => {
    const res = await mf.dispatchFetch("http://omo.test/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it("serves the LIFF page at LIFF routes from the assets binding, with its config inlined", async () => {
    const res = await mf.dispatchFetch("http://omo.test/liff/staff/scan");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('"liffId":');
    expect(html).toContain('"sandbox":false');
    const api = await mf.dispatchFetch("http://omo.test/api/me");
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
  });

  it("refuses an unsigned webhook", async () => {
    const res = await mf.dispatchFetch("http://omo.test/webhook", {
      method: "POST",
      body: '{"destination":"U","events":[]}',
    });
    expect(res.status).toBe(401);
  });

  it("records a signed webhook in D1, answers 200, and replies through the LINE API", async () => {
    const control = (path: string, body?: unknown) =>
      fetch(`${line.url}/sandbox/api${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const user = (await (await control("/users", { displayName: "Workerd 使用者" })).json()) as {
      userId: string;
    };
    await control(`/users/${user.userId}/follow`, {});
    const sent = (await (
      await control("/messages", {
        chat: { type: "user", userId: user.userId },
        from: user.userId,
        message: { type: "text", text: "在 workerd 裡" },
      })
    ).json()) as { eventId: string; delivery: { status: number } };
    expect(sent.delivery.status).toBe(200);

    const replies = await eventually(
      async () => {
        const res = await control(`/chats/${user.userId}/log`);
        const { entries } = (await res.json()) as { entries: Array<{ direction: string; via?: string }> };
        return entries.filter((e) => e.direction === "out");
      },
      (out) => out.length >= 2,
      "the welcome and the acknowledgement",
    );
    expect(replies.every((r) => r.via === "reply")).toBe(true);

    const db = await mf.getD1Database("DB");
    const rows = await eventually(
      async () =>
        (await db.prepare("SELECT id, state FROM webhook_events").all<{ id: string; state: string }>())
          .results,
      (r) => r.length === 2 && r.every((x) => x.state === "processed"),
      "both events processed",
    );
    expect(rows.map((r) => r.id)).toContain(sent.eventId);

    // A redelivery of the same event is recorded once and not answered again.
    const again = await control("/webhook/redeliver", { eventId: sent.eventId });
    expect(again.status).toBeLessThan(300);
    const count = await db.prepare("SELECT count(*) AS n FROM webhook_events").first<{ n: number }>();
    expect(count?.n).toBe(2);
    const outbox = await db.prepare("SELECT count(*) AS n FROM outbox_messages").first<{ n: number }>();
    expect(outbox?.n).toBe(2);
  });

  it("members, POS transactions and the points ledger work on D1 (batches with conditional inserts)", async () => {
    const admin = {
      authorization: "Bearer workerd-admin-token-0123456789",
      "content-type": "application/json",
    };
    const store = await mf.dispatchFetch("http://omo.test/api/admin/stores", {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ code: "WRK01", name: "Workerd 店" }),
    });
    expect(store.status).toBe(201);
    const { id: storeId } = (await store.json()) as { id: string };
    const keyRes = await mf.dispatchFetch(`http://omo.test/api/admin/stores/${storeId}/pos-keys`, {
      method: "POST",
      headers: admin,
    });
    const { key } = (await keyRes.json()) as { key: string };

    const user = (await (
      await fetch(`${line.url}/sandbox/api/users`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ displayName: "D1 會員" }),
      })
    ).json()) as { userId: string };
    const idToken = await line.emulator.issueIdToken(user.userId);
    const me = await mf.dispatchFetch("http://omo.test/api/me", {
      headers: { authorization: `Bearer ${idToken}` },
    });
    expect(me.status).toBe(200);
    const { member } = (await me.json()) as { member: { memberCode: string } };

    const tx = { externalId: "WRK-0001", memberCode: member.memberCode, total: 1999 };
    const post = () =>
      mf.dispatchFetch("http://omo.test/api/pos/transactions", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(tx),
      });
    expect(await (await post()).json()).toMatchObject({ pointsEarned: 19, replayed: false });
    expect(await (await post()).json()).toMatchObject({ pointsEarned: 19, replayed: true });
    const card = await mf.dispatchFetch("http://omo.test/api/me/card", {
      headers: { authorization: `Bearer ${idToken}` },
    });
    expect(await card.json()).toMatchObject({ points: 19 });
    const forged = await line.emulator.issueIdToken(user.userId, { forge: true });
    expect(
      (await mf.dispatchFetch("http://omo.test/api/me", { headers: { authorization: `Bearer ${forged}` } }))
        .status,
    ).toBe(401);
  });

  it("+1 comment ordering works on D1: stock, waitlist, duplicates and cancels decided in SQL", async () => {
    const admin = {
      authorization: "Bearer workerd-admin-token-0123456789",
      "content-type": "application/json",
    };
    const created = await mf.dispatchFetch("http://omo.test/api/lives", {
      method: "POST",
      headers: admin,
      body: JSON.stringify({
        title: "D1 直播",
        featuredCode: "A",
        products: [
          { code: "A", name: "一件", price: 100, stock: 1, perBuyerLimit: 2 },
          { code: "B", name: "外套", price: 900, stock: 0, variants: [{ name: "紅 M", stock: 1 }] },
        ],
      }),
    });
    expect(created.status).toBe(201);
    const sale = (await created.json()) as { id: string; ingestKey: string };
    await mf.dispatchFetch(`http://omo.test/api/lives/${sale.id}/open`, { method: "POST", headers: admin });
    const c = (commentId: string, userId: string, text: string) => ({
      platform: "youtube",
      commentId,
      userId,
      userName: userId,
      text,
      postedAt: "2026-11-30T10:00:00Z",
    });
    const res = await mf.dispatchFetch(`http://omo.test/api/lives/${sale.id}/comments`, {
      method: "POST",
      headers: { authorization: `Bearer ${sale.ingestKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        comments: [
          c("1", "u1", "+1"),
          c("2", "u2", "A+1"),
          c("2", "u2", "A+1"),
          c("3", "u3", "B 紅M +1"),
          c("4", "u1", "A-1"),
          c("5", "u4", "A+1"),
          ...Array.from({ length: 20 }, (_, i) => c(`x${i}`, `v${i}`, "好可愛")),
        ],
      }),
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: Array<{ outcome: string }> };
    expect(results.slice(0, 6).map((r) => r.outcome)).toEqual([
      "ordered",
      "waitlisted",
      "duplicate",
      "ordered",
      "cancelled",
      "waitlisted",
    ]);
    const tally = (await (await mf.dispatchFetch(`http://omo.test/api/lives/${sale.id}/tally`)).json()) as {
      products: Array<{ code: string; ordered: number; waitlisted: number }>;
    };
    // u1's cancel handed the unit to u2 (first in the queue); u4 still waits.
    expect(tally.products.map((p) => [p.code, p.ordered, p.waitlisted])).toEqual([
      ["A", 1, 1],
      ["B", 1, 0],
    ]);
  });

  it("coupon and points redemption, refunds and a merge with a POS code work on D1", async () => {
    const admin = {
      authorization: "Bearer workerd-admin-token-0123456789",
      "content-type": "application/json",
    };
    type Init = { method?: string; headers?: Record<string, string>; body?: string };
    const api = (path: string, init: Init = {}) => mf.dispatchFetch(`http://omo.test${path}`, init);
    const store = (await (
      await api("/api/admin/stores", {
        method: "POST",
        headers: admin,
        body: JSON.stringify({ code: "WRK02", name: "Workerd 二店" }),
      })
    ).json()) as { id: string };
    const { key } = (await (
      await api(`/api/admin/stores/${store.id}/pos-keys`, { method: "POST", headers: admin })
    ).json()) as { key: string };
    const pos = (path: string, body: unknown) =>
      api(path, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const user = (await (
      await fetch(`${line.url}/sandbox/api/users`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ displayName: "D1 退款客" }),
      })
    ).json()) as { userId: string };
    const as = async (path: string, init: Init = {}) =>
      api(path, {
        ...init,
        headers: {
          authorization: `Bearer ${await line.emulator.issueIdToken(user.userId)}`,
          "content-type": "application/json",
        },
      });
    const month = new Intl.DateTimeFormat("en", { timeZone: "Asia/Taipei", month: "2-digit" }).format(
      new Date(),
    );
    const registered = await as("/api/me/profile", {
      method: "PUT",
      body: JSON.stringify({
        name: "D1 退款客",
        phone: "0912-555-000",
        birthday: `1990-${month}-15`,
        consent: { version: "2026-11", accepted: true },
      }),
    });
    expect(registered.status).toBe(200);
    const { member } = (await (await as("/api/me")).json()) as { member: { memberCode: string } };

    const tpl = (await (
      await api("/api/admin/coupon-templates", {
        method: "POST",
        headers: admin,
        body: JSON.stringify({ name: "D1 券", kind: "amount", value: 100, validDays: 30 }),
      })
    ).json()) as { id: string };
    await api(`/api/admin/coupon-templates/${tpl.id}/issue`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ batchKey: "d1", memberCodes: [member.memberCode], reason: "D1 test" }),
    });
    const { coupons } = (await (await as("/api/me/coupons")).json()) as { coupons: Array<{ code: string }> };
    const couponCode = coupons[0]?.code;
    expect(couponCode).toBeTruthy();

    // Earn 30, then pay with the coupon and 20 points: 1000 − 100 − 20 = 880 paid, 8 earned.
    expect(
      await (
        await pos("/api/pos/transactions", { externalId: "D1-1", memberCode: member.memberCode, total: 3000 })
      ).json(),
    ).toMatchObject({ pointsEarned: 30 });
    const paid = await pos("/api/pos/transactions", {
      externalId: "D1-2",
      memberCode: member.memberCode,
      total: 1000,
      couponCode,
      pointsToUse: 20,
    });
    expect(await paid.json()).toMatchObject({ paid: 880, pointsEarned: 8 });
    const used = await pos("/api/pos/transactions", {
      externalId: "D1-3",
      memberCode: member.memberCode,
      total: 1000,
      couponCode,
    });
    expect(used.status).toBe(422);

    const refund = { refundId: "D1-R-0001", amount: 1500 };
    const r1 = await pos("/api/pos/transactions/D1-1/refund", refund);
    expect(await r1.json()).toMatchObject({
      amount: 1500,
      pointsDue: 15,
      pointsReversed: 15,
      replayed: false,
    });
    expect(await (await pos("/api/pos/transactions/D1-1/refund", refund)).json()).toMatchObject({
      replayed: true,
    });
    expect(
      (await pos("/api/pos/transactions/D1-1/refund", { refundId: "D1-R-0002", amount: 1501 })).status,
    ).toBe(422);
    expect(await (await as("/api/me/card")).json()).toMatchObject({ points: 30 - 20 + 8 - 15 });

    // An offline sale with the member's phone joins them only with the POS's one-time code.
    await pos("/api/pos/transactions", { externalId: "D1-OFF", total: 2000, customerPhone: "0912555000" });
    const { code } = (await (await pos("/api/pos/merge-codes", { phone: "0912555000" })).json()) as {
      code: string;
    };
    const merged = await as("/api/me/merge", { method: "POST", body: JSON.stringify({ code }) });
    expect(await merged.json()).toMatchObject({ purchases: 1, pointsCredited: 20, balance: 23 });

    const db = await mf.getD1Database("DB");
    const sums = await db
      .prepare(
        "SELECT m.points_balance AS cached, (SELECT sum(points) FROM point_entries e WHERE e.member_id = m.id) AS ledger, (SELECT sum(remaining) FROM point_lots l WHERE l.member_id = m.id) AS lots FROM members m WHERE m.member_code = ?",
      )
      .bind(member.memberCode)
      .first<{ cached: number; ledger: number; lots: number }>();
    expect(sums).toEqual({ cached: 23, ledger: 23, lots: 23 });

    // The Cron sweep on D1: this month's birthday coupon, once.
    const gift = (await (
      await api("/api/admin/coupon-templates", {
        method: "POST",
        headers: admin,
        body: JSON.stringify({
          name: "D1 生日禮",
          kind: "percent",
          value: 10,
          validDays: 30,
          perMemberLimit: 10,
        }),
      })
    ).json()) as { id: string };
    const set = await api("/api/admin/loyalty/settings", {
      method: "PUT",
      headers: admin,
      body: JSON.stringify({ birthdayCouponTemplate: gift.id }),
    });
    expect(set.status).toBe(200);
    const worker = await mf.getWorker();
    await worker.scheduled({ cron: "* * * * *" });
    await worker.scheduled({ cron: "* * * * *" });
    const birthday = await eventually(
      async () =>
        (
          await db
            .prepare("SELECT issue_key FROM coupons WHERE template_id = ?")
            .bind(gift.id)
            .all<{ issue_key: string }>()
        ).results,
      (rows) => rows.length > 0,
      "the birthday coupon",
    );
    expect(birthday).toHaveLength(1);
    expect(birthday[0]?.issue_key).toMatch(/^birthday:\d{4}:mem_/);
  });
});
