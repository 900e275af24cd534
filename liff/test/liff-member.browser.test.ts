/**
 * The LIFF member pages in real Chromium, phone-sized, against the real server in sandbox mode: a
 * shopper scans a clerk's QR, binds and registers; the card (offline too), the points history as
 * it scrolls, a coupon used once at the counter, a refused binding QR, the chat simulator's 會員卡
 * button, LINE's liff.state in English, and deleting the member's data. The pages sign in as
 * simulated users with ID tokens from the LINE emulator, verified exactly as LINE's. Each test
 * has a server of its own and makes its clerk and member through the API.
 * Screenshots: test-results/screenshots/liff-*.png.
 */
import { describe, expect, it } from "vitest";
import { randomIds } from "../../worker/src/adapters/random-ids";
import { issueBindingToken } from "../../worker/src/features/binding/token";
import { earnPoints } from "../../worker/src/features/loyalty/ledger";
import { ManualClock } from "../../worker/test/manual-clock";
import { hasChromium, overflow, textOf } from "./browser";
import { decode, liffSuite, personalLink, purchase, shopper, shot } from "./liff-kit";
import { openAs, openLiff } from "./sandbox";

describe.skipIf(!hasChromium && !process.env.CI)("LIFF member pages (Chromium, phone)", () => {
  const suite = liffSuite();
  /** 小美 as a member (bound with 王小明's QR, registered), with the card open. */
  const card = async (opts: { friend?: boolean } = {}) => {
    const clerk = await suite.server.clerk("王小明");
    const member = await shopper(suite.server, clerk, opts);
    const page = await suite.phone();
    await openAs(suite.server, page, "/member", member.userId);
    await page.getByTestId("member-code").waitFor();
    return { clerk, member, page };
  };

  it("a shopper scans the clerk's QR, binds, registers, and the card shows the member code and points", async () => {
    const s = suite.server;
    const bindUrl = await personalLink(s, await s.clerk("王小明"));
    const page = await suite.phone();
    await openLiff(s, page, bindUrl, await s.user("小美"));
    const preview = page.getByTestId("bind-preview");
    await preview.waitFor();
    expect(await textOf(preview)).toContain("台北信義旗艦店");
    expect(await textOf(preview)).toContain("王小明");
    await shot(page, "bind");
    expect(await page.getByTestId("bind-submit").isDisabled()).toBe(true);
    await page.getByTestId("bind-consent").check();
    await page.getByTestId("bind-submit").click();
    await page.getByTestId("bind-done").waitFor();
    await shot(page, "bind-done");

    await page.getByTestId("bind-register").click();
    await page.getByTestId("profile-form").waitFor();
    await page.getByLabel(/姓名/).fill("林小美");
    await page.getByLabel(/手機號碼/).fill("0912-34");
    await page.getByTestId("profile-submit").click();
    await page.getByText("請輸入有效的手機號碼").first().waitFor();
    await shot(page, "register-error");
    await page.getByLabel(/手機號碼/).fill("0912-345-678");
    await page.getByTestId("profile-consent").check();
    // Each field's error clears once it is filled in.
    expect(await page.locator("[data-testid=profile-form] .field-error").count()).toBe(0);
    await shot(page, "register");
    await page.getByTestId("profile-submit").click();

    await page.getByTestId("registered").waitFor();
    const code = page.getByTestId("member-code");
    await code.waitFor();
    const memberCode = (await textOf(code)).replace(/\s/g, "");
    expect(memberCode).toMatch(/^\d{16}$/);
    expect(await textOf(page.getByTestId("points"))).toBe("0");
    expect(await textOf(page.getByTestId("tier"))).toBe("一般會員");
    await page.getByText("台北信義旗艦店").first().waitFor();
    // The codes a counter scanner reads are the member code.
    const fromBarcode = await decode(page.locator(".scan-panel .barcode"), "member-barcode");
    if (fromBarcode !== null) expect(fromBarcode).toBe(memberCode);
    const fromQr = await decode(page.locator(".scan-panel .qr"), "member-qr");
    if (fromQr !== null) expect(fromQr).toBe(memberCode);
    await shot(page, "card");
  });

  it("offers to add the OA as a friend, and adding it works", async () => {
    const { member, page } = await card();
    const prompt = page.getByTestId("friend-prompt");
    await prompt.waitFor();
    await page.getByTestId("add-friend").click();
    await page.getByText("已加入好友，謝謝！").waitFor();
    const state = await suite.server.control<{ users: Array<{ userId: string; friendship: string }> }>(
      "/state",
    );
    expect(state.users.find((u) => u.userId === member.userId)?.friendship).toBe("friend");
  });

  it("the member's card and history show the purchase when the card is reopened", async () => {
    const { clerk, member, page } = await card();
    await expect.poll(() => textOf(page.getByTestId("points"))).toBe("0");
    await purchase(suite.server, clerk, member.memberCode, 1280);
    // Offline on reopen: the last card still paints (from localStorage), with a note.
    await page.route("**/api/me/card", (r) => r.abort());
    await page.goto(`${suite.server.url}/liff/member`);
    await page.getByText("目前顯示的是上次的資料").waitFor();
    expect((await textOf(page.getByTestId("member-code"))).replace(/\s/g, "")).toBe(member.memberCode);
    await shot(page, "card-offline");
    await page.unroute("**/api/me/card");
    await page.goto(`${suite.server.url}/liff/member`);
    // The cached card paints first; the refresh brings the new balance.
    await expect.poll(() => textOf(page.getByTestId("points"))).toBe("12");
    await page.getByRole("link", { name: /點數紀錄/ }).click();
    const entry = page.getByTestId("point-entry").first();
    await entry.waitFor();
    expect(await textOf(entry)).toContain("消費累積");
    expect(await textOf(entry)).toContain("+12");
    expect(await textOf(page.getByTestId("points-balance"))).toBe("12");
    await shot(page, "points");
  });

  it("pages the points history as the list scrolls (infinite scroll over cursors)", async () => {
    const s = suite.server;
    const { clerk, member, page } = await card();
    await purchase(s, clerk, member.memberCode, 1280);
    const base = new Date("2027-12-31T15:59:59.999Z");
    for (let i = 0; i < 44; i++)
      await earnPoints(s.app.deps, {
        memberId: member.id,
        points: 1,
        idempotencyKey: `browser-test:${i}`,
        reason: "test",
        actor: "admin",
        expiresAt: base,
      });
    await page.goto(`${s.url}/liff/member/points`);
    const entries = page.getByTestId("point-entry");
    await expect.poll(() => entries.count()).toBe(20);
    await entries.nth(19).scrollIntoViewIfNeeded();
    await expect.poll(() => entries.count()).toBe(40);
    await entries.nth(39).scrollIntoViewIfNeeded();
    await page.getByText("已經是全部紀錄了").waitFor();
    expect(await entries.count()).toBe(45);
  });

  it("a coupon is redeemed once at the counter and then shows as used", async () => {
    const { clerk, page } = await card();
    await page.goto(`${suite.server.url}/liff/member/coupons`);
    const coupon = page.getByTestId("coupon").first();
    await coupon.waitFor();
    expect(await textOf(coupon)).toContain("新會員禮");
    await shot(page, "coupons");
    await coupon.click();
    const codeEl = page.getByTestId("coupon-code");
    await codeEl.waitFor();
    const couponCode = await textOf(codeEl);
    expect(couponCode).toMatch(/^[0-9A-Z]{12}$/);
    await page.getByTestId("use-online").click();
    await page.getByText("複製優惠碼").waitFor();
    const fromBarcode = await decode(page.locator(".scan-panel .barcode"), "coupon-barcode");
    if (fromBarcode !== null) expect(fromBarcode).toBe(couponCode);
    await shot(page, "coupon-detail");

    const staff = await suite.phone();
    await openAs(suite.server, staff, "/staff/scan", clerk);
    await staff.getByTestId("dev-scan").fill(couponCode);
    await staff.getByTestId("scan-button").click();
    await staff.getByTestId("redeem-view").waitFor();
    // 滿 NT$500: the counter gives the amount of the purchase it is used on.
    await staff.getByTestId("redeem-coupon").filter({ hasText: "滿 NT$500 可用" }).waitFor();
    await staff.getByTestId("redeem-amount").fill("1280");
    await staff.getByTestId("redeem-confirm").dblclick();
    await staff.getByTestId("redeem-done").waitFor();
    expect(await textOf(staff.getByTestId("redeem-done"))).toContain("新會員禮");
    await shot(staff, "staff-redeem-done");

    // Scanned again: said up front that it was used, and it cannot be redeemed again.
    await staff.getByTestId("scan-next").click();
    await staff.getByTestId("scan-input").fill(couponCode);
    await staff.getByTestId("scan-lookup").click();
    await staff.getByTestId("redeem-unusable").waitFor();
    expect(await textOf(staff.getByTestId("redeem-unusable"))).toContain("此優惠券已使用過");
    expect(await staff.getByTestId("redeem-confirm").isDisabled()).toBe(true);
    await shot(staff, "staff-redeem-again");

    await page.goto(`${suite.server.url}/liff/member/coupons`);
    await page.getByText("目前沒有可使用的優惠券。").waitFor();
    await page.getByTestId("coupons-tab-used").click();
    await page.getByTestId("coupon").first().click();
    await page.getByTestId("coupon-state").waitFor();
    expect(await textOf(page.getByTestId("coupon-state"))).toContain("已於");
    await shot(page, "coupon-used");
  });

  it("explains an expired or tampered binding QR and offers a way forward", async () => {
    const s = suite.server;
    const { page } = await card();
    const { token } = await issueBindingToken(
      { config: s.app.config, clock: new ManualClock("2026-10-01T00:00:00.000Z"), ids: randomIds },
      { storeId: (await s.store("TPE01")).id, staffId: null, source: "store_qr", ttlDays: 1 },
    );
    await page.goto(`${s.url}/liff/bind?t=${encodeURIComponent(token)}`);
    const refused = page.getByTestId("bind-refused");
    await refused.waitFor();
    expect(await textOf(refused)).toContain("這個 QR Code 已過期");
    await shot(page, "bind-expired");
    await page.goto(`${s.url}/liff/bind?t=${encodeURIComponent(`${token.slice(0, -4)}AAAA`)}`);
    await page.getByText("無法辨識這個 QR Code").waitFor();
    await page.getByTestId("refusal-card").click();
    await page.getByTestId("member-code").waitFor();
  });

  it("the chat simulator's 會員卡 button opens the card as that simulated user", async () => {
    const { member } = await card({ friend: true });
    const ctx = await suite.context({ viewport: { width: 1280, height: 860 }, locale: "zh-TW" });
    const sim = await ctx.newPage();
    await sim.goto(`${suite.server.url}/sandbox/`);
    await sim.locator(`[data-testid=user-item][data-user-id="${member.userId}"]`).click();
    const button = sim.getByTestId("richmenu-area").filter({ hasText: "會員卡" }).first();
    await button.waitFor();
    const [opened] = await Promise.all([ctx.waitForEvent("page"), button.click()]);
    await opened.getByTestId("member-code").waitFor();
    expect(new URL(opened.url()).pathname).toBe("/liff/member");
    expect((await textOf(opened.getByTestId("member-code"))).replace(/\s/g, "")).toBe(member.memberCode);
  });

  it("opens the page LINE's liff.state names, in English, and fits a 320 px screen", async () => {
    const s = suite.server;
    const page = await suite.phone("en-US", { width: 320, height: 640 });
    const user = await s.friend("Amy", "en");
    await page.goto(`${s.url}/liff/?liff.state=${encodeURIComponent("/member/coupons")}&sandboxUser=${user}`);
    await page.getByTestId("coupons-page").waitFor();
    await page.getByRole("heading", { name: "Coupons" }).waitFor();
    await page.goto(`${s.url}/liff/member`);
    await page.getByTestId("member-code").waitFor();
    await page.getByText("Show this code at checkout to earn points").waitFor();
    await shot(page, "card-en-320");
    for (const path of ["/member", "/member/profile", "/member/points", "/staff"]) {
      await page.goto(`${s.url}/liff${path}`);
      await page.locator("main").waitFor();
      expect(await overflow(page), path).toBeLessThanOrEqual(0);
    }
    await page.goto(`${s.url}/liff/member/profile`);
    await page.getByTestId("profile-form").waitFor();
    await shot(page, "register-en-320");
    await page.getByTestId("lang-toggle").click();
    await page.getByRole("heading", { name: "會員註冊" }).waitFor();
  });

  it("stops marketing messages and deletes the member's data after confirmation", async () => {
    const { page } = await card();
    await page.goto(`${suite.server.url}/liff/member/profile`);
    await page.getByTestId("withdraw").click();
    await page.getByTestId("opted-out").waitFor();
    await shot(page, "profile");
    await page.getByTestId("delete-open").click();
    const dialog = page.getByTestId("delete-dialog");
    await dialog.waitFor();
    expect(await page.getByTestId("delete-confirm").isDisabled()).toBe(true);
    await dialog.getByRole("checkbox").check();
    await shot(page, "delete-confirm");
    await page.getByTestId("delete-confirm").click();
    await page.getByTestId("deleted").waitFor();
    await shot(page, "deleted");
  });
});
