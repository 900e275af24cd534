/**
 * The seller console in real Chromium (desktop) against the real server: sign in with the admin
 * token, create a sale through the form, open it, post comments through the API and watch the
 * tally (server-sent events) and the comment feed move without a reload, act on orders. Each test
 * has a server of its own and makes its sale, comments and orders through the API first.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { TEST_ADMIN_TOKEN } from "../../worker/test/harness";
import { ARTIFACTS, hasChromium, unnamedControls } from "./browser";
import { browserSuite, consoleSignIn, DESKTOP, harnessApp } from "./sandbox";

/** The sale the form test types, as the API takes it. */
const SALE = {
  title: "週六早場・聖誕選物",
  featuredCode: "B",
  products: [
    {
      code: "A",
      name: "有機棉素T",
      price: 590,
      stock: 0,
      perBuyerLimit: 3,
      variants: [
        { name: "紅 M", stock: 3 },
        { name: "黑 L", stock: 1 },
      ],
    },
    { code: "B", name: "手作馬克杯", price: 450, stock: 3 },
  ],
};

describe.skipIf(!hasChromium && !process.env.CI)("seller console (Chromium, desktop)", () => {
  const suite = browserSuite(harnessApp);
  let n = 0;

  /** A signed-in console tab (downloads and the clipboard allowed), on `route` when given. */
  const signedIn = async (route?: string) => {
    const { url } = suite.server;
    const ctx = await suite.context({ viewport: DESKTOP, locale: "zh-TW", acceptDownloads: true });
    await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: url });
    const page = await ctx.newPage();
    await consoleSignIn(page, url, TEST_ADMIN_TOKEN);
    if (route) await page.goto(`${url}/console/#${route}`);
    return page;
  };
  const shot = async (p: Page, name: string, fullPage = true) => {
    // A full-page capture scrolls; from the top, the sticky top bar stays where it belongs.
    if (fullPage) await p.evaluate(() => window.scrollTo(0, 0));
    await p.screenshot({ path: `${ARTIFACTS}/console-${name}.png`, fullPage });
    expect(await unnamedControls(p), `unnamed controls on ${name}`).toEqual([]);
  };
  const adminPost = async (path: string, body: unknown) => {
    const res = await suite.server.t.admin(path, { method: "POST", body: JSON.stringify(body) });
    expect(res.status, path).toBe(200);
    return res.json();
  };
  const c = (platform: string, userId: string, userName: string, text: string) => ({
    platform,
    commentId: `fb-${++n}`,
    userId,
    userName,
    text,
    postedAt: new Date().toISOString(),
  });
  /** The sale, open, with its first orders: 小芳 (LINE) A 紅 M×2, B sold out with 王大同 waitlisted. */
  const liveSale = async () => {
    const s = suite.server;
    const { id } = await s.admin<{ id: string }>("/api/lives", SALE);
    await s.admin(`/api/lives/${id}/open`, {});
    const buyer = await s.friend("小芳");
    await s.admin(`/api/lives/${id}/comments`, {
      comments: [
        c("line", buyer, "小芳", "A 紅 M +2"),
        c("facebook", "fb-1", "陳小明", "B+2"),
        c("facebook", "fb-2", "林美玲", "我要 B+1"),
        c("facebook", "fb-3", "王大同", "B+1"),
        c("facebook", "fb-4", "Amy Wu", "A 黑 L+1"),
      ],
    });
    return { id, buyer };
  };
  /** The buyer checks out their cart: store pickup, bank transfer. */
  const checkOut = async (saleId: string, buyer: string) => {
    const s = suite.server;
    const auth = { authorization: `Bearer ${await s.idToken(buyer)}`, "content-type": "application/json" };
    const cart = (await (await fetch(`${s.url}/api/me/lives/${saleId}/cart`, { headers: auth })).json()) as {
      defaultPickupStoreId: string;
    };
    const confirmed = await fetch(`${s.url}/api/me/lives/${saleId}/cart/confirm`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        fulfilment: "pickup",
        pickupStoreId: cart.defaultPickupStoreId,
        paymentMethod: "bank_transfer",
      }),
    });
    expect(confirmed.status).toBe(200);
  };
  /** The live sale with 小芳's order checked out and marked paid (NT$1,180). */
  const paidSale = async () => {
    const sale = await liveSale();
    await checkOut(sale.id, sale.buyer);
    const { orders } = await suite.server.admin<{
      orders: Array<{ id: string; buyer: { lineUserId: string | null } }>;
    }>(`/api/lives/${sale.id}/orders`);
    const order = orders.find((o) => o.buyer.lineUserId === sale.buyer);
    await suite.server.admin(`/api/lives/${sale.id}/orders/${order?.id}/status`, { status: "paid" });
    return sale;
  };
  const unit = (page: Page, code: string, attrs: Record<string, string>) =>
    page.locator(
      `[data-testid=tally-unit][data-code="${code}"]${Object.entries(attrs)
        .map(([k, v]) => `[data-${k}="${v}"]`)
        .join("")}`,
    );
  const comment = (page: Page, text: string) => page.getByTestId("comment").filter({ hasText: text });
  const dialog = (page: Page) => page.locator("dialog[open]");
  const orderRow = (page: Page, name: string) => page.getByTestId("order-row").filter({ hasText: name });

  it("is served at /console/ (and /console) with its assets", async () => {
    for (const path of ["/console/", "/console"]) {
      const res = await fetch(`${suite.server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/html");
      const html = await res.text();
      const asset = /src="(\/assets\/console-[^"]+\.js)"/.exec(html)?.[1];
      expect(asset).toBeTruthy();
      expect((await fetch(`${suite.server.url}${asset}`)).status).toBe(200);
    }
  });

  it("refuses a wrong token clearly, then signs in with the right one", async () => {
    const page = await suite.page({ viewport: DESKTOP, locale: "zh-TW" });
    await page.goto(`${suite.server.url}/console/`);
    await page.getByRole("heading", { name: "登入賣家後台" }).waitFor();
    await page.getByTestId("token-input").fill("not-the-admin-token");
    await page.getByTestId("sign-in").click();
    const error = page.getByTestId("sign-in-error");
    await error.waitFor();
    expect(await error.textContent()).toContain("權杖無效");
    expect(await page.getByTestId("token-input").getAttribute("aria-invalid")).toBe("true");
    await shot(page, "sign-in-error");

    await page.getByTestId("token-input").fill(TEST_ADMIN_TOKEN);
    await page.getByTestId("token-input").press("Enter");
    await page.getByRole("heading", { name: "直播銷售", level: 1 }).waitFor();
    // The sandbox's demo sale is listed, a draft.
    const demo = page.locator("[data-testid=sale-row][data-sale-id=sal_demo_friday]");
    await demo.waitFor();
    expect(await demo.getAttribute("data-status")).toBe("draft");
    expect(await page.evaluate(() => sessionStorage.getItem("omo-console-token"))).toBe(TEST_ADMIN_TOKEN);
  });

  it("signs in from a #token= link and removes the token from the address bar", async () => {
    const ctx = await suite.context({ viewport: DESKTOP, locale: "zh-TW" });
    const tab = await ctx.newPage();
    await tab.goto(`${suite.server.url}/console/#token=${encodeURIComponent(TEST_ADMIN_TOKEN)}`);
    await tab.getByTestId("sales-table").waitFor();
    expect(tab.url()).not.toContain(TEST_ADMIN_TOKEN);
    expect(tab.url()).toMatch(/\/console\/#\/sales$/);
    // A wrong token in the link: refused the same way, and gone from the bar too.
    const other = await ctx.newPage();
    await other.goto(`${suite.server.url}/console/#token=stale-token-from-an-old-link`);
    await other.getByTestId("sign-in-error").filter({ hasText: "權杖無效" }).waitFor();
    expect(other.url()).not.toContain("stale-token");
  });

  it("creates a sale through the form; the API's refusals appear next to their fields", async () => {
    const page = await signedIn();
    await page.getByTestId("new-sale").click();
    await page.getByRole("heading", { name: "新增直播", level: 1 }).waitFor();
    const rows = page.getByTestId("product-row");
    await rows.nth(0).getByTestId("product-name").fill("有機棉素T");
    await rows.nth(0).getByTestId("product-price").fill("590");
    await rows.nth(0).getByTestId("product-limit").fill("3");
    await rows.nth(0).getByTestId("product-variants").fill("紅 M:3, 黑 L:1");
    expect(await rows.nth(0).getByTestId("product-stock").isDisabled()).toBe(true);
    await page.getByTestId("add-product").click();
    await rows.nth(1).getByTestId("product-code").fill("ａ"); // the same code as A, full-width
    await rows.nth(1).getByTestId("product-name").fill("手作馬克杯");
    await rows.nth(1).getByTestId("product-stock").fill("3");

    // No title, no price: zod's refusal, placed on both fields.
    await page.getByTestId("create-sale").click();
    const fieldError = (field: string) => page.locator(`[data-testid=field-error][data-field="${field}"]`);
    await fieldError("title").waitFor();
    expect(await fieldError("title").textContent()).toBe("必填");
    expect(await fieldError("products.1.price").textContent()).toBe("必填");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("sale-title");

    await page.getByTestId("sale-title").fill("週六早場・聖誕選物");
    await rows.nth(1).getByTestId("product-price").fill("450");
    await page.getByTestId("create-sale").click();
    // The server's own check: the code is used twice (after normalisation).
    await fieldError("products.1.code").waitFor();
    expect(await fieldError("products.1.code").textContent()).toContain("重複");
    expect(await fieldError("title").count()).toBe(0);
    await shot(page, "new-sale-error");

    await rows.nth(1).getByTestId("product-code").fill("B");
    await page.getByTestId("featured").selectOption("B");
    await page.getByTestId("create-sale").click();
    const key = page.getByTestId("ingest-key");
    await key.waitFor();
    expect(await key.inputValue()).toMatch(/^lik_/);
    const saleId = (await page.getByTestId("sale-view").getAttribute("data-sale-id")) ?? "";
    expect(saleId).toMatch(/^sal_/);
    await page.getByTestId("copy-key").click();
    await page.getByTestId("copy-key").filter({ hasText: "已複製" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await key.inputValue());
    await unit(page, "A", { variant: "紅 M", ordered: "0", remaining: "3" }).waitFor();
    // A draft takes no comments, so there is nothing to rehearse yet.
    expect(await page.getByTestId("rehearse").count()).toBe(0);
    await shot(page, "created");
    await page.getByTestId("key-done").click();
    expect(await page.getByTestId("ingest-key-callout").count()).toBe(0);
    // What the form sent is the sale the other tests make through the API.
    const made = await suite.server.admin<{ title: string; featuredCode: string | null }>(
      `/api/lives/${saleId}`,
    );
    expect(made).toMatchObject({ title: SALE.title, featuredCode: SALE.featuredCode });
  });

  it("opens the sale; comments posted through the API move the tally and the feed live", async () => {
    const { id: saleId } = await suite.server.admin<{ id: string }>("/api/lives", SALE);
    const page = await signedIn(`/sales/${saleId}`);
    await page.getByTestId("open-sale").click();
    await dialog(page).getByText("開始直播？").waitFor();
    await dialog(page).getByTestId("confirm-ok").click();
    await page.getByTestId("sale-status").filter({ hasText: "直播中" }).waitFor();
    await page.locator("[data-testid=stream-status][data-connected=true]").waitFor();
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 1;
    });

    const buyer = await suite.server.friend("小芳");
    await adminPost(`/api/lives/${saleId}/comments`, {
      comments: [
        c("line", buyer, "小芳", "A 紅 M +2"),
        c("facebook", "fb-1", "陳小明", "B+2"),
        c("facebook", "fb-2", "林美玲", "我要 B+1"),
        c("facebook", "fb-3", "王大同", "B+1"), // sold out: waitlisted
        c("facebook", "fb-4", "Amy Wu", "A 黑 L+1"),
      ],
    });
    await unit(page, "B", { ordered: "3", remaining: "0", waitlisted: "1", soldout: "true" }).waitFor();
    await unit(page, "A", { variant: "紅 M", ordered: "2", remaining: "1" }).waitFor();
    await unit(page, "A", { variant: "黑 L", ordered: "1", soldout: "true" }).waitFor();
    await page.locator("[data-testid=tally-product][data-code=B]").getByText("完售").waitFor();

    await adminPost(`/api/lives/${saleId}/comments`, {
      comments: [
        c("facebook", "fb-5", "張阿姨", "C+1"), // no such product
        c("facebook", "fb-6", "路人甲", "好漂亮！請問有黑色嗎？"),
        c("facebook", "fb-4", "Amy Wu", "A 紅 M+3"), // over the per-buyer limit of 3
      ],
    });
    await comment(page, "好漂亮").waitFor();
    const outcome = async (text: string) => comment(page, text).getByTestId("outcome").textContent();
    expect(await outcome("我要 B+1")).toBe("已下單");
    expect(await outcome("王大同")).toBe("候補");
    expect(await outcome("C+1")).toBe("未成立");
    expect(await comment(page, "C+1").getByTestId("reason").textContent()).toBe("查無此商品代碼");
    expect(await outcome("好漂亮")).toBe("略過");
    // The orders table follows the tally; the page never reloaded.
    await orderRow(page, "王大同").getByText("候補第 1 位").waitFor();
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    expect(await page.getByTestId("stat-ordered").textContent()).toContain("6 件");
    await shot(page, "live");
  });

  it("marks a checked-out order paid; cancelling asks first and promotes the waitlist", async () => {
    const { id: saleId, buyer } = await liveSale();
    const page = await signedIn(`/sales/${saleId}`);
    await orderRow(page, "小芳").and(page.locator("[data-status=cart]")).waitFor();
    await checkOut(saleId, buyer);

    // Checking out changes no stock: the orders table picks it up on its next poll.
    await orderRow(page, "小芳").and(page.locator("[data-status=confirmed]")).waitFor();
    await orderRow(page, "小芳").getByTestId("mark-paid").click();
    await orderRow(page, "小芳").getByTestId("order-status").filter({ hasText: "已付款" }).waitFor();
    await page.getByTestId("toast").filter({ hasText: "已標記為已付款" }).waitFor();
    expect(await page.getByTestId("stat-revenue").textContent()).toContain("NT$1,180");

    await orderRow(page, "陳小明").getByTestId("cancel-order").click();
    await dialog(page).getByText("取消這筆訂單？").waitFor();
    expect(await dialog(page).textContent()).toContain("陳小明");
    await shot(page, "cancel-dialog", false);
    await dialog(page).getByRole("button", { name: "保留訂單" }).click();
    await dialog(page).waitFor({ state: "detached" });
    expect(await orderRow(page, "陳小明").getAttribute("data-status")).toBe("cart");

    await orderRow(page, "陳小明").getByTestId("cancel-order").click();
    await dialog(page).getByTestId("confirm-ok").click();
    await orderRow(page, "陳小明").and(page.locator("[data-status=cancelled]")).waitFor();
    // The two units went back; 王大同 moved up from the waitlist.
    await unit(page, "B", { ordered: "2", remaining: "1", waitlisted: "0", soldout: "false" }).waitFor();
    await orderRow(page, "王大同").getByText("候補第 1 位").waitFor({ state: "detached" });

    await page.locator("[data-testid=orders-filter][data-status=paid]").click();
    expect(await page.getByTestId("order-row").count()).toBe(1);
    await page.locator("[data-testid=orders-filter][data-status=all]").click();
    await page.getByTestId("orders-table").scrollIntoViewIfNeeded();
    await shot(page, "orders");
  });

  it("downloads the picking list (fetched with the token, saved as a file)", async () => {
    const { id: saleId } = await paidSale();
    const page = await signedIn(`/sales/${saleId}`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("picking-csv").click(),
    ]);
    expect(download.suggestedFilename()).toBe(`picking-${saleId}.csv`);
    const csv = readFileSync((await download.path()) as string, "utf8");
    expect(csv).toContain("order_no,status,buyer,platform,phone,code,product,variant,qty,price");
    // The order number the buyer sees, the buyer, then the line.
    expect(csv).toMatch(/#[0-9A-Z-]+,paid,小芳,line,[^,]*,A,有機棉素T,紅 M,2,590/);
  });

  it("rehearses a sale with pasted comments", async () => {
    // Live, with one B left.
    const { id: saleId } = await suite.server.admin<{ id: string }>("/api/lives", SALE);
    await suite.server.admin(`/api/lives/${saleId}/open`, {});
    await suite.server.admin(`/api/lives/${saleId}/comments`, {
      comments: [c("facebook", "fb-1", "陳小明", "B+2")],
    });
    const page = await signedIn(`/sales/${saleId}`);
    await unit(page, "B", { ordered: "2", remaining: "1" }).waitFor();
    // Folded while the sale is live.
    expect(await page.getByTestId("rehearse-text").isVisible()).toBe(false);
    await page.getByTestId("rehearse-toggle").click();
    await page.getByTestId("rehearse-text").fill("阿華: B+1\n+1");
    await page.getByTestId("rehearse-name").fill("彩排員");
    await page.getByTestId("rehearse-send").click();
    await page.getByTestId("rehearse-status").filter({ hasText: "已送出 2 則留言" }).waitFor();
    await page.getByTestId("rehearse-send").click(); // nothing typed: said so, nothing posted
    await page.getByTestId("rehearse-status").filter({ hasText: "請至少輸入一則留言" }).waitFor();
    await comment(page, "阿華").getByTestId("outcome").filter({ hasText: "已下單" }).waitFor();
    // A bare "+1" orders the featured product B; now sold out, so 彩排員 waits.
    await comment(page, "彩排員").getByTestId("outcome").filter({ hasText: "候補" }).waitFor();
    expect(await comment(page, "阿華").textContent()).toContain("彩排");
  });

  it("switches to English, fits 1024 px, and closes the sale after confirming", async () => {
    const { id: saleId } = await paidSale();
    const page = await signedIn(`/sales/${saleId}`);
    await page.getByTestId("sale-status").filter({ hasText: "直播中" }).waitFor();
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.getByTestId("lang-switch").click();
    await page.getByRole("heading", { name: "Latest comments" }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, "live-en-1024");

    await page.getByTestId("close-sale").click();
    await dialog(page).getByText("Close the sale?").waitFor();
    await dialog(page).getByTestId("confirm-ok").click();
    await page.getByTestId("sale-status").filter({ hasText: "Closed" }).waitFor();
    await page.getByRole("link", { name: "Live sales" }).first().click();
    const row = page.locator(`[data-testid=sale-row][data-sale-id="${saleId}"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-status")).toBe("closed");
    expect(await row.textContent()).toContain("NT$1,180");
    await shot(page, "sales-en-1024");
  });

  it("signs out; a token that stops working sends the seller back to sign in", async () => {
    const page = await signedIn();
    await page.getByTestId("lang-switch").click(); // the refusal below is the English one
    await page.getByTestId("sign-out").click();
    await page.getByTestId("sign-in-form").waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("omo-console-token"))).toBeNull();

    // The admin token was rotated while the tab kept the old one.
    await page.evaluate(() => sessionStorage.setItem("omo-console-token", "rotated-away"));
    await page.reload();
    await page.getByTestId("sign-in-error").filter({ hasText: "Sign in again" }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("omo-console-token"))).toBeNull();
  });
});
