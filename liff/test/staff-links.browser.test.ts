/**
 * 推廣連結 and 代加入購物車 in real Chromium, phone-sized, against the real server in sandbox mode
 * (its demo shop "OMO Demo 官網" and catalogue): a clerk's link to a shop page carries their
 * attribution token as `omo_ref` (an address off the shop is refused under the field, the text
 * kept) and is shared to a friend with the sandbox's share picker; a cart of two products, built
 * with the steppers, is made as a link and sent in LINE to a member of the clerk's store, whose
 * simulated chat gets the card; a member of another store, one who is not a friend and an unknown card are refused under
 * the field, in the reader's language. Screenshots: test-results/screenshots/liff-links-*.png.
 */
import { eq } from "drizzle-orm";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { staffLinks } from "../../db/schema";
import { ARTIFACTS, hasChromium, overflow, textOf } from "./browser";
import { shot as fullShot, liffSuite, personalLink, shopper } from "./liff-kit";
import { openAs, type Server } from "./sandbox";

type Entry = { direction: string; via?: string; from?: string; message: { type: string; altText?: string } };

/** A full-page shot from the top (the sticky bar where it belongs). */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullShot(page, `links-${name}`);
}

/** What the phone shows with this part of the page in the middle of the screen. */
async function view(page: Page, l: Locator, name: string) {
  await l.evaluate((el) => el.scrollIntoView({ block: "center" }));
  await page.screenshot({ path: `${ARTIFACTS}/liff-links-${name}.png` });
}

/** The JWT's claims (the attribution token), unverified: only to read which link it names. */
const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as {
    jti: string;
    stf: string;
  };

/** 阿哲, bound at the Kaohsiung store with its clerk's personal QR, a friend of the OA. */
async function otherStoreMember(s: Server) {
  const clerk = await s.clerk("黃雅婷", "S004", "KHH01");
  const userId = await s.friend("阿哲");
  const token = new URL(await personalLink(s, clerk)).searchParams.get("t");
  await s.as(userId, "/api/bind", { token, consent: true });
  return { userId, ...(await s.memberOf(userId)) };
}

const chat = async (s: Server, userId: string) =>
  (await s.control<{ entries: Entry[] }>(`/chats/${userId}/log`)).entries;

