/**
 * 線上買門市取 in real Chromium, phone-sized, against the real server in sandbox mode: an online
 * order paid for pickup at the clerk's store is on the clerk's 待取貨 page; 開始備貨 and 通知取貨
 * move it along (the member's simulated LINE chat gets the ready message, once, with the order,
 * the store and the pickup code); 完成取貨 refuses another member's card under the field, the
 * typed text kept, then takes the member's own code: the order is fulfilled. A ready order not
 * collected for 7 days is flagged 逾期未取, and the page reads in English. Screenshots:
 * test-results/screenshots/liff-pickup-*.png.
 */
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { onlineOrders } from "../../db/schema";
import { ARTIFACTS, hasChromium, overflow, textOf } from "./browser";
import { shot as fullShot, liffSuite, shopper } from "./liff-kit";
import { openAs, type Server } from "./sandbox";

type ChatEntry = { direction: string; message: { type: string; altText?: string } };

/** A shop connected by the admin, and an order it posts: paid, to pick up at the Taipei store. */
async function pickupOrder(s: Server, memberCode: string, orderId: string) {
  const shop = await s.admin<{ key: string }>("/api/admin/shops", {
    name: `品牌官網 ${orderId}`,
    baseUrl: "https://shop.example.com",
  });
  const taipei = await s.store("TPE01");
  const res = await fetch(`${s.url}/api/shop/orders`, {
    method: "POST",
    headers: { authorization: `Bearer ${shop.key}`, "content-type": "application/json" },
    body: JSON.stringify({
      orderId,
      customer: { memberCode },
      lines: [
        { sku: "TEE-01", name: "有機棉T恤", quantity: 2, price: 590 },
        { sku: "BAG-02", name: "帆布托特包", quantity: 1, price: 880 },
      ],
      total: 2060,
      pickupStoreId: taipei.id,
      paid: true,
    }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { id: string };
}

const readyMessages = async (s: Server, userId: string) =>
  (await s.control<{ entries: ChatEntry[] }>(`/chats/${userId}/log`)).entries.filter(
    (e) => e.direction === "out" && (e.message.altText ?? "").includes("取貨碼"),
  );

/** A full-page shot from the top (the sticky bar where it belongs, not over the middle). */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullShot(page, name);
}

describe.skipIf(!hasChromium && !process.env.CI)("LIFF 待取貨 (Chromium, phone)", () => {
  const suite = liffSuite();
  const card = (page: Page, orderId: string) => page.getByTestId(`pickup-${orderId}`);

  it("the clerk prepares the order, tells the customer and hands it over against the member's card", async () => {
    const s = suite.server;
    const clerk = await s.clerk("王小明");
    const member = await shopper(s, clerk, { friend: true });
    const order = await pickupOrder(s, member.memberCode, "SO-20261124-01");

    const page = await suite.phone();
    await openAs(s, page, "/staff", clerk);
    await page.getByRole("link", { name: /線上訂單門市取貨/ }).click();
    const c = card(page, "SO-20261124-01");
    await c.waitFor();
    expect(await textOf(c)).toContain("林小美");
    expect(await textOf(c)).toContain("NT$2,060");
    expect(await textOf(page.getByTestId("pickup-count-waiting"))).toBe("1");
    expect(await overflow(page)).toBe(0);
    await shot(page, "pickup-waiting");

    await c.getByTestId("pickup-prepare").dblclick();
    await page.getByTestId("pickup-tab-preparing").and(page.locator("[aria-selected=true]")).waitFor();
    await c.getByTestId("pickup-notify").waitFor();
    expect(await textOf(page.getByTestId("pickup-status"))).toContain("已開始備貨");
    await shot(page, "pickup-preparing");

    await c.getByTestId("pickup-notify").dblclick();
    await page.getByTestId("pickup-tab-ready").and(page.locator("[aria-selected=true]")).waitFor();
    await c.getByTestId("pickup-complete").waitFor();
    expect(await textOf(page.getByTestId("pickup-status"))).toContain("已通知顧客");
    await s.settle();
    const sent = await readyMessages(s, member.userId);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.message.altText).toContain("SO-20261124-01");
    expect(sent[0]?.message.altText).toContain("台北信義旗艦店");
    await shot(page, "pickup-ready");
    // The member's chat in the simulator: the Flex card as LINE would draw it.
    const chat = await suite.page({ viewport: { width: 1280, height: 900 }, locale: "zh-TW" });
    await chat.goto(`${s.url}/sandbox/`);
    await chat.locator(`[data-testid=user-item][data-user-id="${member.userId}"]`).click();
    const flex = chat.getByTestId("flex-card").filter({ hasText: "SO-20261124-01" });
    await flex.waitFor();
    expect(await textOf(flex)).toContain("台北市信義區松高路 11 號");
    await flex.screenshot({ path: `${ARTIFACTS}/liff-pickup-message.png` });

    // Another member's card (the demo's 陳建宏): refused under the field, the text kept.
    await c.getByTestId("pickup-complete").click();
    const field = c.getByTestId("pickup-code");
    await field.fill("8800 0000 0000 0002");
    await c.getByTestId("pickup-confirm").click();
    await c.getByTestId("pickup-code-error").waitFor();
    expect(await textOf(c.getByTestId("pickup-code-error"))).toContain("不是此訂單的訂購人");
    expect(await field.inputValue()).toBe("8800 0000 0000 0002");
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    await shot(page, "pickup-wrong-member");

    // The member's card, scanned.
    await page.getByTestId("dev-scan").fill(member.memberCode);
    await c.getByTestId("pickup-scan").click();
    await page.getByTestId("pickup-status").getByText("已完成取貨").waitFor();
    await c.waitFor({ state: "detached" });
    await shot(page, "pickup-done");
    const [row] = await s.app.deps.db.select().from(onlineOrders).where(eq(onlineOrders.id, order.id));
    expect(row).toMatchObject({ state: "fulfilled", pickupState: "picked_up" });
    expect(await readyMessages(s, member.userId)).toHaveLength(1);
  });

  it("a ready order not collected for 7 days is flagged 逾期未取; the page reads in English", async () => {
    const s = suite.server;
    const clerk = await s.clerk("王小明");
    const member = await shopper(s, clerk, { friend: true });
    const order = await pickupOrder(s, member.memberCode, "SO-20261124-02");
    await s.as(clerk, `/api/staff/pickups/${order.id}/ready`, {});
    s.clock.advance(7 * 86_400_000);

    const page = await suite.phone();
    await openAs(s, page, "/staff/pickups", clerk);
    expect(await textOf(page.getByTestId("pickup-count-overdue"))).toBe("1");
    await page.getByTestId("pickup-tab-overdue").click();
    const c = card(page, "SO-20261124-02");
    await c.getByTestId("pickup-overdue").waitFor();
    expect(await textOf(c.getByTestId("pickup-overdue"))).toContain("逾期 7 天未取");
    await shot(page, "pickup-overdue");

    await page.getByTestId("lang-toggle").click();
    await c.getByText("Not collected for 7 days").waitFor();
    await c.getByTestId("pickup-complete").click();
    await c.getByTestId("pickup-confirm").click();
    expect(await textOf(c.getByTestId("pickup-code-error"))).toContain("Scan the member card");
    expect(await overflow(page)).toBe(0);
    await shot(page, "pickup-overdue-en");
  });
});
