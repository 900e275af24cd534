/**
 * 群發 in real Chromium (1440 × 900) against the real server and its LINE emulator: a Flex message
 * with a coupon composed for a saved segment with a 10 % holdout (the JSON checked as it is
 * typed, the LINE preview drawing the card), the draft's cost against the month's quota, sent,
 * the progress bar followed to 100 %, the results beside the holdout; a send over the month's
 * quota confirmed a second time; a scheduled send held back when due for want of quota. Each test makes its audience, segment, coupon template and
 * quota through the API on a server of its own. Screenshots: /tmp/shots/marketing-*.png.
 */
import { describe, expect, it } from "vitest";
import { hasChromium, textOf } from "./browser";
import { goldStoreRule, marketingSuite } from "./marketing";

interface View {
  id: string;
  state: string;
  eligible: number;
  recipients: number;
  holdout: number;
  countedMessages: number;
  sent: number;
  messages: Array<Record<string, unknown>>;
}

describe.skipIf(!hasChromium && !process.env.CI)("marketing console: broadcasts (Chromium)", () => {
  const kit = marketingSuite();

  /** The audience, its segment and a coupon template of this test's own. */
  async function setUp() {
    const world = await kit.audience(10);
    const segment = await kit.admin<{ id: string; name: string }>("/api/segments", {
      name: "金卡以上・信義店・未買直播",
      rule: goldStoreRule(world.taipei.id),
    });
    const coupon = await kit.admin<{ id: string; name: string }>("/api/admin/coupon-templates", {
      name: "雙11 NT$200 折價券",
      kind: "amount",
      value: 200,
      minSpend: 1500,
      validDays: 14,
    });
    return { ...world, segment, coupon };
  }

  it("composes a Flex message with a coupon for a segment, 10 % held out; shows the cost and quota; sends it and follows the progress to 100 %; opens the results", async () => {
    const { segment, coupon, taipei } = await setUp();
    // Who a broadcast to the segment reaches: its members who follow the OA and accept marketing.
    const { count: eligible } = await kit.preview({
      all: [
        goldStoreRule(taipei.id),
        { field: "following", op: "eq", value: true },
        { field: "marketingConsent", op: "eq", value: true },
      ],
    });
    const holdout = Math.round(eligible / 10);
    await kit.quota(1000, 120);
    const page = await kit.console();
    await page.getByTestId("nav-broadcasts").click();
    await page.getByRole("heading", { name: "群發", level: 1 }).waitFor();
    await page.getByTestId("new-broadcast").click();
    await page.getByRole("heading", { name: "新增群發", level: 1 }).waitFor();

    await page.getByTestId("b-name").fill("雙11 金卡會員限定");
    await page.getByTestId("b-segment").selectOption(segment.id);
    const card = page.locator("[data-testid=message-card][data-index='0']");
    await card.locator("[data-testid=message-kind][data-value=flex]").click();
    await card.getByTestId("message-alt").fill("雙11 金卡會員限定 85 折");
    const json = card.getByTestId("message-json");
    // A stray comma: said with its line, the text left as typed.
    const template = await json.inputValue();
    const broken = template.replace('"weight": "bold",', '"weight": "bold",,');
    await json.fill(broken);
    const status = card.getByTestId("json-status");
    await status.and(page.locator("[data-ok=false]")).waitFor();
    expect(await textOf(status)).toMatch(/JSON 格式錯誤（第 \d+ 行第 \d+ 字）/);
    expect(await json.inputValue()).toBe(broken);
    await json.fill(template);
    await status.and(page.locator("[data-ok=true]")).waitFor();
    await page.getByTestId("b-coupon").selectOption(coupon.id);
    expect(await page.getByTestId("b-holdout").inputValue()).toBe("10");
    const preview = page.getByTestId("line-preview");
    await preview.locator("[data-kind=flex] [data-testid=flex-card]").waitFor();
    expect(await textOf(preview.locator("[data-kind=coupon]"))).toContain(coupon.name);
    await kit.shot(page, "broadcast-compose", true);

    await page.getByTestId("create-broadcast").click();
    await page.getByTestId("toast").filter({ hasText: "已建立草稿" }).waitFor();
    await page.getByTestId("cost-card").waitFor();
    const id = decodeURIComponent(new URL(page.url()).hash.replace("#/broadcasts/", ""));
    const draft = await kit.admin<View>(`/api/broadcasts/${id}`);
    expect(draft).toMatchObject({ state: "draft", eligible, holdout, recipients: eligible - holdout });
    expect(draft.messages[0]).toMatchObject({ type: "flex", altText: "雙11 金卡會員限定 85 折" });
    expect(await textOf(page.getByTestId("cost-recipients"))).toBe(String(draft.recipients));
    expect(await textOf(page.getByTestId("cost-counted"))).toBe(String(draft.countedMessages));
    expect(await textOf(page.getByTestId("quota-remaining"))).toBe("880");
    expect(await textOf(page.getByTestId("quota-after"))).toBe(String(880 - draft.countedMessages));
    await kit.shot(page, "broadcast-draft", true);

    await page.getByTestId("send-broadcast").click();
    await page.getByTestId("confirm-dialog").getByText(`將傳給 ${draft.recipients} 位會員`).waitFor();
    await page.getByTestId("confirm-ok").click();
    const bar = page.getByTestId("progress-bar");
    await bar.waitFor();
    await page.locator("[data-testid=progress-bar][aria-valuenow='100']").waitFor();
    await page.locator("[data-testid=b-state][data-state=sent]").waitFor();
    expect(await textOf(page.getByTestId("progress-failed"))).toBe("0");
    const sent = await kit.admin<View>(`/api/broadcasts/${id}`);
    expect(sent).toMatchObject({ state: "sent", sent: draft.recipients });
    await kit.shot(page, "broadcast-sent", true);

    // The results: recipients against the holdout, the same numbers as the API's.
    const results = page.getByTestId("results-card");
    await results.getByTestId("results-table").waitFor();
    const api = await kit.admin<{
      recipients: { members: number };
      holdout: { members: number };
      window: { open: boolean };
    }>(`/api/broadcasts/${id}/results`);
    expect(await textOf(results.getByTestId("r-recipients-members"))).toBe(String(api.recipients.members));
    expect(await textOf(results.getByTestId("r-holdout-members"))).toBe(String(api.holdout.members));
    expect(await results.getByTestId("window").getAttribute("data-open")).toBe(String(api.window.open));

    // The list shows it sent, with its figures.
    await page.locator("a.crumb").click();
    const row = page.locator(`[data-testid=broadcast-row][data-id="${id}"]`);
    await row.and(page.locator("[data-state=sent]")).waitFor();
    expect(await textOf(row)).toContain(`${draft.recipients} / ${draft.recipients}`);
    await kit.shot(page, "broadcasts-list");
  });

  it("asks a second time before a send over the month's quota, then sends", async () => {
    const { segment } = await setUp();
    await kit.quota(5, 0);
    const draft = await kit.admin<View>("/api/broadcasts", {
      name: "額度不足的群發",
      segmentId: segment.id,
      messages: [{ type: "text", text: "{displayName} 您好，雙11 會員日快樂！" }],
      holdoutPercent: 10,
    });
    const page = await kit.console(`/broadcasts/${draft.id}`);
    await page.getByTestId("cost-card").waitFor();
    await page.getByTestId("send-broadcast").click();
    await page.getByTestId("confirm-ok").click();
    const dialog = page.getByTestId("confirm-dialog");
    await dialog.getByText("超過本月額度，仍要送出？").waitFor();
    expect(await textOf(dialog)).toContain(`需要 ${draft.recipients} 則，本月只剩 5 則`);
    // The refusal's figures are now on the page too.
    expect(await textOf(page.getByTestId("quota-remaining"))).toBe("5");
    expect(await textOf(page.getByTestId("quota-after"))).toBe(String(5 - draft.recipients));
    await kit.shot(page, "broadcast-over-quota");
    await page.getByTestId("confirm-ok").click();
    await page.locator("[data-testid=b-state][data-state=sent]").waitFor();
    const view = await kit.admin<View & { overQuotaConfirmedAt: string | null }>(
      `/api/broadcasts/${draft.id}`,
    );
    expect(view.overQuotaConfirmedAt).not.toBeNull();
  });

  it("a scheduled send that the month can no longer pay for when due comes back as a draft that says why", async () => {
    const { segment } = await setUp();
    await kit.quota(100, 0);
    const s = kit.suite.server;
    const due = new Date(s.clock.now().getTime() + 2 * 3_600_000);
    const draft = await kit.admin<View>("/api/broadcasts", {
      name: "午間排程",
      segmentId: segment.id,
      messages: [{ type: "text", text: "午間限定：會員滿千折百" }],
      holdoutPercent: 0,
      scheduledAt: due.toISOString(),
    });
    expect(await kit.admin<View>(`/api/broadcasts/${draft.id}/send`, {})).toMatchObject({
      state: "scheduled",
    });
    await kit.quota(100, 97);
    s.clock.set(due.toISOString());
    await s.app.sweep();
    const page = await kit.console(`/broadcasts/${draft.id}`);
    const held = page.getByTestId("held-back");
    await held.waitFor();
    expect(await textOf(held)).toContain(`本月額度只剩 3 則，此群發需 ${draft.recipients} 則`);
    expect(await page.locator("[data-testid=b-state]").getAttribute("data-state")).toBe("draft");
    await kit.shot(page, "broadcast-held-back");
    // Sending it again asks about the quota first.
    await page.getByTestId("send-broadcast").click();
    await page.getByTestId("confirm-ok").click();
    await page.locator("[data-testid=confirm-dialog][open]").getByText("超過本月額度，仍要送出？").waitFor();
  });
});
