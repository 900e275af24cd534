/**
 * 名單發券 in real Chromium (1440 × 900) against the real server: a saved segment's page issues a
 * coupon template to its members — a template with 3 left gives 3 and says who got none; it then
 * leaves the list; an unlimited one gives everyone one, and pressing again gives no one a second
 * (the per-member limit). What the page says is what the coupons table holds. Screenshot:
 * /tmp/shots/marketing-segment-coupons.png.
 */
import { describe, expect, it } from "vitest";
import { hasChromium, textOf } from "./browser";
import { goldStoreRule, marketingSuite } from "./marketing";

type Template = { id: string; name: string; issuedCount: number };

describe.skipIf(!hasChromium && !process.env.CI)("marketing console: coupons to a segment (Chromium)", () => {
  const kit = marketingSuite();

  it("issues a template to the segment's members from its page, within the quantity and the per-member limit", async () => {
    const { taipei, matching } = await kit.audience(5);
    const seg = await kit.admin<{ id: string; count: number }>("/api/segments", {
      name: "信義金卡",
      rule: goldStoreRule(taipei.id),
    });
    const n = seg.count;
    expect(n).toBeGreaterThanOrEqual(matching.length);
    const few = await kit.admin<Template>("/api/admin/coupon-templates", {
      name: "限量 3 張 NT$200",
      kind: "amount",
      value: 200,
      validDays: 30,
      totalQuantity: 3,
    });
    const all = await kit.admin<Template>("/api/admin/coupon-templates", {
      name: "金卡九折",
      kind: "percent",
      value: 10,
      validDays: 30,
    });

    const page = await kit.console(`/segments/${seg.id}`);
    const card = page.getByTestId("segment-coupons");
    await card.getByTestId("coupon-template").waitFor();
    await card.getByTestId("coupon-template").selectOption(few.id);
    expect(await textOf(card.getByTestId("coupon-template"))).toContain("限量 3 張 NT$200（剩 3 張）");

    const issue = async () => {
      await card.getByTestId("issue-coupons").click();
      const dialog = page.locator("[data-testid=confirm-dialog][open]");
      expect(await textOf(dialog)).toContain("信義金卡");
      await dialog.getByTestId("confirm-ok").click();
      const result = card.getByTestId("issue-result");
      await result.waitFor();
      return result;
    };

    const first = await issue();
    expect(await first.getAttribute("data-issued")).toBe("3");
    expect(await first.getAttribute("data-not-issued")).toBe(String(n - 3));
    expect(await textOf(first)).toContain(`名單 ${n} 位，這次發出 3 張`);
    expect(await textOf(first)).toContain(`${n - 3} 位沒拿到`);
    await page.getByTestId("toast").filter({ hasText: "已發出 3 張優惠券" }).waitFor();
    // Run out, it is no longer offered; choosing another clears the last result.
    await expect.poll(async () => card.locator(`option[value="${few.id}"]`).count()).toBe(0);
    await card.getByTestId("coupon-template").selectOption(all.id);
    await expect.poll(async () => card.getByTestId("issue-result").count()).toBe(0);

    const second = await issue();
    expect(await second.getAttribute("data-issued")).toBe(String(n));
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/shots/marketing-segment-coupons-card.png" });
    await kit.shot(page, "segment-coupons", true);

    // Pressed again: a new batch, but every member is at the template's limit of one.
    const third = await issue();
    await expect.poll(async () => third.getAttribute("data-issued")).toBe("0");
    expect(await third.getAttribute("data-not-issued")).toBe(String(n));

    const { templates } = await kit.admin<{ templates: Template[] }>("/api/admin/coupon-templates");
    expect(templates.find((t) => t.id === few.id)?.issuedCount).toBe(3);
    expect(templates.find((t) => t.id === all.id)?.issuedCount).toBe(n);
    for (const shopper of matching) {
      const mine = await kit.suite.server.as<{ coupons: Array<{ name: string }> }>(
        shopper.userId,
        "/api/me/coupons",
      );
      expect(mine.coupons.filter((c) => c.name === "金卡九折")).toHaveLength(1);
    }
  });
});
