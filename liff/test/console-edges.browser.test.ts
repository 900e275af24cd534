/**
 * Small console edges in real Chromium: the English top bar on one line at 1280 px, and a printed
 * `#token=…` link opened in a tab that already shows the sign-in page (a hashchange, not a load).
 */
import { describe, expect, it } from "vitest";
import { TEST_ADMIN_TOKEN } from "../../worker/test/harness";
import { ARTIFACTS, hasChromium } from "./browser";
import { browserSuite, consoleSignIn, harnessApp } from "./sandbox";

describe.skipIf(!hasChromium && !process.env.CI)("console edges (Chromium)", () => {
  const suite = browserSuite(harnessApp);

  it("keeps the English navigation on one line at 1280 px", async () => {
    const page = await suite.page({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    await consoleSignIn(page, suite.server.url, TEST_ADMIN_TOKEN);
    await page.getByTestId("nav-live").filter({ hasText: "Live" }).waitFor();
    const rows = await page.evaluate(() => {
      const bar = document.querySelector<HTMLElement>(".topbar");
      const links = [
        ...document.querySelectorAll<HTMLElement>(".topbar .nav-link, .topbar [data-testid=lang-switch]"),
      ];
      return {
        barHeight: bar?.getBoundingClientRect().height ?? 0,
        scrollWidth: bar ? bar.scrollWidth - bar.clientWidth : -1,
        // Each link's text on one line: its height is one line's, and no two links are stacked.
        tall: links.filter((l) => l.getBoundingClientRect().height > 56).map((l) => l.textContent),
        wrapped: links
          .filter((l) => {
            const r = document.createRange();
            r.selectNodeContents(l);
            return (
              r.getClientRects().length > 1 &&
              new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1
            );
          })
          .map((l) => l.textContent),
      };
    });
    await page.screenshot({ path: `${ARTIFACTS}/console-nav-en-1280.png` });
    expect(rows).toEqual({ barHeight: 56, scrollWidth: 0, tall: [], wrapped: [] });
    // 登出 / Sign out as its icon here, still named.
    expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
  });

  it("signs in from a #token= link opened on the sign-in page, and the token leaves the bar", async () => {
    const page = await suite.page({ viewport: { width: 1280, height: 800 }, locale: "zh-TW" });
    await page.goto(`${suite.server.url}/console/`);
    await page.getByTestId("sign-in-form").waitFor();
    await page.evaluate((t) => {
      location.hash = `#token=${encodeURIComponent(t)}`;
    }, TEST_ADMIN_TOKEN);
    await page.getByTestId("signed-in-as").waitFor();
    await page.getByTestId("sales-table").waitFor();
    expect(page.url()).not.toContain(TEST_ADMIN_TOKEN);
    expect(page.url()).toMatch(/\/console\/#\/sales$/);
    // Back does not bring the token back: the link's entry was replaced, not kept.
    await page.goBack();
    expect(page.url()).not.toContain("token");
  });

  it("a field's 必填 clears once it is filled: the new-sale form and the keyword editor", async () => {
    const page = await suite.page({ viewport: { width: 1280, height: 800 }, locale: "zh-TW" });
    await consoleSignIn(page, suite.server.url, TEST_ADMIN_TOKEN);
    const fieldError = (field: string) => page.locator(`[data-testid=field-error][data-field="${field}"]`);
    await page.goto(`${suite.server.url}/console/#/sales/new`);
    await page.getByTestId("create-sale").click();
    expect(await fieldError("title").textContent()).toBe("必填");
    await page.getByTestId("sale-title").fill("週六早場");
    expect(await fieldError("title").count()).toBe(0);
    expect(await page.getByTestId("sale-title").getAttribute("aria-invalid")).toBeNull();

    await page.goto(`${suite.server.url}/console/#/keywords/new`);
    await page.getByTestId("rule-form").waitFor();
    await page.getByTestId("save-rule").click();
    expect(await fieldError("pattern").textContent()).toBe("必填");
    await page.getByTestId("rule-pattern").fill("營業時間");
    expect(await fieldError("pattern").count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/console-keyword-required-cleared.png` });
  });
});
