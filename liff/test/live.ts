/**
 * What the live-sale browser tests share: a server on Friday 20:00 in Taipei (the live starts),
 * pages whose clock is the server's, the sale they buy from, and the buyer's ways in (the bot's
 * checkout link, a claim link, the checkout page itself).
 */
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { ARTIFACTS, tallShot } from "./browser";
import { browserSuite, openAs, type Server, sandboxApp } from "./sandbox";

// Friday 20:00 in Taipei: the live starts.
export const START = "2026-11-27T12:00:00.000Z";

/** Chromium for the file, a server per test; the pages' clock five minutes into the live. */
export const liveSuite = () =>
  browserSuite(() => sandboxApp({ start: START }), {
    // The page's clock is the server's (the hold counts down from the sale's time).
    pageClock: (s) => new Date(s.clock.now().getTime() + 5 * 60_000),
  });

export interface Order {
  id: string;
  status: string;
  total: number;
  buyer: { name: string; lineUserId: string | null };
  lines: Array<{ code: string; status: string; qty: number }>;
}

/** The evening's sale, open: a scarf (10), a jacket in two variants (2 + 1), one tote bag. */
export async function openSale(s: Server): Promise<string> {
  const { id } = await s.admin<{ id: string }>("/api/lives", {
    title: "週五晚間直播・秋冬新品",
    featuredCode: "A",
    products: [
      { code: "A", name: "羊毛圍巾", price: 390, stock: 10 },
      {
        code: "B02",
        name: "針織外套",
        price: 1280,
        stock: 0,
        variants: [
          { name: "紅 M", stock: 2 },
          { name: "黑 L", stock: 1 },
        ],
      },
      { code: "C", name: "限量帆布托特包", price: 890, stock: 1 },
    ],
  });
  await s.admin(`/api/lives/${id}/open`, {});
  return id;
}

export const orders = async (s: Server, saleId: string) =>
  (await s.admin<{ orders: Order[] }>(`/api/lives/${saleId}/orders`)).orders;

/** A Facebook buyer's comment, and the seller's claim link for it. */
export async function facebookOrder(
  s: Server,
  saleId: string,
  userId: string,
  userName: string,
  text: string,
) {
  await s.admin(`/api/lives/${saleId}/comments`, {
    comments: [{ platform: "facebook", commentId: `fb-${userId}`, userId, userName, text, postedAt: START }],
  });
  const { links } = await s.admin<{ links: Array<{ url: string }> }>(`/api/lives/${saleId}/claim-links`, {
    buyers: [{ platform: "facebook", userId }],
  });
  return links[0]?.url as string;
}

/** The claim token of a claim link, claimed for this LINE user through the API. */
export async function claim(s: Server, claimUrl: string, lineUserId: string): Promise<void> {
  const token = new URL(claimUrl).searchParams.get("t");
  await s.as(lineUserId, "/api/me/lives/claims", { token });
}

/** The sale's checkout page as this simulated user. */
export const checkout = (s: Server, page: Page, saleId: string, userId: string) =>
  openAs(s, page, `/live/${saleId}`, userId);

/** Saves the page, after checking that every visible control has an accessible name. */
export async function shot(page: Page, name: string): Promise<void> {
  const unnamed = await page.evaluate(() => {
    const named = (el: Element) => {
      const text = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
      const by = el.getAttribute("aria-labelledby");
      const labels = (el as HTMLInputElement).labels;
      return (
        text(el.getAttribute("aria-label")) ||
        (by
          ? text(
              by
                .split(" ")
                .map((id) => document.getElementById(id)?.textContent)
                .join(" "),
            )
          : "") ||
        (labels ? text([...labels].map((l) => l.textContent).join(" ")) : "") ||
        (el.matches("button, a") ? text(el.textContent) : "") ||
        text(el.getAttribute("title"))
      );
    };
    return [...document.querySelectorAll("a[href], button, input, select, textarea")]
      .filter((el) => (el as HTMLElement).getClientRects().length > 0 && !el.closest("#dev-bar-root"))
      .filter((el) => !named(el))
      .map((el) => el.outerHTML.slice(0, 120));
  });
  expect(unnamed, `controls without a name on ${name}`).toEqual([]);
  await tallShot(page, `${ARTIFACTS}/live-${name}.png`);
}
