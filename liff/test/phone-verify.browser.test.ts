/**
 * Phone verification in real Chromium against the real server in sandbox mode: the profile page
 * sends a code, the SMS goes through the Twilio adapter to the emulator's stand-in, the chat
 * simulator's 簡訊 SMS panel shows it, and the code typed on the page verifies the phone. Every
 * refusal is read on the field. Screenshots: test-results/screenshots/phone-*.png.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NodeApp, startNodeApp } from "../../worker/src/hosts/node-server";
import { silentLogger } from "../../worker/src/lib/log";
import { ManualClock } from "../../worker/test/manual-clock";
import { ARTIFACTS, hasChromium, launch, unnamedControls } from "./browser";

const PHONE = { width: 390, height: 844 };

describe.skipIf(!hasChromium && !process.env.CI)("phone verification (Chromium)", () => {
  let dir: string;
  let app: NodeApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const clock = new ManualClock("2026-11-24T03:00:00.000Z");
  let owner: Page;
  let simulator: Page;
  let ownerId: string;

  const control = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${app.url}/sandbox/api${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as T;
  };
  const page = async (viewport = PHONE, locale = "zh-TW") => {
    const ctx = await browser.newContext({ viewport, locale, deviceScaleFactor: 2 });
    contexts.push(ctx);
    return ctx.newPage();
  };
  const shot = (p: Page, name: string) =>
    p.screenshot({ path: `${ARTIFACTS}/phone-${name}.png`, fullPage: true });
  const profileOf = (userId: string) => `${app.url}/liff/member/profile?sandboxUser=${userId}`;
  const register = async (p: Page, userId: string, name: string, birthday: string) => {
    await p.goto(`${app.url}/liff/register?sandboxUser=${userId}`);
    await p.getByTestId("profile-form").waitFor();
    await p.getByLabel(/姓名/).fill(name);
    await p.getByLabel(/手機號碼/).fill("0912-345-678");
    await p.getByLabel(/生日/).fill(birthday);
    await p.getByTestId("profile-consent").check();
    await p.getByTestId("profile-submit").click();
  };
  const fieldError = (p: Page) => p.getByTestId("phone-error");

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "omo-phone-"));
    app = await startNodeApp({
      env: { DATABASE_URL: `file:${join(dir, "omo.db")}`, DEMO_DATA: "false", LOG_LEVEL: "silent" },
      port: 0,
      clock,
      log: silentLogger,
      timers: false,
    });
    browser = await launch();
    ownerId = (await control<{ userId: string }>("/users", { displayName: "小美", language: "zh-TW" }))
      .userId;
    owner = await page();
    simulator = await page({ width: 1280, height: 860 });
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("registration refuses a birthday in the future on the field, keeping what was typed", async () => {
    await register(owner, ownerId, "林小美", "2030-01-01");
    const error = owner.locator("#f-birthday-error");
    await error.waitFor();
    expect(await error.textContent()).toBe("生日不能是未來的日期");
    expect(await owner.getByLabel(/生日/).inputValue()).toBe("2030-01-01");
    expect(await owner.getByLabel(/生日/).getAttribute("aria-invalid")).toBe("true");
    await shot(owner, "birthday-future");
    await owner.getByLabel(/生日/).fill("1899-12-31");
    await owner.getByTestId("profile-submit").click();
    await owner.getByText("請確認生日的年份（1900 年以後）").waitFor();
    await owner.getByLabel(/生日/).fill("1990-05-20");
    await owner.getByTestId("profile-submit").click();
    await owner.getByTestId("registered").waitFor();
  });

  it("the profile shows 未驗證; 驗證手機 texts a code that the simulator's SMS panel shows", async () => {
    await owner.goto(profileOf(ownerId));
    const status = owner.getByTestId("phone-status");
    await status.waitFor();
    expect(await status.getAttribute("data-verified")).toBe("false");
    expect((await status.textContent())?.trim()).toBe("未驗證");
    await shot(owner, "unverified");
    await owner.getByTestId("phone-verify").click();
    await owner.getByTestId("phone-sent").waitFor();
    expect(await owner.getByTestId("phone-sent").textContent()).toContain("0912-***-678");
    expect(await owner.getByTestId("phone-resend").isDisabled()).toBe(true);
    expect(await unnamedControls(owner)).toEqual([]);
    await shot(owner, "code-sent");

    await simulator.goto(`${app.url}/sandbox/`);
    await simulator.getByTestId("sms-toggle").click();
    const message = simulator.getByTestId("sms-message").first();
    await message.waitFor();
    expect(await message.getAttribute("data-to")).toBe("+886912345678");
    expect(await message.textContent()).toContain("0912-345-678");
    expect(await message.textContent()).toMatch(/手機驗證碼 \d{6}/);
    expect(await unnamedControls(simulator)).toEqual([]);
    await simulator.screenshot({ path: `${ARTIFACTS}/phone-simulator-sms.png` });

    // On a phone the panel fits the screen too.
    const small = await page();
    await small.goto(`${app.url}/sandbox/`);
    await small.getByTestId("sms-toggle").click();
    await small.getByTestId("sms-message").first().waitFor();
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await small.screenshot({ path: `${ARTIFACTS}/phone-simulator-sms-390.png` });
  });

  it("a wrong or malformed code is refused on the field; another member on the same number waits", async () => {
    const code = ((await simulator.getByTestId("sms-code").first().textContent()) ?? "").trim();
    expect(code).toMatch(/^\d{6}$/);
    await owner.getByTestId("phone-code").fill("12345");
    await owner.getByTestId("phone-confirm").click();
    expect(await fieldError(owner).textContent()).toBe("請輸入 6 位數字的驗證碼");
    expect(await owner.getByTestId("phone-code").inputValue()).toBe("12345");
    await owner.getByTestId("phone-code").fill(code === "000000" ? "111111" : "000000");
    await owner.getByTestId("phone-code").press("Enter");
    await owner.getByText("驗證碼不正確，還可再試 4 次").waitFor();
    expect(await owner.getByTestId("phone-code").getAttribute("aria-invalid")).toBe("true");
    await shot(owner, "wrong-code");

    // Someone else registered the same number: the number just got a text, so they wait.
    const otherId = (
      await control<{ userId: string }>("/users", { displayName: "冒用者", language: "zh-TW" })
    ).userId;
    const other = await page();
    await register(other, otherId, "冒用者", "1991-01-01");
    await other.getByTestId("registered").waitFor();
    await other.goto(profileOf(otherId));
    await other.getByTestId("phone-verify").click();
    await other.getByText("驗證碼剛剛已傳送，請於 60 秒後再試").waitFor();
    await shot(other, "rate-limited");
  });

  it("an expired code is refused; a new code verifies the phone (已驗證)", async () => {
    const first = ((await simulator.getByTestId("sms-code").first().textContent()) ?? "").trim();
    clock.advance(11 * 60_000);
    await owner.getByTestId("phone-code").fill(first);
    await owner.getByTestId("phone-confirm").click();
    await owner.getByText("驗證碼已過期，請重新傳送").waitFor();
    await shot(owner, "expired");

    await owner.reload();
    await owner.getByTestId("phone-verify").click();
    await owner.getByTestId("phone-sent").waitFor();
    await simulator.getByTestId("sms-message").nth(1).waitFor(); // the panel polls: the second text arrives
    const fresh = ((await simulator.getByTestId("sms-code").first().textContent()) ?? "").trim();
    await simulator.screenshot({ path: `${ARTIFACTS}/phone-simulator-sms-2.png` });
    await owner.getByTestId("phone-code").fill(fresh);
    await owner.getByTestId("phone-confirm").click();
    const status = owner.getByTestId("phone-status");
    await owner.locator('[data-testid=phone-status][data-verified="true"]').waitFor();
    expect((await status.textContent())?.trim()).toBe("✓ 已驗證");
    expect(await owner.getByTestId("phone-verify").count()).toBe(0);
    await shot(owner, "verified");
    // A different number typed is not verified yet: the page says so before saving.
    await owner.getByLabel(/手機號碼/).fill("0912-345-679");
    await owner.getByText("變更手機號碼後需要重新驗證。").waitFor();
  });

  it("in English at 320 px the refusals read in English", async () => {
    const id = (await control<{ userId: string }>("/users", { displayName: "Amy", language: "en" })).userId;
    const p = await page({ width: 320, height: 700 }, "en-US");
    await p.goto(`${app.url}/liff/register?sandboxUser=${id}`);
    await p.getByTestId("profile-form").waitFor();
    await p.getByLabel(/Name/).fill("Amy Lin");
    await p.getByLabel(/Mobile/).fill("0912-000-321");
    await p.getByLabel(/Birthday/).fill("2999-01-01");
    await p.getByTestId("profile-consent").check();
    await p.getByTestId("profile-submit").click();
    await p.getByText("A birthday cannot be in the future").waitFor();
    await p.getByLabel(/Birthday/).fill("1988-03-03");
    await p.getByTestId("profile-submit").click();
    await p.getByTestId("registered").waitFor();
    await p.goto(profileOf(id));
    await p.getByTestId("phone-verify").click();
    await p.getByTestId("phone-sent").waitFor();
    const inbox = await control<{ messages: Array<{ body: string }> }>("/sms/inbox/+886912000321");
    const code = /\d{6}/.exec(inbox.messages[0]?.body ?? "")?.[0];
    await p.getByTestId("phone-code").fill(code === "000000" ? "111111" : "000000");
    await p.getByTestId("phone-confirm").click();
    await p.getByText("That code is not right; 4 tries left").waitFor();
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(p, "en-320");
  });
});
