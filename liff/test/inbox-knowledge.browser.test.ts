/**
 * The console's support editors in real Chromium (desktop) against the real server: an FAQ entry
 * added in the knowledge base (search and tag filters narrow the list), a keyword rule made in its
 * editor (the server's refusals sit by their fields; the test box shows it answering full-width
 * input; the switch in the list saves at once), and the business hours, away message and tone.
 * Each test has a server of its own. Screenshots: test-results/screenshots/inbox-*.png.
 */
import { describe, expect, it } from "vitest";
import { hasChromium } from "./browser";
import { fieldError, inboxSuite, RULE_REPLY, toast } from "./inbox";

describe.skipIf(!hasChromium && !process.env.CI)(
  "support console: knowledge, keywords, settings (Chromium)",
  () => {
    const inbox = inboxSuite();
    const { shot, admin } = inbox;

    it("signs in and adds an FAQ entry in the knowledge base", async () => {
      const page = await inbox.console();
      // The admin token has no person behind it: the top bar says so.
      const who = page.getByTestId("signed-in-as");
      await who.and(page.locator("[data-kind=admin]")).waitFor();
      expect(await who.getByTestId("signed-in-name").textContent()).toBe("管理員");
      await page.getByTestId("nav-knowledge").click();
      await page.getByRole("heading", { name: "知識庫", level: 1 }).waitFor();
      // The entry and, nested under it, its English translation (which names it).
      await page.getByTestId("entry-item").filter({ hasText: "可以門市取貨嗎？" }).first().waitFor();

      await page.getByTestId("new-entry").click();
      await page.getByTestId("save-entry").click(); // empty: said so, next to the fields
      await fieldError(page, "question").waitFor();
      expect(await fieldError(page, "answer").textContent()).toBe("必填");

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
      await toast(page, "已新增常見問題").waitFor();
      const added = page.getByTestId("entry-item").filter({ hasText: "到店自取要帶什麼？" });
      await added.and(page.locator("[aria-current=true]")).waitFor();
      expect(await added.textContent()).toContain("3 種問法");
      expect(await page.getByTestId("entry-variants").getByTestId("tag-chip").count()).toBe(3);

      // Search and tag filters narrow the list.
      await page.getByTestId("entries-search").fill("自取");
      await expect.poll(() => page.getByTestId("entry-item").count()).toBe(2);
      await page.getByTestId("entries-search").fill("");
      // The demo's 25 entries: 5 of them tagged 物流 (the new one is 門市).
      await page.locator("[data-testid=entry-tag-filter][data-value=物流]").click();
      // 5 of the demo's entries carry 物流, and so do their English translations.
      await expect.poll(() => page.getByTestId("entry-item").count()).toBe(10);
      await page.locator("[data-testid=entry-tag-filter][data-value='']").click();
      await shot(page, "knowledge");
    });

    it("creates a keyword rule in the editor; the server's refusals sit by their fields; the test box shows it answering full-width input", async () => {
      const page = await inbox.console();
      await page.getByTestId("nav-keywords").click();
      await page.locator("[data-testid=rule-row] .pattern", { hasText: "營業時間" }).waitFor();
      await shot(page, "keywords");

      await page.getByTestId("new-rule").click();
      await page.getByRole("heading", { name: "新增關鍵字規則", level: 1 }).waitFor();
      // A regex that could hang the matcher, and an empty reply: both refused by the server.
      await page.locator("[data-testid=rule-match][data-value=regex]").click();
      await page.getByTestId("rule-pattern").fill("(a+)+");
      await page.getByTestId("save-rule").click();
      await fieldError(page, "pattern").waitFor();
      expect(await fieldError(page, "pattern").textContent()).toContain("巢狀量詞");
      expect(await fieldError(page, "replies.0").textContent()).toContain("不可空白");
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
      await toast(page, "規則已建立").waitFor();
      await page.getByRole("heading", { name: "編輯關鍵字規則", level: 1 }).waitFor();
      const ruleId = decodeURIComponent(/#\/keywords\/(.+)$/.exec(page.url())?.[1] ?? "");
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
          text: RULE_REPLY,
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

    it("changes business hours, the away message and the tone; refusals sit by their window", async () => {
      const page = await inbox.console();
      await page.getByTestId("nav-settings").click();
      await page.getByTestId("settings-form").waitFor();
      await expect.poll(() => page.getByTestId("window-row").count()).toBe(2);
      await page.getByTestId("add-window").click();
      const third = page.getByTestId("window-row").nth(2);
      await third.getByTestId("window-from").fill("20:00");
      await third.getByTestId("window-to").fill("09:00");
      await page.getByTestId("save-settings").click();
      await fieldError(page, "businessHours.2").filter({ hasText: "開始時間必須早於結束時間" }).waitFor();
      await shot(page, "settings-error", true);

      await third.getByTestId("window-to").fill("22:00");
      await page.getByTestId("tone").fill("親切、簡短，稱呼顧客為「您」。");
      await page.getByTestId("away-message").fill("客服已下班，明天 10:00 上班後會盡快回覆您 🙏");
      await page.getByTestId("save-settings").click();
      await toast(page, "設定已儲存").waitFor();
      const saved = await admin<{ businessHours: unknown[]; tone: string; awayMessage: string }>(
        "/api/inbox/settings",
      );
      expect(saved.businessHours).toHaveLength(3);
      expect(saved).toMatchObject({
        tone: "親切、簡短，稱呼顧客為「您」。",
        awayMessage: "客服已下班，明天 10:00 上班後會盡快回覆您 🙏",
      });
    });
  },
);
