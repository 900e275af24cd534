/**
 * The knowledge base learning from agents, in real Chromium (1440 px wide) against the real
 * server: an agent's reply with an FAQ suggestion teaches the entry the customer's words (shown
 * on the entry, removable); an answer agents wrote themselves and sent in two conversations is a
 * candidate entry (added to the FAQ through its form, or dismissed; one someone decided meanwhile
 * is said so); an English entry made as a translation of a Chinese one sits under it. Everything
 * is made through the inbox API and the LINE emulator. Screenshots: test-results/screenshots/inbox-knowledge-*.png.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { hasChromium } from "./browser";
import { fieldError, inboxSuite, QUESTION, toast } from "./inbox";

const WIDE = { width: 1440, height: 900 };
const PICKUP = "可以門市取貨嗎？";

interface Entry {
  id: string;
  question: string;
  answer: string;
  variants: string[];
  tags: string[];
  language: string;
  translationOf: string | null;
  learned: Array<{ id: string; text: string; createdBy: string }>;
}
interface Candidate {
  id: string;
  answer: string;
  questions: string[];
  uses: number;
}

/** Answers agents write themselves (no FAQ entry says them), and what two customers asked each. */
const OWN = [
  {
    answer: "可以的，歡迎毛孩一起來逛！請以牽繩或推車帶著，試衣間暫不開放寵物進入。",
    asked: ["寵物可以進門市嗎？", "我可以帶狗狗去店裡嗎"],
  },
  {
    answer: "目前沒有學生專屬折扣，但加入會員即享首購 9 折，生日當月另有 85 折優惠券。",
    asked: ["有學生優惠嗎", "學生證可以打折嗎？"],
  },
  {
    answer: "門市不需預約就能試穿；想先確認庫存的話，請告訴我們商品名稱和想去的門市。",
    asked: ["試穿需要預約嗎", "可以先預約試穿嗎？"],
  },
] as const;

