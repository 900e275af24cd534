/**
 * Claiming a live sale's orders in Chromium, phone-sized, against the real server in sandbox
 * mode: a Facebook buyer opens the seller's claim link in LINE and lands on the checkout with
 * their orders; a link already claimed by another LINE account, and a tampered one, are explained.
 * Each test has a server of its own. Screenshots: test-results/screenshots/live-claim*.png.
 */
import { describe, expect, it } from "vitest";
import { hasChromium, textOf } from "./browser";
import { claim, facebookOrder, liveSuite, openSale, shot } from "./live";
import { openLiff } from "./sandbox";

describe.skipIf(!hasChromium && !process.env.CI)("LIFF live claim (Chromium, phone)", () => {
  const suite = liveSuite();
  /** The sale, Amy Lin's Facebook comment on it, the claim link for it, and Amy's LINE account. */
  const amysLink = async () => {
    const s = suite.server;
    const saleId = await openSale(s);
    const claimUrl = await facebookOrder(s, saleId, "fb-amy", "Amy Lin", "A+1 B02 黑L+1");
    return { saleId, claimUrl, amy: await s.friend("Amy") };
  };
  /** The claim link opened in LINE by this user, its confirm button shown. */
  const claimPage = async (claimUrl: string, userId: string) => {
    const page = await suite.phone();
    await openLiff(suite.server, page, claimUrl, userId);
    await page.getByTestId("claim-confirm").waitFor();
    return page;
  };

  it("a Facebook buyer claims their orders with the seller's link and lands on the checkout", async () => {
    const { saleId, claimUrl, amy } = await amysLink();
    expect(claimUrl).toMatch(/\/live\/claim\?t=/);
    const page = await claimPage(claimUrl, amy);
    await page.getByText("把您在 Facebook/YouTube 直播的訂單綁定到這個 LINE 帳號").waitFor();
    expect(await textOf(page.getByTestId("claim-sale"))).toContain("週五晚間直播・秋冬新品");
    await shot(page, "claim");
    await page.getByTestId("claim-confirm").click();
    await page.getByTestId("claimed").waitFor();
    expect(new URL(page.url()).pathname).toBe(`/liff/live/${saleId}`);
    expect(await page.getByTestId("cart-line").count()).toBe(2);
    expect(await textOf(page.getByTestId("cart-line").nth(1))).toContain("黑 L");
    expect(await textOf(page.getByTestId("checkout-total"))).toBe("NT$1,670");
    await shot(page, "claim-checkout");
  });

  it("explains a link claimed by another LINE account and a tampered one", async () => {
    const { claimUrl, amy } = await amysLink();
    await claim(suite.server, claimUrl, amy);
    const page = await claimPage(claimUrl, await suite.server.friend("阿明"));
    await page.getByTestId("claim-confirm").click();
    await page.getByTestId("claim-refused").waitFor();
    expect(await textOf(page.getByTestId("claim-refused"))).toContain("這些訂單已綁定其他 LINE 帳號");
    await shot(page, "claim-taken");
    const token = new URL(claimUrl).searchParams.get("t") as string;
    await page.goto(
      `${suite.server.url}/liff/live/claim?t=${encodeURIComponent(`${token.slice(0, -4)}AAAA`)}`,
    );
    await page.getByTestId("claim-confirm").click();
    await page.getByTestId("claim-refused").waitFor();
    expect(await textOf(page.getByTestId("claim-refused"))).toContain("無法辨識這個連結");
    await shot(page, "claim-invalid");
  });
});
