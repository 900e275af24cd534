/**
 * The console's inbox and its reply suggestions in real Chromium (desktop) against the real
 * server: a simulated LINE friend whom no rule answers waits, with the member beside the
 * conversation and retrieval suggestions prepared by the sweep; the admin rejects one with a
 * reason, edits another and sends it (the friend receives exactly the edited text); the metrics
 * page counts rejected and ignored apart. Each test has a server of its own and makes its FAQ
 * entry, rule, member and conversation through the API. Screenshots: test-results/screenshots/inbox-*.png.
 */
import { describe, expect, it } from "vitest";
import { chatLog } from "../../worker/test/line-helpers";
import { hasChromium } from "./browser";
import { inboxSuite, item, QUESTION, suggestion, toast } from "./inbox";

describe.skipIf(!hasChromium && !process.env.CI)("support console: inbox and suggestions (Chromium)", () => {
  const inbox = inboxSuite();
  const { suite, shot, admin } = inbox;
  const EDITABLE = "可以！結帳時選擇「門市取貨」";
  const OFF = "代取請提供訂單編號";

  /** 林小安, bound at 台北信義 by 王小明, with two store purchases (gold tier). */
  const goldMember = async () => {
    const s = suite.server;
    const friend = await s.friend("林小安");
    const taipei = await s.store("TPE01");
    const link = await admin<{ token: string }>("/api/admin/binding-links", {
      storeId: taipei.id,
      staffId: taipei.staff.find((x) => x.code === "S001")?.id,
    });
    const member = { authorization: `Bearer ${await s.idToken(friend)}`, "content-type": "application/json" };
    const bound = await fetch(`${s.url}/api/bind`, {
      method: "POST",
      headers: member,
      body: JSON.stringify({ token: link.token, consent: true }),
    });
    expect(bound.status).toBe(200);
    const { memberCode } = await s.memberOf(friend);
    const { key } = await admin<{ key: string }>(`/api/admin/stores/${taipei.id}/pos-keys`, {});
    for (const [externalId, total] of [
      ["T-9001", 12_800],
      ["T-9002", 1_680],
    ] as const) {
      const res = await fetch(`${s.url}/api/pos/transactions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ externalId, memberCode, total }),
      });
      expect(res.status, externalId).toBeLessThan(300);
    }
    return { friend, memberCode };
  };

  it("shows a friend's conversation waiting, with the member beside it, and prepares suggestions in the background", async () => {
    const s = suite.server;
    await inbox.faq();
    await inbox.rule();
    const { friend, memberCode } = await goldMember();
    await s.say(friend, "ＡＢＣ會員日有什麼優惠"); // the new rule answers and tags the member
    await s.say(friend, "營業時間？"); // the demo rule answers
    await s.say(friend, QUESTION); // nothing answers: waiting (and the acknowledgement follows)
    // Both rules answered with free replies.
    const replies = (await chatLog(s.t, friend)).filter((e) => e.direction === "out").slice(-3);
    expect(replies.map((e) => e.via)).toEqual(["reply", "reply", "reply"]);

    const page = await inbox.console();
    await page.getByTestId("nav-inbox").click();
    await page.getByRole("heading", { name: "客服收件匣", level: 1 }).waitFor();
    const waiting = page.locator("[data-testid=conversation-item][data-status=waiting]").filter({
      hasText: "林小安",
    });
    await waiting.waitFor();
    const conversationId = (await waiting.getAttribute("data-id")) ?? "";
    expect(await waiting.getByTestId("waiting-for").textContent()).toBe("等候 4 分鐘");
    // The preview is what the friend asked, not the acknowledgement sent after it.
    expect(await waiting.getByTestId("conversation-preview").textContent()).toBe(QUESTION);
    expect(await waiting.getByTestId("conversation-assignee").count()).toBe(0);
    expect(await page.getByTestId("waiting-badge").textContent()).toContain("1");
    await shot(page, "list");

    await item(page, conversationId).click();
    const thread = page.locator(`[data-testid=thread][data-id="${conversationId}"]`);
    await thread.waitFor();
    expect(page.url()).toContain(`#/inbox/${conversationId}`);
    // Who sent what: the customer, the keyword rules, the acknowledgement.
    const messages = page.getByTestId("message");
    await expect.poll(() => messages.count()).toBe(6);
    expect(await messages.nth(1).getAttribute("data-sender")).toBe("keywords");
    expect(await messages.nth(1).textContent()).toContain("林小安 您好！ABC 會員日全館 85 折");
    expect(await messages.nth(1).textContent()).toContain("會員卡"); // its quick reply
    expect(await messages.nth(5).getAttribute("data-sender")).toBe("acknowledge");
    expect(await messages.nth(4).getAttribute("data-direction")).toBe("in");
    // The member beside it.
    const panel = page.getByTestId("member-panel");
    expect(await panel.getByTestId("member-code").textContent()).toBe(memberCode);
    expect(await panel.getByTestId("member-store").textContent()).toContain("信義");
    expect(await panel.getByTestId("member-referrer").textContent()).toBe("王小明");
    expect(await panel.getByTestId("member-tier").textContent()).toContain("金卡");
    expect(await panel.getByTestId("member-tag").allTextContents()).toEqual(["會員日"]);
    expect(await panel.getByTestId("member-purchase").count()).toBe(2);
    // Not prepared yet (tests have no timers): it says so, and keeps polling.
    await page.getByTestId("suggestions-preparing").filter({ hasText: "準備建議中" }).waitFor();
    await shot(page, "preparing");

    await s.app.sweep();
    await suggestion(page, EDITABLE).waitFor();
    expect(await page.getByTestId("suggestion").count()).toBeGreaterThanOrEqual(2);
    const ours = suggestion(page, OFF);
    expect(await ours.getAttribute("data-source")).toBe("retrieval");
    expect(await ours.getByTestId("suggestion-ref").textContent()).toBe("常見問題：到店自取要帶什麼？");
    expect(await ours.getByTestId("suggestion-score").textContent()).toMatch(/^相關度 \d+\.\d\d$/);
    // The selection survived the polls.
    expect(await item(page, conversationId).getAttribute("aria-current")).toBe("true");
    await shot(page, "thread");
  });

  it("rejects one suggestion with a reason, edits another and sends it: the friend receives exactly the edited text", async () => {
    const s = suite.server;
    await inbox.faq();
    const { friend, conversationId } = await inbox.waiting();
    await inbox.suggestions(conversationId);
    const page = await inbox.console(`/inbox/${conversationId}`);
    await suggestion(page, EDITABLE).waitFor();
    const before = (await chatLog(s.t, friend)).length;
    const off = suggestion(page, OFF);
    await off.getByTestId("reject-suggestion").click();
    await off.getByTestId("reject-confirm").click(); // no reason yet: asked for one
    await off.getByText("請選擇或輸入退回原因").waitFor();
    await off.getByTestId("reject-reason").filter({ hasText: "答非所問" }).click();
    await off.getByTestId("reject-confirm").click();
    await toast(page, "已退回建議").waitFor();
    await off.waitFor({ state: "detached" });

    const good = suggestion(page, EDITABLE);
    const originalText = (await good.getByTestId("suggestion-text").textContent()) ?? "";
    await good.getByTestId("edit-suggestion").click();
    const composer = page.getByTestId("composer-text");
    await expect.poll(() => composer.inputValue()).toBe(originalText);
    await page.getByTestId("editing-banner").waitFor();
    const editedText = `林小安您好！${originalText} 有其他問題歡迎再問我們 😊`;
    await composer.fill(editedText);
    await shot(page, "editing");
    // Four and a half minutes after the question.
    s.clock.advance(270_000);
    await page.getByTestId("composer-send").click();
    await toast(page, "已送出（推播）").waitFor();
    await s.settle();

    const log = await chatLog(s.t, friend);
    const sent = log.slice(before).filter((e) => e.direction === "out");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.message).toEqual({ type: "text", text: editedText });

    const mine = page.locator("[data-testid=message][data-sender='agent:admin']");
    await mine.waitFor();
    expect(await mine.textContent()).toContain(editedText);
    expect(await mine.textContent()).toContain("採用建議");
    expect(await mine.getByTestId("message-sender").textContent()).toBe("管理員（我）");
    expect(await composer.inputValue()).toBe("");
    await item(page, conversationId).and(page.locator("[data-status=open]")).waitFor();
    await page.getByTestId("no-suggestions").waitFor();
    // Answered, the list still previews what the friend asked.
    expect(await item(page, conversationId).getByTestId("conversation-preview").textContent()).toBe(QUESTION);
    await shot(page, "sent");
  });

  it("reports the outcome per source on the metrics page: rejected with a reason apart from ignored", async () => {
    const s = suite.server;
    await inbox.faq();
    const { yijun } = await inbox.agents();
    const { conversationId } = await inbox.waiting();
    // The admin rejects one with a reason and sends another edited, four and a half minutes on.
    const first = await inbox.suggestions(conversationId);
    const pick = (text: string) => first.find((x) => x.text.includes(text)) as (typeof first)[number];
    await admin(`/api/inbox/suggestions/${pick(OFF).id}/reject`, { reason: "答非所問" });
    const originalText = pick(EDITABLE).text;
    const editedText = `林小安您好！${originalText} 有其他問題歡迎再問我們 😊`;
    s.clock.advance(270_000);
    await admin(`/api/inbox/conversations/${conversationId}/messages`, {
      text: editedText,
      suggestionId: pick(EDITABLE).id,
    });
    // An agent asks for fresh ones and sends one as is; the rest are left unused.
    const { token } = await admin<{ token: string }>(`/api/admin/agents/${yijun}/tokens`, {});
    const asAgent = <T>(path: string, body: unknown) =>
      fetch(`${s.url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then(async (r) => {
        expect(r.status, path).toBeLessThan(300);
        return (await r.json()) as T;
      });
    const fresh = await asAgent<{ suggestions: Array<{ id: string; text: string }> }>(
      `/api/inbox/conversations/${conversationId}/suggestions/regenerate`,
      {},
    );
    const [sendAsIs] = fresh.suggestions;
    await asAgent(`/api/inbox/conversations/${conversationId}/messages`, {
      text: sendAsIs?.text,
      suggestionId: sendAsIs?.id,
    });
    await s.settle();
    const suggestionCount = first.length;
    const regenerated = fresh.suggestions.length;

    const page = await inbox.console();
    await page.getByTestId("nav-metrics").click();
    const retrieval = page.locator("[data-testid=metric-card][data-source=retrieval]");
    await retrieval.waitFor();
    const suggested = suggestionCount + regenerated;
    // The admin rejected one and edited one; the agent sent one as is, and left the rest unused.
    const ignored = suggestionCount - 2 + regenerated - 1;
    expect(ignored).toBeGreaterThan(0);
    expect(await retrieval.getByTestId("metric-suggested").textContent()).toBe(String(suggested));
    expect(await retrieval.getByTestId("metric-edited").textContent()).toBe("1");
    expect(await retrieval.getByTestId("metric-accepted").textContent()).toBe("1");
    expect(await retrieval.getByTestId("metric-rejected").textContent()).toBe("1");
    expect(await retrieval.getByTestId("metric-ignored").textContent()).toBe(String(ignored));
    // Ignored ones count against the rate like rejected ones.
    expect(await retrieval.getByTestId("metric-rate").textContent()).toBe(
      `${Math.round((2 / suggested) * 100)}%`,
    );
    // Only the admin's reply was a first response (the agent's came after it).
    expect(await retrieval.getByTestId("metric-replies").textContent()).toBe("1");
    expect(await retrieval.getByTestId("metric-response").textContent()).toBe("5 分鐘");
    // Only insertions: the edit distance is the number of characters added.
    expect(await retrieval.getByTestId("metric-edit-distance").textContent()).toBe(
      `${([...editedText].length - [...originalText].length).toFixed(1)} 字`,
    );
    const chart = page.getByTestId("outcomes-chart");
    for (const part of ["accepted", "edited", "rejected", "ignored"])
      expect(await chart.locator(`rect[data-part=${part}]`).count(), part).toBe(1);
    expect(await chart.locator("svg").getAttribute("aria-label")).toContain(`未使用 ${ignored}`);
    // What ignored means, beside the chart.
    const help = page.locator("[data-testid=outcome-help][data-outcome=ignored]");
    expect(await help.textContent()).toContain("自己寫了回覆");
    await shot(page, "metrics", true);
  });
});
