/**
 * 會員營運 › 優惠券 in real Chromium (1280 × 900) against the real server: a template created
 * (a percentage over 100 refused on its field, what was typed kept), issued to two members by
 * pasted codes with a reason (a bad code and a missing reason refused first), one coupon redeemed
 * at the counter and counted on the page, the worth frozen once issued, then the template stopped
 * with its unused coupons voided. The page's numbers are the coupons table's; each change is in
 * the audit log once. Screenshots: /tmp/shots/marketing-backoffice-coupon*.png.
 */
import { describe, expect, it } from "vitest";
import { hasChromium, textOf } from "./browser";
import { marketingSuite } from "./marketing";

type Detail = {
  template: { id: string; active: boolean; numbers: Record<string, number> };
  coupons: Array<{ code: string; memberCode: string; status: string }>;
};
type Audit = {
  entries: Array<{
    action: string;
    actor: { kind: string };
    subject: { id: string };
    memberId: string | null;
    reason: string;
  }>;
};

describe.skipIf(!hasChromium && !process.env.CI)("back office: coupons (Chromium)", () => {
  const kit = marketingSuite();
  const desktop = { viewport: { width: 1280, height: 900 } };

  it("creates a template, issues it to two members with a reason, counts a redemption and stops it", async () => {
    const clerk = await kit.clerk("王小明", "S001", "TPE01");
    const amy = await kit.shopper(clerk, "陳美玲", [1_000]);
    const ben = await kit.shopper(clerk, "林大文", [1_000]);

    const page = await kit.console("/coupons", desktop);
    await page.getByTestId("templates-table").waitFor();
    await page.getByTestId("new-template").click();
    const form = page.getByTestId("template-form");
    await form.waitFor();
    await form.getByTestId("tpl-name").fill("週年慶 85 折");
    await form.getByTestId("tpl-kind").selectOption("percent");
    await form.getByTestId("tpl-value").fill("150");
    await form.getByTestId("tpl-validDays").fill("30");
    await form.getByTestId("tpl-save").click();
    expect(await textOf(form.getByTestId("tpl-value-error"))).toContain("100");
    expect(await form.getByTestId("tpl-value").inputValue()).toBe("150");
    await form.getByTestId("tpl-value").fill("15");
    expect(await form.getByTestId("tpl-value-error").count()).toBe(0);
    await form.getByTestId("tpl-save").click();

    const tplPage = page.getByTestId("template-page");
    await page.waitForURL(/#\/coupons\/cpt_|#\/coupons\/[^n]/);
    const id = decodeURIComponent(new URL(page.url()).hash.replace("#/coupons/", ""));
    await tplPage.getByTestId("template-numbers").waitFor();
    const number = (k: string) => textOf(tplPage.locator(`[data-testid=number][data-key=${k}] dd`));
    expect(await number("issued")).toBe("0");

    // Issue by pasted codes: a bad code, then a missing reason, are refused before sending.
    const panel = page.getByTestId("issue-panel");
    await panel.getByTestId("issue-codes").fill(`${amy.memberCode}\n${ben.memberCode}, 12AB`);
    await panel.getByTestId("issue-reason").fill("週年慶 VIP 名單");
    await panel.getByTestId("issue-submit").click();
    expect(await textOf(panel.getByTestId("issue-codes-error"))).toContain("12AB");
    await panel.getByTestId("issue-codes").fill(`${amy.memberCode}\n${ben.memberCode}`);
    expect(await textOf(panel.getByTestId("issue-codes-count"))).toContain("2");
    await panel.getByTestId("issue-reason").fill("");
    await panel.getByTestId("issue-submit").click();
    expect(await textOf(panel.getByTestId("issue-reason-error"))).toContain("必填");
    let detail = await kit.admin<Detail>(`/api/admin/coupon-templates/${id}`);
    expect(detail.coupons).toEqual([]);
    await panel.getByTestId("issue-reason").fill("週年慶 VIP 名單");
    await panel.getByTestId("issue-submit").click();
    await panel.getByTestId("issue-result").waitFor();
    await expect.poll(() => number("issued")).toBe("2");
    expect(await number("usable")).toBe("2");

    // Worth and start are fixed once issued.
    await form.getByTestId("tpl-frozen").waitFor();
    expect(await form.getByTestId("tpl-value").isDisabled()).toBe(true);

    // Redeemed at the counter: the page counts it, the coupon row says so.
    detail = await kit.admin<Detail>(`/api/admin/coupon-templates/${id}`);
    const amys = detail.coupons.find((c) => c.memberCode === amy.memberCode);
    if (!amys) throw new Error("Amy's coupon");
    await kit.suite.server.as(clerk, "/api/staff/coupons/redeem", {
      code: amys.code,
      requestId: "redeem-amy-0001",
    });
    await page.reload();
    await tplPage.getByTestId("template-numbers").waitFor();
    expect(await number("redeemed")).toBe("1");
    expect(await number("usable")).toBe("1");
    expect(
      await tplPage.locator(`[data-testid=coupon-row][data-code="${amys.code}"]`).getAttribute("data-status"),
    ).toBe("redeemed");
    await kit.shot(page, "backoffice-coupon-template");

    // The list shows the same numbers.
    await page.getByTestId("backoffice-tab").and(page.locator("[data-tab=coupons]")).click();
    const row = page.locator(`[data-testid=template-row][data-id="${id}"]`);
    await row.waitFor();
    expect(await textOf(row.getByTestId("template-issued"))).toBe("2");
    expect(await textOf(row.getByTestId("template-redeemed"))).toBe("1");
    await kit.shot(page, "backoffice-coupons");

    // Stopped, with its unused coupon voided.
    await row.locator("a").first().click();
    await tplPage.getByTestId("template-void").click();
    const confirm = page.locator("[data-testid=confirm-dialog][open]");
    await confirm.getByTestId("void-unused").check();
    await confirm.getByTestId("confirm-ok").click();
    await expect.poll(() => number("voided")).toBe("1");
    expect(await number("usable")).toBe("0");
    expect(await tplPage.getByTestId("template-void").count()).toBe(0);
    detail = await kit.admin<Detail>(`/api/admin/coupon-templates/${id}`);
    expect(detail.template.active).toBe(false);
    expect(detail.coupons.map((c) => c.status).sort()).toEqual(["redeemed", "voided"]);

    const audit = await kit.admin<Audit>(`/api/admin/audit?limit=100`);
    const members = [amy.memberId, ben.memberId];
    const mine = audit.entries.filter(
      (e) =>
        e.actor.kind === "admin" && (e.subject.id === id || (e.memberId && members.includes(e.memberId))),
    );
    expect(mine.map((e) => e.action).sort()).toEqual([
      "coupon.issue",
      "coupon.issue",
      "couponTemplate.create",
      "couponTemplate.void",
    ]);
    expect(mine.filter((e) => e.action === "coupon.issue").every((e) => e.reason === "週年慶 VIP 名單")).toBe(
      true,
    );
  });
});
