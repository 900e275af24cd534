/**
 * The security headers in Chromium: the API docs run their one inline script (allowed by hash),
 * while a script injected into a page is refused and reported — the report that fails every
 * other browser test if a page of ours breaks its own policy (liff/test/browser.ts) — and
 * another site cannot frame the console.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../worker/test/harness";
import { hasChromium, launch, takePolicyReports } from "./browser";

describe.skipIf(!hasChromium && !process.env.CI)("Content-Security-Policy (Chromium)", () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp({ demo: true }), launch()]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "zh-TW" });
    context.on("weberror", (e) => errors.push(e.error().message));
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("the API docs render from /openapi.json under their hashed inline script", async () => {
    await page.goto(`${t.app.url}/docs`);
    await page.getByRole("heading", { name: "Live sales (+1)" }).waitFor();
    expect(await page.locator("details").count()).toBeGreaterThan(50);
    expect(errors).toEqual([]);
  });

  it("refuses a script injected into the console, and reports it", async () => {
    await page.goto(`${t.app.url}/console/`);
    await page.getByRole("button").first().waitFor();
    const injected = await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.injected = true";
      document.head.append(s);
      return (window as unknown as { injected?: boolean }).injected ?? false;
    });
    expect(injected).toBe(false);
    await expect.poll(() => takePolicyReports().join("\n")).toMatch(/script-src 'self'/);
  });

  it("another site cannot frame the console (a page without the headers can be)", async () => {
    const open = `${t.line.url}/oauth2/v2.1/certs`; // the LINE emulator: no headers of ours
    const html = `<!doctype html><iframe src="${t.app.url}/console/"></iframe><iframe src="${open}"></iframe>`;
    // Another origin on this machine (127.0.0.1, its own port), so only the headers decide.
    const site = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
    await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
    const attacker = await browser.newPage();
    try {
      await attacker.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
      const urls = () =>
        attacker
          .frames()
          .slice(1)
          .map((f) => f.url());
      // Chromium replaces a refused frame with its error page.
      await expect.poll(urls).toEqual(["chrome-error://chromewebdata/", open]);
      await expect.poll(() => takePolicyReports().join("\n")).toMatch(/frame-ancestors 'none'/);
    } finally {
      await attacker.close();
      await new Promise((resolve) => site.close(resolve));
    }
  });
});
