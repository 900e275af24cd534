/**
 * Bad input on the staff pages, the live checkout's points and the console's new-sale form, in
 * Chromium against the real server in sandbox mode: each bad value is refused under its field in
 * the page's language (aria-invalid, focused), nothing is sent and nothing is recorded, and a good
 * value still goes through. Each test makes its own member, so none depends on another.
 * Screenshots: test-results/screenshots/input-*.png.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coupons, liveOrders, members, purchases, refunds } from "../../db/schema";
import { earnPoints } from "../../worker/src/features/loyalty/ledger";
import { type NodeApp, startNodeApp } from "../../worker/src/hosts/node-server";
import { silentLogger } from "../../worker/src/lib/log";
import { ManualClock } from "../../worker/test/manual-clock";
import { ARTIFACTS, hasChromium, launch } from "./browser";

const PHONE = { width: 390, height: 844 };
const START = "2026-11-27T12:00:00.000Z";

describe.skipIf(!hasChromium && !process.env.CI)(
  "bad input on staff, checkout and console pages (Chromium)",
  () => {
    let dir: string;
    let app: NodeApp;
    let clock: ManualClock;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    let clerk: string;
    let saleId: string;
    let n = 0;

    const control = async <T>(path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${app.url}/sandbox/api${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const admin = async <T>(path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${app.url}${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { authorization: `Bearer ${app.config.adminToken}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const as = async <T>(userId: string, path: string, body?: unknown): Promise<T> => {
      const { idToken } = await control<{ idToken: string }>(`/users/${userId}/id-token`, {});
      const res = await fetch(`${app.url}${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { authorization: `Bearer ${idToken}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const settle = async () => {
      await app.idle();
      await app.idle();
    };
    const friend = async (displayName: string) => {
      const u = await control<{ userId: string }>("/users", { displayName, language: "zh-TW" });
      await control(`/users/${u.userId}/follow`, {});
      await settle();
      return u.userId;
    };
    /** A member of their own, with points to spend, for one test. */
    const newMember = async (points = 0) => {
      const userId = await friend(`會員${++n}`);
      const { member } = await as<{ member: { id: string; memberCode: string } }>(userId, "/api/me");
      if (points > 0)
        await earnPoints(app.deps, {
          memberId: member.id,
          points,
          idempotencyKey: `input-test:${member.id}`,
          reason: "test",
          actor: "admin",
          expiresAt: new Date("2027-12-31T15:59:59Z"),
        });
      return { userId, ...member };
    };
    const purchasesOf = (memberId: string) =>
      app.deps.db.select().from(purchases).where(eq(purchases.memberId, memberId));
    const phone = async (locale = "zh-TW", viewport = PHONE) => {
      const ctx = await browser.newContext({ viewport, locale, deviceScaleFactor: 2, hasTouch: true });
      // The page's clock is the server's (the live hold counts down from the sale's time).
      await ctx.clock.setFixedTime(new Date(clock.now().getTime() + 5 * 60_000));
      // English chosen with the page's 中文 / English button before (remembered), whatever LINE says.
      if (locale.startsWith("en")) await ctx.addInitScript(() => localStorage.setItem("omo.lang", "en"));
      contexts.push(ctx);
      return ctx.newPage();
    };
    /** POSTs the page sent to paths matching `re` (each one: nothing should have gone). */
    const posts = (page: Page, re: RegExp) => {
      const sent: string[] = [];
      page.on("request", (r) => {
        if (r.method() === "POST" && re.test(new URL(r.url()).pathname)) sent.push(r.url());
      });
      return sent;
    };
    const textOf = async (l: Locator) => ((await l.textContent()) ?? "").replace(/\s+/g, " ").trim();
    /** The focused element's id (the form moves focus to the field it refuses, after it renders). */
    const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");
    /** The whole page in one tall viewport (a fixed bottom bar sits at the bottom, as on a phone). */
    const shot = async (page: Page, name: string) => {
      const viewport = page.viewportSize() ?? PHONE;
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `${ARTIFACTS}/input-${name}.png` });
      await page.setViewportSize(viewport);
    };
    const overflow = (page: Page) =>
      page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

    /** The clerk's scan page with this member's card looked up, then the purchase form. */
    const purchaseForm = async (page: Page, memberCode: string) => {
      await page.goto(`${app.url}/liff/staff/scan?sandboxUser=${encodeURIComponent(clerk)}`);
      await page.getByTestId("scan-input").fill(memberCode);
      await page.getByTestId("scan-lookup").click();
      await page.getByTestId("member-summary").waitFor();
      await page.getByTestId("record-purchase").click();
      await page.getByTestId("purchase-form").waitFor();
    };
    /** Types `value` in a field, submits, and reads what the field then says. */
    const refuse = async (
      page: Page,
      input: string,
      submit: string,
      value: string,
      errorId = `${input}-error`,
    ) => {
      await page.getByTestId(input).fill(value);
      await page.getByTestId(submit).click();
      const error = page.getByTestId(errorId);
      await error.waitFor();
      expect(await page.getByTestId(input).getAttribute("aria-invalid"), value).toBe("true");
      return textOf(error);
    };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "omo-input-"));
      clock = new ManualClock(START);
      app = await startNodeApp({
        env: { DATABASE_URL: `file:${join(dir, "omo.db")}`, DEMO_DATA: "true", LOG_LEVEL: "silent" },
        port: 0,
        clock,
        log: silentLogger,
        timers: false,
      });
      browser = await launch();
      // A clerk of the Taipei store, joined by invite.
      clerk = await friend("王小明");
      const { stores } = await admin<{ stores: Array<{ code: string; staff: Array<{ id: string }> }> }>(
        "/api/admin/stores",
      );
      const staffId = stores.find((s) => s.code === "TPE01")?.staff[0]?.id;
      const { token } = await admin<{ token: string }>(`/api/admin/staff/${staffId}/invite`, {});
      await as(clerk, "/api/staff/join", { token });
      // A live sale for the checkout tests.
      const sale = await admin<{ id: string }>("/api/lives", {
        title: "週五晚間直播",
        products: [{ code: "A", name: "羊毛圍巾", price: 390, stock: 50 }],
      });
      saleId = sale.id;
      await admin(`/api/lives/${saleId}/open`, {});
    }, 60_000);

    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await app?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("purchase amount: decimal, negative, exponent, huge and empty are refused on the field; nothing is sent", async () => {
      const m = await newMember();
      const page = await phone();
      const sent = posts(page, /^\/api\/staff\/purchases$/);
      await purchaseForm(page, m.memberCode);
      // The API's limit is said before anything is typed.
      expect(await textOf(page.getByTestId("purchase-amount-hint"))).toBe("整數，最高 NT$10,000,000");
      const cases: Array<[string, string]> = [
        ["12.5", "請輸入整數金額（新台幣不含小數）"],
        ["-100", "金額不能是負數"],
        ["1e3", "請只輸入數字，例如 1200 或 1,200"],
        ["0x10", "請只輸入數字，例如 1200 或 1,200"],
        ["10000000000", "金額不可超過 NT$10,000,000"],
        ["", "請輸入金額"],
      ];
      for (const [value, message] of cases) {
        expect(await refuse(page, "purchase-amount", "purchase-submit", value), value).toBe(message);
        await expect.poll(() => focused(page), value).toBe("p-amount");
        // Nothing is promised for what the server would refuse.
        expect(await textOf(page.getByTestId("purchase-earn")), value).toBe("輸入金額後顯示");
        expect(await textOf(page.getByTestId("purchase-paid")), value).toBe("—");
        if (value === "12.5") await shot(page, "staff-amount-decimal");
        if (value === "10000000000") await shot(page, "staff-amount-huge");
      }
      expect(sent).toEqual([]);
      expect(await purchasesOf(m.id)).toEqual([]);

      // What a person means is taken, and shown as understood.
      await page.getByTestId("purchase-amount").fill("１，２８０");
      expect(await page.getByTestId("purchase-amount-error").count()).toBe(0);
      expect(await textOf(page.getByTestId("purchase-amount-read"))).toBe("＝ NT$1,280");
      expect(await textOf(page.getByTestId("purchase-earn"))).toBe("+12 點");
      await shot(page, "staff-amount-read-as");
      await page.getByTestId("purchase-submit").click();
      await page.getByTestId("purchase-done").waitFor();
      expect(sent).toHaveLength(1);
      expect((await purchasesOf(m.id)).map((p) => [p.amount, p.paid, p.pointsEarned])).toEqual([
        [1280, 1280, 12],
      ]);
    });

    it("points used: negative, decimal and more than may be used are refused; a good value pays part", async () => {
      const m = await newMember(50);
      const page = await phone();
      const sent = posts(page, /^\/api\/staff\/purchases$/);
      // The card's code typed in full-width digits, in groups: the same card.
      const typed = m.memberCode
        .replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
        .replace(/(.{4})(?=.)/g, "$1－");
      await purchaseForm(page, typed);
      expect(await textOf(page.getByTestId("purchase-points-hint"))).toBe(
        "會員有 50 點；輸入金額後顯示可折抵上限",
      );
      await page.getByTestId("purchase-amount").fill("1000");
      expect(await textOf(page.getByTestId("purchase-points-hint"))).toBe("最多可折抵 50 點");
      for (const [value, message] of [
        ["-5", "點數不能是負數"],
        ["12.5", "點數請輸入整數"],
        ["60", "這筆最多可折抵 50 點"],
      ] as const) {
        expect(await refuse(page, "purchase-points", "purchase-submit", value), value).toBe(message);
        await expect.poll(() => focused(page), value).toBe("p-points");
        expect(await textOf(page.getByTestId("purchase-earn")), value).toBe("—");
        expect(await textOf(page.getByTestId("purchase-paid")), value).toBe("—");
      }
      await shot(page, "staff-points-over");
      expect(sent).toEqual([]);
      await page.getByTestId("purchase-points").fill("30");
      expect(await textOf(page.getByTestId("purchase-paid"))).toBe("NT$970");
      await page.getByTestId("purchase-submit").click();
      await page.getByTestId("purchase-done").waitFor();
      expect((await purchasesOf(m.id)).map((p) => [p.amount, p.pointsUsed, p.paid])).toEqual([
        [1000, 30, 970],
      ]);
    });

    it("a 滿 NT$500 coupon needs a purchase that reaches it, at the purchase form and at the counter", async () => {
      const m = await newMember();
      await admin("/api/admin/coupon-templates/tpl_demo_welcome/issue", {
        batchKey: `input-${m.id}`,
        memberCodes: [m.memberCode],
      });
      const [coupon] = await app.deps.db.select().from(coupons).where(eq(coupons.memberId, m.id));
      const page = await phone();
      const sent = posts(page, /^\/api\/staff\/(purchases|coupons\/redeem)$/);
      await purchaseForm(page, m.memberCode);
      await page.getByTestId("purchase-amount").fill("300");
      await page.getByTestId("purchase-coupon").check();
      expect(await textOf(page.getByTestId("purchase-coupon-gap"))).toBe("還差 NT$200 才能使用");
      // Nothing taken off, nothing promised, until the purchase reaches the minimum.
      expect(await textOf(page.getByTestId("purchase-earn"))).toBe("—");
      await page.getByTestId("purchase-submit").click();
      expect(await textOf(page.getByTestId("purchase-coupon-error"))).toBe(
        "此優惠券需消費滿 NT$500，本次 NT$300",
      );
      await expect.poll(() => focused(page)).toBe(`p-coupon-${coupon?.code}`);
      await shot(page, "staff-coupon-min-spend");

      // Redeemed on its own at the counter: the amount of the purchase it is used on, first.
      await page.getByRole("button", { name: "返回" }).click();
      await page.getByTestId("redeem-open").click();
      await page.getByTestId("redeem-coupon").waitFor();
      expect(await textOf(page.getByTestId("redeem-coupon"))).toContain("滿 NT$500 可用");
      expect(await textOf(page.getByTestId("redeem-amount-hint"))).toBe(
        "滿 NT$500 才能使用此優惠券（最高 NT$10,000,000）",
      );
      await page.getByTestId("redeem-confirm").click();
      expect(await textOf(page.getByTestId("redeem-amount-error"))).toBe("請輸入金額");
      expect(await refuse(page, "redeem-amount", "redeem-confirm", "499")).toBe(
        "未達此優惠券的最低消費 NT$500，不能核銷",
      );
      await expect.poll(() => focused(page)).toBe("r-redeem-amount");
      expect(await refuse(page, "redeem-amount", "redeem-confirm", "-500")).toBe("金額不能是負數");
      await shot(page, "staff-redeem-min-spend");
      expect(sent).toEqual([]);
      const [still] = await app.deps.db
        .select()
        .from(coupons)
        .where(eq(coupons.id, coupon?.id as string));
      expect(still?.status).toBe("issued");
      await page.getByTestId("redeem-amount").fill("500");
      await page.getByTestId("redeem-confirm").click();
      await page.getByTestId("redeem-done").waitFor();
      const [after] = await app.deps.db
        .select()
        .from(coupons)
        .where(eq(coupons.id, coupon?.id as string));
      expect(after?.status).toBe("redeemed");
    });

    it("refund amount: decimal, negative, empty and huge are refused on the field; nothing is refunded", async () => {
      const m = await newMember();
      await as(clerk, "/api/staff/purchases", {
        purchaseId: `input-refund-${m.id}`,
        memberCode: m.memberCode,
        amount: 2345,
      });
      const [bought] = await purchasesOf(m.id);
      const page = await phone();
      const sent = posts(page, /\/refund$/);
      await page.goto(`${app.url}/liff/staff/today?sandboxUser=${encodeURIComponent(clerk)}`);
      await page
        .getByTestId("today-purchase")
        .filter({ hasText: "NT$2,345" })
        .getByTestId("today-refund")
        .click();
      await page.getByTestId("refund-partial").check();
      for (const [value, message] of [
        ["12.5", "請輸入整數金額（新台幣不含小數）"],
        ["-100", "金額不能是負數"],
        ["", "請輸入 1 到 NT$2,345 之間的金額"],
        ["99999999999", "請輸入 1 到 NT$2,345 之間的金額"],
      ] as const) {
        expect(await refuse(page, "refund-amount", "refund-submit", value), value).toBe(message);
        await expect.poll(() => focused(page), value).toBe("r-amount");
        expect(await page.getByTestId("refund-dialog").isVisible()).toBe(false);
      }
      await shot(page, "staff-refund-negative");
      expect(sent).toEqual([]);
      expect(
        await app.deps.db
          .select()
          .from(refunds)
          .where(eq(refunds.purchaseId, bought?.id as string)),
      ).toEqual([]);
      await page.getByTestId("refund-amount").fill("５００");
      expect(await textOf(page.getByTestId("refund-amount-read"))).toBe("＝ NT$500");
      await page.getByTestId("refund-submit").click();
      expect(await textOf(page.getByTestId("refund-dialog"))).toContain("確認退款 NT$500？");
      await page.getByTestId("refund-confirm").click();
      await page.getByTestId("refund-done").waitFor();
      const rows = await app.deps.db
        .select()
        .from(refunds)
        .where(eq(refunds.purchaseId, bought?.id as string));
      expect(rows.map((r) => r.amount)).toEqual([500]);
    });

    it("in English on a 320 px phone the refusals are English and fit", async () => {
      const m = await newMember(20);
      const page = await phone("en-US", { width: 320, height: 640 });
      const sent = posts(page, /^\/api\/staff\/purchases$/);
      await purchaseForm(page, m.memberCode);
      await page
        .getByTestId("purchase-amount-hint")
        .filter({ hasText: "Whole dollars, up to NT$10,000,000" })
        .waitFor();
      expect(await refuse(page, "purchase-amount", "purchase-submit", "12.5")).toBe(
        "Enter whole dollars (NT$ has no cents)",
      );
      await page.getByTestId("purchase-amount").fill("100");
      expect(await refuse(page, "purchase-points", "purchase-submit", "-5")).toBe(
        "Points cannot be negative",
      );
      expect(await refuse(page, "purchase-amount", "purchase-submit", "10,000,001")).toBe(
        "No more than NT$10,000,000",
      );
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await shot(page, "staff-en-320");
      expect(sent).toEqual([]);
    });

    it("live checkout points: negative, decimal, exponent and over the cap are refused; a good value is used", async () => {
      const m = await newMember(99);
      await control("/messages", {
        chat: { type: "user", userId: m.userId },
        from: m.userId,
        message: { type: "text", text: "A+2" },
      });
      await settle();
      const page = await phone();
      const sent = posts(page, /\/cart\/confirm$/);
      await page.goto(`${app.url}/liff/live/${saleId}?sandboxUser=${encodeURIComponent(m.userId)}`);
      await page.getByTestId("discounts").waitFor();
      await page.getByTestId("points-cap").filter({ hasText: "這筆訂單最多可折抵 99 點" }).waitFor();
      for (const [value, message] of [
        ["-5", "點數不能是負數"],
        ["12.5", "點數請輸入整數，例如 50"],
        ["1e3", "請只輸入數字，例如 50"],
        ["500", "這筆訂單最多可折抵 99 點。"],
      ] as const) {
        expect(await refuse(page, "points-input", "checkout-confirm", value, "points-error"), value).toBe(
          message,
        );
        await expect.poll(() => focused(page), value).toBe("f-points");
        expect(await textOf(page.getByTestId("checkout-total")), value).toBe("NT$780");
        if (value === "-5") {
          await shot(page, "live-points-negative");
          // The field up close, as the buyer reads it.
          await page
            .getByTestId("discounts")
            .screenshot({ path: `${ARTIFACTS}/input-live-points-negative-field.png` });
        }
      }
      expect(sent).toEqual([]);
      expect(await page.getByTestId("order-placed").count()).toBe(0);

      await page.getByTestId("points-input").fill("５０");
      expect(await textOf(page.getByTestId("points-read"))).toBe("＝ 50 點");
      expect(await textOf(page.getByTestId("checkout-total"))).toBe("NT$730");
      await page.getByTestId("checkout-confirm").click();
      await page.getByTestId("order-placed").waitFor();
      const [order] = await app.deps.db
        .select()
        .from(liveOrders)
        .where(and(eq(liveOrders.saleId, saleId), eq(liveOrders.memberId, m.id)));
      expect([order?.status, order?.pointsUsed, order?.total]).toEqual(["confirmed", 50, 730]);
      const [after] = await app.deps.db.select().from(members).where(eq(members.id, m.id));
      expect(after?.pointsBalance).toBe(49);
    });

    it("live checkout points in English on a 320 px phone", async () => {
      const m = await newMember(99);
      await control("/messages", {
        chat: { type: "user", userId: m.userId },
        from: m.userId,
        message: { type: "text", text: "A+1" },
      });
      await settle();
      const page = await phone("en-US", { width: 320, height: 640 });
      const sent = posts(page, /\/cart\/confirm$/);
      await page.goto(`${app.url}/liff/live/${saleId}?sandboxUser=${encodeURIComponent(m.userId)}`);
      await page.getByTestId("discounts").waitFor();
      await page.getByTestId("points-cap").filter({ hasText: "Up to 99 points on this order" }).waitFor();
      expect(await refuse(page, "points-input", "checkout-confirm", "-5", "points-error")).toBe(
        "Points cannot be negative",
      );
      expect(await refuse(page, "points-input", "checkout-confirm", "2.5", "points-error")).toBe(
        "Points are whole numbers, e.g. 50",
      );
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await shot(page, "live-points-en-320");
      await page
        .getByTestId("discounts")
        .screenshot({ path: `${ARTIFACTS}/input-live-points-en-320-field.png` });
      expect(sent).toEqual([]);
    });

    it("the console's new sale: price, stock and limit are read strictly against the API's limits", async () => {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-TW" });
      contexts.push(ctx);
      const page = await ctx.newPage();
      const sent = posts(page, /^\/api\/lives$/);
      await page.goto(`${app.url}/console/#token=${encodeURIComponent(app.config.adminToken)}`);
      await page.getByTestId("new-sale").click();
      await page.getByTestId("new-sale-form").waitFor();
      expect(await textOf(page.getByTestId("product-limits"))).toContain("售價 NT$0～10,000,000");
      await page.getByTestId("sale-title").fill("週六早場");
      const row = page.getByTestId("product-row").first();
      await row.getByTestId("product-name").fill("羊毛圍巾");
      await row.getByTestId("product-price").fill("12.5");
      await row.getByTestId("product-stock").fill("-1");
      await row.getByTestId("product-limit").fill("1000");
      await page.getByTestId("create-sale").click();
      const fieldError = (field: string) => page.locator(`[data-testid=field-error][data-field="${field}"]`);
      await fieldError("products.0.price").waitFor();
      expect(await textOf(fieldError("products.0.price"))).toBe("請輸入整數");
      expect(await textOf(fieldError("products.0.stock"))).toBe("不能是負數");
      expect(await textOf(fieldError("products.0.perBuyerLimit"))).toBe("不可大於 999");
      expect(await row.getByTestId("product-price").getAttribute("aria-invalid")).toBe("true");
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid")))
        .toBe("product-price");
      await page.screenshot({ path: `${ARTIFACTS}/input-console-new-sale.png`, fullPage: true });
      expect(sent).toEqual([]);

      await row.getByTestId("product-price").fill("１，２８０");
      await row.getByTestId("product-stock").fill("5");
      await row.getByTestId("product-limit").fill("2");
      await page.getByTestId("create-sale").click();
      await page.getByTestId("ingest-key").waitFor();
      expect(sent).toHaveLength(1);
      const created = await admin<{ sales: Array<{ title: string; id: string }> }>("/api/lives");
      const sale = await admin<{ products: Array<{ price: number; stock: number; perBuyerLimit: number }> }>(
        `/api/lives/${created.sales.find((s) => s.title === "週六早場")?.id}`,
      );
      expect(sale.products[0]).toMatchObject({ price: 1280, stock: 5, perBuyerLimit: 2 });
    });
  },
);
