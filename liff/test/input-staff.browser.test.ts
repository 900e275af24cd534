/**
 * Bad input on the staff pages in Chromium against the real server in sandbox mode: the purchase
 * amount, the points used, a 滿 NT$500 coupon at the purchase form and at the counter, the refund
 * amount, and English at 320 px. Each bad value is refused under its field in the page's language
 * (aria-invalid, focused), nothing is sent and nothing is recorded, and a good value still goes
 * through. Each test has a server, a clerk and a member of its own.
 * Screenshots: test-results/screenshots/input-staff-*.png.
 */
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { coupons, purchases, refunds } from "../../db/schema";
import { hasChromium, overflow, textOf } from "./browser";
import { focused, posts, refusalSuite, refuse, shot } from "./refusals";
import { openAs } from "./sandbox";

describe.skipIf(!hasChromium && !process.env.CI)("bad input on the staff pages (Chromium)", () => {
  const r = refusalSuite();
  const { suite } = r;
  const purchasesOf = (memberId: string) =>
    suite.server.app.deps.db.select().from(purchases).where(eq(purchases.memberId, memberId));
  /** A clerk of the Taipei store (joined by invite) on the scan page, this card looked up, then the purchase form. */
  const purchaseForm = async (page: Page, memberCode: string) => {
    const clerk = await suite.server.clerk("王小明");
    await openAs(suite.server, page, "/staff/scan", clerk);
    await page.getByTestId("scan-input").fill(memberCode);
    await page.getByTestId("scan-lookup").click();
    await page.getByTestId("member-summary").waitFor();
    await page.getByTestId("record-purchase").click();
    await page.getByTestId("purchase-form").waitFor();
  };

  it("purchase amount: decimal, negative, exponent, huge and empty are refused on the field; nothing is sent", async () => {
    const m = await r.newMember();
    const page = await r.phone();
    const sent = posts(page, /^\/api\/staff\/purchases$/);
    await purchaseForm(page, m.memberCode);
    // The API's limit is said before anything is typed.
    expect(await textOf(page.getByTestId("purchase-amount-hint"))).toBe("整數，最高 NT$10,000,000");
    const cases: Array<[string, string]> = [
      ["12.5", "請輸入整數金額（新台幣不含小數）"],
      ["-100", "金額不能是負數"],
      ["1e3", "請只輸入數字，例如 1200 或 1,200"],
      ["0x10", "請只輸入數字，例如 1200 或 1,200"],
      ["10000000000", "金額不可超過 NT$10,000,000"],
      ["", "請輸入金額"],
    ];
    for (const [value, message] of cases) {
      expect(await refuse(page, "purchase-amount", "purchase-submit", value), value).toBe(message);
      await expect.poll(() => focused(page), { message: value }).toBe("p-amount");
      // Nothing is promised for what the server would refuse.
      expect(await textOf(page.getByTestId("purchase-earn")), value).toBe("輸入金額後顯示");
      expect(await textOf(page.getByTestId("purchase-paid")), value).toBe("—");
      if (value === "12.5") await shot(page, "staff-amount-decimal");
      if (value === "10000000000") await shot(page, "staff-amount-huge");
    }
    expect(sent).toEqual([]);
    expect(await purchasesOf(m.id)).toEqual([]);

    // What a person means is taken, and shown as understood.
    await page.getByTestId("purchase-amount").fill("１，２８０");
    expect(await page.getByTestId("purchase-amount-error").count()).toBe(0);
    expect(await textOf(page.getByTestId("purchase-amount-read"))).toBe("＝ NT$1,280");
    expect(await textOf(page.getByTestId("purchase-earn"))).toBe("+12 點");
    await shot(page, "staff-amount-read-as");
    await page.getByTestId("purchase-submit").click();
    await page.getByTestId("purchase-done").waitFor();
    expect(sent).toHaveLength(1);
    expect((await purchasesOf(m.id)).map((p) => [p.amount, p.paid, p.pointsEarned])).toEqual([
      [1280, 1280, 12],
    ]);
  });

  it("points used: negative, decimal and more than may be used are refused; a good value pays part", async () => {
    const m = await r.newMember(50);
    const page = await r.phone();
    const sent = posts(page, /^\/api\/staff\/purchases$/);
    // The card's code typed in full-width digits, in groups: the same card.
    const typed = m.memberCode
      .replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
      .replace(/(.{4})(?=.)/g, "$1－");
    await purchaseForm(page, typed);
    expect(await textOf(page.getByTestId("purchase-points-hint"))).toBe(
      "會員有 50 點；輸入金額後顯示可折抵上限",
    );
    await page.getByTestId("purchase-amount").fill("1000");
    expect(await textOf(page.getByTestId("purchase-points-hint"))).toBe("最多可折抵 50 點");
    for (const [value, message] of [
      ["-5", "點數不能是負數"],
      ["12.5", "點數請輸入整數"],
      ["60", "這筆最多可折抵 50 點"],
    ] as const) {
      expect(await refuse(page, "purchase-points", "purchase-submit", value), value).toBe(message);
      await expect.poll(() => focused(page), { message: value }).toBe("p-points");
      expect(await textOf(page.getByTestId("purchase-earn")), value).toBe("—");
      expect(await textOf(page.getByTestId("purchase-paid")), value).toBe("—");
    }
    await shot(page, "staff-points-over");
    expect(sent).toEqual([]);
    await page.getByTestId("purchase-points").fill("30");
    expect(await textOf(page.getByTestId("purchase-paid"))).toBe("NT$970");
    await page.getByTestId("purchase-submit").click();
    await page.getByTestId("purchase-done").waitFor();
    expect((await purchasesOf(m.id)).map((p) => [p.amount, p.pointsUsed, p.paid])).toEqual([[1000, 30, 970]]);
  });

  it("a 滿 NT$500 coupon needs a purchase that reaches it, at the purchase form and at the counter", async () => {
    const s = suite.server;
    const m = await r.newMember();
    await s.admin("/api/admin/coupon-templates/tpl_demo_welcome/issue", {
      batchKey: `input-${m.id}`,
      reason: "test",
      memberCodes: [m.memberCode],
    });
    const [coupon] = await s.app.deps.db.select().from(coupons).where(eq(coupons.memberId, m.id));
    const page = await r.phone();
    const sent = posts(page, /^\/api\/staff\/(purchases|coupons\/redeem)$/);
    await purchaseForm(page, m.memberCode);
    await page.getByTestId("purchase-amount").fill("300");
    await page.getByTestId("purchase-coupon").check();
    expect(await textOf(page.getByTestId("purchase-coupon-gap"))).toBe("還差 NT$200 才能使用");
    // Nothing taken off, nothing promised, until the purchase reaches the minimum.
    expect(await textOf(page.getByTestId("purchase-earn"))).toBe("—");
    await page.getByTestId("purchase-submit").click();
    expect(await textOf(page.getByTestId("purchase-coupon-error"))).toBe(
      "此優惠券需消費滿 NT$500，本次 NT$300",
    );
    await expect.poll(() => focused(page)).toBe(`p-coupon-${coupon?.code}`);
    await shot(page, "staff-coupon-min-spend");

    // Redeemed on its own at the counter: the amount of the purchase it is used on, first.
    await page.getByRole("button", { name: "返回" }).click();
    await page.getByTestId("redeem-open").click();
    await page.getByTestId("redeem-coupon").waitFor();
    // Before redeeming: name, value, minimum spend, where it can be used and until when.
    expect(await textOf(page.getByTestId("redeem-coupon"))).toContain("滿 NT$500 可用");
    expect(await textOf(page.getByTestId("redeem-channel"))).toBe("門市、線上皆可用");
    expect(await textOf(page.getByTestId("redeem-coupon"))).toContain("使用期限");
    expect(await page.getByTestId("redeem-unusable").count()).toBe(0);
    expect(await textOf(page.getByTestId("redeem-amount-hint"))).toBe(
      "滿 NT$500 才能使用此優惠券（最高 NT$10,000,000）",
    );
    await page.getByTestId("redeem-confirm").click();
    expect(await textOf(page.getByTestId("redeem-amount-error"))).toBe("請輸入金額");
    expect(await refuse(page, "redeem-amount", "redeem-confirm", "499")).toBe(
      "未達此優惠券的最低消費 NT$500，不能核銷",
    );
    await expect.poll(() => focused(page)).toBe("r-redeem-amount");
    expect(await refuse(page, "redeem-amount", "redeem-confirm", "-500")).toBe("金額不能是負數");
    await shot(page, "staff-redeem-min-spend");
    expect(sent).toEqual([]);
    const [still] = await s.app.deps.db
      .select()
      .from(coupons)
      .where(eq(coupons.id, coupon?.id as string));
    expect(still?.status).toBe("issued");
    await page.getByTestId("redeem-amount").fill("500");
    await page.getByTestId("redeem-confirm").click();
    await page.getByTestId("redeem-done").waitFor();
    const [after] = await s.app.deps.db
      .select()
      .from(coupons)
      .where(eq(coupons.id, coupon?.id as string));
    expect(after?.status).toBe("redeemed");
  });

  it("refund amount: decimal, negative, empty and huge are refused on the field; nothing is refunded", async () => {
    const s = suite.server;
    const m = await r.newMember();
    const clerk = await s.clerk("王小明");
    await s.as(clerk, "/api/staff/purchases", {
      purchaseId: `input-refund-${m.id}`,
      memberCode: m.memberCode,
      amount: 2345,
    });
    const [bought] = await purchasesOf(m.id);
    const page = await r.phone();
    const sent = posts(page, /\/refund$/);
    await openAs(s, page, "/staff/today", clerk);
    await page
      .getByTestId("today-purchase")
      .filter({ hasText: "NT$2,345" })
      .getByTestId("today-refund")
      .click();
    await page.getByTestId("refund-partial").check();
    for (const [value, message] of [
      ["12.5", "請輸入整數金額（新台幣不含小數）"],
      ["-100", "金額不能是負數"],
      ["", "請輸入 1 到 NT$2,345 之間的金額"],
      ["99999999999", "請輸入 1 到 NT$2,345 之間的金額"],
    ] as const) {
      expect(await refuse(page, "refund-amount", "refund-submit", value), value).toBe(message);
      await expect.poll(() => focused(page), { message: value }).toBe("r-amount");
      expect(await page.getByTestId("refund-dialog").isVisible()).toBe(false);
    }
    await shot(page, "staff-refund-negative");
    expect(sent).toEqual([]);
    expect(
      await s.app.deps.db
        .select()
        .from(refunds)
        .where(eq(refunds.purchaseId, bought?.id as string)),
    ).toEqual([]);
    await page.getByTestId("refund-amount").fill("５００");
    expect(await textOf(page.getByTestId("refund-amount-read"))).toBe("＝ NT$500");
    await page.getByTestId("refund-submit").click();
    expect(await textOf(page.getByTestId("refund-dialog"))).toContain("確認退款 NT$500？");
    await page.getByTestId("refund-confirm").click();
    await page.getByTestId("refund-done").waitFor();
    const rows = await s.app.deps.db
      .select()
      .from(refunds)
      .where(eq(refunds.purchaseId, bought?.id as string));
    expect(rows.map((r) => r.amount)).toEqual([500]);
  });

  it("in English on a 320 px phone the refusals are English and fit", async () => {
    const m = await r.newMember(20);
    const page = await r.phone("en-US", { width: 320, height: 640 });
    const sent = posts(page, /^\/api\/staff\/purchases$/);
    await purchaseForm(page, m.memberCode);
    await page
      .getByTestId("purchase-amount-hint")
      .filter({ hasText: "Whole dollars, up to NT$10,000,000" })
      .waitFor();
    expect(await refuse(page, "purchase-amount", "purchase-submit", "12.5")).toBe(
      "Enter whole dollars (NT$ has no cents)",
    );
    await page.getByTestId("purchase-amount").fill("100");
    expect(await refuse(page, "purchase-points", "purchase-submit", "-5")).toBe("Points cannot be negative");
    expect(await refuse(page, "purchase-amount", "purchase-submit", "10,000,001")).toBe(
      "No more than NT$10,000,000",
    );
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "staff-en-320");
    expect(sent).toEqual([]);
  });
});
