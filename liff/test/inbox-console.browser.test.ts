/**
 * The console's support pages in real Chromium (desktop) against the real server: the knowledge
 * base and a keyword rule made through their editors, then a simulated LINE friend whom no rule
 * answers; the agent sees the conversation wait, opens it (member panel, retrieval suggestions
 * prepared by the sweep), rejects one suggestion with a reason, edits another and sends it — the
 * friend receives exactly the edited text — and the metrics add up. Then settings, an agent's
 * own console token, and English at 1024 px.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../../worker/test/harness";
import { chatLog, createFriend, say } from "../../worker/test/line-helpers";
import { ARTIFACTS, hasChromium, launch } from "./browser";

/** Visible controls without an accessible name (label, aria-label, text or title). */
function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const nameOf = (el: Element): string => {
      const aria = el.getAttribute("aria-label");
      if (aria) return aria;
      const by = el.getAttribute("aria-labelledby");
      if (by)
        return by
          .split(" ")
          .map((id) => document.getElementById(id)?.textContent ?? "")
          .join(" ");
      if (el.id) {
        const label = document.querySelector(`label[for="${el.id}"]`);
        if (label?.textContent) return label.textContent;
      }
      return el.closest("label")?.textContent || el.textContent || el.getAttribute("title") || "";
    };
    for (const el of document.querySelectorAll("button, a[href], input, select, textarea")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (!nameOf(el).trim()) out.push(el.outerHTML.slice(0, 160));
    }
    return out;
  });
}

// The server's clock (the harness's manual clock) is Tuesday 10:00 in Taipei, inside business
// hours; the browser's clock is pinned a few minutes later, so waits read as minutes.
const SERVER_START = "2026-11-24T02:00:00.000Z";
const BROWSER_NOW = new Date("2026-11-24T02:04:10.000Z");

