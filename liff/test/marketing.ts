/**
 * What the marketing console's browser tests share: the harness's server (LINE played by its
 * emulator, Tuesday 10:00 in Taipei), an audience each test makes through the API — friends of
 * the OA bound by the Taipei and Taichung clerks, with store purchases that make them gold or
 * platinum — console tabs at 1440 × 900, and screenshots under /tmp/shots.
 */
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { beforeEach, expect } from "vitest";
import { TEST_ADMIN_TOKEN } from "../../worker/test/harness";
import { unnamedControls } from "./browser";
import { browserSuite, consoleSignIn, harnessApp } from "./sandbox";

export const SHOTS = "/tmp/shots";
export const WIDE = { width: 1440, height: 900 };

/** 金卡以上、近 90 天在台北信義旗艦店消費、沒買過直播. */
export const goldStoreRule = (storeId: string) => ({
  all: [
    { field: "tier", op: "gte", value: "gold" },
    { field: "purchases", op: "gte", value: 1, days: 90, store: storeId },
    { field: "liveOrders", op: "eq", value: 0 },
  ],
});

export interface Shopper {
  userId: string;
  memberId: string;
  memberCode: string;
  name: string;
}

let purchases = 0;

export function marketingSuite() {
  const suite = browserSuite(harnessApp);
  const pageErrors: string[] = [];
  beforeEach(() => {
    pageErrors.length = 0;
  });
  mkdirSync(SHOTS, { recursive: true });

  const kit = {
    suite,
    admin: <T>(path: string, body?: unknown, method?: string) => suite.server.admin<T>(path, body, method),
    /** A signed-in console tab (the admin token) at 1440 × 900, on `route` when given. */
    console: async (
      route?: string,
      opts: { locale?: string; viewport?: { width: number; height: number }; token?: string } = {},
    ) => {
      const ctx = await suite.context({
        viewport: opts.viewport ?? WIDE,
        locale: opts.locale ?? "zh-TW",
        acceptDownloads: true,
      });
      ctx.on("weberror", (e) => pageErrors.push(e.error().message));
      const page = await ctx.newPage();
      await consoleSignIn(page, suite.server.url, opts.token ?? TEST_ADMIN_TOKEN);
      if (route) await page.goto(`${suite.server.url}/console/#${route}`);
      return page;
    },
    /** The page as it looks, under /tmp/shots; every control named, no script errors. */
    shot: async (page: Page, name: string, fullPage = false) => {
      await page.evaluate(() => window.scrollTo(0, 0));
      // Bars and meters slide to their value: shoot them where they end.
      await page.waitForFunction(() =>
        document
          .getAnimations()
          .every(
            (a) => a.playState !== "running" || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY,
          ),
      );
      await page.screenshot({ path: `${SHOTS}/marketing-${name}.png`, fullPage });
      expect(await unnamedControls(page), `unnamed controls on ${name}`).toEqual([]);
      expect(pageErrors, `script errors by ${name}`).toEqual([]);
    },
    /** A clerk of `storeCode` (a friend who joined with the invite of staff record `staffCode`). */
    clerk: (name: string, staffCode: string, storeCode: string) =>
      suite.server.clerk(name, staffCode, storeCode),
    /**
     * A friend of the OA bound with the clerk's personal QR, buying `amounts` at the clerk's
     * store (their tier follows the spend: gold from NT$10,000, platinum from NT$30,000).
     */
    shopper: async (clerk: string, name: string, amounts: number[]): Promise<Shopper> => {
      const s = suite.server;
      const userId = await s.friend(name);
      const qr = await s.as<{ personalLink: { url: string } }>(clerk, "/api/staff/binding-qr");
      const token = new URL(qr.personalLink.url).searchParams.get("t");
      await s.as(userId, "/api/bind", { token, consent: true });
      const member = await s.memberOf(userId);
      for (const amount of amounts)
        await s.as(clerk, "/api/staff/purchases", {
          purchaseId: `marketing-${String(++purchases).padStart(4, "0")}`,
          memberCode: member.memberCode,
          amount,
        });
      return { userId, memberId: member.id, memberCode: member.memberCode, name };
    },
    /**
     * The audience of goldStoreRule at 台北信義旗艦店: `n` gold or platinum buyers there (who
     * match), a gold buyer at 台中勤美店 and a regular buyer in Taipei (who do not).
     */
    audience: async (n = 10) => {
      const s = suite.server;
      const taipei = await s.store("TPE01");
      const taichung = await s.store("TXG01");
      const tpe = await kit.clerk("王小明", "S001", "TPE01");
      const txg = await kit.clerk("林志豪", "S003", "TXG01");
      const matching: Shopper[] = [];
      for (let i = 0; i < n; i++)
        matching.push(await kit.shopper(tpe, `金卡會員${i + 1}`, i % 3 === 0 ? [18_000, 14_000] : [12_000]));
      const elsewhere = await kit.shopper(txg, "台中金卡", [15_000]);
      const regular = await kit.shopper(tpe, "一般會員", [800]);
      return { taipei, taichung, tpe, txg, matching, elsewhere, regular };
    },
    preview: (rule: unknown) => kit.admin<{ count: number }>("/api/segments/preview", { rule }),
    /** LINE's month: limited to `value`, `totalUsage` used already. */
    quota: async (value: number, totalUsage: number) => {
      const res = await suite.server.t.line.control("/quota", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "limited", value, totalUsage }),
      });
      expect(res.status).toBeLessThan(300);
    },
  };
  return kit;
}
