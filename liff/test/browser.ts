import { existsSync, mkdirSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, expect } from "vitest";

/** Debian's chromium, headless, offline — never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const ARTIFACTS = "test-results/screenshots";

/**
 * What Chromium reported about the pages' Content-Security-Policy (and Permissions-Policy):
 * refused scripts, styles, requests or frames, and directives it did not understand. Every
 * browser test file that imports this module fails a test during which any was reported.
 */
const policyReports: string[] = [];

/** The reports so far, emptied (a test that provokes a violation on purpose takes its own). */
export function takePolicyReports(): string[] {
  return policyReports.splice(0);
}

afterEach(() => {
  expect(takePolicyReports(), "Content-Security-Policy violations").toEqual([]);
});
afterAll(() => {
  expect(takePolicyReports(), "Content-Security-Policy violations").toEqual([]);
});

async function watchPolicies(ctx: BrowserContext): Promise<void> {
  ctx.on("console", (msg) => {
    const text = msg.text();
    if (/Content[- ]Security[- ]Policy|Permissions-Policy|securitypolicyviolation/i.test(text)) {
      policyReports.push(`${msg.location().url}: ${text}`);
    }
  });
  // Chromium logs refusals itself; the event also names what was blocked, inside frames too.
  await ctx.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`securitypolicyviolation: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`);
    });
  });
}

export async function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await launchChromium();
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = async (opts) => {
    const ctx = await newContext(opts);
    await watchPolicies(ctx);
    return ctx;
  };
  browser.newPage = async (opts) => {
    const page = await newPage(opts);
    await watchPolicies(page.context());
    return page;
  };
  return browser;
}

function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Visible controls without an accessible name (label, aria-label, text or title). */
export function unnamedControls(page: Page): Promise<string[]> {
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

/** An element's text with runs of white space folded, trimmed. */
export const textOf = async (l: Locator): Promise<string> =>
  ((await l.textContent()) ?? "").replace(/\s+/g, " ").trim();

/** How far the page is wider than its viewport (≤ 0: it fits). */
export const overflow = (page: Page): Promise<number> =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The whole page in one tall viewport, so a fixed bottom bar sits at the bottom as on a phone. */
export async function tallShot(page: Page, path: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 390, height: 844 };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path });
  await page.setViewportSize(viewport);
}
