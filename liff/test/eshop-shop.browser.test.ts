/**
 * The online channel end to end in real Chromium against the sandbox: a clerk sends a cart link
 * to a member in LINE; the member opens it in the demo web shop (/sandbox/shop), logs in with
 * LINE, takes the welcome coupon and points off, picks the order up in store and pays; the order
 * counts for the clerk, the points on the member's card reconcile. Screenshots:
 * test-results/screenshots/liff-shop-*.png.
 */
import { describe, expect, it } from "vitest";
import { hasChromium, textOf } from "./browser";
import { liffSuite, shot } from "./liff-kit";
import { openAs } from "./sandbox";

describe.skipIf(!hasChromium && !process.env.CI)("the demo web shop (Chromium, phone)", () => {
  const suite = liffSuite();

  it("a clerk's cart link, sent in LINE, becomes a paid pickup order with a coupon and points, credited to the clerk", async () => {
    const s = suite.server;
    const clerk = await s.clerk("王小明", "S001", "TPE01");
    const shopper = await s.friend("網購小美");
    const qr = await s.as<{ personalLink: { url: string }; staff: { id: string } }>(
      clerk,
      "/api/staff/binding-qr",
    );
    await s.as(shopper, "/api/bind", {
      token: new URL(qr.personalLink.url).searchParams.get("t"),
      consent: true,
    });
    const member = await s.memberOf(shopper);
    await s.as(clerk, "/api/staff/purchases", {
      purchaseId: "shop-seed-1",
      memberCode: member.memberCode,
      amount: 3000,
    });
    expect((await s.as<{ points: number }>(shopper, "/api/me/card")).points).toBe(30);
    const { shops } = await s.admin<{ shops: Array<{ id: string; name: string }> }>("/api/admin/shops");
    const shop = shops.find((x) => x.name === "OMO Demo 官網");
    if (!shop) throw new Error("no demo shop");
    const sent = await s.as<{ url: string; total: number }>(clerk, "/api/staff/cart-links/send", {
      shopId: shop.id,
      memberCode: member.memberCode,
      items: [{ sku: "BAG-003", quantity: 1 }],
    });
    expect(sent.total).toBe(890);
    await s.settle();
    const { entries } = await s.control<{ entries: Array<{ via?: string; message: unknown }> }>(
      `/chats/${shopper}/log`,
    );
    expect(JSON.stringify(entries.at(-1)?.message)).toContain("為您準備了購物車");

    const page = await suite.phone();
    await page.goto(sent.url);
    await page.getByTestId("shop-cart").waitFor();
    expect(await textOf(page.getByTestId("shop-cart"))).toContain("帆布托特包");
    await page.locator(`[data-testid=shop-login][data-user="${shopper}"]`).click();
    const coupon = page.getByTestId("shop-coupon").first();
    await coupon.waitFor();
    expect(await textOf(page.locator("label", { has: coupon }))).toContain("新會員禮");
    await coupon.check();
    expect(await textOf(page.getByTestId("shop-points-lead"))).toContain("您有 30 點");
    await page.getByTestId("shop-points").fill("20");
    await page.getByTestId("shop-pickup").first().check();
    await shot(page, "shop-cart");
    await page.getByTestId("shop-pay").click();
    const order = page.getByTestId("shop-order");
    await order.waitFor();
    expect(await order.getAttribute("data-state")).toBe("paid");
    expect(await textOf(page.getByTestId("shop-order-total"))).toBe("NT$770");
    expect(await textOf(page.getByTestId("shop-order-credit"))).toBe("推廣連結");
    await shot(page, "shop-order");

    // 30 − 20 used + 7 earned on NT$770; the purchase is online, for the clerk, at their store.
    expect((await s.as<{ points: number }>(shopper, "/api/me/card")).points).toBe(17);
    // The member's points history says which channel each entry came from.
    const card = await suite.phone();
    await openAs(s, card, "/member/points", shopper);
    const meta = card.getByTestId("point-entry-meta");
    await meta.first().waitFor();
    // Entries made in the same minute have no order among themselves: look at them as a set.
    const metas = (await meta.allTextContents()).map((x) => x.split("·")[1]?.trim()).sort();
    expect(metas).toEqual(["網路商店", "網路商店", "門市"]);
    await shot(card, "shop-points-history");
    const revenue = await s.admin<{ byStaff?: Array<{ staffId: string; online: number }> }>(
      "/api/reports/revenue?from=2026-11-24&to=2026-11-24&granularity=day",
    );
    expect(JSON.stringify(revenue)).toContain(qr.staff.id);
  });

  it("a refusal comes back on the cart page in the reader's language, keeping what was chosen", async () => {
    const s = suite.server;
    const shopper = await s.friend("點數不夠的人");
    const page = await suite.phone();
    await page.goto(`${s.url}/sandbox/shop`);
    await page.getByTestId("shop-product").first().getByRole("link").click();
    await page.locator(`[data-testid=shop-login][data-user="${shopper}"]`).click();
    await page.getByTestId("shop-points").evaluate((el) => el.removeAttribute("max"));
    await page.getByTestId("shop-points").fill("5");
    await page.getByTestId("shop-pay").click();
    const error = page.getByTestId("shop-error");
    await error.waitFor();
    expect(await textOf(error)).toMatch(/點數/);
    expect(await page.getByTestId("shop-points").inputValue()).toBe("5");
    await shot(page, "shop-refusal");
  });
});
