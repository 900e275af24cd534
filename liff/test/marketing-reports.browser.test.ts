/**
 * 報表 in real Chromium (1440 × 900) against the real server: each OMO report's tab draws its
 * charts (Chart.js canvases) and puts the same numbers in tables, which match the API's answer
 * for the same range; the presets move the range; the CSV is the API's; the English page says
 * it in English. Each test makes its purchases and bindings through the API on a server of its
 * own. Screenshots: /tmp/shots/marketing-report-*.png.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { REPORT_TABS } from "../src/console/marketing/routes";
import { hasChromium, overflow, textOf } from "./browser";
import { marketingSuite, SHOTS } from "./marketing";

interface Range {
  range: { from: string; to: string };
}
type Revenue = Range & {
  totals: { revenue: number; orders: number; byChannel: Record<"store" | "online" | "live", number> };
  series: Array<{ bucket: string; byChannel: Record<string, number> }>;
  byStaff: Array<{ staffName: string | null; referred: number; revenue: number }>;
};

const report = (page: Page, tab: string) => page.locator(`[data-testid=report][data-tab=${tab}]`);
const kpi = (page: Page, key: string) => page.locator(`[data-testid=kpi][data-key=${key}]`);
/** A total in a table's foot (`data-key`). */
const total = (page: Page, table: string, key: string) =>
  page.locator(`[data-testid=report-table][data-table-id=${table}] tfoot td[data-key=${key}]`);

describe.skipIf(!hasChromium && !process.env.CI)("marketing console: reports (Chromium)", () => {
  const kit = marketingSuite();

  it("draws each report with charts and tables whose numbers are the API's; revenue by channel, store and staff (門市推薦人); presets move the range; CSV", async () => {
    await kit.audience(4);
    const page = await kit.console();
    await page.getByTestId("nav-reports").click();
    await page.getByRole("heading", { name: "報表", level: 1 }).waitFor();
    await report(page, "members").waitFor();
    const members = await kit.admin<Range & { totals: { bound: number; buyers: number } }>(
      "/api/reports/members",
    );
    expect(await report(page, "members").getAttribute("data-from")).toBe(members.range.from);
    expect(await kpi(page, "bound").getAttribute("data-value")).toBe(String(members.totals.bound));
    expect(await kpi(page, "buyers").getAttribute("data-value")).toBe(String(members.totals.buyers));
    expect(await page.getByTestId("chart-canvas").count()).toBe(2);
    await kit.shot(page, "report-members", true);

    await page.locator("[data-testid=report-tab][data-tab=revenue]").click();
    await report(page, "revenue").waitFor();
    const revenue = await kit.admin<Revenue>("/api/reports/revenue");
    expect(await kpi(page, "revenue").getAttribute("data-value")).toBe(String(revenue.totals.revenue));
    expect(await textOf(kpi(page, "revenue").locator("dd"))).toBe(
      `NT$${revenue.totals.revenue.toLocaleString("en-US")}`,
    );
    for (const c of ["store", "online", "live"] as const) {
      expect(await total(page, "channels-table", c).getAttribute("data-value")).toBe(
        String(revenue.totals.byChannel[c]),
      );
    }
    const staffRows = page.locator(
      "[data-testid=report-table][data-table-id=by-staff] [data-testid=report-row]",
    );
    expect(await staffRows.count()).toBe(revenue.byStaff.length);
    const top = revenue.byStaff[0];
    if (top) {
      expect(await textOf(staffRows.first().locator("th"))).toBe(top.staffName ?? "未歸屬");
      expect(await staffRows.first().locator("td[data-key=revenue]").getAttribute("data-value")).toBe(
        String(top.revenue),
      );
    }
    await kit.shot(page, "report-revenue", true);

    // 近 90 天: by week, the range ending where the server's today is.
    await page.locator("[data-testid=r-preset][data-days='90']").click();
    const to = revenue.range.to;
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10);
    await report(page, "revenue")
      .and(page.locator(`[data-from="${from}"]`))
      .waitFor();
    expect(await page.getByTestId("r-granularity").inputValue()).toBe("week");
    const quarter = await kit.admin<Revenue>(`/api/reports/revenue?from=${from}&to=${to}&granularity=week`);
    await kpi(page, "revenue")
      .and(page.locator(`[data-value="${quarter.totals.revenue}"]`))
      .waitFor();
    const weeks = page.locator(
      "[data-testid=report-table][data-table-id=channels-table] tbody [data-testid=report-row]",
    );
    expect(await weeks.count()).toBe(quarter.series.length);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("r-csv").click()]);
    await download.saveAs(`${SHOTS}/report-revenue.csv`);
    const csv = readFileSync(`${SHOTS}/report-revenue.csv`, "utf8");
    expect(csv).toContain("section");
    expect(csv).toContain(String(quarter.totals.revenue));

    // From after to: said by the dates, and nothing is asked.
    await page.getByTestId("r-from").fill("2026-12-31");
    await page.getByTestId("r-range-error").waitFor();
    expect(await page.getByTestId("r-from").getAttribute("aria-invalid")).toBe("true");
    await page.locator("[data-testid=r-preset][data-days='30']").click();
    await page.getByTestId("r-range-error").waitFor({ state: "detached" });

    for (const tab of REPORT_TABS.filter((t) => t !== "members" && t !== "revenue")) {
      await page.locator(`[data-testid=report-tab][data-tab=${tab}]`).click();
      await report(page, tab).waitFor();
      expect(await page.getByTestId("chart-canvas").count(), tab).toBeGreaterThan(0);
      await kit.shot(page, `report-${tab}`, true);
    }
    // The points tab (last shown for 近 30 天) says what the API says for that range.
    const from30 = new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    const points = await kit.admin<{ totals: { earned: number }; liability: { closing: number } }>(
      `/api/reports/points?from=${from30}&to=${to}&granularity=day`,
    );
    await page.locator("[data-testid=report-tab][data-tab=points]").click();
    await kpi(page, "earned")
      .and(page.locator(`[data-value="${points.totals.earned}"]`))
      .waitFor();
    expect(await kpi(page, "liability").getAttribute("data-value")).toBe(String(points.liability.closing));
  });

  it("speaks English after the switch: tabs, figures and tooltips in English with NT$", async () => {
    await kit.audience(2);
    const page = await kit.console("/reports/revenue");
    await report(page, "revenue").waitFor();
    await page.getByTestId("lang-switch").click();
    await page.getByRole("heading", { name: "Reports", level: 1 }).waitFor();
    expect(await textOf(page.locator("[data-testid=report-tab][data-tab=revenue]"))).toBe("Revenue");
    expect(await textOf(kpi(page, "revenue").locator("dt"))).toBe("Revenue (net)");
    const canvas = page.locator("[data-chart-id=channels] canvas");
    const box = await canvas.boundingBox();
    if (!box) throw new Error("no chart");
    await page.mouse.move(box.x + box.width - 40, box.y + box.height / 2);
    await kit.shot(page, "report-revenue-en", true);
    // Nine sections in the top bar, in English: it still fits 1440 px, and 1024 px.
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1024, height: 768 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await kit.shot(page, "report-revenue-en-1024");
  });
});
