/**
 * 會員營運 › 點數與等級 in real Chromium (1280 × 900) against the real server: the earn rules
 * (what is not a number caught on its field, a multiplier over 10 refused by the API on its field,
 * what was typed kept; a saved change shown in the example and audited), the tiers with the
 * members holding each, and the event coupons, review day and expiry reminder (the API's refusals
 * on both fields at once, then saved, a coupon cleared). Screenshots: /tmp/shots/marketing-backoffice-loyalty*.png.
 */
import { describe, expect, it } from "vitest";
import { hasChromium, textOf } from "./browser";
import { marketingSuite } from "./marketing";

type Rules = {
  amountPerPoint: number;
  tierMultipliers: Record<string, number>;
  channelMultipliers: Record<string, number>;
};
type Entry = { action: string; before: Record<string, unknown>; after: Record<string, unknown> };

describe.skipIf(!hasChromium && !process.env.CI)("back office: points and tiers (Chromium)", () => {
  const kit = marketingSuite();
  const desktop = { viewport: { width: 1280, height: 900 } };
  const audit = async (action: string) =>
    (await kit.admin<{ entries: Entry[] }>(`/api/admin/audit?action=${action}`)).entries;

  it("changes the earn rules, showing refusals on their fields, and the change in the example and the audit log", async () => {
    const page = await kit.console("/loyalty", desktop);
    const form = page.getByTestId("earn-form");
    await form.getByTestId("earn-amountPerPoint").waitFor();
    expect(await textOf(form.getByTestId("earn-example"))).toContain("15 點");
    const gold = form.getByTestId("earn-tier-gold");
    await gold.fill("1.5倍");
    await form.getByTestId("earn-save").click();
    expect(await textOf(form.getByTestId("earn-tier-gold-error"))).toBe("請輸入數字");
    await gold.fill("11");
    expect(await form.getByTestId("earn-tier-gold-error").count()).toBe(0);
    await form.getByTestId("earn-save").click();
    // The API's refusal (at most 10), on the field, what was typed kept, nothing saved.
    await form.getByTestId("earn-tier-gold-error").waitFor();
    expect(await textOf(form.getByTestId("earn-tier-gold-error"))).toContain("0–10");
    expect(await gold.inputValue()).toBe("11");
    expect((await kit.admin<Rules>("/api/admin/loyalty/earn-rules")).tierMultipliers.gold).toBe(1.5);
    await kit.shot(page, "backoffice-loyalty-refused");

    await gold.fill("1.8");
    await form.getByTestId("earn-save").click();
    await page.getByTestId("toast").filter({ hasText: "已儲存" }).waitFor();
    expect(await textOf(form.getByTestId("earn-example"))).toContain("18 點");
    expect((await kit.admin<Rules>("/api/admin/loyalty/earn-rules")).tierMultipliers.gold).toBe(1.8);
    const [entry, ...more] = await audit("loyalty.earnRules");
    expect(more).toEqual([]);
    expect([entry?.before, entry?.after]).toEqual([{ "tier.gold": 1.5 }, { "tier.gold": 1.8 }]);

    // The tiers: what the API counts.
    const tiers = await kit.admin<{ tiers: Array<{ code: string; members: number }> }>(
      "/api/admin/loyalty/tiers",
    );
    for (const t of tiers.tiers)
      expect(
        await page.locator(`[data-testid=tier-row][data-code=${t.code}]`).getAttribute("data-members"),
      ).toBe(String(t.members));
  });

  it("saves the event coupons, review day and reminder; the API's refusals land on both fields at once", async () => {
    const page = await kit.console("/loyalty", { ...desktop, locale: "en" });
    const form = page.getByTestId("settings-form");
    await form.getByTestId("set-welcomeCouponTemplate").waitFor();
    const before = await kit.admin<Record<string, string | null>>("/api/admin/loyalty/settings");
    expect(await form.getByTestId("set-welcomeCouponTemplate").inputValue()).toBe(
      before.welcomeCouponTemplate ?? "",
    );

    await form.getByTestId("set-tierReviewDay").fill("13-01");
    await form.getByTestId("set-expiryReminderDays").fill("400");
    await form.getByTestId("settings-save").click();
    await form.getByTestId("set-tierReviewDay-error").waitFor();
    expect(await textOf(form.getByTestId("set-tierReviewDay-error"))).toContain("MM-DD");
    expect(await textOf(form.getByTestId("set-expiryReminderDays-error"))).toContain("1 to 365");
    expect(await form.getByTestId("set-tierReviewDay").inputValue()).toBe("13-01");
    expect(await kit.admin("/api/admin/loyalty/settings")).toEqual(before);
    await kit.shot(page, "backoffice-loyalty-settings-refused");

    await form.getByTestId("set-tierReviewDay").fill("12-01");
    await form.getByTestId("set-expiryReminderDays").fill("14");
    await form.getByTestId("set-birthdayCouponTemplate").selectOption("");
    await form.getByTestId("settings-save").click();
    await page.getByTestId("toast").filter({ hasText: "Saved" }).waitFor();
    const after = await kit.admin<Record<string, string | null>>("/api/admin/loyalty/settings");
    expect(after).toEqual({
      ...before,
      tierReviewDay: "12-01",
      expiryReminderDays: "14",
      birthdayCouponTemplate: null,
    });
    const [entry, ...more] = await audit("loyalty.settings");
    expect(more).toEqual([]);
    expect(entry?.after).toEqual({
      birthdayCouponTemplate: null,
      tierReviewDay: "12-01",
      expiryReminderDays: "14",
    });

    // Saved again unchanged: nothing is sent, nothing audited.
    await form.getByTestId("settings-save").click();
    await page.getByTestId("toast").filter({ hasText: "Nothing changed" }).waitFor();
    expect(await audit("loyalty.settings")).toHaveLength(1);
    await kit.shot(page, "backoffice-loyalty-en");
  });
});
