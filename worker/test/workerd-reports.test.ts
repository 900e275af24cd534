/**
 * The OMO reports and 名單發券 (a coupon template issued to a segment) on the real Worker bundle
 * in workerd (worker/test/workerd-rig.ts), on D1 — whose batches cannot bind a raw statement's
 * parameters — each reconciled with the D1 rows read directly.
 */
import { describe, expect, it } from "vitest";
import { workerdSuite } from "./workerd-kit";
import { eventually } from "./workerd-rig";

type Issue = { members: number; issued: number; alreadyIssued: number; notIssued: number };
type Counts = Record<string, number>;
type Cost = { free: number; counted: number; countedRequests: number };

describe("Workers host in workerd: reports and segment coupons on D1", () => {
  const { call, ok, control, as, rows, one: oneRow } = workerdSuite();
  const one = <T = Counts>(query: string, ...params: unknown[]) => oneRow<T>(query, ...params);
  const friendsNow = async () =>
    (await one(`SELECT count(*) AS n FROM members WHERE friendship = 'friend'`)).n;
  /** A LINE user who follows the OA, once the Worker has made them a following member. */
  const friend = async (displayName: string) => {
    const before = await friendsNow();
    const { userId } = (await (await control("/users", { displayName })).json()) as { userId: string };
    await control(`/users/${userId}/follow`);
    await eventually(friendsNow, (n) => n === (before ?? 0) + 1, `${displayName} following`);
    return userId;
  };
  const template = async (extra: Record<string, unknown> = {}) =>
    (
      await ok<{ id: string }>(
        call("/api/admin/coupon-templates", {
          name: "D1 名單券",
          kind: "amount",
          value: 100,
          validDays: 30,
          ...extra,
        }),
        201,
      )
    ).id;
  const issuedCount = async (tpl: string) =>
    (await one(`SELECT issued_count AS n FROM coupon_templates WHERE id = ?`, tpl)).n;

  it("a coupon template goes to a segment's members on D1: one code each, repeat-safe, capped by quantity", async () => {
    for (const name of ["名單甲", "名單乙", "名單丙", "名單丁"]) await friend(name);
    const memberIds = (
      await rows<{ id: string }>(`SELECT id FROM members WHERE friendship = 'friend' ORDER BY id`)
    ).map((r) => r.id);
    expect(memberIds).toHaveLength(4);
    const seg = (
      await ok<{ id: string }>(
        call("/api/segments", { name: "D1 好友", rule: { field: "following", op: "eq", value: true } }),
        201,
      )
    ).id;
    const issue = (templateId: string, batchKey: string) =>
      ok<Issue>(call(`/api/segments/${seg}/coupons`, { templateId, batchKey }));
    const couponsOf = (tpl: string) =>
      rows<{ member_id: string; code: string; issue_key: string; status: string }>(
        `SELECT member_id, code, issue_key, status FROM coupons WHERE template_id = ? ORDER BY member_id`,
        tpl,
      );

    const tpl = await template();
    expect(await issue(tpl, "d1")).toEqual({ members: 4, issued: 4, alreadyIssued: 0, notIssued: 0 });
    const given = await couponsOf(tpl);
    expect(given.map((c) => c.member_id)).toEqual(memberIds);
    expect(given.every((c) => /^[2-9A-HJ-NP-Z]{12}$/.test(c.code) && c.status === "issued")).toBe(true);
    expect(new Set(given.map((c) => c.code)).size).toBe(4);
    expect(given.map((c) => c.issue_key)).toEqual(memberIds.map((id) => `segment:${seg}:${tpl}:d1:${id}`));
    expect(await issuedCount(tpl)).toBe(4);

    expect(await issue(tpl, "d1")).toEqual({ members: 4, issued: 0, alreadyIssued: 4, notIssued: 0 });
    expect(await couponsOf(tpl)).toHaveLength(4);
    expect(await issuedCount(tpl)).toBe(4);

    const capped = await template({ totalQuantity: 2 });
    expect(await issue(capped, "d1")).toEqual({ members: 4, issued: 2, alreadyIssued: 0, notIssued: 2 });
    expect((await couponsOf(capped)).map((c) => c.member_id)).toEqual(memberIds.slice(0, 2));
    expect(await issuedCount(capped)).toBe(2);
    // A new batch of a template that has run out gives nobody one.
    expect(await issue(capped, "d1-more")).toEqual({ members: 4, issued: 0, alreadyIssued: 0, notIssued: 4 });
    expect(await issuedCount(capped)).toBe(2);
  });

  it("every report answers on D1 (JSON and CSV, each granularity) and reconciles with the D1 rows", async () => {
    // Two stores, a clerk, bindings (bound by the clerk's link and a store QR, one kept), POS sales
    // (points earned and used, a coupon redeemed, a refund), and a live sale's carts.
    const storeA = (
      await ok<{ id: string }>(call("/api/admin/stores", { code: "RPT01", name: "報表一店" }), 201)
    ).id;
    const storeB = (
      await ok<{ id: string }>(call("/api/admin/stores", { code: "RPT02", name: "報表二店" }), 201)
    ).id;
    const clerk = (
      await ok<{ id: string }>(
        call("/api/admin/staff", { code: "RPT-S1", name: "報表店員", storeId: storeA }),
        201,
      )
    ).id;
    const { key } = await ok<{ key: string }>(call(`/api/admin/stores/${storeA}/pos-keys`, {}), 201);
    const pos = (path: string, body: unknown) =>
      ok<{ paid?: number }>(
        call(path, body, { authorization: `Bearer ${key}`, "content-type": "application/json" }),
      );
    const link = async (body: Record<string, string>) =>
      (await ok<{ token: string }>(call("/api/admin/binding-links", body), 201)).token;
    const byClerk = await link({ storeId: storeA, staffId: clerk, source: "staff_link" });
    const qrB = await link({ storeId: storeB });
    const bind = async (userId: string, token: string) =>
      (await ok<{ result: string }>(as(userId, "/api/bind", { token, consent: true }))).result;

    const shoppers = [await friend("報表甲"), await friend("報表乙"), await friend("報表丙")] as [
      string,
      string,
      string,
    ];
    expect([
      await bind(shoppers[0], byClerk),
      await bind(shoppers[1], byClerk),
      await bind(shoppers[2], qrB),
      await bind(shoppers[0], qrB),
    ]).toEqual(["bound", "bound", "bound", "kept"]);
    const codes: string[] = [];
    for (const u of shoppers)
      codes.push((await ok<{ member: { memberCode: string } }>(as(u, "/api/me"))).member.memberCode);

    const tpl = await template({ name: "報表券" });
    await ok(
      call(`/api/admin/coupon-templates/${tpl}/issue`, {
        batchKey: "rpt",
        memberCodes: [codes[0]],
        reason: "test",
      }),
    );
    const { coupons } = await ok<{ coupons: Array<{ code: string; name: string }> }>(
      as(shoppers[0], "/api/me/coupons"),
    );
    const couponCode = coupons.find((c) => c.name === "報表券")?.code;
    expect(couponCode).toBeTruthy();
    await pos("/api/pos/transactions", { externalId: "RPT-1", memberCode: codes[0], total: 3000 });
    const used = await pos("/api/pos/transactions", {
      externalId: "RPT-2",
      memberCode: codes[0],
      total: 1000,
      couponCode,
      pointsToUse: 10,
    });
    expect(used.paid).toBe(890);
    await pos("/api/pos/transactions", {
      externalId: "RPT-3",
      memberCode: codes[1],
      total: 500,
      lines: [{ sku: "RPT-SKU", name: "報表品", quantity: 2, price: 250 }],
    });
    await pos("/api/pos/transactions", { externalId: "RPT-4", total: 700 });
    await pos("/api/pos/transactions/RPT-1/refund", { refundId: "RPT-R-0001", amount: 1000 });

    const sale = await ok<{ id: string; ingestKey: string }>(
      call("/api/lives", {
        title: "報表直播",
        featuredCode: "A",
        products: [{ code: "A", name: "圍巾", price: 390, stock: 5, perBuyerLimit: 3 }],
      }),
      201,
    );
    await ok(call(`/api/lives/${sale.id}/open`, {}));
    const comment = (commentId: string, userId: string, text: string) => ({
      platform: "youtube",
      commentId,
      userId,
      userName: userId,
      text,
      postedAt: new Date().toISOString(),
    });
    await ok(
      call(
        `/api/lives/${sale.id}/comments`,
        { comments: [comment("1", "y1", "A+2"), comment("2", "y2", "A+1"), comment("3", "y3", "好看")] },
        { authorization: `Bearer ${sale.ingestKey}`, "content-type": "application/json" },
      ),
    );
    // What the Worker sends by itself (welcomes, binding notices) has gone out.
    await eventually(
      () => one(`SELECT count(*) AS n FROM outbox_messages WHERE state IN ('queued', 'sending')`),
      (r) => r.n === 0,
      "the outbox drained",
    );

    // Every report, JSON and CSV, by day, week and month (each granularity's SQL on D1).
    const names = ["members", "revenue", "coupons", "points", "live", "messages"] as const;
    for (const name of names)
      for (const granularity of ["day", "week", "month"]) {
        const path = `/api/reports/${name}?granularity=${granularity}`;
        await ok(call(path));
        const csv = await call(path.replace("?", ".csv?"));
        const text = await csv.text();
        expect(csv.status, text).toBe(200);
        expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
        expect(text.split("\n")[0]).toMatch(/section/);
      }
    const report = <T>(name: (typeof names)[number], query = "") =>
      ok<T>(call(`/api/reports/${name}${query}`));
    const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);

    // Members: bindings from binding_scans, per store and clerk; buyers from the purchases.
    const membersR = await report<{
      totals: Counts;
      series: Counts[];
      byStore: Array<Counts & { storeId: string | null; storeName: string | null }>;
      byStaff: Array<Counts & { staffId: string | null; staffName: string | null }>;
    }>("members");
    const scans = await one(`SELECT count(CASE WHEN result = 'bound' THEN 1 END) AS bound,
      count(CASE WHEN result = 'kept' THEN 1 END) AS kept FROM binding_scans`);
    expect(scans).toEqual({ bound: 3, kept: 1 });
    const buyers = await one(`SELECT count(DISTINCT member_id) AS n FROM purchases
      WHERE member_id IS NOT NULL AND (refunded_amount = 0 OR refunded_amount < paid)`);
    expect(membersR.totals).toEqual({ ...scans, buyers: buyers.n, newBuyers: buyers.n, returningBuyers: 0 });
    expect(sum(membersR.series.map((s) => s.bound ?? 0))).toBe(3);
    expect(membersR.byStore.map((s) => [s.storeName, s.bound, s.kept])).toEqual([
      ["報表一店", 2, 0],
      ["報表二店", 1, 1],
    ]);
    expect(membersR.byStaff.find((s) => s.staffId === clerk)).toMatchObject({
      staffName: "報表店員",
      bound: 2,
    });

    // Revenue: net of refunds, by channel and store, against the purchases table.
    type Revenue = {
      totals: { orders: number; revenue: number; byChannel: Counts };
      series: Array<{ revenue: number }>;
      byStore: Array<{ storeId: string | null; revenue: number; orders: number }>;
    };
    const revenueR = await report<Revenue>("revenue");
    const byChannel = await rows<{ channel: string; net: number; orders: number }>(
      `SELECT channel, sum(paid - refunded_amount) AS net,
        count(CASE WHEN refunded_amount = 0 OR refunded_amount < paid THEN 1 END) AS orders
      FROM purchases GROUP BY channel`,
    );
    const net = (channel: string) => byChannel.find((c) => c.channel === channel)?.net ?? 0;
    expect(revenueR.totals.byChannel).toEqual({
      store: net("store"),
      online: net("online"),
      live: net("live"),
    });
    expect(net("store")).toBe(3000 - 1000 + 890 + 500 + 700);
    expect(revenueR.totals.revenue).toBe(sum(byChannel.map((c) => c.net)));
    expect(revenueR.totals.orders).toBe(sum(byChannel.map((c) => c.orders)));
    expect(sum(revenueR.series.map((s) => s.revenue))).toBe(revenueR.totals.revenue);
    const atA = await one(
      `SELECT sum(paid - refunded_amount) AS net FROM purchases WHERE store_id = ?`,
      storeA,
    );
    expect(revenueR.byStore.find((s) => s.storeId === storeA)?.revenue).toBe(atA.net);
    const onlyA = await report<Revenue>("revenue", `?storeId=${storeA}`);
    expect(onlyA.totals.revenue).toBe(atA.net);
    expect(onlyA.byStore.map((s) => s.storeId)).toEqual([storeA]);

    // Coupons: the funnel per template against the coupons rows (the segment's too).
    type Funnel = Counts & { redemptionRate: number | null };
    const couponsR = await report<{
      totals: Funnel;
      byTemplate: Array<Funnel & { templateId: string; templateName: string }>;
      series: Counts[];
    }>("coupons");
    const perTemplate = await rows<{ template_id: string; issued: number; redeemed: number }>(
      `SELECT template_id, count(*) AS issued, count(CASE WHEN status = 'redeemed' THEN 1 END) AS redeemed
      FROM coupons GROUP BY template_id ORDER BY template_id`,
    );
    expect(couponsR.totals.issued).toBe(sum(perTemplate.map((t) => t.issued)));
    expect(couponsR.totals.redeemed).toBe(1);
    expect(
      couponsR.byTemplate
        .map((t) => ({ template_id: t.templateId, issued: t.issued, redeemed: t.redeemed }))
        // SQLite's ORDER BY compares bytes: so does this, not the locale's collation.
        .sort((a, b) => (a.template_id < b.template_id ? -1 : a.template_id > b.template_id ? 1 : 0)),
    ).toEqual(perTemplate);
    expect(couponsR.byTemplate.find((t) => t.templateId === tpl)).toMatchObject({
      templateName: "報表券",
      issued: 1,
      redeemed: 1,
      redemptionRate: 1,
      revenue: 890,
      orders: 1,
    });
    expect(sum(couponsR.series.map((s) => s.issued ?? 0))).toBe(couponsR.totals.issued);
    expect(sum(couponsR.series.map((s) => s.redeemed ?? 0))).toBe(1);

    // Points: the ledger's moves and the liability, against point_entries and the balances.
    const pointsR = await report<{
      totals: Counts;
      series: Counts[];
      liability: Counts & { consistent: boolean };
    }>("points");
    const ledger = await one(`SELECT coalesce(sum(CASE WHEN kind = 'earn' THEN points END), 0) AS earned,
      -coalesce(sum(CASE WHEN kind = 'redeem' THEN points END), 0) AS redeemed,
      -coalesce(sum(CASE WHEN kind = 'reverse' THEN points END), 0) AS reversed,
      coalesce(sum(points), 0) AS net FROM point_entries`);
    expect(ledger).toEqual({ earned: 30 + 8 + 5, redeemed: 10, reversed: 10, net: 43 - 10 - 10 });
    expect(pointsR.totals).toMatchObject(ledger);
    const balances = await one(`SELECT coalesce(sum(points_balance), 0) AS n FROM members`);
    expect(pointsR.liability).toMatchObject({
      opening: 0,
      closing: ledger.net,
      ledger: ledger.net,
      balances: balances.n,
      consistent: true,
    });
    expect(pointsR.series.at(-1)?.outstanding).toBe(ledger.net);

    // Live: the carts with something in them, and the units they hold.
    const liveR = await report<{ totals: Counts; bySale: Array<Counts & { saleId: string; title: string }> }>(
      "live",
    );
    const carts = await one(`SELECT count(*) AS orders, coalesce(sum((SELECT sum(l.qty) FROM live_lines l
      WHERE l.order_id = o.id AND l.status = 'reserved')), 0) AS units FROM live_orders o
      WHERE EXISTS (SELECT 1 FROM live_lines l WHERE l.order_id = o.id)`);
    expect(carts).toEqual({ orders: 2, units: 3 });
    expect(liveR.totals).toMatchObject({ ...carts, paidOrders: 0, revenue: 0 });
    expect(liveR.bySale).toMatchObject([{ saleId: sale.id, title: "報表直播", ...carts }]);

    // Messages: what went out, free replies against recipients counted, by feature.
    const sentNow = () =>
      one<Cost>(`SELECT count(CASE WHEN delivered_as = 'reply' THEN 1 END) AS free,
      coalesce(sum(CASE WHEN delivered_as <> 'reply' THEN counted_recipients END), 0) AS counted,
      count(CASE WHEN delivered_as <> 'reply' THEN 1 END) AS countedRequests
      FROM outbox_messages WHERE state = 'sent'`);
    // Read against D1 until both agree: a notice queued by waitUntil may still be going out.
    const [messagesR, sent] = await eventually(
      async () =>
        [
          await report<{ totals: Counts; byFeature: Array<Cost & { feature: string }> }>("messages"),
          await sentNow(),
        ] as const,
      ([r, s]) => JSON.stringify(r.totals) === JSON.stringify(s),
      "the messages report matching the outbox",
    );
    expect(sent.free + sent.countedRequests).toBeGreaterThan(0);
    expect(messagesR.totals).toEqual(sent);
    expect(sum(messagesR.byFeature.map((f) => f.free + f.countedRequests))).toBe(
      sent.free + sent.countedRequests,
    );
  });
});
