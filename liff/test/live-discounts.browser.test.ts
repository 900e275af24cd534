/**
 * Paying part of a live order with a coupon and points, in Chromium, phone-sized, against the
 * real server in sandbox mode: a member with points from a store purchase and three coupons sees
 * which apply and why the others do not, a refusal by the server is explained by the field, and
 * the card shows what is left; a buyer who became a member by claiming has nothing to use yet.
 * Each test has a server of its own. Screenshots: test-results/screenshots/live-discount*.png.
 */
import { describe, expect, it } from "vitest";
import { hasChromium, overflow, textOf } from "./browser";
import { checkout, facebookOrder, liveSuite, openSale, orders, shot } from "./live";
import { openLiff } from "./sandbox";

describe.skipIf(!hasChromium && !process.env.CI)("LIFF live discounts (Chromium, phone)", () => {
  const suite = liveSuite();
  /** A sale at the Taipei store's POS (its own key), as a till would send it. */
  const pos = async <T>(body: unknown): Promise<T> => {
    const s = suite.server;
    const { key } = await s.admin<{ key: string }>(
      `/api/admin/stores/${(await s.store("TPE01")).id}/pos-keys`,
      {},
    );
    const res = await fetch(`${s.url}/api/pos/transactions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POS: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  it("a member pays part with a coupon and points; a refusal is explained; the card shows what is left", async () => {
    const s = suite.server;
    const saleId = await openSale(s);
    const member = await s.friend("點點");
    await s.say(member, "A+2"); // NT$780
    const { memberCode: code } = await s.memberOf(member);
    // 99 points from a purchase at the store, then coupons: one to use, two this order cannot use.
    const sale = await pos<{ pointsEarned: number }>({
      externalId: "LIVE-POS-1",
      memberCode: code,
      total: 9900,
    });
    expect(sale.pointsEarned).toBe(99);
    const storeOnly = await s.admin<{ id: string }>("/api/admin/coupon-templates", {
      name: "門市限定 NT$50",
      kind: "amount",
      value: 50,
      minSpend: 0,
      channel: "store",
      validDays: 30,
      perMemberLimit: 1,
    });
    for (const tpl of ["tpl_demo_welcome", "tpl_demo_platinum", storeOnly.id]) {
      const r = await s.admin<{ issued: number }>(`/api/admin/coupon-templates/${tpl}/issue`, {
        batchKey: "live-test",
        reason: "test",
        memberCodes: [code],
      });
      expect(r.issued).toBe(1);
    }

    const page = await suite.phone();
    await checkout(s, page, saleId, member);
    await page.getByTestId("discounts").waitFor();
    expect(await textOf(page.getByTestId("points-balance"))).toBe("可用 99 點・1 點折抵 NT$1");
    const options = page.getByTestId("coupon-option");
    await expect.poll(() => options.count()).toBe(3);
    const welcome = options.filter({ hasText: "新會員禮" });
    const platinum = options.filter({ hasText: "白金升等禮" });
    const store = options.filter({ hasText: "門市限定" });
    expect(await welcome.locator("input").isDisabled()).toBe(false);
    expect(await textOf(welcome)).toContain("滿 NT$500 可用");
    expect(await platinum.locator("input").isDisabled()).toBe(true);
    expect(await textOf(platinum.getByTestId("coupon-why"))).toBe("還差 NT$1,220 才能使用");
    expect(await store.locator("input").isDisabled()).toBe(true);
    expect(await textOf(store.getByTestId("coupon-why"))).toBe("限門市使用");

    // More points than the balance: said at once, and not taken off the total.
    await page.getByTestId("points-input").fill("500");
    expect(await textOf(page.getByTestId("points-error"))).toBe("這筆訂單最多可折抵 99 點。");
    expect(await textOf(page.getByTestId("checkout-total"))).toBe("NT$780");
    await welcome.click();
    expect(await textOf(page.getByTestId("summary-discount"))).toBe("−NT$100");
    await page.getByTestId("points-max").click();
    expect(await page.getByTestId("points-input").inputValue()).toBe("99");
    expect(await page.getByTestId("points-error").count()).toBe(0);
    expect(await textOf(page.getByTestId("summary-points"))).toBe("−NT$99");
    expect(await textOf(page.getByTestId("checkout-total"))).toBe("NT$581");
    await shot(page, "discounts");
    // In English on a 320 px phone, the picker and the points field still fit.
    const en = await suite.phone("en-US", { width: 320, height: 640 });
    await checkout(s, en, saleId, member);
    await en.getByTestId("lang-toggle").click();
    await en.getByText("Spend NT$1,220 more to use it").waitFor();
    await en.getByText("99 points available · 1 point = NT$1").waitFor();
    await shot(en, "discounts-en-320");
    expect(await overflow(en)).toBeLessThanOrEqual(0);

    // Meanwhile 40 of the points are spent at the store: the server refuses, the page says so by the field.
    await pos({ externalId: "LIVE-POS-2", memberCode: code, total: 40, pointsToUse: 40 });
    await page.getByTestId("checkout-confirm").click();
    await page.getByTestId("points-error").waitFor();
    expect(await textOf(page.getByTestId("points-error"))).toBe("點數不足，目前可用 59 點，請調整後再送出。");
    await expect.poll(() => textOf(page.getByTestId("points-balance"))).toBe("可用 59 點・1 點折抵 NT$1");
    expect(await page.getByTestId("order-placed").count()).toBe(0);
    // The coupon went back to the member with the refusal and is still chosen.
    expect(await welcome.locator("input").isChecked()).toBe(true);
    await shot(page, "points-refused");

    await page.getByTestId("points-input").fill("50");
    expect(await textOf(page.getByTestId("checkout-total"))).toBe("NT$630");
    await page.getByTestId("checkout-confirm").dblclick();
    await page.getByTestId("order-placed").waitFor();
    expect(await textOf(page.getByTestId("order-total"))).toBe("NT$630");
    expect(await textOf(page.getByTestId("summary-discount"))).toBe("−NT$100");
    expect(await textOf(page.getByTestId("summary-points"))).toBe("−NT$50");
    expect(await textOf(page.getByTestId("order-summary-total"))).toBe("NT$630");
    await shot(page, "discount-confirmed");
    const mine = (await orders(s, saleId)).filter((o) => o.buyer.lineUserId === member);
    expect(mine.map((o) => [o.status, o.total])).toEqual([["confirmed", 630]]);

    // The member card: 99 − 40 − 50 points left.
    await page.goto(`${s.url}/liff/member`);
    await expect.poll(() => textOf(page.getByTestId("points"))).toBe("9");
    await page.goto(`${s.url}/liff/member/coupons`);
    await page.getByTestId("coupon").first().waitFor();
    expect(await page.getByTestId("coupon").filter({ hasText: "新會員禮" }).count()).toBe(0);
  });

  it("a claimed order becomes the opener's as a member (a new one has nothing to use yet)", async () => {
    const s = suite.server;
    const saleId = await openSale(s);
    const link = await facebookOrder(s, saleId, "fb-guest", "Guest", "A+1");
    // Not a friend of the OA and never opened the card: opening the LIFF page makes them a (guest)
    // member, and reading the cart links the claimed order to that membership.
    const userId = await s.user("訪客");
    const page = await suite.phone();
    await openLiff(s, page, link, userId);
    await page.getByTestId("claim-confirm").click();
    await page.getByTestId("checkout-form").waitFor();
    await page.getByTestId("discounts-empty").waitFor();
    expect(await page.getByTestId("discounts-member-only").count()).toBe(0);
    expect(await page.getByTestId("points-input").count()).toBe(0);
    expect(await textOf(page.getByTestId("checkout-total"))).toBe("NT$390");
    await shot(page, "claimed-guest");
  });
});
