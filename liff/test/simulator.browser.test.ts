/**
 * The chat simulator in real Chromium against the real server in sandbox mode: the emulator
 * delivers signed webhooks, the bot answers through the Messaging API, the page updates live.
 * Each test has a server of its own; a friend made through the sandbox API is opened by hand.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, hasChromium, overflow } from "./browser";
import { browserSuite, sandboxApp } from "./sandbox";

describe.skipIf(!hasChromium && !process.env.CI)("chat simulator (Chromium)", () => {
  const suite = browserSuite(() => sandboxApp({ start: "2026-11-24T03:00:00.000Z" }));
  const desktop = () => suite.page({ viewport: { width: 1280, height: 860 }, locale: "zh-TW" });
  const bubbles = (page: Page, direction: "in" | "out") =>
    page.locator(`[data-testid=bubble][data-direction=${direction}]`);
  /** The simulator with this friend's chat open, the welcome card in it. */
  const chatWith = async (name: string) => {
    const userId = await suite.server.friend(name);
    const page = await desktop();
    await page.goto(`${suite.server.url}/sandbox/`);
    await page.locator(`[data-testid=user-item][data-user-id="${userId}"]`).click();
    await page.getByTestId("flex-card").first().waitFor();
    return page;
  };

  it("creates a user, adds the OA and gets the welcome card", async () => {
    const page = await desktop();
    await page.goto(`${suite.server.url}/sandbox/`);
    await expect(page.getByRole("heading", { name: "LINE 聊天模擬器" }).isVisible()).resolves.toBe(true);
    await page.getByTestId("new-user-name").fill("小美");
    await page.getByTestId("create-user").click();
    await page.getByTestId("follow-button").click();
    await page.getByTestId("flex-card").first().waitFor();
    const card = await page.getByTestId("flex-card").first().textContent();
    expect(card).toContain("歡迎加入");
    await page.getByTestId("richmenu-area").first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/simulator-welcome.png` });
  });

  it("taps a Flex button (postback) and sees the stores as cards", async () => {
    const page = await chatWith("小美");
    await page.getByTestId("flex-button").filter({ hasText: "門市據點" }).first().click();
    await bubbles(page, "in").filter({ hasText: "門市據點" }).waitFor();
    await page.locator(".fx-carousel [data-testid=flex-card]").nth(2).waitFor();
    const text = await page.locator(".fx-carousel").last().textContent();
    expect(text).toContain("台北信義旗艦店");
    expect(text).toContain("高雄駁二店");
  });

  it("sends text and a location; the bot answers each", async () => {
    const page = await chatWith("小美");
    const before = await bubbles(page, "out").count();
    await page.getByTestId("message-input").fill("請問有人在嗎？");
    await page.getByTestId("message-input").press("Enter");
    await bubbles(page, "in").filter({ hasText: "請問有人在嗎？" }).waitFor();
    await bubbles(page, "out").nth(before).waitFor();
    await page.getByTestId("location-button").click();
    await page.getByTestId("location-option").filter({ hasText: "高雄" }).click();
    await page.locator(".fx-carousel").last().getByText("距離").first().waitFor();
    const nearest = await page.locator(".fx-carousel").last().getByTestId("flex-card").first().textContent();
    expect(nearest).toContain("高雄駁二店");
    await page.screenshot({ path: `${ARTIFACTS}/simulator-chat.png` });
  });

  it("taps the rich menu and a quick reply; keyword rules answer", async () => {
    const page = await chatWith("小美");
    await page.getByTestId("richmenu-area").filter({ hasText: "常見問題" }).click();
    await bubbles(page, "in").filter({ hasText: "常見問題" }).waitFor();
    const chip = page.getByTestId("quick-reply").filter({ hasText: "營業時間" });
    await chip.waitFor();
    await chip.click();
    await bubbles(page, "out").filter({ hasText: "台北信義 11:00–21:30" }).waitFor();
    expect(await page.getByTestId("quick-reply").count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/simulator-keywords.png` });
  });

  it("makes a group, talks as another member, and sees the bot in the group", async () => {
    const page = await chatWith("小美");
    await page.getByTestId("new-user-name").fill("阿明");
    await page.getByTestId("create-user").click();
    await page.getByTestId("follow-button").click();
    await page.getByTestId("flex-card").first().waitFor();
    await page.getByTestId("new-group-name").fill("週末團購群");
    const boxes = page.getByTestId("group-member-checkbox");
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByTestId("create-group").click();
    await bubbles(page, "out").filter({ hasText: "小幫手" }).waitFor();
    await page.getByTestId("speaking-as").selectOption({ label: "阿明" });
    await page.getByTestId("message-input").fill("大家好");
    await page.getByTestId("send-button").click();
    const mine = bubbles(page, "in").filter({ hasText: "大家好" });
    await mine.waitFor();
    expect(await mine.textContent()).toContain("阿明");
    await page.screenshot({ path: `${ARTIFACTS}/simulator-group.png` });
  });

  it("switches to English and fits a phone screen", async () => {
    await suite.server.friend("小美");
    const phone = await suite.page({ viewport: { width: 390, height: 844 }, locale: "en-US" });
    await phone.goto(`${suite.server.url}/sandbox/`);
    await phone.getByRole("heading", { name: "LINE chat simulator" }).waitFor();
    await phone.getByRole("button", { name: "Simulated users" }).click();
    await phone.getByTestId("user-item").first().click();
    await phone.getByTestId("flex-card").first().waitFor();
    await phone.screenshot({ path: `${ARTIFACTS}/simulator-phone-en.png` });
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
  });
});