describe.skipIf(!hasChromium && !process.env.CI)(
  "support console: the knowledge base learns (Chromium)",
  () => {
    const inbox = inboxSuite();
    const { suite, shot, admin } = inbox;
    const entries = async () => (await admin<{ entries: Entry[] }>("/api/knowledge")).entries;
    const candidates = async () =>
      (await admin<{ candidates: Candidate[] }>("/api/knowledge/candidates")).candidates;
    const wide = async (route: string) => {
      const page = await inbox.console(route);
      await page.setViewportSize(WIDE);
      return page;
    };
    const entryItem = (page: Page, id: string) => page.locator(`[data-testid=entry-item][data-id="${id}"]`);

    it("shows the wording an entry learned from an agent's reply, and removes it", async () => {
      const { conversationId } = await inbox.waiting();
      const faq = (await inbox.suggestions(conversationId)).find(
        (x) => x.sourceRef?.startsWith("faq:") && x.text.includes("結帳時選擇「門市取貨」"),
      );
      expect(faq, "the demo's pickup entry suggested").toBeDefined();
      const entryId = faq?.sourceRef?.slice(4) ?? "";
      await admin(`/api/inbox/conversations/${conversationId}/messages`, {
        text: faq?.text,
        suggestionId: faq?.id,
      });
      const taught = (await entries()).find((e) => e.id === entryId);
      expect(taught?.question).toBe(PICKUP);
      expect(taught?.learned.map((l) => [l.text, l.createdBy])).toEqual([[QUESTION, "admin"]]);

      const page = await wide(`/knowledge/${entryId}`);
      const learned = page.getByTestId("learned-wordings");
      await learned.and(page.locator("[data-count='1']")).waitFor();
      expect(await learned.getByRole("heading").textContent()).toBe("學到的問法（1）");
      expect(await learned.textContent()).toContain("客服用這則常見問題回覆顧客時，顧客的說法會自動加入");
      expect(await learned.getByTestId("learned-text").textContent()).toBe(QUESTION);
      expect(await learned.getByTestId("learned-item").textContent()).toContain("管理員（我） 回覆時學到");
      expect(await entryItem(page, entryId).getByTestId("entry-learned-count").textContent()).toBe(
        "學到 1 種",
      );
      // Search finds an entry by what it learned too.
      await page.getByTestId("entries-search").fill("我可以到店");
      await expect.poll(() => page.getByTestId("entry-item").count()).toBe(1);
      await page.getByTestId("entries-search").fill("");
      await shot(page, "knowledge-learned", true);

      await learned.getByRole("button", { name: `移除學到的問法「${QUESTION}」` }).click();
      await toast(page, "已移除學到的問法").waitFor();
      await learned.and(page.locator("[data-count='0']")).waitFor();
      expect(await learned.textContent()).toContain("還沒有學到的問法。");
      expect(await entryItem(page, entryId).getByTestId("entry-learned-count").count()).toBe(0);
      expect((await entries()).find((e) => e.id === entryId)?.learned).toEqual([]);

      // In English too.
      await page.getByTestId("lang-switch").click();
      await learned.getByRole("heading", { name: "Learned wordings (0)" }).waitFor();
      expect(await learned.textContent()).toContain(
        "When an agent answers with this entry, the customer’s words are learned",
      );
      expect(await page.locator("[data-testid=knowledge-tab][data-view=candidates]").textContent()).toBe(
        "Candidates0",
      );
    });

    it("lists answers agents wrote themselves and sent twice: one added to the FAQ, one dismissed, one decided elsewhere", async () => {
      const s = suite.server;
      // Two customers ask three things each; the admin answers each in their own words.
      const conversations: string[] = [];
      for (const [k, name] of ["林小安", "王大同"].entries()) {
        const friend = await s.friend(name);
        for (const own of OWN) {
          await s.say(friend, own.asked[k] ?? "");
          conversations[k] ??= await inbox.conversationOf(friend);
          s.clock.advance(60_000);
          await admin(`/api/inbox/conversations/${conversations[k]}/messages`, { text: own.answer });
        }
      }
      await s.settle();
      const listed = await candidates();
      expect(listed.map((c) => c.uses)).toEqual([2, 2, 2]);
      const cand = (i: number) => listed.find((c) => c.answer === OWN[i]?.answer) as Candidate;
      expect(cand(0).questions).toEqual([...OWN[0].asked]);

      const page = await wide("/knowledge/candidates");
      const list = page.getByTestId("candidates");
      await list.and(page.locator("[data-count='3']")).waitFor();
      const tab = page.locator("[data-testid=knowledge-tab][data-view=candidates]");
      expect(await tab.getAttribute("aria-current")).toBe("page");
      expect(await tab.textContent()).toBe("待審常見問題3");
      const card = (i: number) => page.locator(`[data-testid=candidate][data-id="${cand(i).id}"]`);
      expect(await card(0).getByTestId("candidate-answer").textContent()).toBe(OWN[0].answer);
      expect(await card(0).getByTestId("candidate-uses").textContent()).toBe("已送出 2 次");
      expect(await card(0).getByTestId("candidate-question").allTextContents()).toEqual([...OWN[0].asked]);
      await shot(page, "knowledge-candidates", true);

      // Added to the FAQ: the form starts from the customers' words; the question is rewritten.
      await card(0).getByTestId("accept-candidate").click();
      const form = page.getByTestId("accept-form");
      await form.waitFor();
      await expect.poll(() => page.getByTestId("accept-question").inputValue()).toBe(OWN[0].asked[0]);
      expect(await page.getByTestId("accept-answer").inputValue()).toBe(OWN[0].answer);
      expect(await form.getByTestId("accept-variants").getByTestId("tag-chip").count()).toBe(2);
      await page.getByTestId("accept-question").fill("");
      await page.getByTestId("accept-submit").click(); // empty question: said so, on it
      await form
        .locator("[data-testid=field-error][data-field=question]")
        .filter({ hasText: "必填" })
        .waitFor();
      await page.getByTestId("accept-question").fill("可以帶寵物進門市嗎？");
      await page.locator("#accept-tags").fill("門市");
      await page.locator("#accept-tags").press("Enter");
      await shot(page, "knowledge-accept");
      await page.getByTestId("accept-submit").click();
      await toast(page, "已加入常見問題").waitFor();
      await card(0).waitFor({ state: "detached" });
      await list.and(page.locator("[data-count='2']")).waitFor();
      const added = (await entries()).find((e) => e.answer === OWN[0].answer);
      expect(added).toMatchObject({
        question: "可以帶寵物進門市嗎？",
        variants: [...OWN[0].asked],
        tags: ["門市"],
        language: "zh-TW",
      });
      expect(await page.locator("[data-testid=knowledge-tab][data-view=entries]").textContent()).toBe(
        "常見問題51", // the demo's 25 entries, their 25 English translations, and this one
      );

      // Someone else dismisses the third meanwhile: dismissing it here says so, and the list catches up.
      await admin(`/api/knowledge/candidates/${cand(2).id}/dismiss`, {});
      await card(2).getByTestId("dismiss-candidate").click();
      await page.getByTestId("confirm-ok").click();
      await toast(page, "這則候選已經有人處理過").waitFor();
      await card(2).waitFor({ state: "detached" });

      // Dismissed: gone for good.
      await card(1).getByTestId("dismiss-candidate").click();
      await page.getByTestId("confirm-dialog").getByText("它不會再出現在待審清單中").waitFor();
      await page.getByTestId("confirm-ok").click();
      await toast(page, "已略過").waitFor();
      await page.getByTestId("no-candidates").waitFor();
      expect(await candidates()).toEqual([]);
      await shot(page, "knowledge-no-candidates");

      // The new entry is in the list, with its customers' words as its other ways to ask.
      await page.locator("[data-testid=knowledge-tab][data-view=entries]").click();
      await entryItem(page, added?.id ?? "").click();
      expect(await page.getByTestId("entry-variants").getByTestId("tag-chip").allTextContents()).toEqual(
        OWN[0].asked.map((q) => `${q}×`),
      );
    });

    it("makes an English entry as a translation of a Chinese one: shown under it; a gone original is refused on its field", async () => {
      const pickup = (await entries()).find((e) => e.question === PICKUP) as Entry;
      const page = await wide("/knowledge/new");
      await page.getByTestId("entry-question").fill("Can I pick up in store?");
      await page
        .getByTestId("entry-answer")
        .fill(
          "Yes! Choose “Store pickup” at checkout and pick a store; we message you on LINE when it arrives.",
        );
      expect(await page.getByTestId("entry-translation-of").count()).toBe(0); // Chinese: no original to pick
      await page.getByTestId("entry-language").selectOption("en");
      await page.getByTestId("entry-translation-of").selectOption({ label: PICKUP });
      await page.getByTestId("save-entry").click();
      await toast(page, "已新增常見問題").waitFor();
      const made = (await entries()).find((e) => e.question === "Can I pick up in store?") as Entry;
      expect(made).toMatchObject({ language: "en", translationOf: pickup.id });

      const item = entryItem(page, made.id);
      await item.and(page.locator("[aria-current=true]")).waitFor();
      expect(await item.getByTestId("entry-language-badge").textContent()).toBe("EN");
      expect(await item.getByTestId("entry-translates").textContent()).toBe(`翻譯自「${PICKUP}」`);
      expect(await page.getByTestId("open-original").getAttribute("href")).toBe(`#/knowledge/${pickup.id}`);
      // Under its original in the list, after the translations made before it (the demo's English one).
      const order = await page
        .getByTestId("entry-item")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-id")));
      const before = (await entries()).filter((e) => e.translationOf === pickup.id && e.id !== made.id);
      expect(before.length).toBe(1);
      expect(order.indexOf(made.id)).toBe(order.indexOf(pickup.id) + 1 + before.length);
      expect(order.indexOf(before[0]?.id as string)).toBe(order.indexOf(pickup.id) + 1);
      await shot(page, "knowledge-translation", true);

      // A change sends only what changed.
      const patches: unknown[] = [];
      page.on("request", (r) => r.method() === "PATCH" && patches.push(r.postDataJSON()));
      await page.getByTestId("entry-answer").fill("Yes! Choose “Store pickup” at checkout and pick a store.");
      await page.getByTestId("save-entry").click();
      await toast(page, "已儲存").waitFor();
      expect(patches).toEqual([{ answer: "Yes! Choose “Store pickup” at checkout and pick a store." }]);

      // The original lists it.
      await entryItem(page, pickup.id).click();
      expect(await page.getByTestId("entry-translations").textContent()).toContain("Can I pick up in store?");

      // The original chosen is deleted meanwhile: the refusal sits on 翻譯自.
      const shipping = (await entries()).find((e) => e.question === "運費怎麼算？") as Entry;
      await page.getByTestId("new-entry").click();
      await page.getByTestId("entry-question").fill("What does delivery cost here?");
      await page.getByTestId("entry-answer").fill("Free over NT$1,000; NT$80 otherwise.");
      await page.getByTestId("entry-language").selectOption("en");
      await page.getByTestId("entry-translation-of").selectOption({ label: "運費怎麼算？" });
      await suite.server.admin(`/api/knowledge/${shipping.id}`, undefined, "DELETE");
      await page.getByTestId("save-entry").click();
      await fieldError(page, "translationOf").filter({ hasText: "請選擇另一則中文原文常見問題" }).waitFor();
      expect(await page.getByTestId("entry-translation-of").getAttribute("aria-invalid")).toBe("true");
      expect((await entries()).some((e) => e.question === "What does delivery cost here?")).toBe(false);
      await shot(page, "knowledge-translation-error");
    });
  },
);
