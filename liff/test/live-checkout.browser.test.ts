/**
 * The buyer's side of a "+1" live sale in Chromium, phone-sized, against the real server in
 * sandbox mode: simulated LINE friends order in the 1:1 chat (the last tote bag to 先來, 阿明
 * waitlisted for it, then 小芳), 小芳 opens the checkout link the bot sent and checks out (a double
 * tap places one order); delivery with a bank transfer; a cart with only a waitlisted line; no
 * order, an unknown or a closed sale; a cart that expires while open. Each test has a server of
 * its own and orders what it needs first. Screenshots: test-results/screenshots/live-*.png.
 */
import { describe, expect, it } from "vitest";
import { hasChromium, overflow, textOf } from "./browser";
import { checkout, claim, facebookOrder, liveSuite, openSale, orders, shot } from "./live";
import { openLiff } from "./sandbox";

describe.skipIf(!hasChromium && !process.env.CI)("LIFF live checkout (Chromium, phone)", () => {
  const suite = liveSuite();
  /** The sale and its chat orders: 先來 gets the only C, 阿明 waits for it, then 小芳 orders A×2, B02 紅 M and C. */
  const chatOrders = async () => {
    const s = suite.server;
    const saleId = await openSale(s);
    const [first, waiting, buyer] = [await s.friend("先來"), await s.friend("阿明"), await s.friend("小芳")];
    await s.say(first, "C+1");
    await s.say(waiting, "C+1");
    await s.say(buyer, "A+2 B02 紅M+1 C+1");
    return { saleId, first, waiting, buyer };
  };
  /** The chat orders, and one buyer's checkout page. */
  const cartOf = async (who: "first" | "waiting" | "buyer") => {
    const made = await chatOrders();
    const page = await suite.phone();
    await checkout(suite.server, page, made.saleId, made[who]);
    return { ...made, page };
  };
  /** The sale, and Amy's cart: her Facebook order claimed for her LINE account. */
  const amysCart = async () => {
    const s = suite.server;
    const saleId = await openSale(s);
    const amy = await s.friend("Amy");
    await claim(s, await facebookOrder(s, saleId, "fb-amy", "Amy Lin", "A+1 B02 黑L+1"), amy);
    return { s, saleId, amy };
  };

  it("the bot's checkout link opens the cart: lines, the waitlisted line's place, total, hold", async () => {
    const { saleId, buyer } = await chatOrders();
    const log = await suite.server.control<{ entries: Array<{ direction: string; message: unknown }> }>(
      `/chats/${buyer}/log`,
    );
    const reply = JSON.stringify(log.entries.filter((e) => e.direction === "out").at(-1)?.message);
    const link = new RegExp(`https://liff\\.line\\.me/[^"/]+/live/${saleId}`).exec(reply)?.[0];
    expect(link).toBeDefined();
    const page = await suite.phone();
    await openLiff(suite.server, page, link as string, buyer);
    await page.getByTestId("checkout-form").waitFor();
    expect(await textOf(page.getByTestId("sale-title"))).toBe("週五晚間直播・秋冬新品");
    const lines = page.getByTestId("cart-line");
    expect(await lines.count()).toBe(2);
    expect(await textOf(lines.nth(0))).toContain("羊毛圍巾");
    expect(await textOf(lines.nth(0))).toContain("NT$780");
    expect(await textOf(lines.nth(1))).toContain("紅 M");
    expect(await textOf(page.getByTestId("waitlist-line"))).toContain("限量帆布托特包");
    expect(await textOf(page.getByTestId("waitlist-position"))).toBe("候補第 2 位");
    await page.getByText("候補商品不會列入這次結帳").waitFor();
    expect(await textOf(page.getByTestId("checkout-total"))).toBe("NT$2,060");
    expect(await textOf(page.getByTestId("hold"))).toMatch(/前完成結帳\s*剩 23 小時 55 分$/);
    await shot(page, "cart");

    // Delivery: pay at pickup is off, and the form says what is missing.
    await page.getByTestId("payment-pickup").click();
    await page.getByTestId("fulfilment-delivery").click();
    expect(await page.getByTestId("payment-pickup").locator("input").isDisabled()).toBe(true);
    expect(await page.getByTestId("payment-bank").locator("input").isChecked()).toBe(true);
    await page.getByTestId("delivery-phone").fill("0912-34");
    await page.getByTestId("checkout-confirm").click();
    await page.getByText("請填寫姓名").waitFor();
    await page.getByText("請輸入有效的手機號碼").waitFor();
    await page.getByText("請填寫完整的寄送地址").waitFor();
    await shot(page, "delivery-errors");
  });

  it("store pickup, pay at pickup: a double tap places one order and shows the confirmation", async () => {
    const { saleId, buyer, page } = await cartOf("buyer");
    await page.getByTestId("checkout-form").waitFor();
    // The first store is chosen already (the buyer has no home store); pick another.
    expect(await page.getByTestId("store-option").first().isChecked()).toBe(true);
    await page.getByText("台中勤美店").click();
    await page.getByTestId("payment-pickup").click();
    await shot(page, "pickup");
    await page.getByTestId("checkout-confirm").dblclick();
    await page.getByTestId("order-placed").waitFor();
    expect(await page.getByRole("alert").count()).toBe(0);
    const number = await textOf(page.getByTestId("order-number"));
    expect(number).toMatch(/^#[0-9A-Z]{1,8}$/);
    expect(await textOf(page.getByTestId("order-total"))).toBe("NT$2,060");
    expect(await textOf(page.getByTestId("pay-at-pickup"))).toContain("取貨時付款 NT$2,060");
    expect(await textOf(page.getByTestId("order-where"))).toContain("台中勤美店");
    await shot(page, "confirmed");

    const mine = (await orders(suite.server, saleId)).filter((o) => o.buyer.lineUserId === buyer);
    expect(mine.map((o) => [o.status, o.total])).toEqual([["confirmed", 2060]]);
    expect(mine[0]?.id.toUpperCase().endsWith(number.slice(1))).toBe(true);
    // The waitlisted line went at checkout: only 阿明 still waits for C.
    const tally = await (await fetch(`${suite.server.url}/api/lives/${saleId}/tally`)).json();
    expect(
      (tally as { products: Array<{ code: string; waitlisted: number }> }).products.find(
        (p) => p.code === "C",
      )?.waitlisted,
    ).toBe(1);

    // Opened again from the chat: the order and its status, not a second checkout.
    await page.reload();
    await page.getByTestId("order-placed").waitFor();
    expect(await textOf(page.getByTestId("order-steps"))).toContain("訂單成立");
    expect(await page.getByTestId("checkout-confirm").count()).toBe(0);

    // 加購: "+1" after checkout opens a new cart; the page checks it out and lists the first order.
    await suite.server.say(buyer, "A+1");
    await page.reload();
    await page.getByTestId("checkout-form").waitFor();
    expect(await page.getByTestId("cart-line").count()).toBe(1);
    expect(await textOf(page.getByTestId("checkout-total"))).toBe("NT$390");
    await page.getByTestId("new-cart").waitFor();
    const earlier = page.getByTestId("earlier-order");
    expect(await earlier.count()).toBe(1);
    expect(await textOf(earlier)).toMatch(new RegExp(`${number}.*待付款\\s*NT\\$2,060`));
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "second-cart");
    await page.getByTestId("payment-pickup").click();
    await page.getByTestId("checkout-confirm").click();
    await page.getByTestId("order-placed").waitFor();
    expect(await textOf(page.getByTestId("order-total"))).toBe("NT$390");
    const both = (await orders(suite.server, saleId)).filter((o) => o.buyer.lineUserId === buyer);
    expect(both.map((o) => [o.status, o.total]).sort()).toEqual([
      ["confirmed", 2060],
      ["confirmed", 390],
    ]);
  });

  it("delivery with bank transfer shows the sandbox's example account, labelled as such", async () => {
    const { saleId, first, page } = await cartOf("first");
    await page.getByTestId("fulfilment-delivery").click();
    await page.getByTestId("delivery-name").fill("陳先來");
    await page.getByTestId("delivery-phone").fill("0912-345-678");
    await page.getByTestId("delivery-address").fill("台北市大安區復興南路一段 100 號 5 樓");
    await shot(page, "delivery");
    await page.getByTestId("checkout-confirm").click();
    await page.getByTestId("bank-transfer").waitFor();
    expect(await textOf(page.getByTestId("bank-transfer"))).toContain("請轉帳 NT$890");
    expect(await textOf(page.getByTestId("bank-example"))).toContain("範例帳號・沙盒示範用，請勿實際轉帳");
    expect(await textOf(page.getByTestId("order-where"))).toContain("復興南路");
    await shot(page, "bank-transfer");

    // The seller sees the transfer and marks the order paid: reopened, the page says so.
    const order = (await orders(suite.server, saleId)).find((o) => o.buyer.lineUserId === first);
    await suite.server.admin(`/api/lives/${saleId}/orders/${order?.id}/status`, { status: "paid" });
    await page.reload();
    await page.getByText("已收到您的付款，謝謝！").waitFor();
    expect(await page.getByTestId("order-steps").locator("li.done").count()).toBe(2);
    expect(await page.getByTestId("bank-transfer").count()).toBe(0);
    await shot(page, "paid");
  });

  it("a cart with only waitlisted items shows the place in the queue and nothing to pay yet", async () => {
    const { page } = await cartOf("waiting");
    await page.getByTestId("waitlist").waitFor();
    expect(await textOf(page.getByTestId("waitlist-position"))).toBe("候補第 1 位");
    await page.getByText("目前只有候補中的商品").waitFor();
    expect(await page.getByTestId("checkout-confirm").count()).toBe(0);
    await shot(page, "waitlisted");
  });

  it("no order, an unknown sale, a closed sale; English on a 320 px screen", async () => {
    const { s, saleId, amy } = await amysCart();
    const stranger = await s.friend("路人");
    const page = await suite.phone();
    await checkout(s, page, saleId, stranger);
    await page.getByTestId("live-empty").waitFor();
    expect(await textOf(page.getByTestId("live-empty"))).toContain("您在這場直播還沒有訂單");
    await page.goto(`${s.url}/liff/live/sal_nope`);
    await page.getByTestId("live-missing").waitFor();

    await s.admin(`/api/lives/${saleId}/close`, {});
    await checkout(s, page, saleId, stranger);
    await page.getByText("這場直播已結束").waitFor();
    await shot(page, "ended");

    // In English on a small phone: Amy's claimed cart can still be checked out after the live ends.
    const en = await suite.phone("en-US", { width: 320, height: 640 });
    await checkout(s, en, saleId, amy);
    await en.getByTestId("checkout-form").waitFor();
    await en.getByTestId("lang-toggle").click();
    await en.getByRole("heading", { name: "Checkout" }).waitFor();
    await en.getByText("The sale has ended. Please check out before your hold ends.").waitFor();
    await en.getByText("You have no coupons or points to use right now.").waitFor();
    expect(await overflow(en)).toBeLessThanOrEqual(0);
    await shot(en, "checkout-en-320");
  });

  it("a cart that expires while the page is open says so when the buyer confirms", async () => {
    const { s, saleId, amy } = await amysCart();
    const page = await suite.phone();
    await checkout(s, page, saleId, amy);
    await page.getByTestId("checkout-form").waitFor();
    s.clock.advance(25 * 60 * 60_000);
    await s.app.sweep();
    await s.app.sweep();
    await s.settle();
    await page.getByTestId("checkout-confirm").click();
    await page.getByTestId("order-closed").waitFor();
    expect(await textOf(page.getByTestId("order-closed"))).toContain("購物車已過期");
    await shot(page, "expired");
  });
});
