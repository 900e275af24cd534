/**
 * What the support console's browser tests share: the harness's server (its manual clock on
 * Tuesday 10:00 in Taipei, inside business hours) for each test, console tabs whose clock is a few
 * minutes later (so waits read as minutes), and the API calls that make a test's state: agents,
 * an FAQ entry, a keyword rule, a member with purchases, a friend whose question waits.
 */
import type { Page } from "playwright-core";
import { beforeEach, expect } from "vitest";
import { TEST_ADMIN_TOKEN } from "../../worker/test/harness";
import { ARTIFACTS, unnamedControls } from "./browser";
import { browserSuite, consoleSignIn, DESKTOP, harnessApp, type Server } from "./sandbox";

export const SERVER_START = "2026-11-24T02:00:00.000Z";
const BROWSER_NOW = new Date("2026-11-24T02:04:10.000Z");
/** What the friend asks that no keyword rule answers. */
export const QUESTION = "我可以到店自取嗎";
export const FAQ = {
  question: "到店自取要帶什麼？",
  variants: ["自取", "到店取貨", "門市自取"],
  answer: "到店自取請出示 LINE 取貨通知與會員條碼，門市夥伴會為您取貨；代取請提供訂單編號。",
  tags: ["門市"],
};
export const RULE_REPLY = "{displayName} 您好！ABC 會員日全館 85 折，{points} 點可折抵 🎉";

export const toast = (page: Page, text: string) => page.getByTestId("toast").filter({ hasText: text });
export const fieldError = (page: Page, field: string) =>
  page.locator(`[data-testid=field-error][data-field="${field}"]`);
/** The conversation's row in the list. */
export const item = (page: Page, conversationId: string) =>
  page.locator(`[data-testid=conversation-item][data-id="${conversationId}"]`);
export const suggestion = (page: Page, text: string) =>
  page.getByTestId("suggestion").filter({ hasText: text });

export interface Suggestion {
  id: string;
  text: string;
  source: string;
  /** `faq:<entry id>` for a retrieval suggestion from the knowledge base. */
  sourceRef: string | null;
}

export function inboxSuite() {
  const suite = browserSuite(
    async () => {
      const s = await harnessApp();
      expect(s.clock.now().toISOString()).toBe(SERVER_START);
      return s;
    },
    { pageClock: () => BROWSER_NOW },
  );
  const pageErrors: string[] = [];
  beforeEach(() => {
    pageErrors.length = 0;
  });
  const admin = <T>(path: string, body?: unknown) => suite.server.admin<T>(path, body);

  const kit = {
    suite,
    admin,
    /** A desktop tab of its own, its script errors failing the next shot. */
    tab: async () => {
      const ctx = await suite.context({ viewport: DESKTOP, locale: "zh-TW" });
      ctx.on("weberror", (e) => pageErrors.push(e.error().message));
      return ctx.newPage();
    },
    /** A console tab signed in with this token (the admin's by default), on `route` when given. */
    console: async (route?: string, token = TEST_ADMIN_TOKEN) => {
      const page = await kit.tab();
      await consoleSignIn(page, suite.server.url, token);
      if (route) await page.goto(`${suite.server.url}/console/#${route}`);
      return page;
    },
    shot: async (p: Page, name: string, fullPage = false) => {
      if (fullPage) await p.evaluate(() => window.scrollTo(0, 0));
      await p.screenshot({ path: `${ARTIFACTS}/inbox-${name}.png`, fullPage });
      expect(await unnamedControls(p), `unnamed controls on ${name}`).toEqual([]);
      expect(pageErrors, `script errors by ${name}`).toEqual([]);
    },
    /** Two agents besides the demo's: 陳怡君 (A009), who signs in with her own token, and 張美玲 (A010). */
    agents: async () => {
      const ids: string[] = [];
      for (const [code, name] of [
        ["A009", "陳怡君"],
        ["A010", "張美玲"],
      ] as const) {
        const res = await suite.server.t.admin("/api/admin/staff", {
          method: "POST",
          body: JSON.stringify({ code, name, role: "agent" }),
        });
        expect(res.status, code).toBe(201);
        ids.push(((await res.json()) as { id: string }).id);
      }
      const [yijun, meiling] = ids as [string, string];
      return { yijun, meiling };
    },
    /** The FAQ entry about picking up at the store (what the retrieval suggestions cite). */
    faq: () => admin<{ id: string }>("/api/knowledge", FAQ),
    /** The ABC 會員日 rule: answers with the member's name and points, a quick reply, and tags the member. */
    rule: () =>
      admin<{ id: string }>("/api/keywords", {
        match: "contains",
        pattern: "ABC會員日",
        priority: 50,
        replies: [
          {
            type: "text",
            text: RULE_REPLY,
            quickReply: {
              items: [{ type: "action", action: { type: "message", label: "會員卡", text: "會員卡" } }],
            },
          },
        ],
        tags: ["會員日"],
      }),
    /** 林小安 asks QUESTION: the conversation waits (the acknowledgement follows). */
    waiting: async (s: Server = suite.server) => {
      const friend = await s.friend("林小安");
      await s.say(friend, QUESTION);
      return { friend, conversationId: await kit.conversationOf(friend) };
    },
    conversationOf: async (lineUserId: string) => {
      const { conversations } = await admin<{ conversations: Array<{ id: string; lineUserId: string }> }>(
        "/api/inbox/conversations",
      );
      const id = conversations.find((c) => c.lineUserId === lineUserId)?.id;
      if (!id) throw new Error(`no conversation with ${lineUserId}`);
      return id;
    },
    /** The suggestions the sweep prepared for the conversation. */
    suggestions: async (conversationId: string) => {
      await suite.server.app.sweep();
      await suite.server.settle();
      return (await admin<{ suggestions: Suggestion[] }>(`/api/inbox/conversations/${conversationId}`))
        .suggestions;
    },
  };
  return kit;
}