describe.skipIf(!hasChromium && !process.env.CI)(
  "support console: inbox, keywords, knowledge (Chromium)",
  () => {
    let t: TestApp;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let friend = "";
    let conversationId = "";
    let ruleId = "";
    let editedText = "";
    let originalText = "";
    let suggestionCount = 0;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      [t, browser] = await Promise.all([startTestApp({ demo: true }), launch()]);
      expect(t.clock.now().toISOString()).toBe(SERVER_START);
      context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-TW" });
      await context.clock.setFixedTime(BROWSER_NOW);
      context.on("weberror", (e) => pageErrors.push(e.error().message));
      // A wait that fails says which element it waited for, well before the test's own timeout.
      context.setDefaultTimeout(10_000);
      page = await context.newPage();
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    const shot = async (p: Page, name: string, fullPage = false) => {
      if (fullPage) await p.evaluate(() => window.scrollTo(0, 0));
      await p.screenshot({ path: `${ARTIFACTS}/inbox-${name}.png`, fullPage });
      expect(await unnamedControls(p), `unnamed controls on ${name}`).toEqual([]);
      expect(pageErrors, `script errors by ${name}`).toEqual([]);
    };
    const admin = async <T>(path: string, body?: unknown): Promise<T> => {
      const res = await t.admin(
        path,
        body === undefined ? {} : { method: "POST", body: JSON.stringify(body) },
      );
      expect(res.status, path).toBeLessThan(300);
      return (await res.json()) as T;
    };
    const toast = (text: string) => page.getByTestId("toast").filter({ hasText: text });
    const fieldError = (field: string) => page.locator(`[data-testid=field-error][data-field="${field}"]`);
    const item = () => page.locator(`[data-testid=conversation-item][data-id="${conversationId}"]`);
    const suggestion = (text: string) => page.getByTestId("suggestion").filter({ hasText: text });

    it("signs in and adds an FAQ entry in the knowledge base", async () => {
      await page.goto(`${t.app.url}/console/#token=${encodeURIComponent(TEST_ADMIN_TOKEN)}`);
      await page.getByTestId("nav-knowledge").click();
      await page.getByRole("heading", { name: "知識庫", level: 1 }).waitFor();
      await page.getByTestId("entry-item").filter({ hasText: "可以門市取貨嗎？" }).waitFor();

      await page.getByTestId("new-entry").click();
      await page.getByTestId("save-entry").click(); // empty: said so, next to the fields
      await fieldError("question").waitFor();
      expect(await fieldError("answer").textContent()).toBe("必填");

      await page.getByTestId("entry-question").fill("到店自取要帶什麼？");
      const variants = page.locator("#entry-variants");
      for (const v of ["自取", "到店取貨", "門市自取"]) {
        await variants.fill(v);
        await variants.press("Enter");
      }
      await page
        .getByTestId("entry-answer")
        .fill("到店自取請出示 LINE 取貨通知與會員條碼，門市夥伴會為您取貨；代取請提供訂單編號。");
      await page.locator("#entry-tags").fill("門市");
      await page.locator("#entry-tags").press("Enter");
      await page.getByTestId("save-entry").click();
      await toast("已新增常見問題").waitFor();
      const added = page.getByTestId("entry-item").filter({ hasText: "到店自取要帶什麼？" });
      await added.and(page.locator("[aria-current=true]")).waitFor();
      expect(await added.textContent()).toContain("3 種問法");
      expect(await page.getByTestId("entry-variants").getByTestId("tag-chip").count()).toBe(3);

      // Search and tag filters narrow the list.
      await page.getByTestId("entries-search").fill("自取");
      await expect.poll(() => page.getByTestId("entry-item").count()).toBe(2);
      await page.getByTestId("entries-search").fill("");
      await page.locator("[data-testid=entry-tag-filter][data-value=物流]").click();
      await expect.poll(() => page.getByTestId("entry-item").count()).toBe(2);
      await page.locator("[data-testid=entry-tag-filter][data-value='']").click();
      await shot(page, "knowledge");
    });

    it("creates a keyword rule in the editor; the server's refusals sit by their fields; the test box shows it answering full-width input", async () => {
      await page.getByTestId("nav-keywords").click();
      await page.locator("[data-testid=rule-row] .pattern", { hasText: "營業時間" }).waitFor();
      await shot(page, "keywords");

      await page.getByTestId("new-rule").click();
      await page.getByRole("heading", { name: "新增關鍵字規則", level: 1 }).waitFor();
      // A regex that could hang the matcher, and an empty reply: both refused by the server.
      await page.locator("[data-testid=rule-match][data-value=regex]").click();
      await page.getByTestId("rule-pattern").fill("(a+)+");
      await page.getByTestId("save-rule").click();
      await fieldError("pattern").waitFor();
      expect(await fieldError("pattern").textContent()).toContain("巢狀量詞");
      expect(await fieldError("replies.0").textContent()).toContain("不可空白");
      expect(await page.getByTestId("rule-pattern").getAttribute("aria-invalid")).toBe("true");
      await shot(page, "keyword-errors", true);

      await page.locator("[data-testid=rule-match][data-value=contains]").click();
      await page.getByTestId("rule-pattern").fill("ABC會員日");
      await page.getByTestId("rule-priority").fill("50");
      await page.getByTestId("insert-variable").filter({ hasText: "{displayName}" }).click();
      await page.getByTestId("reply-text").press("End");
      await page
        .getByTestId("reply-text")
        .pressSequentially(" 您好！ABC 會員日全館 85 折，{points} 點可折抵 🎉");
      await page.getByTestId("add-quick-reply").click();
      await page.getByTestId("qr-label").fill("會員卡");
      await page.getByTestId("qr-text").fill("會員卡");
      await page.locator("#rule-tags").fill("會員日");
      await page.locator("#rule-tags").press("Enter");
      // The preview fills the variables with sample values.
      expect(await page.getByTestId("reply-preview").textContent()).toContain(
        "王小美 您好！ABC 會員日全館 85 折",
      );
      await page.getByTestId("save-rule").click();
      await toast("規則已建立").waitFor();
      await page.getByRole("heading", { name: "編輯關鍵字規則", level: 1 }).waitFor();
      ruleId = decodeURIComponent(/#\/keywords\/(.+)$/.exec(page.url())?.[1] ?? "");
      expect(ruleId).toMatch(/^kw_/);
      const saved = await admin<{
        replies: Array<Record<string, unknown>>;
        tags: string[];
        priority: number;
      }>(`/api/keywords/${ruleId}`);
      expect(saved).toMatchObject({ priority: 50, tags: ["會員日"] });
      expect(saved.replies).toEqual([
        {
          type: "text",
          text: "{displayName} 您好！ABC 會員日全館 85 折，{points} 點可折抵 🎉",
          quickReply: {
            items: [{ type: "action", action: { type: "message", label: "會員卡", text: "會員卡" } }],
          },
        },
      ]);

      // Full-width letters and a full-width question mark: normalised, matched, and the span shown.
      await page.getByTestId("test-text").fill("ＡＢＣ會員日 有什麼優惠？點數可以用嗎");
      await page.getByTestId("test-run").click();
      const answer = page.getByTestId("test-answer");
      await answer.waitFor();
      expect(await answer.getAttribute("data-rule-id")).toBe(ruleId);
      expect(await page.getByTestId("test-normalized").textContent()).toBe(
        "abc會員日 有什麼優惠?點數可以用嗎",
      );
      expect(await page.getByTestId("test-normalized").locator("mark").textContent()).toBe("abc會員日");
      // The demo's 點數 rule matched too, and lost on priority.
      expect(await page.getByTestId("test-candidate").filter({ hasText: "點數" }).count()).toBe(1);
      await shot(page, "keyword-test", true);

      // Off in the list: the switch saves at once.
      await page.getByTestId("nav-keywords").click();
      const row = page.locator(`[data-testid=rule-row][data-id="${ruleId}"]`);
      await row.getByTestId("rule-toggle").click();
      await row.and(page.locator("[data-enabled=false]")).waitFor();
      expect((await admin<{ enabled: boolean }>(`/api/keywords/${ruleId}`)).enabled).toBe(false);
      await row.getByTestId("rule-toggle").click();
      await row.and(page.locator("[data-enabled=true]")).waitFor();
    });

    it("shows a friend's conversation waiting, with the member beside it, and prepares suggestions in the background", async () => {
      // A member bound at 台北信義 by 王小明, with two store purchases (gold tier).
      friend = await createFriend(t, "林小安");
      const { stores } = await admin<{
        stores: Array<{ id: string; code: string; staff: Array<{ id: string; code: string }> }>;
      }>("/api/admin/stores");
      const taipei = stores.find((s) => s.code === "TPE01");
      if (!taipei) throw new Error("no demo store");
      const link = await admin<{ token: string }>("/api/admin/binding-links", {
        storeId: taipei.id,
        staffId: taipei.staff.find((s) => s.code === "S001")?.id,
      });
      const idToken = await t.line.emulator.issueIdToken(friend);
      const member = { authorization: `Bearer ${idToken}`, "content-type": "application/json" };
      const bound = await fetch(`${t.app.url}/api/bind`, {
        method: "POST",
        headers: member,
        body: JSON.stringify({ token: link.token, consent: true }),
      });
      expect(bound.status).toBe(200);
      const me = (await (await fetch(`${t.app.url}/api/me`, { headers: member })).json()) as {
        member: { memberCode: string };
      };
      const { key } = (await (
        await t.admin(`/api/admin/stores/${taipei.id}/pos-keys`, { method: "POST" })
      ).json()) as { key: string };
      for (const [externalId, total] of [
        ["T-9001", 12_800],
        ["T-9002", 1_680],
      ] as const) {
        const res = await fetch(`${t.app.url}/api/pos/transactions`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ externalId, memberCode: me.member.memberCode, total }),
        });
        expect(res.status, externalId).toBeLessThan(300);
      }

      await say(t, friend, "ＡＢＣ會員日有什麼優惠"); // the new rule answers and tags the member
      await say(t, friend, "營業時間？"); // the demo rule answers
      await say(t, friend, "我可以到店自取嗎"); // nothing answers: waiting
      // Both rules answered with free replies.
      const replies = (await chatLog(t, friend)).filter((e) => e.direction === "out").slice(-3);
      expect(replies.map((e) => e.via)).toEqual(["reply", "reply", "reply"]);

      await page.getByTestId("nav-inbox").click();
      await page.getByRole("heading", { name: "客服收件匣", level: 1 }).waitFor();
      const waiting = page.locator("[data-testid=conversation-item][data-status=waiting]").filter({
        hasText: "林小安",
      });
      await waiting.waitFor();
      conversationId = (await waiting.getAttribute("data-id")) ?? "";
      expect(await waiting.getByTestId("waiting-for").textContent()).toBe("等候 4 分鐘");
      expect(await page.getByTestId("waiting-badge").textContent()).toContain("1");
      await shot(page, "list");

      await item().click();
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
      expect(await panel.getByTestId("member-code").textContent()).toBe(me.member.memberCode);
      expect(await panel.getByTestId("member-store").textContent()).toContain("信義");
      expect(await panel.getByTestId("member-referrer").textContent()).toBe("王小明");
      expect(await panel.getByTestId("member-tier").textContent()).toContain("金卡");
      expect(await panel.getByTestId("member-tag").allTextContents()).toEqual(["會員日"]);
      expect(await panel.getByTestId("member-purchase").count()).toBe(2);
      // Not prepared yet (tests have no timers): it says so, and keeps polling.
      await page.getByTestId("suggestions-preparing").filter({ hasText: "準備建議中" }).waitFor();
      await shot(page, "preparing");

      await t.app.sweep();
      await suggestion("可以！結帳時選擇「門市取貨」").waitFor();
      suggestionCount = await page.getByTestId("suggestion").count();
      expect(suggestionCount).toBeGreaterThanOrEqual(2);
      const ours = suggestion("代取請提供訂單編號");
      expect(await ours.getAttribute("data-source")).toBe("retrieval");
      expect(await ours.getByTestId("suggestion-ref").textContent()).toBe("常見問題：到店自取要帶什麼？");
      expect(await ours.getByTestId("suggestion-score").textContent()).toMatch(/^相關度 \d+\.\d\d$/);
      // The selection survived the polls.
      expect(await item().getAttribute("aria-current")).toBe("true");
      await shot(page, "thread");
    });

    it("rejects one suggestion with a reason, edits another and sends it: the friend receives exactly the edited text", async () => {
      const before = (await chatLog(t, friend)).length;
      const off = suggestion("代取請提供訂單編號");
      await off.getByTestId("reject-suggestion").click();
      await off.getByTestId("reject-confirm").click(); // no reason yet: asked for one
      await off.getByText("請選擇或輸入退回原因").waitFor();
      await off.getByTestId("reject-reason").filter({ hasText: "答非所問" }).click();
      await off.getByTestId("reject-confirm").click();
      await toast("已退回建議").waitFor();
      await off.waitFor({ state: "detached" });

      const good = suggestion("可以！結帳時選擇「門市取貨」");
      originalText = (await good.getByTestId("suggestion-text").textContent()) ?? "";
      await good.getByTestId("edit-suggestion").click();
      const composer = page.getByTestId("composer-text");
      await expect.poll(() => composer.inputValue()).toBe(originalText);
      await page.getByTestId("editing-banner").waitFor();
      editedText = `林小安您好！${originalText} 有其他問題歡迎再問我們 😊`;
      await composer.fill(editedText);
      await shot(page, "editing");
      // Four and a half minutes after the question.
      t.clock.advance(270_000);
      await page.getByTestId("composer-send").click();
      await toast("已送出（推播）").waitFor();
      await t.settle();

      const log = await chatLog(t, friend);
      const sent = log.slice(before).filter((e) => e.direction === "out");
      expect(sent).toHaveLength(1);
      expect(sent[0]?.message).toEqual({ type: "text", text: editedText });

      const mine = page.locator("[data-testid=message][data-sender='agent:admin']");
      await mine.waitFor();
      expect(await mine.textContent()).toContain(editedText);
      expect(await mine.textContent()).toContain("採用建議");
      expect(await composer.inputValue()).toBe("");
      await item().and(page.locator("[data-status=open]")).waitFor();
      await page.getByTestId("no-suggestions").waitFor();
      await shot(page, "sent");
    });

    it("reports the outcome per source on the metrics page", async () => {
      await page.getByTestId("nav-metrics").click();
      const retrieval = page.locator("[data-testid=metric-card][data-source=retrieval]");
      await retrieval.waitFor();
      expect(await retrieval.getByTestId("metric-suggested").textContent()).toBe(String(suggestionCount));
      expect(await retrieval.getByTestId("metric-edited").textContent()).toBe("1");
      expect(await retrieval.getByTestId("metric-accepted").textContent()).toBe("0");
      // The one rejected with a reason (and any other the reply left unused).
      expect(await retrieval.getByTestId("metric-rejected").textContent()).toBe(String(suggestionCount - 1));
      expect(await retrieval.getByTestId("metric-rate").textContent()).toBe(
        `${Math.round((1 / suggestionCount) * 100)}%`,
      );
      expect(await retrieval.getByTestId("metric-replies").textContent()).toBe("1");
      expect(await retrieval.getByTestId("metric-response").textContent()).toBe("5 分鐘");
      // Only insertions: the edit distance is the number of characters added.
      expect(await retrieval.getByTestId("metric-edit-distance").textContent()).toBe(
        `${([...editedText].length - [...originalText].length).toFixed(1)} 字`,
      );
      await page.getByTestId("outcomes-chart").locator("rect[data-part=edited]").first().waitFor();
      await shot(page, "metrics", true);
    });

    it("changes business hours, the away message and the tone; refusals sit by their window", async () => {
      await page.getByTestId("nav-settings").click();
      await page.getByTestId("settings-form").waitFor();
      await expect.poll(() => page.getByTestId("window-row").count()).toBe(2);
      await page.getByTestId("add-window").click();
      const third = page.getByTestId("window-row").nth(2);
      await third.getByTestId("window-from").fill("20:00");
      await third.getByTestId("window-to").fill("09:00");
      await page.getByTestId("save-settings").click();
      await fieldError("businessHours.2").filter({ hasText: "開始時間必須早於結束時間" }).waitFor();
      await shot(page, "settings-error", true);

      await third.getByTestId("window-to").fill("22:00");
      await page.getByTestId("tone").fill("親切、簡短，稱呼顧客為「您」。");
      await page.getByTestId("away-message").fill("客服已下班，明天 10:00 上班後會盡快回覆您 🙏");
      await page.getByTestId("save-settings").click();
      await toast("設定已儲存").waitFor();
      const saved = await admin<{ businessHours: unknown[]; tone: string; awayMessage: string }>(
        "/api/inbox/settings",
      );
      expect(saved.businessHours).toHaveLength(3);
      expect(saved).toMatchObject({
        tone: "親切、簡短，稱呼顧客為「您」。",
        awayMessage: "客服已下班，明天 10:00 上班後會盡快回覆您 🙏",
      });
    });

    it("signs an agent in with their own console token: the inbox only, assign to me, regenerate, send as is, close", async () => {
      const { id: staffId } = await admin<{ id: string }>("/api/admin/staff", {
        code: "A009",
        name: "客服 Ben",
        role: "agent",
      });
      const { token } = await admin<{ token: string }>(`/api/admin/agents/${staffId}/tokens`, {});
      const agent = await context.newPage();
      await agent.goto(`${t.app.url}/console/`);
      await agent.getByTestId("token-input").fill(token);
      await agent.getByTestId("sign-in").click();
      await agent.getByRole("heading", { name: "客服收件匣", level: 1 }).waitFor();
      expect(await agent.getByTestId("nav-live").count()).toBe(0);
      expect(await agent.getByTestId("nav-keywords").count()).toBe(0);

      await agent.locator(`[data-testid=conversation-item][data-id="${conversationId}"]`).click();
      await agent.getByTestId("assign-me").click();
      await agent.getByTestId("toast").filter({ hasText: "已指派給你" }).waitFor();
      await agent.locator(".thread-sub").filter({ hasText: "指派給 我" }).waitFor();
      await agent.locator("[data-testid=assignee-filter][data-value=me]").click();
      await agent.locator(`[data-testid=conversation-item][data-id="${conversationId}"]`).waitFor();
      expect(await agent.getByTestId("conversation-item").count()).toBe(1);

      // Fresh suggestions for the friend's question; one sent as is reaches the friend unchanged.
      const before = (await chatLog(t, friend)).length;
      await agent.getByTestId("regenerate").click();
      await agent.getByTestId("toast").filter({ hasText: "已重新產生建議" }).waitFor();
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
      await agent.getByTestId("toast").filter({ hasText: "已送出" }).waitFor();
      await t.settle();
      const sent = (await chatLog(t, friend)).slice(before).filter((e) => e.direction === "out");
      expect(sent.map((e) => e.message)).toEqual([{ type: "text", text }]);
      const reply = agent.locator(`[data-testid=message][data-sender="agent:${staffId}"]`);
      await reply.waitFor();
      expect(await reply.getByTestId("message-sender").textContent()).toContain("客服 我");

      await agent.getByTestId("close-conversation").click();
      await agent.locator("[data-testid=thread][data-status=closed]").waitFor();
      await shot(agent, "agent");

      // Admin-only pages say so instead of failing.
      await agent.goto(`${t.app.url}/console/#/keywords`);
      await agent.getByTestId("admin-only").waitFor();
      await agent.close();
    });

    it("fits 1024 px in English", async () => {
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.getByTestId("lang-switch").click();
      await page.getByTestId("nav-inbox").click();
      await page.locator("[data-testid=status-filter][data-value=all]").click();
      await item().click();
      await page.locator(`[data-testid=thread][data-id="${conversationId}"][data-status=closed]`).waitFor();
      await page.getByRole("heading", { name: "Suggested replies" }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shot(page, "en-1024");
      await page.getByTestId("reopen-conversation").click();
      await page.locator(`[data-testid=thread][data-status=open]`).waitFor();

      await page.getByTestId("nav-keywords").click();
      await page.getByTestId("rule-row").first().waitFor();
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      await shot(page, "keywords-en-1024");
    });
  },
);
