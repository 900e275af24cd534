/**
 * The security headers in Chromium: the API docs run their one inline script (allowed by hash),
 * while a script injected into a page is refused and reported — the report that fails every
 * other browser test if a page of ours breaks its own policy (liff/test/browser.ts) — and
 * another site cannot frame the console.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { hasChromium, takePolicyReports } from "./browser";
import { browserSuite, harnessApp } from "./sandbox";

describe.skipIf(!hasChromium && !process.env.CI)("Content-Security-Policy (Chromium)", () => {
  const suite = browserSuite(harnessApp);
  /** A page of its own; what its scripts throw is kept in `errors`. */
  const page = async () => {
    const context = await suite.context({ viewport: { width: 1280, height: 860 }, locale: "zh-TW" });
    const errors: string[] = [];
    context.on("weberror", (e) => errors.push(e.error().message));
    return { page: await context.newPage(), errors };
  };

  it("the API docs render from /openapi.json under their hashed inline script", async () => {
    const { page: docs, errors } = await page();
    await docs.goto(`${suite.server.url}/docs`);
    await docs.getByRole("heading", { name: "Live sales (+1)" }).waitFor();
    expect(await docs.locator("details").count()).toBeGreaterThan(50);
    expect(errors).toEqual([]);
  });

  it("refuses a script injected into the console, and reports it", async () => {
    const { page: tab } = await page();
    await tab.goto(`${suite.server.url}/console/`);
    await tab.getByRole("button").first().waitFor();
    const injected = await tab.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.injected = true";
      document.head.appendChild(s);
      return (window as unknown as { injected?: boolean }).injected ?? false;
    });
    expect(injected).toBe(false);
    // Chromium reports the refusal, and so does the page's own listener (browser.ts): both are
    // taken, so neither is left over for the checks after the test.
    const seen: string[] = [];
    const reports = () => {
      seen.push(...takePolicyReports());
      return seen.join("\n");
    };
    await expect.poll(reports).toMatch(/script-src 'self'/);
    await expect.poll(reports).toMatch(/securitypolicyviolation: script-src-elem blocked inline/);
  });

  it("another site cannot frame the console (a page without the headers can be)", async () => {
    const open = `${suite.server.t.line.url}/oauth2/v2.1/certs`; // the LINE emulator: no headers of ours
    const html = `<!doctype html><iframe src="${suite.server.url}/console/"></iframe><iframe src="${open}"></iframe>`;
    // Another origin on this machine (127.0.0.1, its own port), so only the headers decide.
    const site = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
    await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
    const { page: attacker } = await page();
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
      await new Promise((resolve) => site.close(resolve));
    }
  });
});
