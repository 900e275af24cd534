/**
 * The buyer's side of a "+1" live sale in Chromium, phone-sized, against the real server in
 * sandbox mode: a simulated LINE friend orders in the 1:1 chat, opens the checkout link the bot
 * sent, checks out (a double tap places one order); a waitlisted line shows its place; a
 * Facebook buyer claims their orders with the seller's link; a member pays part with a coupon and
 * points, and a buyer without a member card is told why they are not offered.
 * Screenshots: test-results/screenshots/live-*.png.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { members } from "../../db/schema";
import { type NodeApp, startNodeApp } from "../../worker/src/hosts/node-server";
import { silentLogger } from "../../worker/src/lib/log";
import { ManualClock } from "../../worker/test/manual-clock";
import { liffUrlToLocal } from "../src/sandbox/liff-url";
import { ARTIFACTS, hasChromium, launch } from "./browser";

const PHONE = { width: 390, height: 844 };
// Friday 20:00 in Taipei: the live starts.
const START = "2026-11-27T12:00:00.000Z";

interface Order {
  id: string;
  status: string;
  total: number;
  buyer: { name: string; lineUserId: string | null };
  lines: Array<{ code: string; status: string; qty: number }>;
}

describe.skipIf(!hasChromium && !process.env.CI)("LIFF live checkout and claim (Chromium, phone)", () => {
  let dir: string;
  let app: NodeApp;
  let clock: ManualClock;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let saleId: string;
  let buyer: string; // 小芳: A×2, B02 紅 M, C waitlisted second
  let first: string; // 先來: C (the only one)
  let waiting: string; // 阿明: C waitlisted first
  let amy: string; // LINE account of the Facebook buyer
  let claimUrl: string;

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
  /** A message typed in the OA's 1:1 chat, as the LINE emulator delivers it. */
  const say = async (userId: string, text: string) => {
    await control("/messages", {
      chat: { type: "user", userId },
      from: userId,
      message: { type: "text", text },
    });
    await settle();
  };
  const phone = async (locale = "zh-TW", viewport = PHONE) => {
    const ctx = await browser.newContext({ viewport, locale, deviceScaleFactor: 2, hasTouch: true });
    // The page's clock is the server's (the hold counts down from the sale's time).
    await ctx.clock.setFixedTime(new Date(clock.now().getTime() + 5 * 60_000));
    contexts.push(ctx);
    return ctx.newPage();
  };
  const openLiff = (page: Page, liffUrl: string, userId: string) =>
    page.goto(`${app.url}${liffUrlToLocal(liffUrl, userId)}`);
  const checkout = (page: Page, userId: string) =>
    page.goto(`${app.url}/liff/live/${saleId}?sandboxUser=${encodeURIComponent(userId)}`);
  const textOf = async (l: Locator) => ((await l.textContent()) ?? "").replace(/\s+/g, " ").trim();
  const orders = async () => (await admin<{ orders: Order[] }>(`/api/lives/${saleId}/orders`)).orders;
  const memberCodeOf = async (userId: string) => {
    const [m] = await app.deps.db.select().from(members).where(eq(members.lineUserId, userId));
    return m?.memberCode as string;
  };
  /** A sale at the store's POS (its own key), as a till would send it. */
  let posKey: string | undefined;
  const pos = async <T>(body: unknown): Promise<T> => {
    if (!posKey) {
      const { stores } = await admin<{ stores: Array<{ id: string; code: string }> }>("/api/admin/stores");
      const taipei = stores.find((s) => s.code === "TPE01");
      posKey = (await admin<{ key: string }>(`/api/admin/stores/${taipei?.id}/pos-keys`, {})).key;
    }
    const res = await fetch(`${app.url}/api/pos/transactions`, {
      method: "POST",
      headers: { authorization: `Bearer ${posKey}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POS: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  /** Saves the page, after checking that every visible control has an accessible name. */
  const shot = async (page: Page, name: string) => {
    const unnamed = await page.evaluate(() => {
      const named = (el: Element) => {
        const text = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
        const by = el.getAttribute("aria-labelledby");
        const labels = (el as HTMLInputElement).labels;
        return (
          text(el.getAttribute("aria-label")) ||
          (by
            ? text(
                by
                  .split(" ")
                  .map((id) => document.getElementById(id)?.textContent)
                  .join(" "),
              )
            : "") ||
          (labels ? text([...labels].map((l) => l.textContent).join(" ")) : "") ||
          (el.matches("button, a") ? text(el.textContent) : "") ||
          text(el.getAttribute("title"))
        );
      };
      return [...document.querySelectorAll("a[href], button, input, select, textarea")]
        .filter((el) => (el as HTMLElement).getClientRects().length > 0 && !el.closest("#dev-bar-root"))
        .filter((el) => !named(el))
        .map((el) => el.outerHTML.slice(0, 120));
    });
    expect(unnamed, `controls without a name on ${name}`).toEqual([]);
    // The whole page in one tall viewport, so the fixed total bar sits at the bottom as on a phone.
    const viewport = page.viewportSize() ?? PHONE;
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${ARTIFACTS}/live-${name}.png` });
    await page.setViewportSize(viewport);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "omo-live-liff-"));
    clock = new ManualClock(START);
    app = await startNodeApp({
      env: { DATABASE_URL: `file:${join(dir, "omo.db")}`, DEMO_DATA: "true", LOG_LEVEL: "silent" },
      port: 0,
      clock,
      log: silentLogger,
      timers: false,
    });
    browser = await launch();
    const sale = await admin<{ id: string }>("/api/lives", {
      title: "週五晚間直播・秋冬新品",
      featuredCode: "A",
      products: [
        { code: "A", name: "羊毛圍巾", price: 390, stock: 10 },
        {
          code: "B02",
          name: "針織外套",
          price: 1280,
          stock: 0,
          variants: [
            { name: "紅 M", stock: 2 },
            { name: "黑 L", stock: 1 },
          ],
        },
        { code: "C", name: "限量帆布托特包", price: 890, stock: 1 },
      ],
    });
    saleId = sale.id;
    await admin(`/api/lives/${saleId}/open`, {});
    [buyer, first, waiting, amy] = [
      await friend("小芳"),
      await friend("先來"),
      await friend("阿明"),
      await friend("Amy"),
    ];
    await say(first, "C+1");
    await say(waiting, "C+1");
    await say(buyer, "A+2 B02 紅M+1 C+1");
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the bot's checkout link opens the cart: lines, the waitlisted line's place, total, hold", async () => {
    const log = await control<{ entries: Array<{ direction: string; message: unknown }> }>(
      `/chats/${buyer}/log`,
    );
    const reply = JSON.stringify(log.entries.filter((e) => e.direction === "out").at(-1)?.message);
    const link = new RegExp(`https://liff\\.line\\.me/[^"/]+/live/${saleId}`).exec(reply)?.[0];
    expect(link).toBeDefined();
    const page = await phone();
    await openLiff(page, link as string, buyer);
    await page.getByTestId("checkout-form").waitFor();
    expect(await textOf(page.getByTestId("sale-title"))).toBe("週五晚間直播・秋冬新品");
    const lines = page.getByTestId("cart-line");
    expect(await lines.count()).toBe(2);
    expect(await textOf(lines.nth(0))).toContain("羊毛圍巾");
    expect(await textOf(lines.nth(0))).toContain("NT$780");
    expect(await textOf(lines.nth(1))).toContain("紅 M");
    expect(await textOf(page.getByTestId("waitlist-line"))).toContain("限量帆布托特包");
    expect(await textOf(page.getByTestId("waitlist-position"))).toBe("候補第 2 位");
    await page.getByText("候補商品不會列入這次結帳").waitFor();
    expect(await textOf(page.getByTestId("checkout-total"))).toBe("NT$2,060");
    expect(await textOf(page.getByTestId("hold"))).toMatch(/前完成結帳\s*剩 23 小時 55 分$/);
    await shot(page, "cart");

    // Delivery: pay at pickup is off, and the form says what is missing.
    await page.getByTestId("payment-pickup").click();
    await page.getByTestId("fulfilment-delivery").click();
    expect(await page.getByTestId("payment-pickup").locator("input").isDisabled()).toBe(true);
    expect(await page.getByTestId("payment-bank").locator("input").isChecked()).toBe(true);
    await page.getByTestId("delivery-phone").fill("0912-34");
    await page.getByTestId("checkout-confirm").click();
    await page.getByText("請填寫姓名").waitFor();
    await page.getByText("請輸入有效的手機號碼").waitFor();
    await page.getByText("請填寫完整的寄送地址").waitFor();
    await shot(page, "delivery-errors");
  });

  it("store pickup, pay at pickup: a double tap places one order and shows the confirmation", async () => {
    const page = await phone();
    await checkout(page, buyer);
    await page.getByTestId("checkout-form").waitFor();
    // The first store is chosen already (the buyer has no home store); pick another.
    expect(await page.getByTestId("store-option").first().isChecked()).toBe(true);
    await page.getByText("台中勤美店").click();
    await page.getByTestId("payment-pickup").click();
    await shot(page, "pickup");
    await page.getByTestId("checkout-confirm").dblclick();
    await page.getByTestId("order-placed").waitFor();
    expect(await page.getByRole("alert").count()).toBe(0);
    const number = await textOf(page.getByTestId("order-number"));
    expect(number).toMatch(/^#[0-9A-Z]{1,8}$/);
    expect(await textOf(page.getByTestId("order-total"))).toBe("NT$2,060");
    expect(await textOf(page.getByTestId("pay-at-pickup"))).toContain("取貨時付款 NT$2,060");
    expect(await textOf(page.getByTestId("order-where"))).toContain("台中勤美店");
    await shot(page, "confirmed");

    const mine = (await orders()).filter((o) => o.buyer.lineUserId === buyer);
    expect(mine.map((o) => [o.status, o.total])).toEqual([["confirmed", 2060]]);
    expect(mine[0]?.id.toUpperCase().endsWith(number.slice(1))).toBe(true);
    // The waitlisted line went at checkout: only 阿明 still waits for C.
    const tally = await (await fetch(`${app.url}/api/lives/${saleId}/tally`)).json();
    expect(
      (tally as { products: Array<{ code: string; waitlisted: number }> }).products.find(
        (p) => p.code === "C",
      )?.waitlisted,
    ).toBe(1);

    // Opened again from the chat: the order and its status, not a second checkout.
    await page.reload();
    await page.getByTestId("order-placed").waitFor();
    expect(await textOf(page.getByTestId("order-steps"))).toContain("訂單成立");
    expect(await page.getByTestId("checkout-confirm").count()).toBe(0);
  });

  it("delivery with bank transfer shows the sandbox's example account, labelled as such", async () => {
    const page = await phone();
    await checkout(page, first);
    await page.getByTestId("fulfilment-delivery").click();
    await page.getByTestId("delivery-name").fill("陳先來");
    await page.getByTestId("delivery-phone").fill("0912-345-678");
    await page.getByTestId("delivery-address").fill("台北市大安區復興南路一段 100 號 5 樓");
    await shot(page, "delivery");
    await page.getByTestId("checkout-confirm").click();
    await page.getByTestId("bank-transfer").waitFor();
    expect(await textOf(page.getByTestId("bank-transfer"))).toContain("請轉帳 NT$890");
    expect(await textOf(page.getByTestId("bank-example"))).toContain("範例帳號・沙盒示範用，請勿實際轉帳");
    expect(await textOf(page.getByTestId("order-where"))).toContain("復興南路");
    await shot(page, "bank-transfer");

    // The seller sees the transfer and marks the order paid: reopened, the page says so.
    const order = (await orders()).find((o) => o.buyer.lineUserId === first);
    await admin(`/api/lives/${saleId}/orders/${order?.id}/status`, { status: "paid" });
    await page.reload();
    await page.getByText("已收到您的付款，謝謝！").waitFor();
    expect(await page.getByTestId("order-steps").locator("li.done").count()).toBe(2);
    expect(await page.getByTestId("bank-transfer").count()).toBe(0);
    await shot(page, "paid");
  });

  it("a cart with only waitlisted items shows the place in the queue and nothing to pay yet", async () => {
    const page = await phone();
    await checkout(page, waiting);
    await page.getByTestId("waitlist").waitFor();
    expect(await textOf(page.getByTestId("waitlist-position"))).toBe("候補第 1 位");
    await page.getByText("目前只有候補中的商品").waitFor();
    expect(await page.getByTestId("checkout-confirm").count()).toBe(0);
    await shot(page, "waitlisted");
  });

  it("a Facebook buyer claims their orders with the seller's link and lands on the checkout", async () => {
    await admin(`/api/lives/${saleId}/comments`, {
      comments: [
        {
          platform: "facebook",
          commentId: "fb-1",
          userId: "fb-amy",
          userName: "Amy Lin",
          text: "A+1 B02 黑L+1",
          postedAt: START,
        },
      ],
    });
    const { links } = await admin<{ links: Array<{ url: string }> }>(`/api/lives/${saleId}/claim-links`, {
      buyers: [{ platform: "facebook", userId: "fb-amy" }],
    });
    claimUrl = links[0]?.url as string;
    expect(claimUrl).toMatch(/\/live\/claim\?t=/);
    const page = await phone();
    await openLiff(page, claimUrl, amy);
    await page.getByTestId("claim-confirm").waitFor();
    await page.getByText("把您在 Facebook/YouTube 直播的訂單綁定到這個 LINE 帳號").waitFor();
    expect(await textOf(page.getByTestId("claim-sale"))).toContain("週五晚間直播・秋冬新品");
    await shot(page, "claim");
    await page.getByTestId("claim-confirm").click();
    await page.getByTestId("claimed").waitFor();
    expect(new URL(page.url()).pathname).toBe(`/liff/live/${saleId}`);
    expect(await page.getByTestId("cart-line").count()).toBe(2);
    expect(await textOf(page.getByTestId("cart-line").nth(1))).toContain("黑 L");
    expect(await textOf(page.getByTestId("checkout-total"))).toBe("NT$1,670");
    await shot(page, "claim-checkout");
  });

  it("explains a link claimed by another LINE account and a tampered one", async () => {
    const page = await phone();
    await openLiff(page, claimUrl, waiting);
    await page.getByTestId("claim-confirm").click();
    await page.getByTestId("claim-refused").waitFor();
    expect(await textOf(page.getByTestId("claim-refused"))).toContain("這些訂單已綁定其他 LINE 帳號");
    await shot(page, "claim-taken");
    const token = new URL(claimUrl).searchParams.get("t") as string;
    await page.goto(`${app.url}/liff/live/claim?t=${encodeURIComponent(`${token.slice(0, -4)}AAAA`)}`);
    await page.getByTestId("claim-confirm").click();
    await page.getByTestId("claim-refused").waitFor();
    expect(await textOf(page.getByTestId("claim-refused"))).toContain("無法辨識這個連結");
    await shot(page, "claim-invalid");
  });

  it("a member pays part with a coupon and points; a refusal is explained; the card shows what is left", async () => {
    const member = await friend("點點");
    await say(member, "A+2"); // NT$780
    const code = await memberCodeOf(member);
    // 99 points from a purchase at the store, then coupons: one to use, two this order cannot use.
    const sale = await pos<{ pointsEarned: number }>({
      externalId: "LIVE-POS-1",
      memberCode: code,
      total: 9900,
    });
    expect(sale.pointsEarned).toBe(99);
    const storeOnly = await admin<{ id: string }>("/api/admin/coupon-templates", {
      name: "門市限定 NT$50",
      kind: "amount",
      value: 50,
      minSpend: 0,
      channel: "store",
      validDays: 30,
      perMemberLimit: 1,
    });
    for (const tpl of ["tpl_demo_welcome", "tpl_demo_platinum", storeOnly.id]) {
      const r = await admin<{ issued: number }>(`/api/admin/coupon-templates/${tpl}/issue`, {
        batchKey: "live-test",
        memberCodes: [code],
      });
      expect(r.issued).toBe(1);
    }

    const page = await phone();
    await checkout(page, member);
    await page.getByTestId("discounts").waitFor();
    expect(await textOf(page.getByTestId("points-balance"))).toBe("可用 99 點・1 點折抵 NT$1");
    const options = page.getByTestId("coupon-option");
    await expect.poll(() => options.count()).toBe(3);
    const welcome = options.filter({ hasText: "新會員禮" });
    const platinum = options.filter({ hasText: "白金升等禮" });
    const store = options.filter({ hasText: "門市限定" });
    expect(await welcome.locator("input").isDisabled()).toBe(false);
    expect(await textOf(welcome)).toContain("滿 NT$500 可用");
    expect(await platinum.locator("input").isDisabled()).toBe(true);
    expect(await textOf(platinum.getByTestId("coupon-why"))).toBe("還差 NT$1,220 才能使用");
    expect(await store.locator("input").isDisabled()).toBe(true);
    expect(await textOf(store.getByTestId("coupon-why"))).toBe("限門市使用");

    // More points than the balance: said at once, and not taken off the total.
    await page.getByTestId("points-input").fill("500");
    expect(await textOf(page.getByTestId("points-error"))).toBe("這筆訂單最多可折抵 99 點。");
    expect(await textOf(page.getByTestId("checkout-total"))).toBe("NT$780");
    await welcome.click();
    expect(await textOf(page.getByTestId("summary-discount"))).toBe("−NT$100");
    await page.getByTestId("points-max").click();
    expect(await page.getByTestId("points-input").inputValue()).toBe("99");
    expect(await page.getByTestId("points-error").count()).toBe(0);
    expect(await textOf(page.getByTestId("summary-points"))).toBe("−NT$99");
    expect(await textOf(page.getByTestId("checkout-total"))).toBe("NT$581");
    await shot(page, "discounts");
    // In English on a 320 px phone, the picker and the points field still fit.
    const en = await phone("en-US", { width: 320, height: 640 });
    await checkout(en, member);
    await en.getByTestId("lang-toggle").click();
    await en.getByText("Spend NT$1,220 more to use it").waitFor();
    await en.getByText("99 points available · 1 point = NT$1").waitFor();
    await shot(en, "discounts-en-320");
    expect(
      await en.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);

    // Meanwhile 40 of the points are spent at the store: the server refuses, the page says so by the field.
    await pos({ externalId: "LIVE-POS-2", memberCode: code, total: 40, pointsToUse: 40 });
    await page.getByTestId("checkout-confirm").click();
    await page.getByTestId("points-error").waitFor();
    expect(await textOf(page.getByTestId("points-error"))).toBe("點數不足，目前可用 59 點，請調整後再送出。");
    await expect.poll(() => textOf(page.getByTestId("points-balance"))).toBe("可用 59 點・1 點折抵 NT$1");
    expect(await page.getByTestId("order-placed").count()).toBe(0);
    // The coupon went back to the member with the refusal and is still chosen.
    expect(await welcome.locator("input").isChecked()).toBe(true);
    await shot(page, "points-refused");

    await page.getByTestId("points-input").fill("50");
    expect(await textOf(page.getByTestId("checkout-total"))).toBe("NT$630");
    await page.getByTestId("checkout-confirm").dblclick();
    await page.getByTestId("order-placed").waitFor();
    expect(await textOf(page.getByTestId("order-total"))).toBe("NT$630");
    expect(await textOf(page.getByTestId("summary-discount"))).toBe("−NT$100");
    expect(await textOf(page.getByTestId("summary-points"))).toBe("−NT$50");
    expect(await textOf(page.getByTestId("order-summary-total"))).toBe("NT$630");
    await shot(page, "discount-confirmed");
    const mine = (await orders()).filter((o) => o.buyer.lineUserId === member);
    expect(mine.map((o) => [o.status, o.total])).toEqual([["confirmed", 630]]);

    // The member card: 99 − 40 − 50 points left.
    await page.goto(`${app.url}/liff/member`);
    await expect.poll(() => textOf(page.getByTestId("points"))).toBe("9");
    await page.goto(`${app.url}/liff/member/coupons`);
    await page.getByTestId("coupon").first().waitFor();
    expect(await page.getByTestId("coupon").filter({ hasText: "新會員禮" }).count()).toBe(0);
  });

  it("a claimed order becomes the opener's as a member (a new one has nothing to use yet)", async () => {
    await admin(`/api/lives/${saleId}/comments`, {
      comments: [
        {
          platform: "facebook",
          commentId: "fb-guest-1",
          userId: "fb-guest",
          userName: "Guest",
          text: "A+1",
          postedAt: START,
        },
      ],
    });
    const { links } = await admin<{ links: Array<{ url: string }> }>(`/api/lives/${saleId}/claim-links`, {
      buyers: [{ platform: "facebook", userId: "fb-guest" }],
    });
    // Not a friend of the OA and never opened the card: opening the LIFF page makes them a (guest)
    // member, and reading the cart links the claimed order to that membership.
    const { userId } = await control<{ userId: string }>("/users", {
      displayName: "訪客",
      language: "zh-TW",
    });
    const page = await phone();
    await openLiff(page, links[0]?.url as string, userId);
    await page.getByTestId("claim-confirm").click();
    await page.getByTestId("checkout-form").waitFor();
    await page.getByTestId("discounts-empty").waitFor();
    expect(await page.getByTestId("discounts-member-only").count()).toBe(0);
    expect(await page.getByTestId("points-input").count()).toBe(0);
    expect(await textOf(page.getByTestId("checkout-total"))).toBe("NT$390");
    await shot(page, "claimed-guest");
  });

  it("no order, an unknown sale, a closed sale; English on a 320 px screen", async () => {
    const stranger = await friend("路人");
    const page = await phone();
    await checkout(page, stranger);
    await page.getByTestId("live-empty").waitFor();
    expect(await textOf(page.getByTestId("live-empty"))).toContain("您在這場直播還沒有訂單");
    await page.goto(`${app.url}/liff/live/sal_nope`);
    await page.getByTestId("live-missing").waitFor();

    await admin(`/api/lives/${saleId}/close`, {});
    await checkout(page, stranger);
    await page.getByText("這場直播已結束").waitFor();
    await shot(page, "ended");

    // In English on a small phone: Amy's cart can still be checked out after the live ends.
    const en = await phone("en-US", { width: 320, height: 640 });
    await checkout(en, amy);
    await en.getByTestId("checkout-form").waitFor();
    await en.getByTestId("lang-toggle").click();
    await en.getByRole("heading", { name: "Checkout" }).waitFor();
    await en.getByText("The sale has ended. Please check out before your hold ends.").waitFor();
    await en.getByText("You have no coupons or points to use right now.").waitFor();
    const overflow = await en.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(en, "checkout-en-320");
  });

  it("a cart that expires while the page is open says so when the buyer confirms", async () => {
    const page = await phone();
    await checkout(page, amy);
    await page.getByTestId("checkout-form").waitFor();
    clock.advance(25 * 60 * 60_000);
    await app.sweep();
    await app.sweep();
    await settle();
    await page.getByTestId("checkout-confirm").click();
    await page.getByTestId("order-closed").waitFor();
    expect(await textOf(page.getByTestId("order-closed"))).toContain("購物車已過期");
    await shot(page, "expired");
  });
});
