/**
 * The LIFF staff pages in real Chromium, phone-sized, against the real server in sandbox mode: a
 * clerk joins with the invite link, shows and prints the binding QR, scans a member and records
 * purchases (a double tap records one), refunds in part and in full, reads Today; a shopper is
 * refused the staff pages. The pages sign in as simulated users with ID tokens from the LINE
 * emulator, verified exactly as LINE's. Each test has a server of its own and makes its clerk and
 * member through the API. Screenshots: test-results/screenshots/liff-staff-*.png.
 */
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { members, purchases, refunds } from "../../db/schema";
import { redeemPoints } from "../../worker/src/features/loyalty/ledger";
import { ARTIFACTS, hasChromium, overflow, textOf } from "./browser";
import { decode, liffSuite, purchase, shopper, shot } from "./liff-kit";
import { openAs, openLiff, PHONE } from "./sandbox";

describe.skipIf(!hasChromium && !process.env.CI)("LIFF staff pages (Chromium, phone)", () => {
  const suite = liffSuite();
  /** 王小明, a clerk of the Taipei store (joined by invite), and 小美, a member who bound with his QR. */
  const clerkAndShopper = async () => {
    const clerk = await suite.server.clerk("王小明");
    return { clerk, member: await shopper(suite.server, clerk) };
  };
  /** The clerk's scan page with this member's card looked up. */
  const scanned = async (clerk: string, memberCode: string) => {
    const page = await suite.phone();
    await openAs(suite.server, page, "/staff/scan", clerk);
    await page.getByTestId("scan-input").fill(memberCode);
    await page.getByTestId("scan-lookup").click();
    await page.getByTestId("member-summary").waitFor();
    return page;
  };

  it("a store clerk joins with the one-time invite link", async () => {
    const s = suite.server;
    const staffUser = await s.friend("王小明");
    const s001 = (await s.store("TPE01")).staff.find((x) => x.code === "S001");
    const invite = await s.admin<{ url: string }>(`/api/admin/staff/${s001?.id}/invite`, {});
    expect(invite.url).toMatch(/^https:\/\/liff\.line\.me\/[^/]+\/staff\/join\?t=/);
    const page = await suite.phone();
    await openLiff(s, page, invite.url, staffUser);
    await page.getByTestId("join-confirm").click();
    await page.getByTestId("join-done").waitFor();
    expect(await textOf(page.getByTestId("join-done"))).toContain("台北信義旗艦店");
    await shot(page, "staff-join");
    await page.getByTestId("join-start").click();
    await page.getByRole("heading", { name: "王小明，您好" }).waitFor();
    await shot(page, "staff-home");
  });

  it("the clerk shows the store and personal binding QR, and prints an A5 poster", async () => {
    const clerk = await suite.server.clerk("王小明");
    const page = await suite.phone();
    await openAs(suite.server, page, "/staff", clerk);
    await page.getByRole("link", { name: /我的綁定 QR/ }).click();
    const qr = page.getByTestId("binding-qr");
    await qr.waitFor();
    expect(await qr.getAttribute("data-url")).toMatch(/\/bind\?t=/);
    await shot(page, "staff-qr-store");
    await page.getByTestId("qr-tab-personal").click();
    await page.getByText("服務人員：王小明").waitFor();
    const bindUrl = (await qr.getAttribute("data-url")) as string;
    const decoded = await decode(page.locator(".qr-big"), "binding-qr");
    if (decoded !== null) expect(decoded).toBe(bindUrl);
    await shot(page, "staff-qr-personal");
    await page.getByTestId("qr-print").click();
    await page.getByTestId("poster").waitFor();
    await shot(page, "staff-qr-poster");
    // What the printer gets: one A5 page (print CSS hides the toolbar and the sandbox bar).
    const pdf = await page.pdf({
      path: `${ARTIFACTS}/liff-staff-qr-poster.pdf`,
      preferCSSPageSize: true,
    });
    expect((pdf.toString("latin1").match(/\/Type\s*\/Page\b/g) ?? []).length).toBe(1);
  });

  it("the clerk scans the member and records a purchase; a double tap records it once", async () => {
    const { clerk, member } = await clerkAndShopper();
    const page = await suite.phone();
    await openAs(suite.server, page, "/staff/scan", clerk);
    await page.getByTestId("dev-scan").fill(member.memberCode);
    await page.getByTestId("scan-button").click();
    const summary = page.getByTestId("member-summary");
    await summary.waitFor();
    expect(await textOf(summary)).toContain("小美");
    expect(await textOf(page.getByTestId("summary-points"))).toBe("0");
    await shot(page, "staff-member");
    await page.getByTestId("record-purchase").click();
    await page.getByTestId("purchase-amount").fill("1280");
    await expect.poll(() => textOf(page.getByTestId("purchase-earn"))).toContain("+12");
    await shot(page, "staff-purchase");
    await page.getByTestId("purchase-submit").dblclick();
    await page.getByTestId("purchase-done").waitFor();
    expect(await textOf(page.getByTestId("purchase-done"))).toContain("12 點");
    await shot(page, "staff-purchase-done");
    const [row] = await suite.server.app.deps.db
      .select({ n: count() })
      .from(purchases)
      .where(eq(purchases.source, "staff"));
    expect(row?.n).toBe(1);
  });

  it("shows the clerk today's members and purchases", async () => {
    const { clerk, member } = await clerkAndShopper();
    await purchase(suite.server, clerk, member.memberCode, 1280);
    const page = await suite.phone();
    await openAs(suite.server, page, "/staff/today", clerk);
    const mine = page.getByTestId("today-me");
    await mine.waitFor();
    expect(await textOf(mine.getByTestId("stat-members"))).toBe("1");
    expect(await textOf(mine.getByTestId("stat-purchases"))).toBe("1");
    await shot(page, "staff-today");
  });

  it("records a purchase paid partly with points; the card shows what is left plus what was earned", async () => {
    const { clerk, member } = await clerkAndShopper();
    await purchase(suite.server, clerk, member.memberCode, 1280);
    const page = await scanned(clerk, member.memberCode);
    const before = Number(await textOf(page.getByTestId("summary-points")));
    expect(before).toBeGreaterThan(0);
    await page.getByTestId("record-purchase").click();
    await page.getByTestId("purchase-amount").fill("600");
    await page.getByTestId("purchase-points").fill(String(before));
    // 600 − points paid in cash; 1 point per NT$100 of it.
    const paid = 600 - before;
    await expect.poll(() => textOf(page.getByTestId("purchase-paid"))).toBe(`NT$${paid}`);
    await page.getByTestId("purchase-submit").click();
    await page.getByTestId("purchase-done").waitFor();
    const earned = Math.floor(paid / 100);
    const card = await suite.phone();
    await openAs(suite.server, card, "/member", member.userId);
    await expect.poll(() => textOf(card.getByTestId("points"))).toBe(String(earned));
  });

  it("the clerk refunds part of a purchase, then the rest from Today; a double tap refunds once", async () => {
    const s = suite.server;
    const { clerk, member } = await clerkAndShopper();
    await purchase(s, clerk, member.memberCode, 1280);
    const page = await scanned(clerk, member.memberCode);
    const before = Number(await textOf(page.getByTestId("summary-points")));
    await page.getByTestId("record-purchase").click();
    await page.getByTestId("purchase-amount").fill("2000");
    await page.getByTestId("purchase-submit").click();
    await page.getByTestId("purchase-done").waitFor();

    // Right after recording it: part of it, with a reason, confirmed in a dialog.
    await page.getByTestId("refund-open").click();
    const form = page.getByTestId("refund-form");
    await form.waitFor();
    expect(await textOf(form)).toContain("消費 NT$2,000");
    expect(await textOf(form)).toContain("退還 NT$2,000");
    await page.getByTestId("refund-partial").check();
    await page.getByTestId("refund-amount").fill("2500");
    await page.getByTestId("refund-submit").click();
    expect(await textOf(page.getByTestId("refund-amount-error"))).toBe("請輸入 1 到 NT$2,000 之間的金額");
    await page.getByTestId("refund-amount").fill("500");
    await page.getByRole("button", { name: "顧客退貨" }).click();
    expect(await page.getByTestId("refund-reason").inputValue()).toBe("顧客退貨");
    await shot(page, "staff-refund");
    await page.getByTestId("refund-submit").click();
    const dialog = page.getByTestId("refund-dialog");
    await dialog.waitFor();
    expect(await textOf(dialog)).toContain("確認退款 NT$500？");
    expect(await textOf(dialog)).toContain("約 5 點");
    await shot(page, "staff-refund-confirm");
    await page.getByTestId("refund-confirm").dblclick();
    await page.getByTestId("refund-done").waitFor();
    expect(await textOf(page.getByTestId("refund-money"))).toBe("NT$500");
    expect(await textOf(page.getByTestId("refund-points"))).toBe("−5 點");
    expect(await textOf(page.getByTestId("refund-total"))).toBe("NT$500 / 實付 NT$2,000");
    expect(await page.getByTestId("refund-shortfall").count()).toBe(0);
    await shot(page, "staff-refund-done");
    const [bought] = await s.app.deps.db.select().from(purchases).where(eq(purchases.paid, 2000));
    const rows = await s.app.deps.db
      .select()
      .from(refunds)
      .where(eq(refunds.purchaseId, bought?.id as string));
    expect(rows.map((r) => [r.amount, r.reason])).toEqual([[500, "顧客退貨"]]);
    await page.getByTestId("refund-finish").click();
    await page.getByTestId("scan-button").waitFor();

    // The member spends most of the points meanwhile; the rest is refunded from Today.
    const [me] = await s.app.deps.db.select().from(members).where(eq(members.lineUserId, member.userId));
    const now = before + 20 - 5;
    await redeemPoints(s.app.deps, {
      memberId: me?.id as string,
      points: now - 2,
      idempotencyKey: "browser-test:spend-before-refund",
      reason: "test",
      actor: "admin",
    });
    await openAs(s, page, "/staff/today", clerk);
    const row = page.getByTestId("today-purchase").filter({ hasText: "NT$2,000" });
    expect(await textOf(row.getByTestId("today-refunded"))).toBe("已退款 NT$500");
    await row.getByTestId("today-refund").click();
    await form.waitFor();
    expect(await page.getByTestId("refund-full").isChecked()).toBe(true);
    await page.getByTestId("refund-submit").click();
    await dialog.waitFor();
    expect(await textOf(dialog)).toContain("確認全額退款？");
    expect(await textOf(dialog)).toContain("尚未退款的全部金額");
    // At 390 px each label keeps its line (not one character a line).
    const labelLines = await dialog
      .locator("dt")
      .evaluateAll((dts) => dts.map((d) => Math.round(d.getBoundingClientRect().height / 20)));
    expect(labelLines.every((n) => n <= 1)).toBe(true);
    await shot(page, "staff-refund-confirm-full");
    await page.getByTestId("refund-confirm").click();
    await page.getByTestId("refund-done").waitFor();
    // 15 more points were due; the member had 2 left: 2 taken back, 13 recorded as the shortfall.
    expect(await textOf(page.getByTestId("refund-money"))).toBe("NT$1,500");
    expect(await textOf(page.getByTestId("refund-points"))).toBe("−2 點");
    expect(await textOf(page.getByTestId("refund-shortfall"))).toBe("13 點");
    expect(await textOf(page.getByTestId("refund-total"))).toBe("NT$2,000 / 實付 NT$2,000");
    await page.getByTestId("refund-shortfall-note").waitFor();
    await shot(page, "staff-refund-shortfall");
    await page.getByTestId("refund-finish").click();
    // Today reloads once the refund is done.
    await expect.poll(() => textOf(row.getByTestId("today-refunded"))).toBe("已全額退款 NT$2,000");
    await shot(page, "staff-today-refunded");

    // Refunded in full: nothing left to refund, so no refund button on its row.
    expect(await row.getByTestId("today-refund").count()).toBe(0);
    // Another clerk refunds the other purchase while this screen has its form open: refused, and
    // says why.
    const other = page.getByTestId("today-purchase").filter({ hasText: "NT$1,280" });
    await other.getByTestId("today-refund").click();
    await form.waitFor();
    const [first] = await s.app.deps.db.select().from(purchases).where(eq(purchases.paid, 1280));
    await s.as(clerk, `/api/staff/purchases/${first?.id}/refund`, { refundId: "browser-test-other-clerk" });
    await page.getByTestId("refund-submit").click();
    await page.getByTestId("refund-confirm").click();
    await page.getByTestId("refund-error").waitFor();
    expect(await textOf(page.getByTestId("refund-error"))).toContain("此筆消費已全額退款");
    expect(await page.getByTestId("refund-submit").isDisabled()).toBe(true);
    await shot(page, "staff-refund-refused");
    // In English on a 320 px phone the form still fits.
    await page.setViewportSize({ width: 320, height: 640 });
    await page.getByTestId("lang-toggle").click();
    await page.getByText("Partial refund").waitFor();
    await page.getByTestId("refund-partial").check();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "staff-refund-en-320");
    await page.getByTestId("lang-toggle").click();
    await page.setViewportSize(PHONE);
    const card = await suite.phone();
    await openAs(s, card, "/member", member.userId);
    await expect.poll(() => textOf(card.getByTestId("points"))).toBe("0");
    // The member's history marks each reversal with the money refunded.
    await openAs(s, card, "/member/points", member.userId);
    const refunded = card.getByTestId("point-entry-refund");
    await refunded.first().waitFor();
    expect((await refunded.allTextContents()).map((x) => x.replace(/^ · /, "")).sort()).toEqual([
      "退款 NT$1,500",
      "退款 NT$500",
    ]);
    await shot(card, "member-points-refunded");
  });

  it("refuses staff pages to a shopper", async () => {
    const { member } = await clerkAndShopper();
    const page = await suite.phone();
    for (const path of ["/staff", "/staff/scan", "/staff/qr", "/staff/today"]) {
      await openAs(suite.server, page, path, member.userId);
      await page.getByTestId("staff-refused").waitFor();
      expect(await textOf(page.getByTestId("staff-refused"))).toContain("此頁面僅限門市人員使用");
    }
    await shot(page, "staff-refused");
  });
});
