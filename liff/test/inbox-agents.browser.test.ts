/**
 * The console's agents in real Chromium (desktop) against the real server: the admin hands a
 * waiting conversation to a named agent with the picker; an agent signs in with their own console
 * token (named in the top bar), takes the conversation, sends a suggestion as is, hands it back
 * and closes it; English at 1024 px. Each test has a server of its own and makes its agents and
 * conversation through the API. Screenshots: test-results/screenshots/inbox-*.png.
 */
import { describe, expect, it } from "vitest";
import { chatLog } from "../../worker/test/line-helpers";
import { hasChromium, overflow } from "./browser";
import { inboxSuite, item, toast } from "./inbox";

describe.skipIf(!hasChromium && !process.env.CI)("support console: agents (Chromium)", () => {
  const inbox = inboxSuite();
  const { suite, shot, admin } = inbox;

  it("hands the conversation to a named agent with the picker; the thread and the list name her", async () => {
    const { meiling } = await inbox.agents();
    const { conversationId } = await inbox.waiting();
    const page = await inbox.console(`/inbox/${conversationId}`);
    const picker = page.getByTestId("assign-picker");
    await page.locator(`[data-testid=thread][data-id="${conversationId}"]`).waitFor();
    expect(await picker.inputValue()).toBe("");
    // Nobody, then the active agents by staff code (the demo's A001 first).
    await expect
      .poll(() => picker.locator("option").allTextContents())
      .toEqual(["未指派", "林愛美 Amy", "陳怡君", "張美玲"]);
    await picker.selectOption({ label: "張美玲" });
    await toast(page, "已指派給 張美玲").waitFor();
    await page.locator(`[data-testid=thread][data-assigned-to="${meiling}"]`).waitFor();
    expect(await picker.inputValue()).toBe(meiling);
    await item(page, conversationId)
      .and(page.locator(`[data-assigned-to="${meiling}"]`))
      .waitFor();
    expect(await item(page, conversationId).getByTestId("conversation-assignee").textContent()).toBe(
      "張美玲",
    );
    const { conversations } = await admin<{ conversations: Array<{ id: string }> }>(
      `/api/inbox/conversations?assignedTo=${meiling}`,
    );
    expect(conversations.map((c) => c.id)).toEqual([conversationId]);
    await shot(page, "assigned");
  });

  it("tags the conversation's member from the panel beside it, and takes the tag off again", async () => {
    const { conversationId } = await inbox.waiting();
    const page = await inbox.console(`/inbox/${conversationId}`);
    const panel = page.getByTestId("member-panel");
    await panel.waitFor();
    await panel.getByTestId("member-tag-input").fill("想要新品通知");
    await panel.getByTestId("member-tag-add").click();
    await toast(page, "已加上標籤「想要新品通知」").waitFor();
    await panel.getByTestId("member-tag").filter({ hasText: "想要新品通知" }).waitFor();
    await shot(page, "member-tags");
    // Where it came from is recorded: the admin token here (an agent's token records agent:<staffId>).
    const { tags } = await admin<{ tags: Array<{ tag: string; members: number; sources: unknown[] }> }>(
      "/api/marketing/tags",
    );
    expect(tags.find((x) => x.tag === "想要新品通知")).toEqual({
      tag: "想要新品通知",
      members: 1,
      sources: [{ source: "admin", members: 1 }],
    });
    await panel
      .getByTestId("member-tag")
      .filter({ hasText: "想要新品通知" })
      .getByTestId("member-untag")
      .click();
    await toast(page, "已移除標籤「想要新品通知」").waitFor();
    await expect.poll(() => panel.getByTestId("member-tag").count()).toBe(0);
  });

  it("signs an agent in with their own console token: named in the top bar, takes the conversation, sends a suggestion as is, hands it back, closes", async () => {
    const s = suite.server;
    await inbox.faq();
    const { yijun, meiling } = await inbox.agents();
    const { friend, conversationId } = await inbox.waiting();
    // The admin answered and handed the conversation to 張美玲.
    await inbox.suggestions(conversationId);
    await admin(`/api/inbox/conversations/${conversationId}/messages`, { text: "您好，我們幫您確認一下。" });
    await admin(`/api/inbox/conversations/${conversationId}/assign`, { staffId: meiling });
    await s.settle();

    const { token } = await admin<{ token: string }>(`/api/admin/agents/${yijun}/tokens`, {});
    const agent = await inbox.tab();
    await agent.goto(`${s.url}/console/`);
    await agent.getByTestId("token-input").fill(token);
    await agent.getByTestId("sign-in").click();
    await agent.getByRole("heading", { name: "客服收件匣", level: 1 }).waitFor();
    expect(await agent.getByTestId("nav-live").count()).toBe(0);
    expect(await agent.getByTestId("nav-keywords").count()).toBe(0);
    const who = agent.getByTestId("signed-in-as");
    await who.and(agent.locator("[data-kind=agent]")).waitFor();
    expect(await who.getByTestId("signed-in-name").textContent()).toBe("陳怡君");
    expect(await who.textContent()).toContain("客服 · A009");

    // 張美玲 has it; 陳怡君 takes it with one click.
    const row = item(agent, conversationId);
    expect(await row.getByTestId("conversation-assignee").textContent()).toBe("張美玲");
    await row.click();
    const picker = agent.getByTestId("assign-picker");
    await expect.poll(() => picker.inputValue()).toBe(meiling);
    await agent.getByTestId("assign-me").click();
    await toast(agent, "已指派給你").waitFor();
    await agent.locator(`[data-testid=thread][data-assigned-to="${yijun}"]`).waitFor();
    expect(await picker.locator("option:checked").textContent()).toBe("陳怡君（我）");
    expect(await agent.getByTestId("assign-me").count()).toBe(0);
    // The list refreshes on its own beat after the thread: wait for the row to say so.
    await expect.poll(() => row.getByTestId("conversation-assignee").textContent()).toBe("陳怡君（我）");
    await agent.locator("[data-testid=assignee-filter][data-value=me]").click();
    await row.waitFor();
    expect(await agent.getByTestId("conversation-item").count()).toBe(1);

    // Fresh suggestions for the friend's question; one sent as is reaches the friend unchanged
    // (and the other, left unused, counts as ignored).
    const before = (await chatLog(s.t, friend)).length;
    await agent.getByTestId("regenerate").click();
    await toast(agent, "已重新產生建議").waitFor();
    await agent.getByTestId("suggestion").first().waitFor();
    expect(await agent.getByTestId("suggestion").count()).toBeGreaterThanOrEqual(2);
    const first = agent.getByTestId("suggestion").first();
    const text = (await first.getByTestId("suggestion-text").textContent()) ?? "";
    expect(text.length).toBeGreaterThan(0);
    // Escape puts a half-started rejection away.
    await first.getByTestId("reject-suggestion").click();
    // (focus moved to the first reason when the form opened)
    await expect
      .poll(() => agent.evaluate(() => document.activeElement?.getAttribute("data-testid")))
      .toBe("reject-reason");
    await agent.keyboard.press("Escape");
    await first.getByTestId("reject-form").waitFor({ state: "detached" });
    await first.getByTestId("accept-suggestion").click();
    await toast(agent, "已送出").waitFor();
    await s.settle();
    const sent = (await chatLog(s.t, friend)).slice(before).filter((e) => e.direction === "out");
    expect(sent.map((e) => e.message)).toEqual([{ type: "text", text }]);
    const reply = agent.locator(`[data-testid=message][data-sender="agent:${yijun}"]`);
    await reply.waitFor();
    expect(await reply.getByTestId("message-sender").textContent()).toBe("客服 陳怡君（我）A009");
    // The admin's reply above it is named too.
    expect(
      await agent
        .locator("[data-testid=message][data-sender='agent:admin']")
        .getByTestId("message-sender")
        .textContent(),
    ).toBe("管理員");

    // An agent hands it on with the same picker: out of "mine".
    await picker.selectOption({ label: "張美玲" });
    await toast(agent, "已指派給 張美玲").waitFor();
    await agent.getByTestId("no-conversations").waitFor();
    await agent.getByTestId("close-conversation").click();
    await agent.locator(`[data-testid=thread][data-status=closed][data-assigned-to="${meiling}"]`).waitFor();
    await shot(agent, "agent");

    // Admin-only pages say so instead of failing.
    await agent.goto(`${s.url}/console/#/keywords`);
    await agent.getByTestId("admin-only").waitFor();
  });

  it("fits 1024 px in English", async () => {
    const { conversationId } = await inbox.waiting();
    await inbox.suggestions(conversationId);
    await admin(`/api/inbox/conversations/${conversationId}/status`, { status: "closed" });
    const page = await inbox.console();
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.getByTestId("lang-switch").click();
    await page.getByTestId("nav-inbox").click();
    await page.locator("[data-testid=status-filter][data-value=all]").click();
    await item(page, conversationId).click();
    await page.locator(`[data-testid=thread][data-id="${conversationId}"][data-status=closed]`).waitFor();
    await page.getByRole("heading", { name: "Suggested replies" }).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "en-1024");
    await page.getByTestId("reopen-conversation").click();
    await page.locator(`[data-testid=thread][data-status=open]`).waitFor();

    await page.getByTestId("nav-keywords").click();
    await page.getByTestId("rule-row").first().waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "keywords-en-1024");
  });
});