describe.skipIf(!hasChromium && !process.env.CI)("LIFF 推廣連結 (Chromium, phone)", () => {
  const suite = liffSuite();

  it("the clerk makes a page link with their omo_ref, refused off the shop, and shares it", async () => {
    const s = suite.server;
    const clerk = await s.clerk("王小明");
    const member = await shopper(s, clerk, { friend: true });
    const page = await suite.phone();
    await openAs(s, page, "/staff", clerk);
    await page.getByRole("link", { name: /推廣連結與代加入購物車/ }).click();
    await page.getByTestId("page-staffLinks").getByText("OMO Demo 官網").waitFor();
    expect(await textOf(page.locator(".tab.active"))).toBe("推廣");

    const field = page.getByTestId("links-url");
    await field.fill("https://evil.example.com/p/TEE-001");
    await page.getByTestId("links-make").click();
    await page.getByTestId("links-url-error").waitFor();
    expect(await textOf(page.getByTestId("links-url-error"))).toContain("網址須在商店網址");
    expect(await field.inputValue()).toBe("https://evil.example.com/p/TEE-001");
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    await shot(page, "page-refused");

    await field.fill("/p/TEE-001?utm_source=line");
    await page.getByTestId("links-make").dblclick();
    const made = page.getByTestId("page-link");
    await made.waitFor();
    const url = new URL((await made.getAttribute("data-url")) as string);
    expect(url.origin).toBe(new URL(s.url).origin);
    expect(url.pathname).toBe("/sandbox/shop/p/TEE-001");
    expect(url.searchParams.get("utm_source")).toBe("line");
    const ref = url.searchParams.get("omo_ref") ?? "";
    const rows = await s.app.deps.db.select().from(staffLinks).where(eq(staffLinks.kind, "page"));
    expect(rows).toHaveLength(1); // the double tap made one link
    expect(claims(ref).jti).toBe(rows[0]?.id);
    expect(rows[0]?.targetUrl).toContain("/sandbox/shop/p/TEE-001");
    expect(await page.locator(".qr-link").getAttribute("data-value")).toBe(url.toString());
    expect(await textOf(page.getByTestId("page-link-url"))).toBe(url.toString());
    expect(await overflow(page)).toBe(0);
    await shot(page, "page-made");
    await view(page, page.locator(".link-qr"), "page-qr");

    await page.getByTestId("page-link-share").click();
    await page.getByTestId("share-picker").waitFor();
    await page.getByTestId("share-friend").filter({ hasText: "小美" }).click();
    await page.getByTestId("page-link-shared").getByText("已分享給好友").waitFor();
    const card = (await chat(s, member.userId)).find((e) => e.via === "share");
    expect(card).toMatchObject({ from: clerk, message: { type: "flex" } });
    expect(JSON.stringify(card?.message)).toContain(`omo_ref=${ref}`);
  });

  it("the clerk builds a cart of two products and sends it to their store's member; another store's is refused", async () => {
    const s = suite.server;
    const clerk = await s.clerk("王小明");
    const member = await shopper(s, clerk, { friend: true });
    const other = await otherStoreMember(s);
    const page = await suite.phone();
    await openAs(s, page, "/staff/links", clerk);
    await page.getByTestId("links-mode-cart").click();
    const row = (sku: string) => page.getByTestId(`cart-${sku}`);
    await row("TEE-001").waitFor();
    await shot(page, "cart-empty");
    await row("TEE-001").getByTestId("cart-more").click();
    await row("TEE-001").getByTestId("cart-more").click();
    await row("BAG-003").getByTestId("cart-more").click();
    await row("BAG-003").getByTestId("cart-more").click();
    await row("BAG-003").getByTestId("cart-less").click();
    expect(await textOf(row("TEE-001").getByTestId("cart-qty"))).toBe("2");
    expect(await textOf(row("BAG-003").getByTestId("cart-qty"))).toBe("1");
    expect(await textOf(page.getByTestId("cart-total"))).toContain("3 件商品");
    expect(await textOf(page.getByTestId("cart-total"))).toContain("NT$2,070");

    await page.getByTestId("cart-make").click();
    const made = page.getByTestId("cart-link");
    await made.waitFor();
    const cartUrl = new URL((await made.getAttribute("data-url")) as string);
    expect(cartUrl.pathname).toBe("/sandbox/shop/cart");
    expect(cartUrl.searchParams.get("add")).toBe("BAG-003:1,TEE-001:2"); // in the catalogue's order;
    expect(cartUrl.searchParams.get("omo_ref")).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await overflow(page)).toBe(0);
    await shot(page, "cart-made");

    // Another store's member, then an unknown card: refused under the field, the number kept.
    await page.getByTestId("cart-send").click();
    const field = page.getByTestId("cart-member");
    await field.fill(other.memberCode);
    await page.getByTestId("cart-send-now").click();
    const error = page.getByTestId("cart-member-error");
    await error.waitFor();
    expect(await textOf(error)).toContain("只能傳給本店的會員");
    expect(await field.inputValue()).toBe(other.memberCode);
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    await view(page, error, "cart-other-store");
    await page.getByTestId("lang-toggle").click();
    await page.getByTestId("cart-send-now").click();
    await error.getByText("only to your store's members").waitFor();
    expect(await field.inputValue()).toBe(other.memberCode);
    await field.fill("8800 9999 9999 9999");
    await page.getByTestId("cart-send-now").click();
    await error.getByText("No member has this card number").waitFor();
    expect(await overflow(page)).toBe(0);
    await view(page, error, "cart-unknown-en");
    await page.getByTestId("lang-toggle").click();
    // A member of the store who is not a friend of the OA: LINE could not deliver it.
    const stranger = await s.user("阿德");
    const bindToken = new URL(await personalLink(s, clerk)).searchParams.get("t");
    await s.as(stranger, "/api/bind", { token: bindToken, consent: true });
    await field.fill((await s.memberOf(stranger)).memberCode);
    await page.getByTestId("cart-send-now").click();
    await error.getByText("不是官方帳號的好友").waitFor();
    expect(JSON.stringify(await chat(s, other.userId))).not.toContain("購物車");

    // The member's card, scanned: the cart goes to their chat.
    await page.getByTestId("dev-scan").fill(member.memberCode);
    await page.getByTestId("cart-scan").click();
    await page.getByTestId("cart-sent").getByText("已用 LINE 傳給").waitFor();
    expect(await textOf(page.getByTestId("cart-sent"))).toContain("NT$2,070");
    await view(page, page.getByTestId("cart-sent"), "cart-sent");
    await s.settle();
    const pushed = (await chat(s, member.userId)).filter((e) =>
      (e.message.altText ?? "").includes("為您準備了購物車"),
    );
    expect(pushed).toHaveLength(1);
    const [sentRow] = await s.app.deps.db
      .select()
      .from(staffLinks)
      .where(eq(staffLinks.sentToMemberId, member.id));
    expect(sentRow?.items).toEqual([
      { sku: "BAG-003", name: "帆布托特包", quantity: 1, price: 890 },
      { sku: "TEE-001", name: "有機棉素T", quantity: 2, price: 590 },
    ]);

    const sim = await suite.page({ viewport: { width: 1280, height: 900 }, locale: "zh-TW" });
    await sim.goto(`${s.url}/sandbox/`);
    await sim.locator(`[data-testid=user-item][data-user-id="${member.userId}"]`).click();
    const flex = sim.getByTestId("flex-card").filter({ hasText: "為您準備了購物車" });
    await flex.waitFor();
    expect(await textOf(flex)).toContain("帆布托特包");
    await flex.screenshot({ path: `${ARTIFACTS}/liff-links-cart-message.png` });
  });
});
