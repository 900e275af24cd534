/**
 * The LIFF member and staff pages in real Chromium, phone-sized, against the real server in
 * sandbox mode: the pages sign in as simulated users with ID tokens from the LINE emulator,
 * which the server verifies exactly as it verifies LINE's. Screenshots of every page go to
 * test-results/screenshots (liff-*.png).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { count, eq } from "drizzle-orm";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { members, purchases, refunds } from "../../db/schema";
import { randomIds } from "../../worker/src/adapters/random-ids";
import { issueBindingToken } from "../../worker/src/features/binding/token";
import { earnPoints, redeemPoints } from "../../worker/src/features/loyalty/ledger";
import { type NodeApp, startNodeApp } from "../../worker/src/hosts/node-server";
import { silentLogger } from "../../worker/src/lib/log";
import { ManualClock } from "../../worker/test/manual-clock";
import { liffUrlToLocal } from "../src/sandbox/liff-url";
import { ARTIFACTS, hasChromium, launch } from "./browser";

const PHONE = { width: 390, height: 844 };
const ZBAR = "/usr/bin/zbarimg";

describe.skipIf(!hasChromium && !process.env.CI)("LIFF pages (Chromium, phone)", () => {
  let dir: string;
  let app: NodeApp;
  let browser: Browser;
  let staffPage: Page;
  let shopperPage: Page;
  const contexts: BrowserContext[] = [];
  let staffUser: string;
  let shopperUser: string;
  let bindUrl: string;
  let memberCode: string;
  let couponCode: string;

  const control = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${app.url}/sandbox/api${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as T;
  };
  const admin = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${app.url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${app.config.adminToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as T;
  };
  const newUser = async (displayName: string, friend: boolean, language: "zh-TW" | "en" = "zh-TW") => {
    const u = await control<{ userId: string }>("/users", { displayName, language });
    if (friend) await control(`/users/${u.userId}/follow`, {});
    await app.idle();
    return u.userId;
  };
  const phone = async (locale = "zh-TW", viewport = PHONE) => {
    const ctx = await browser.newContext({ viewport, locale, deviceScaleFactor: 2, hasTouch: true });
    contexts.push(ctx);
    return ctx.newPage();
  };
  /** Opens a LIFF link (https://liff.line.me/{liffId}/…) as the simulator does: as this simulated user. */
  const openLiff = (page: Page, liffUrl: string, userId: string) =>
    page.goto(`${app.url}${liffUrlToLocal(liffUrl, userId)}`);
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: `${ARTIFACTS}/liff-${name}.png`, fullPage: true });
  const textOf = async (l: Locator) => ((await l.textContent()) ?? "").trim();

  /** Decodes a barcode or QR drawn on the page with zbarimg (Debian's zbar-tools), when installed. */
  const decode = async (l: Locator, name: string): Promise<string | null> => {
    if (!existsSync(ZBAR)) return null;
    const file = `${ARTIFACTS}/liff-decode-${name}.png`;
    await l.screenshot({ path: file });
    const out = execFileSync(ZBAR, ["--raw", "-q", file], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return out.trim();
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "omo-liff-"));
    app = await startNodeApp({
      env: { DATABASE_URL: `file:${join(dir, "omo.db")}`, DEMO_DATA: "true", LOG_LEVEL: "silent" },
      port: 0,
      clock: new ManualClock("2026-11-24T03:00:00.000Z"),
      log: silentLogger,
      timers: false,
    });
    browser = await launch();
    staffUser = await newUser("王小明", true);
    shopperUser = await newUser("小美", false);
    staffPage = await phone();
    shopperPage = await phone();
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("a store clerk joins with the one-time invite link", async () => {
    const { stores } = await admin<{
      stores: Array<{ code: string; staff: Array<{ id: string; code: string }> }>;
    }>("/api/admin/stores");
    const s001 = stores.find((s) => s.code === "TPE01")?.staff.find((s) => s.code === "S001");
    const invite = await admin<{ url: string }>(`/api/admin/staff/${s001?.id}/invite`, {});
    expect(invite.url).toMatch(/^https:\/\/liff\.line\.me\/[^/]+\/staff\/join\?t=/);
    await openLiff(staffPage, invite.url, staffUser);
    await staffPage.getByTestId("join-confirm").click();
    await staffPage.getByTestId("join-done").waitFor();
    expect(await textOf(staffPage.getByTestId("join-done"))).toContain("台北信義旗艦店");
    await shot(staffPage, "staff-join");
    await staffPage.getByTestId("join-start").click();
    await staffPage.getByRole("heading", { name: "王小明，您好" }).waitFor();
    await shot(staffPage, "staff-home");
  });

  it("the clerk shows the store and personal binding QR, and prints an A5 poster", async () => {
    await staffPage.getByRole("link", { name: /我的綁定 QR/ }).click();
    const qr = staffPage.getByTestId("binding-qr");
    await qr.waitFor();
    expect(await qr.getAttribute("data-url")).toMatch(/\/bind\?t=/);
    await shot(staffPage, "staff-qr-store");
    await staffPage.getByTestId("qr-tab-personal").click();
    await staffPage.getByText("服務人員：王小明").waitFor();
    bindUrl = (await qr.getAttribute("data-url")) as string;
    const decoded = await decode(staffPage.locator(".qr-big"), "binding-qr");
    if (decoded !== null) expect(decoded).toBe(bindUrl);
    await shot(staffPage, "staff-qr-personal");
    await staffPage.getByTestId("qr-print").click();
    await staffPage.getByTestId("poster").waitFor();
    await shot(staffPage, "staff-qr-poster");
    // What the printer gets: one A5 page (print CSS hides the toolbar and the sandbox bar).
    const pdf = await staffPage.pdf({
      path: `${ARTIFACTS}/liff-staff-qr-poster.pdf`,
      preferCSSPageSize: true,
    });
    expect((pdf.toString("latin1").match(/\/Type\s*\/Page\b/g) ?? []).length).toBe(1);
  });

  it("a shopper scans the clerk's QR, binds, registers, and the card shows the member code and points", async () => {
    await openLiff(shopperPage, bindUrl, shopperUser);
    const preview = shopperPage.getByTestId("bind-preview");
    await preview.waitFor();
    expect(await textOf(preview)).toContain("台北信義旗艦店");
    expect(await textOf(preview)).toContain("王小明");
    await shot(shopperPage, "bind");
    expect(await shopperPage.getByTestId("bind-submit").isDisabled()).toBe(true);
    await shopperPage.getByTestId("bind-consent").check();
    await shopperPage.getByTestId("bind-submit").click();
    await shopperPage.getByTestId("bind-done").waitFor();
    await shot(shopperPage, "bind-done");

    await shopperPage.getByTestId("bind-register").click();
    await shopperPage.getByTestId("profile-form").waitFor();
    await shopperPage.getByLabel(/姓名/).fill("林小美");
    await shopperPage.getByLabel(/手機號碼/).fill("0912-34");
    await shopperPage.getByTestId("profile-submit").click();
    await shopperPage.getByText("請輸入有效的手機號碼").first().waitFor();
    await shot(shopperPage, "register-error");
    await shopperPage.getByLabel(/手機號碼/).fill("0912-345-678");
    await shopperPage.getByTestId("profile-consent").check();
    await shot(shopperPage, "register");
    await shopperPage.getByTestId("profile-submit").click();

    await shopperPage.getByTestId("registered").waitFor();
    const code = shopperPage.getByTestId("member-code");
    await code.waitFor();
    memberCode = (await textOf(code)).replace(/\s/g, "");
    expect(memberCode).toMatch(/^\d{16}$/);
    expect(await textOf(shopperPage.getByTestId("points"))).toBe("0");
    expect(await textOf(shopperPage.getByTestId("tier"))).toBe("一般會員");
    await shopperPage.getByText("台北信義旗艦店").first().waitFor();
    // The codes a counter scanner reads are the member code.
    const fromBarcode = await decode(shopperPage.locator(".scan-panel .barcode"), "member-barcode");
    if (fromBarcode !== null) expect(fromBarcode).toBe(memberCode);
    const fromQr = await decode(shopperPage.locator(".scan-panel .qr"), "member-qr");
    if (fromQr !== null) expect(fromQr).toBe(memberCode);
    await shot(shopperPage, "card");
  });

  it("offers to add the OA as a friend, and adding it works", async () => {
    const prompt = shopperPage.getByTestId("friend-prompt");
    await prompt.waitFor();
    await shopperPage.getByTestId("add-friend").click();
    await shopperPage.getByText("已加入好友，謝謝！").waitFor();
    const state = await control<{ users: Array<{ userId: string; friendship: string }> }>("/state");
    expect(state.users.find((u) => u.userId === shopperUser)?.friendship).toBe("friend");
  });

  it("the clerk scans the member and records a purchase; a double tap records it once", async () => {
    await staffPage.goto(`${app.url}/liff/staff/scan`);
    await staffPage.getByTestId("dev-scan").fill(memberCode);
    await staffPage.getByTestId("scan-button").click();
    const summary = staffPage.getByTestId("member-summary");
    await summary.waitFor();
    expect(await textOf(summary)).toContain("小美");
    expect(await textOf(staffPage.getByTestId("summary-points"))).toBe("0");
    await shot(staffPage, "staff-member");
    await staffPage.getByTestId("record-purchase").click();
    await staffPage.getByTestId("purchase-amount").fill("1280");
    await expect.poll(() => textOf(staffPage.getByTestId("purchase-earn"))).toContain("+12");
    await shot(staffPage, "staff-purchase");
    await staffPage.getByTestId("purchase-submit").dblclick();
    await staffPage.getByTestId("purchase-done").waitFor();
    expect(await textOf(staffPage.getByTestId("purchase-done"))).toContain("12 點");
    await shot(staffPage, "staff-purchase-done");
    const [row] = await app.deps.db
      .select({ n: count() })
      .from(purchases)
      .where(eq(purchases.source, "staff"));
    expect(row?.n).toBe(1);
  });

  it("the member's card and history show the purchase when the card is reopened", async () => {
    // Offline on reopen: the last card still paints (from localStorage), with a note.
    await shopperPage.route("**/api/me/card", (r) => r.abort());
    await shopperPage.goto(`${app.url}/liff/member`);
    await shopperPage.getByText("目前顯示的是上次的資料").waitFor();
    expect((await textOf(shopperPage.getByTestId("member-code"))).replace(/\s/g, "")).toBe(memberCode);
    await shot(shopperPage, "card-offline");
    await shopperPage.unroute("**/api/me/card");
    await shopperPage.goto(`${app.url}/liff/member`);
    // The cached card paints first; the refresh brings the new balance.
    await expect.poll(() => textOf(shopperPage.getByTestId("points"))).toBe("12");
    await shopperPage.getByRole("link", { name: /點數紀錄/ }).click();
    const entry = shopperPage.getByTestId("point-entry").first();
    await entry.waitFor();
    expect(await textOf(entry)).toContain("消費累積");
    expect(await textOf(entry)).toContain("+12");
    expect(await textOf(shopperPage.getByTestId("points-balance"))).toBe("12");
    await shot(shopperPage, "points");
  });

  it("pages the points history as the list scrolls (infinite scroll over cursors)", async () => {
    const [me] = await app.deps.db.select().from(members).where(eq(members.lineUserId, shopperUser));
    const base = new Date("2027-12-31T15:59:59.999Z");
    for (let i = 0; i < 44; i++)
      await earnPoints(app.deps, {
        memberId: me?.id as string,
        points: 1,
        idempotencyKey: `browser-test:${i}`,
        reason: "test",
        actor: "admin",
        expiresAt: base,
      });
    await shopperPage.goto(`${app.url}/liff/member/points`);
    const entries = shopperPage.getByTestId("point-entry");
    await expect.poll(() => entries.count()).toBe(20);
    await entries.nth(19).scrollIntoViewIfNeeded();
    await expect.poll(() => entries.count()).toBe(40);
    await entries.nth(39).scrollIntoViewIfNeeded();
    await shopperPage.getByText("已經是全部紀錄了").waitFor();
    expect(await entries.count()).toBe(45);
  });

  it("a coupon is redeemed once at the counter and then shows as used", async () => {
    await shopperPage.goto(`${app.url}/liff/member/coupons`);
    const coupon = shopperPage.getByTestId("coupon").first();
    await coupon.waitFor();
    expect(await textOf(coupon)).toContain("新會員禮");
    await shot(shopperPage, "coupons");
    await coupon.click();
    const codeEl = shopperPage.getByTestId("coupon-code");
    await codeEl.waitFor();
    couponCode = await textOf(codeEl);
    expect(couponCode).toMatch(/^[0-9A-Z]{12}$/);
    await shopperPage.getByTestId("use-online").click();
    await shopperPage.getByText("複製優惠碼").waitFor();
    const fromBarcode = await decode(shopperPage.locator(".scan-panel .barcode"), "coupon-barcode");
    if (fromBarcode !== null) expect(fromBarcode).toBe(couponCode);
    await shot(shopperPage, "coupon-detail");

    await staffPage.getByTestId("scan-next").click();
    await staffPage.getByTestId("dev-scan").fill(couponCode);
    await staffPage.getByTestId("scan-button").click();
    await staffPage.getByTestId("redeem-view").waitFor();
    // 滿 NT$500: the counter gives the amount of the purchase it is used on.
    await staffPage.getByTestId("redeem-coupon").filter({ hasText: "滿 NT$500 可用" }).waitFor();
    await staffPage.getByTestId("redeem-amount").fill("1280");
    await staffPage.getByTestId("redeem-confirm").dblclick();
    await staffPage.getByTestId("redeem-done").waitFor();
    expect(await textOf(staffPage.getByTestId("redeem-done"))).toContain("新會員禮");
    await shot(staffPage, "staff-redeem-done");

    // Scanned again: refused, and says why.
    await staffPage.getByTestId("scan-next").click();
    await staffPage.getByTestId("scan-input").fill(couponCode);
    await staffPage.getByTestId("scan-lookup").click();
    await staffPage.getByTestId("redeem-confirm").click();
    await staffPage.getByTestId("redeem-error").waitFor();
    expect(await textOf(staffPage.getByTestId("redeem-error"))).toContain("此優惠券已使用過");
    await shot(staffPage, "staff-redeem-again");

    await shopperPage.goto(`${app.url}/liff/member/coupons`);
    await shopperPage.getByText("目前沒有可使用的優惠券。").waitFor();
    await shopperPage.getByTestId("coupons-tab-used").click();
    await shopperPage.getByTestId("coupon").first().click();
    await shopperPage.getByTestId("coupon-state").waitFor();
    expect(await textOf(shopperPage.getByTestId("coupon-state"))).toContain("已於");
    await shot(shopperPage, "coupon-used");
  });

  it("shows the clerk today's members and purchases", async () => {
    await staffPage.goto(`${app.url}/liff/staff/today`);
    const mine = staffPage.getByTestId("today-me");
    await mine.waitFor();
    expect(await textOf(mine.getByTestId("stat-members"))).toBe("1");
    expect(await textOf(mine.getByTestId("stat-purchases"))).toBe("1");
    await shot(staffPage, "staff-today");
  });

  it("records a purchase paid partly with points; the card shows what is left plus what was earned", async () => {
    await staffPage.goto(`${app.url}/liff/staff/scan`);
    await staffPage.getByTestId("scan-input").fill(memberCode);
    await staffPage.getByTestId("scan-lookup").click();
    const before = Number(await textOf(staffPage.getByTestId("summary-points")));
    expect(before).toBeGreaterThan(0);
    await staffPage.getByTestId("record-purchase").click();
    await staffPage.getByTestId("purchase-amount").fill("600");
    await staffPage.getByTestId("purchase-points").fill(String(before));
    // 600 − points paid in cash; 1 point per NT$100 of it.
    const paid = 600 - before;
    await expect.poll(() => textOf(staffPage.getByTestId("purchase-paid"))).toBe(`NT$${paid}`);
    await staffPage.getByTestId("purchase-submit").click();
    await staffPage.getByTestId("purchase-done").waitFor();
    const earned = Math.floor(paid / 100);
    await shopperPage.goto(`${app.url}/liff/member`);
    await expect.poll(() => textOf(shopperPage.getByTestId("points"))).toBe(String(earned));
  });

  it("the clerk refunds part of a purchase, then the rest from Today; a double tap refunds once", async () => {
    await staffPage.goto(`${app.url}/liff/staff/scan`);
    await staffPage.getByTestId("scan-input").fill(memberCode);
    await staffPage.getByTestId("scan-lookup").click();
    const before = Number(await textOf(staffPage.getByTestId("summary-points")));
    await staffPage.getByTestId("record-purchase").click();
    await staffPage.getByTestId("purchase-amount").fill("2000");
    await staffPage.getByTestId("purchase-submit").click();
    await staffPage.getByTestId("purchase-done").waitFor();

    // Right after recording it: part of it, with a reason, confirmed in a dialog.
    await staffPage.getByTestId("refund-open").click();
    const form = staffPage.getByTestId("refund-form");
    await form.waitFor();
    expect(await textOf(form)).toContain("消費 NT$2,000");
    expect(await textOf(form)).toContain("退還 NT$2,000");
    await staffPage.getByTestId("refund-partial").check();
    await staffPage.getByTestId("refund-amount").fill("2500");
    await staffPage.getByTestId("refund-submit").click();
    expect(await textOf(staffPage.getByTestId("refund-amount-error"))).toBe(
      "請輸入 1 到 NT$2,000 之間的金額",
    );
    await staffPage.getByTestId("refund-amount").fill("500");
    await staffPage.getByRole("button", { name: "顧客退貨" }).click();
    expect(await staffPage.getByTestId("refund-reason").inputValue()).toBe("顧客退貨");
    await shot(staffPage, "staff-refund");
    await staffPage.getByTestId("refund-submit").click();
    const dialog = staffPage.getByTestId("refund-dialog");
    await dialog.waitFor();
    expect(await textOf(dialog)).toContain("確認退款 NT$500？");
    expect(await textOf(dialog)).toContain("約 5 點");
    await shot(staffPage, "staff-refund-confirm");
    await staffPage.getByTestId("refund-confirm").dblclick();
    await staffPage.getByTestId("refund-done").waitFor();
    expect(await textOf(staffPage.getByTestId("refund-money"))).toBe("NT$500");
    expect(await textOf(staffPage.getByTestId("refund-points"))).toBe("−5 點");
    expect(await textOf(staffPage.getByTestId("refund-total"))).toBe("NT$500 / 實付 NT$2,000");
    expect(await staffPage.getByTestId("refund-shortfall").count()).toBe(0);
    await shot(staffPage, "staff-refund-done");
    const [purchase] = await app.deps.db.select().from(purchases).where(eq(purchases.paid, 2000));
    const rows = await app.deps.db
      .select()
      .from(refunds)
      .where(eq(refunds.purchaseId, purchase?.id as string));
    expect(rows.map((r) => [r.amount, r.reason])).toEqual([[500, "顧客退貨"]]);
    await staffPage.getByTestId("refund-finish").click();
    await staffPage.getByTestId("scan-button").waitFor();

    // The member spends most of the points meanwhile; the rest is refunded from Today.
    const [me] = await app.deps.db.select().from(members).where(eq(members.lineUserId, shopperUser));
    const now = before + 20 - 5;
    await redeemPoints(app.deps, {
      memberId: me?.id as string,
      points: now - 2,
      idempotencyKey: "browser-test:spend-before-refund",
      reason: "test",
      actor: "admin",
    });
    await staffPage.goto(`${app.url}/liff/staff/today`);
    const row = staffPage.getByTestId("today-purchase").filter({ hasText: "NT$2,000" });
    await row.getByTestId("today-refund").click();
    await form.waitFor();
    expect(await staffPage.getByTestId("refund-full").isChecked()).toBe(true);
    await staffPage.getByTestId("refund-submit").click();
    await dialog.waitFor();
    expect(await textOf(dialog)).toContain("確認全額退款？");
    expect(await textOf(dialog)).toContain("尚未退款的全部金額");
    await staffPage.getByTestId("refund-confirm").click();
    await staffPage.getByTestId("refund-done").waitFor();
    // 15 more points were due; the member had 2 left: 2 taken back, 13 recorded as the shortfall.
    expect(await textOf(staffPage.getByTestId("refund-money"))).toBe("NT$1,500");
    expect(await textOf(staffPage.getByTestId("refund-points"))).toBe("−2 點");
    expect(await textOf(staffPage.getByTestId("refund-shortfall"))).toBe("13 點");
    expect(await textOf(staffPage.getByTestId("refund-total"))).toBe("NT$2,000 / 實付 NT$2,000");
    await staffPage.getByTestId("refund-shortfall-note").waitFor();
    await shot(staffPage, "staff-refund-shortfall");
    await staffPage.getByTestId("refund-finish").click();

    // Once more: refused, and says why.
    await row.getByTestId("today-refund").click();
    await staffPage.getByTestId("refund-submit").click();
    await staffPage.getByTestId("refund-confirm").click();
    await staffPage.getByTestId("refund-error").waitFor();
    expect(await textOf(staffPage.getByTestId("refund-error"))).toContain("此筆消費已全額退款");
    expect(await staffPage.getByTestId("refund-submit").isDisabled()).toBe(true);
    await shot(staffPage, "staff-refund-refused");
    // In English on a 320 px phone the form still fits.
    await staffPage.setViewportSize({ width: 320, height: 640 });
    await staffPage.getByTestId("lang-toggle").click();
    await staffPage.getByText("Partial refund").waitFor();
    await staffPage.getByTestId("refund-partial").check();
    const overflow = await staffPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(staffPage, "staff-refund-en-320");
    await staffPage.getByTestId("lang-toggle").click();
    await staffPage.setViewportSize(PHONE);
    await shopperPage.goto(`${app.url}/liff/member`);
    await expect.poll(() => textOf(shopperPage.getByTestId("points"))).toBe("0");
  });

  it("explains an expired or tampered binding QR and offers a way forward", async () => {
    const taipei = (
      await admin<{ stores: Array<{ id: string; code: string }> }>("/api/admin/stores")
    ).stores.find((s) => s.code === "TPE01");
    const { token } = await issueBindingToken(
      { config: app.config, clock: new ManualClock("2026-10-01T00:00:00.000Z"), ids: randomIds },
      { storeId: taipei?.id as string, staffId: null, source: "store_qr", ttlDays: 1 },
    );
    await shopperPage.goto(`${app.url}/liff/bind?t=${encodeURIComponent(token)}`);
    const refused = shopperPage.getByTestId("bind-refused");
    await refused.waitFor();
    expect(await textOf(refused)).toContain("這個 QR Code 已過期");
    await shot(shopperPage, "bind-expired");
    await shopperPage.goto(`${app.url}/liff/bind?t=${encodeURIComponent(`${token.slice(0, -4)}AAAA`)}`);
    await shopperPage.getByText("無法辨識這個 QR Code").waitFor();
    await shopperPage.getByTestId("refusal-card").click();
    await shopperPage.getByTestId("member-code").waitFor();
  });

  it("refuses staff pages to a shopper", async () => {
    for (const path of ["/staff", "/staff/scan", "/staff/qr", "/staff/today"]) {
      await shopperPage.goto(`${app.url}/liff${path}`);
      await shopperPage.getByTestId("staff-refused").waitFor();
      expect(await textOf(shopperPage.getByTestId("staff-refused"))).toContain("此頁面僅限門市人員使用");
    }
    await shot(shopperPage, "staff-refused");
  });

  it("the chat simulator's 會員卡 button opens the card as that simulated user", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "zh-TW" });
    contexts.push(ctx);
    const sim = await ctx.newPage();
    await sim.goto(`${app.url}/sandbox/`);
    await sim.locator(`[data-testid=user-item][data-user-id="${shopperUser}"]`).click();
    const button = sim.getByTestId("richmenu-area").filter({ hasText: "會員卡" }).first();
    await button.waitFor();
    const [card] = await Promise.all([ctx.waitForEvent("page"), button.click()]);
    await card.getByTestId("member-code").waitFor();
    expect(new URL(card.url()).pathname).toBe("/liff/member");
    expect((await textOf(card.getByTestId("member-code"))).replace(/\s/g, "")).toBe(memberCode);
  });

  it("opens the page LINE's liff.state names, in English, and fits a 320 px screen", async () => {
    const page = await phone("en-US", { width: 320, height: 640 });
    const user = await newUser("Amy", true, "en");
    await page.goto(
      `${app.url}/liff/?liff.state=${encodeURIComponent("/member/coupons")}&sandboxUser=${user}`,
    );
    await page.getByTestId("coupons-page").waitFor();
    await page.getByRole("heading", { name: "Coupons" }).waitFor();
    await page.goto(`${app.url}/liff/member`);
    await page.getByTestId("member-code").waitFor();
    await page.getByText("Show this code at checkout to earn points").waitFor();
    await shot(page, "card-en-320");
    for (const path of ["/member", "/member/profile", "/member/points", "/staff"]) {
      await page.goto(`${app.url}/liff${path}`);
      await page.locator("main").waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await page.goto(`${app.url}/liff/member/profile`);
    await page.getByTestId("profile-form").waitFor();
    await shot(page, "register-en-320");
    await page.getByTestId("lang-toggle").click();
    await page.getByRole("heading", { name: "會員註冊" }).waitFor();
  });

  it("stops marketing messages and deletes the member's data after confirmation", async () => {
    await shopperPage.goto(`${app.url}/liff/member/profile`);
    await shopperPage.getByTestId("withdraw").click();
    await shopperPage.getByTestId("opted-out").waitFor();
    await shot(shopperPage, "profile");
    await shopperPage.getByTestId("delete-open").click();
    const dialog = shopperPage.getByTestId("delete-dialog");
    await dialog.waitFor();
    expect(await shopperPage.getByTestId("delete-confirm").isDisabled()).toBe(true);
    await dialog.getByRole("checkbox").check();
    await shot(shopperPage, "delete-confirm");
    await shopperPage.getByTestId("delete-confirm").click();
    await shopperPage.getByTestId("deleted").waitFor();
    await shot(shopperPage, "deleted");
  });
});
