/**
 * The console's support pages in real Chromium (desktop) against the real server: the knowledge
 * base and a keyword rule made through their editors, then a simulated LINE friend whom no rule
 * answers; the admin sees the conversation wait (its preview is the friend's question), opens it
 * (member panel, retrieval suggestions prepared by the sweep), rejects one suggestion with a
 * reason, edits another and sends it — the friend receives exactly the edited text — and hands
 * the conversation to a named agent with the picker. Then settings; an agent signs in with their
 * own console token (named in the top bar), takes the conversation, sends a suggestion as is
 * (the other one is ignored) and hands it back; the metrics count rejected and ignored apart.
 * English at 1024 px last.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../../worker/test/harness";
import { chatLog, createFriend, say } from "../../worker/test/line-helpers";
import { ARTIFACTS, hasChromium, launch, unnamedControls } from "./browser";

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
    let regenerated = 0;
    /** Two agents besides the demo's: 陳怡君 signs in with her own token; 張美玲 is assigned to. */
    let yijun = "";
    let meiling = "";
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
      for (const [code, name] of [
        ["A009", "陳怡君"],
        ["A010", "張美玲"],
      ] as const) {
        const res = await t.admin("/api/admin/staff", {
          method: "POST",
          body: JSON.stringify({ code, name, role: "agent" }),
        });
        expect(res.status, code).toBe(201);
        const { id } = (await res.json()) as { id: string };
        if (code === "A009") yijun = id;
        else meiling = id;
      }
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
    const QUESTION = "我可以到店自取嗎";

    it("signs in and adds an FAQ entry in the knowledge base", async () => {
      await page.goto(`${t.app.url}/console/#token=${encodeURIComponent(TEST_ADMIN_TOKEN)}`);
      // The admin token has no person behind it: the top bar says so.
      const who = page.getByTestId("signed-in-as");
      await who.and(page.locator("[data-kind=admin]")).waitFor();
      expect(await who.getByTestId("signed-in-name").textContent()).toBe("管理員");
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
      await say(t, friend, QUESTION); // nothing answers: waiting (and the acknowledgement follows)
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
      // The preview is what the friend asked, not the acknowledgement sent after it.
      expect(await waiting.getByTestId("conversation-preview").textContent()).toBe(QUESTION);
      expect(await waiting.getByTestId("conversation-assignee").count()).toBe(0);
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
      expect(await mine.getByTestId("message-sender").textContent()).toBe("管理員（我）");
      expect(await composer.inputValue()).toBe("");
      await item().and(page.locator("[data-status=open]")).waitFor();
      await page.getByTestId("no-suggestions").waitFor();
      // Answered, the list still previews what the friend asked.
      expect(await item().getByTestId("conversation-preview").textContent()).toBe(QUESTION);
      await shot(page, "sent");
    });

    it("hands the conversation to a named agent with the picker; the thread and the list name her", async () => {
      const picker = page.getByTestId("assign-picker");
      expect(await picker.inputValue()).toBe("");
      // Nobody, then the active agents by staff code (the demo's A001 first).
      expect(await picker.locator("option").allTextContents()).toEqual([
        "未指派",
        "林愛美 Amy",
        "陳怡君",
        "張美玲",
      ]);
      await picker.selectOption({ label: "張美玲" });
      await toast("已指派給 張美玲").waitFor();
      await page.locator(`[data-testid=thread][data-assigned-to="${meiling}"]`).waitFor();
      expect(await picker.inputValue()).toBe(meiling);
      await item()
        .and(page.locator(`[data-assigned-to="${meiling}"]`))
        .waitFor();
      expect(await item().getByTestId("conversation-assignee").textContent()).toBe("張美玲");
      const { conversations } = await admin<{ conversations: Array<{ id: string }> }>(
        `/api/inbox/conversations?assignedTo=${meiling}`,
      );
      expect(conversations.map((c) => c.id)).toEqual([conversationId]);
      await shot(page, "assigned");
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

    it("signs an agent in with their own console token: named in the top bar, takes the conversation, sends a suggestion as is, hands it back, closes", async () => {
      const { token } = await admin<{ token: string }>(`/api/admin/agents/${yijun}/tokens`, {});
      const agent = await context.newPage();
      await agent.goto(`${t.app.url}/console/`);
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
      const row = agent.locator(`[data-testid=conversation-item][data-id="${conversationId}"]`);
      expect(await row.getByTestId("conversation-assignee").textContent()).toBe("張美玲");
      await row.click();
      const picker = agent.getByTestId("assign-picker");
      await expect.poll(() => picker.inputValue()).toBe(meiling);
      await agent.getByTestId("assign-me").click();
      await agent.getByTestId("toast").filter({ hasText: "已指派給你" }).waitFor();
      await agent.locator(`[data-testid=thread][data-assigned-to="${yijun}"]`).waitFor();
      expect(await picker.locator("option:checked").textContent()).toBe("陳怡君（我）");
      expect(await agent.getByTestId("assign-me").count()).toBe(0);
      expect(await row.getByTestId("conversation-assignee").textContent()).toBe("陳怡君（我）");
      await agent.locator("[data-testid=assignee-filter][data-value=me]").click();
      await row.waitFor();
      expect(await agent.getByTestId("conversation-item").count()).toBe(1);

      // Fresh suggestions for the friend's question; one sent as is reaches the friend unchanged
      // (and the other, left unused, counts as ignored).
      const before = (await chatLog(t, friend)).length;
      await agent.getByTestId("regenerate").click();
      await agent.getByTestId("toast").filter({ hasText: "已重新產生建議" }).waitFor();
      await agent.getByTestId("suggestion").first().waitFor();
      regenerated = await agent.getByTestId("suggestion").count();
      expect(regenerated).toBeGreaterThanOrEqual(2);
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
      await agent.getByTestId("toast").filter({ hasText: "已指派給 張美玲" }).waitFor();
      await agent.getByTestId("no-conversations").waitFor();
      await agent.getByTestId("close-conversation").click();
      await agent
        .locator(`[data-testid=thread][data-status=closed][data-assigned-to="${meiling}"]`)
        .waitFor();
      await shot(agent, "agent");

      // Admin-only pages say so instead of failing.
      await agent.goto(`${t.app.url}/console/#/keywords`);
      await agent.getByTestId("admin-only").waitFor();
      await agent.close();
    });

    it("reports the outcome per source on the metrics page: rejected with a reason apart from ignored", async () => {
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
