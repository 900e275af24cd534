/**
 * Phone verification in real Chromium against the real server in sandbox mode: the profile page
 * sends a code, the SMS goes through the Twilio adapter to the emulator's stand-in, the chat
 * simulator's 簡訊 SMS panel shows it, and the code typed on the page verifies the phone. Every
 * refusal is read on the field. Each test has a server of its own and registers its member first.
 * Screenshots: test-results/screenshots/phone-*.png.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, hasChromium, overflow, unnamedControls } from "./browser";
import { browserSuite, PHONE, sandboxApp } from "./sandbox";

describe.skipIf(!hasChromium && !process.env.CI)("phone verification (Chromium)", () => {
  const suite = browserSuite(() => sandboxApp({ start: "2026-11-24T03:00:00.000Z", demo: false }));
  const page = (viewport = PHONE, locale = "zh-TW") => suite.page({ viewport, locale, deviceScaleFactor: 2 });
  const simulator = async () => {
    const p = await page({ width: 1280, height: 860 });
    await p.goto(`${suite.server.url}/sandbox/`);
    await p.getByTestId("sms-toggle").click();
    return p;
  };
  const shot = (p: Page, name: string) =>
    p.screenshot({ path: `${ARTIFACTS}/phone-${name}.png`, fullPage: true });
  const profileOf = (userId: string) => `${suite.server.url}/liff/member/profile?sandboxUser=${userId}`;
  const register = async (p: Page, userId: string, name: string, birthday: string) => {
    await p.goto(`${suite.server.url}/liff/register?sandboxUser=${userId}`);
    await p.getByTestId("profile-form").waitFor();
    await p.getByLabel(/姓名/).fill(name);
    await p.getByLabel(/手機號碼/).fill("0912-345-678");
    await p.getByLabel(/生日/).fill(birthday);
    await p.getByTestId("profile-consent").check();
    await p.getByTestId("profile-submit").click();
  };
  /** 小美, registered as 林小美 on 0912-345-678, on her profile page; a code texted when asked. */
  const owner = async (opts: { codeSent?: boolean } = {}) => {
    const s = suite.server;
    const ownerId = await s.user("小美");
    await s.register(ownerId, "林小美", "0912-345-678", { birthday: "1990-05-20" });
    const p = await page();
    await p.goto(profileOf(ownerId));
    await p.getByTestId("phone-status").waitFor();
    if (opts.codeSent) {
      await p.getByTestId("phone-verify").click();
      await p.getByTestId("phone-sent").waitFor();
    }
    return p;
  };
  /** The codes texted to the number. */
  const codesTo = async (number: string) =>
    (await suite.server.control<{ messages: Array<{ body: string }> }>(`/sms/inbox/${number}`)).messages.map(
      (m) => /\d{6}/.exec(m.body)?.[0] ?? "",
    );
  const fieldError = (p: Page) => p.getByTestId("phone-error");

  it("registration refuses a birthday in the future on the field, keeping what was typed", async () => {
    const owner = await page();
    await register(owner, await suite.server.user("小美"), "林小美", "2030-01-01");
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
    const p = await owner();
    const status = p.getByTestId("phone-status");
    expect(await status.getAttribute("data-verified")).toBe("false");
    expect((await status.textContent())?.trim()).toBe("未驗證");
    await shot(p, "unverified");
    await p.getByTestId("phone-verify").click();
    await p.getByTestId("phone-sent").waitFor();
    expect(await p.getByTestId("phone-sent").textContent()).toContain("0912-***-678");
    expect(await p.getByTestId("phone-resend").isDisabled()).toBe(true);
    expect(await unnamedControls(p)).toEqual([]);
    await shot(p, "code-sent");

    const sim = await simulator();
    const message = sim.getByTestId("sms-message").first();
    await message.waitFor();
    expect(await message.getAttribute("data-to")).toBe("+886912345678");
    expect(await message.textContent()).toContain("0912-345-678");
    expect(await message.textContent()).toMatch(/手機驗證碼 \d{6}/);
    expect(await unnamedControls(sim)).toEqual([]);
    await sim.screenshot({ path: `${ARTIFACTS}/phone-simulator-sms.png` });

    // On a phone the panel fits the screen too.
    const small = await page();
    await small.goto(`${suite.server.url}/sandbox/`);
    await small.getByTestId("sms-toggle").click();
    await small.getByTestId("sms-message").first().waitFor();
    expect(await overflow(small)).toBeLessThanOrEqual(0);
    await small.screenshot({ path: `${ARTIFACTS}/phone-simulator-sms-390.png` });
  });

  it("a wrong or malformed code is refused on the field; another member on the same number waits", async () => {
    const p = await owner({ codeSent: true });
    const [code = ""] = await codesTo("+886912345678");
    expect(code).toMatch(/^\d{6}$/);
    await p.getByTestId("phone-code").fill("12345");
    await p.getByTestId("phone-confirm").click();
    expect(await fieldError(p).textContent()).toBe("請輸入 6 位數字的驗證碼");
    expect(await p.getByTestId("phone-code").inputValue()).toBe("12345");
    await p.getByTestId("phone-code").fill(code === "000000" ? "111111" : "000000");
    await p.getByTestId("phone-code").press("Enter");
    await p.getByText("驗證碼不正確，還可再試 4 次").waitFor();
    expect(await p.getByTestId("phone-code").getAttribute("aria-invalid")).toBe("true");
    await shot(p, "wrong-code");

    // Someone else registered the same number: the number just got a text, so they wait.
    const otherId = await suite.server.user("冒用者");
    const other = await page();
    await register(other, otherId, "冒用者", "1991-01-01");
    await other.getByTestId("registered").waitFor();
    await other.goto(profileOf(otherId));
    await other.getByTestId("phone-verify").click();
    await other.getByText("驗證碼剛剛已傳送，請於 60 秒後再試").waitFor();
    await shot(other, "rate-limited");
  });

  it("an expired code is refused; a new code verifies the phone (已驗證)", async () => {
    const p = await owner({ codeSent: true });
    const sim = await simulator();
    await sim.getByTestId("sms-message").first().waitFor();
    const first = ((await sim.getByTestId("sms-code").first().textContent()) ?? "").trim();
    suite.server.clock.advance(11 * 60_000);
    await p.getByTestId("phone-code").fill(first);
    await p.getByTestId("phone-confirm").click();
    await p.getByText("驗證碼已過期，請重新傳送").waitFor();
    await shot(p, "expired");

    await p.reload();
    await p.getByTestId("phone-verify").click();
    await p.getByTestId("phone-sent").waitFor();
    await sim.getByTestId("sms-message").nth(1).waitFor(); // the panel polls: the second text arrives
    const fresh = ((await sim.getByTestId("sms-code").first().textContent()) ?? "").trim();
    await sim.screenshot({ path: `${ARTIFACTS}/phone-simulator-sms-2.png` });
    await p.getByTestId("phone-code").fill(fresh);
    await p.getByTestId("phone-confirm").click();
    const status = p.getByTestId("phone-status");
    await p.locator('[data-testid=phone-status][data-verified="true"]').waitFor();
    expect((await status.textContent())?.trim()).toBe("✓ 已驗證");
    expect(await p.getByTestId("phone-verify").count()).toBe(0);
    await shot(p, "verified");
    // A different number typed is not verified yet: the page says so before saving.
    await p.getByLabel(/手機號碼/).fill("0912-345-679");
    await p.getByText("變更手機號碼後需要重新驗證。").waitFor();
  });

  it("in English at 320 px the refusals read in English", async () => {
    const id = await suite.server.user("Amy", "en");
    const p = await page({ width: 320, height: 700 }, "en-US");
    await p.goto(`${suite.server.url}/liff/register?sandboxUser=${id}`);
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
    const [code] = await codesTo("+886912000321");
    await p.getByTestId("phone-code").fill(code === "000000" ? "111111" : "000000");
    await p.getByTestId("phone-confirm").click();
    await p.getByText("That code is not right; 4 tries left").waitFor();
    expect(await overflow(p)).toBeLessThanOrEqual(0);
    await shot(p, "en-320");
  });
});
