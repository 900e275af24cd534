/**
 * 分眾 in real Chromium (1440 × 900) against the real server: a segment built row by row in the
 * builder ("金卡以上、近 90 天在台北信義旗艦店消費、沒買過直播") whose live count is the API's
 * preview of the same rule, saved, its members listed and exported; a refusal of the server put
 * on the row it names; the RFM grid recomputed, a group's members and one member's "why"; tags
 * given from a CSV and a rule tag. Each test makes its audience through the API on a server of
 * its own. Screenshots: /tmp/shots/marketing-*.png.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { hasChromium, overflow, textOf } from "./browser";
import { goldStoreRule, marketingSuite, SHOTS } from "./marketing";

const row = (page: Page, index: number) =>
  page.locator(`[data-testid=rule-row][data-index="${index}"]`).first();

/** Picks a field, an op and (for a select) a value in a row of the root group. */
async function condition(page: Page, index: number, field: string, op: string) {
  if (index > 1) await page.getByTestId("add-condition").last().click();
  const r = row(page, index);
  await r.getByTestId("rule-field").selectOption(field);
  await r.getByTestId("rule-op").selectOption(op);
  return r;
}

describe.skipIf(!hasChromium && !process.env.CI)("marketing console: segments (Chromium)", () => {
  const kit = marketingSuite();

  it("builds 金卡以上・近 90 天在台北信義旗艦店消費・沒買過直播 in the builder; the live count is the API's preview; saves it, lists and exports its members", async () => {
    const { taipei, matching } = await kit.audience(10);
    const expected = await kit.preview(goldStoreRule(taipei.id));
    expect(expected.count).toBeGreaterThanOrEqual(matching.length);

    const page = await kit.console();
    await page.getByTestId("nav-segments").click();
    await page.getByRole("heading", { name: "分眾", level: 1 }).waitFor();
    await page.getByTestId("new-segment").click();
    await page.getByRole("heading", { name: "新增名單", level: 1 }).waitFor();

    const tier = await condition(page, 1, "tier", "gte");
    await tier.getByTestId("rule-value").selectOption("gold");
    const bought = await condition(page, 2, "purchases", "gte");
    await bought.getByTestId("rule-value").fill("1");
    await bought.getByTestId("rule-days").fill("90");
    await bought.getByTestId("rule-store").selectOption(taipei.id);
    const live = await condition(page, 3, "liveOrders", "eq");
    await live.getByTestId("rule-value").fill("0");

    const count = page.getByTestId("live-count");
    await count.and(page.locator("[data-state=ready]")).waitFor();
    await expect
      .poll(() => textOf(page.getByTestId("live-count-n")))
      .toBe(expected.count.toLocaleString("en-US"));
    expect(await page.getByTestId("live-sample").getByTestId("member-row").count()).toBe(
      Math.min(10, expected.count),
    );

    // A number field keeps what was typed and says what is wrong; the count waits for it.
    await live.getByTestId("rule-value").fill("零");
    await count.and(page.locator("[data-state=incomplete]")).waitFor();
    expect(await live.getByTestId("rule-value").inputValue()).toBe("零");
    expect(await textOf(live.locator("[data-testid=row-error][data-part=value]"))).toContain("請輸入整數");
    await live.getByTestId("rule-value").fill("0");
    await count.and(page.locator("[data-state=ready]")).waitFor();

    await page.getByTestId("segment-name").fill("金卡以上・近 90 天信義店消費・未買直播");
    await kit.shot(page, "segment-builder");
    await page.getByTestId("save-segment").click();
    await page.getByTestId("toast").filter({ hasText: "已建立名單" }).waitFor();
    await page.getByRole("heading", { name: "金卡以上・近 90 天信義店消費・未買直播", level: 1 }).waitFor();
    const id = decodeURIComponent(new URL(page.url()).hash.replace("#/segments/", ""));
    const saved = await kit.admin<{ rule: unknown; count: number }>(`/api/segments/${id}`);
    expect(saved.rule).toEqual(goldStoreRule(taipei.id));
    expect(saved.count).toBe(expected.count);

    // Its members now, and the same list as a file.
    const members = page.getByTestId("segment-members");
    await members
      .getByTestId("members-count")
      .and(page.locator(`[data-count="${expected.count}"]`))
      .waitFor();
    expect(await members.getByTestId("member-row").count()).toBe(Math.min(50, expected.count));
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      members.getByTestId("members-csv").click(),
    ]);
    const file = `${SHOTS}/segment-members.csv`;
    await download.saveAs(file);
    const csv = readFileSync(file, "utf8");
    for (const m of matching) expect(csv).toContain(m.memberCode);
    await kit.shot(page, "segment-saved", true);

    // The list shows it with its count and its rule in words.
    await page.getByTestId("nav-segments").click();
    const listed = page.locator(`[data-testid=segment-row][data-id="${id}"]`);
    await listed.waitFor();
    expect(await listed.getAttribute("data-count")).toBe(String(expected.count));
    expect(await textOf(listed)).toContain("會員等級 等於或高於 金卡會員");
    expect(await textOf(listed)).toContain("近 90 天");
    await kit.shot(page, "segments-list");
  });

  it("puts the server's refusal on the condition it names (details.field rule.all.1.value), keeping what was typed", async () => {
    const page = await kit.console("/segments/new");
    await page.getByRole("heading", { name: "新增名單", level: 1 }).waitFor();
    const tier = row(page, 1);
    await tier.getByTestId("rule-value").selectOption("gold");
    const months = await condition(page, 2, "points", "gte");
    await months.getByTestId("rule-value").fill("9,999,999,999");
    await page.getByTestId("live-count").and(page.locator("[data-state=refused]")).waitFor();
    const error = months.locator("[data-testid=row-error][data-part=value]");
    expect(await textOf(error)).toContain("1000000000");
    expect(await textOf(error)).not.toContain("rule.all");
    expect(await months.getByTestId("rule-value").getAttribute("aria-invalid")).toBe("true");
    expect(await months.getByTestId("rule-value").inputValue()).toBe("9,999,999,999");
    expect(await row(page, 1).locator("[data-testid=row-error]").count()).toBe(0);
    await kit.shot(page, "segment-refusal");
    // The builder fits a 1024 px screen too.
    await page.setViewportSize({ width: 1024, height: 768 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await kit.shot(page, "segment-refusal-1024");
  });

  it("recomputes the RFM grid; a group's members are the API's preview of rfmGroup eq it; a member's why shows the scores behind it", async () => {
    await kit.audience(6);
    const page = await kit.console("/segments/rfm");
    await page.getByTestId("rfm-panel").waitFor();
    await page.getByTestId("rfm-recompute").click();
    await page.getByTestId("toast").filter({ hasText: "已重新計算" }).waitFor();
    const grid = await kit.admin<{
      cells: Array<{ r: number; fm: number; group: string; size: number }>;
      groups: Array<{ code: string; size: number }>;
    }>("/api/marketing/rfm");
    const biggest = [...grid.groups].sort((a, b) => b.size - a.size)[0];
    if (!biggest) throw new Error("no RFM groups");
    for (const c of grid.cells.filter((x) => x.size > 0))
      expect(
        await page
          .locator(`[data-testid=rfm-cell][data-r="${c.r}"][data-fm="${c.fm}"]`)
          .getAttribute("data-size"),
      ).toBe(String(c.size));
    await page.locator(`[data-testid=rfm-group][data-code="${biggest.code}"]`).click();
    const members = page.locator(`[data-testid=rfm-members][data-code="${biggest.code}"]`);
    const expected = await kit.preview({ all: [{ field: "rfmGroup", op: "eq", value: biggest.code }] });
    expect(expected.count).toBe(biggest.size);
    await members
      .getByTestId("rfm-members-count")
      .and(page.locator(`[data-count="${expected.count}"]`))
      .waitFor();
    await kit.shot(page, "rfm");

    const first = members.getByTestId("member-row").first();
    const memberId = await first.getAttribute("data-member-id");
    await first.getByTestId("rfm-why").click();
    const why = page.getByTestId("why-dialog");
    await why.getByTestId("why-r").waitFor();
    const scores = await kit.admin<{ values: { recencyDays: number; frequency: number } }>(
      `/api/marketing/members/${memberId}/rfm`,
    );
    expect(await textOf(why.getByTestId("why-r"))).toBe(
      scores.values.recencyDays === 0 ? "0 天前" : `${scores.values.recencyDays} 天前`,
    );
    expect(await textOf(why.getByTestId("why-f"))).toBe(`${scores.values.frequency} 次`);
    await kit.shot(page, "rfm-why");
    await page.keyboard.press("Escape");
    await why.waitFor({ state: "hidden" });
  });

  it("tags members from a CSV of member codes (the counts that come back) and keeps a rule tag", async () => {
    const { matching, regular } = await kit.audience(3);
    const page = await kit.console("/segments/tags");
    await page.getByTestId("tags-panel").waitFor();
    await page.getByTestId("bulk-tag").fill("雙11名單");
    const codes = [
      "memberCode",
      ...matching.map((m) => m.memberCode),
      matching[0]?.memberCode,
      "0000000000000000",
    ];
    await page.getByTestId("bulk-text").fill(codes.join("\n"));
    await page.getByTestId("bulk-send").click();
    const result = page.getByTestId("bulk-result");
    await result.waitFor();
    expect(await result.getAttribute("data-added")).toBe(String(matching.length));
    expect(await result.getAttribute("data-unknown")).toBe("1");
    await page
      .locator('[data-testid=tag-row][data-tag="雙11名單"]')
      .and(page.locator(`[data-members="${matching.length}"]`))
      .waitFor();

    await page.getByTestId("new-tag-rule").click();
    await page.getByTestId("tag-rule-tag").fill("高消費");
    const r = row(page, 1);
    await r.getByTestId("rule-op").selectOption("gte");
    await r.getByTestId("rule-value").fill("10,000");
    await page.getByTestId("live-count").and(page.locator("[data-state=ready]")).waitFor();
    await page.getByTestId("save-tag-rule").click();
    await page.getByTestId("toast").filter({ hasText: "已建立規則標籤" }).waitFor();
    const { rules } = await kit.admin<{ rules: Array<{ tag: string; rule: unknown; lastCount: number }> }>(
      "/api/marketing/tag-rules",
    );
    const made = rules.find((x) => x.tag === "高消費");
    expect(made).toMatchObject({ rule: { all: [{ field: "spend", op: "gte", value: 10000 }] } });
    expect(made?.lastCount).toBeGreaterThanOrEqual(matching.length);
    expect(regular.memberCode).toBeTruthy();
    await page.locator("a.crumb").click();
    await page.locator('[data-testid=tag-row][data-tag="高消費"]').waitFor();
    await kit.shot(page, "tags");
  });

  it("an agent's console token sees no marketing sections, and a marketing page says it needs the admin token", async () => {
    const { id } = await kit.admin<{ id: string }>("/api/admin/staff", {
      code: "A019",
      name: "陳怡君",
      role: "agent",
    });
    const { token } = await kit.admin<{ token: string }>(`/api/admin/agents/${id}/tokens`, {});
    const page = await kit.console(undefined, { token });
    await page.getByTestId("nav-inbox").waitFor();
    for (const nav of ["nav-segments", "nav-broadcasts", "nav-reports"])
      expect(await page.getByTestId(nav).count()).toBe(0);
    await page.goto(`${kit.suite.server.url}/console/#/segments`);
    await page.getByTestId("admin-only").getByRole("heading", { name: "這一頁需要管理權杖" }).waitFor();
    expect(await textOf(page.getByTestId("admin-only"))).toContain("分眾、群發與報表");
  });
});
