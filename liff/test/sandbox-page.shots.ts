/**
 * Manual visual check of the chat simulator against the control-API test double:
 *   npm run build:web && npx tsx liff/test/sandbox-page.shots.ts [outDir]
 * Drives the page through its features in headless Chromium and writes screenshots (default
 * /tmp/sim-shots/). Not a vitest file: the real end-to-end test runs against the real emulator.
 */
import { mkdirSync } from "node:fs";
import { chromium, type Page } from "playwright-core";
import { startFixtureServer } from "./sandbox-fixture-server";

const OUT = process.argv[2] ?? "/tmp/sim-shots";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function check(ok: boolean, what: string) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) process.exitCode = 1;
}
const watch = (page: Page, name: string) => {
  page.on("console", (m) => m.type() === "error" && console.log(`[${name} console] ${m.text()}`));
  page.on("pageerror", (e) => console.log(`[${name} pageerror] ${e.message}`));
};

async function main() {
  mkdirSync(OUT, { recursive: true });
  const server = await startFixtureServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const shot = (page: Page, name: string) => page.screenshot({ path: `${OUT}/${name}.png` });
  try {
    // ---- desktop ----
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "zh-TW" });
    watch(page, "desktop");
    await page.goto(`${server.url}/sandbox/`);
    await page.getByRole("heading", { name: "LINE 聊天模擬器" }).waitFor();
    await page.getByTestId("user-item").first().waitFor();
    await shot(page, "01-desktop-empty");

    await page.getByTestId("user-item").filter({ hasText: "小美" }).click();
    await page.getByTestId("flex-card").first().waitFor();
    await page.getByTestId("richmenu-area").first().waitFor();
    await page.getByTestId("quick-reply").first().waitFor();
    await page.waitForTimeout(300);
    await shot(page, "02-desktop-chat-bottom");
    check((await page.getByTestId("quick-reply").count()) === 5, "quick reply chips shown");
    check(
      (await page.locator("[data-testid=bubble] pre, [data-testid=bubble] code").count()) === 0,
      "no raw JSON in bubbles",
    );
    await page.getByTestId("chat-log").evaluate((el) => {
      el.style.scrollBehavior = "auto";
      el.scrollTop = 0;
    });
    await page.waitForTimeout(200);
    await shot(page, "03-desktop-chat-top");
    await page.getByTestId("chat-log").evaluate((el) => {
      el.scrollTop = 560;
    });
    await page.waitForTimeout(200);
    await shot(page, "04-desktop-chat-middle");

    // The pushed message arrives over SSE.
    await page
      .locator("[data-testid=bubble][data-direction=out]")
      .filter({ hasText: "95 折券將於" })
      .waitFor();
    check(true, "pushed message appeared live");
    check((await page.getByTestId("quick-reply").count()) === 0, "chips gone after a newer message");

    // Text: Enter sends, Shift+Enter breaks the line.
    const input = page.getByTestId("message-input");
    await input.fill("第一行");
    await input.press("Shift+Enter");
    await input.pressSequentially("第二行");
    await input.press("Enter");
    const mine = page.locator("[data-testid=bubble][data-direction=in]").filter({ hasText: "第二行" });
    await mine.waitFor();
    check((await mine.textContent())?.includes("第一行\n第二行") === true, "multi-line text sent");
    await page
      .locator("[data-testid=bubble][data-direction=out]")
      .filter({ hasText: "收到" })
      .last()
      .waitFor();

    // Flex postback button; then a quick reply after 常見問題.
    await page.getByTestId("flex-button").filter({ hasText: "門市據點" }).first().click();
    await page
      .locator("[data-testid=bubble][data-direction=in]")
      .filter({ hasText: "門市據點" })
      .last()
      .waitFor();
    await page.getByTestId("richmenu-area").filter({ hasText: "常見問題" }).click();
    const chip = page.getByTestId("quick-reply").filter({ hasText: "我的點數" });
    await chip.waitFor();
    await chip.click();
    check((await page.getByTestId("quick-reply").count()) === 0, "chips disappear after a tap");
    await page.locator("[data-testid=bubble]").filter({ hasText: "action=points" }).waitFor();

    // Stickers.
    await page.getByTestId("sticker-button").click();
    await shot(page, "05-desktop-sticker-picker");
    await page.getByTestId("sticker-option").nth(3).click();
    await page.locator("[data-testid=bubble][data-type=sticker][data-direction=in]").last().waitFor();

    // Location form.
    await page.getByTestId("location-button").click();
    await shot(page, "06-desktop-location-form");
    await page.getByTestId("location-option").filter({ hasText: "101" }).click();
    await page.getByTestId("location-card").last().waitFor();

    // Datetime picker from a template button.
    await page.getByTestId("template-action").filter({ hasText: "選擇時間" }).last().click();
    await page.getByTestId("datetime-dialog").waitFor();
    await page.getByTestId("datetime-input").fill("2026-12-05T14:30");
    await shot(page, "07-desktop-datetime");
    await page.getByTestId("datetime-ok").click();
    await page.locator("[data-testid=bubble]").filter({ hasText: "2026-12-05T14:30" }).waitFor();
    check(true, "datetimepicker postback with params");

    // Rich menu switch to the tiles menu.
    await page.getByTestId("richmenu-area").filter({ hasText: "更多" }).click();
    await page.locator("[data-testid=richmenu][data-richmenu-id=rm-more]").waitFor();
    check(
      await page.getByTestId("richmenu-area").filter({ hasText: "帳號連結" }).isDisabled(),
      "unknown action disabled",
    );
    await shot(page, "08-desktop-richmenu-tiles");

    // Failed delivery.
    await input.fill("500 please");
    await page.getByTestId("send-button").click();
    await page.locator("[data-testid=delivery-status][data-status='500']").waitFor();
    await shot(page, "09-desktop-delivery-failed");

    // A group: speak as another member.
    await page.getByTestId("group-item").first().click();
    await page.getByTestId("speaking-as").waitFor();
    await page.getByTestId("speaking-as").selectOption({ label: "阿明" });
    await input.fill("大家好");
    await input.press("Enter");
    await page.locator("[data-testid=bubble][data-direction=in]").filter({ hasText: "大家好" }).waitFor();
    await page.locator("[data-testid=bubble][data-direction=out]").filter({ hasText: "大家好" }).waitFor();
    await shot(page, "10-desktop-group");

    // A non-friend sees Add friend; then follows.
    await page.getByTestId("user-item").filter({ hasText: "Amy" }).click();
    await page.getByTestId("follow-button").waitFor();
    check((await page.getByTestId("message-input").count()) === 0, "non-friend has no input");
    await shot(page, "11-desktop-not-friend");
    await page.getByTestId("follow-button").click();
    await page.getByTestId("flex-card").first().waitFor();

    // Create a user and a group with the forms.
    await page.getByTestId("new-user-name").fill("Lily");
    await page.getByTestId("new-user-language").selectOption("en");
    await page.getByTestId("create-user").click();
    await page.getByTestId("follow-button").waitFor();
    await page.getByTestId("new-group-name").fill("Office lunch");
    await page.getByTestId("group-member-checkbox").nth(0).check();
    await page.getByTestId("group-member-checkbox").nth(2).check();
    await page.getByTestId("create-group").click();
    await page.locator("[data-testid=bubble][data-direction=out]").filter({ hasText: "小幫手" }).waitFor();
    await shot(page, "12-desktop-new-group");

    // English.
    await page.getByTestId("lang-switch").click();
    await page.getByRole("heading", { name: "LINE chat simulator" }).waitFor();
    await page.getByTestId("user-item").filter({ hasText: "小美" }).click();
    await page.getByTestId("flex-card").first().waitFor();
    await shot(page, "13-desktop-english");
    await page.close();

    // ---- phone ----
    const phone = await browser.newPage({
      viewport: { width: 390, height: 844 },
      locale: "zh-TW",
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    watch(phone, "phone");
    await phone.goto(`${server.url}/sandbox/`);
    await phone.getByRole("heading", { name: "LINE 聊天模擬器" }).waitFor();
    await shot(phone, "20-phone-empty");
    await phone.getByRole("button", { name: "模擬使用者" }).click();
    await phone.waitForTimeout(300);
    await shot(phone, "21-phone-drawer");
    await phone.getByTestId("user-item").filter({ hasText: "小美" }).click();
    await phone.getByTestId("flex-card").first().waitFor();
    await phone.waitForTimeout(400);
    await shot(phone, "22-phone-chat");
    await phone.getByTestId("chat-log").evaluate((el) => {
      el.style.scrollBehavior = "auto";
      el.scrollTop = 0;
    });
    await phone.waitForTimeout(200);
    await shot(phone, "23-phone-chat-top");
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `no horizontal overflow on a phone (${overflow})`);
    await phone.getByRole("button", { name: "模擬使用者" }).click();
    await phone.getByTestId("group-item").first().click();
    await phone.getByTestId("speaking-as").waitFor();
    await phone.waitForTimeout(300);
    await shot(phone, "24-phone-group");
    await phone.close();

    const small = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: "en-US" });
    watch(small, "360");
    await small.goto(`${server.url}/sandbox/`);
    await small.getByRole("heading", { name: "LINE chat simulator" }).waitFor();
    await small.getByRole("button", { name: "Simulated users" }).click();
    await small.getByTestId("user-item").filter({ hasText: "Lily" }).click();
    await small.getByTestId("follow-button").waitFor();
    await shot(small, "25-phone360-en-not-friend");
    const overflow2 = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow2 <= 0, `no horizontal overflow at 360 px (${overflow2})`);
    await small.close();
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`screenshots in ${OUT}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
