/**
 * Bad input on the live checkout's points and the console's new-sale form, in Chromium against
 * the real server in sandbox mode: each bad value is refused under its field in the page's
 * language (aria-invalid, focused), nothing is sent and nothing is recorded, and a good value still
 * goes through. Each test has a server, a sale and a member of its own.
 * Screenshots: test-results/screenshots/input-live-*.png, input-console-*.png.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { liveOrders, members } from "../../db/schema";
import { ARTIFACTS, hasChromium, overflow, textOf } from "./browser";
import { checkout } from "./live";
import { focused, posts, refusalSuite, refuse, shot } from "./refusals";
import { DESKTOP } from "./sandbox";

describe.skipIf(!hasChromium && !process.env.CI)(
  "bad input on the live checkout and the new-sale form (Chromium)",
  () => {
    const r = refusalSuite();
    const { suite } = r;
    /**
     * A live sale of scarves, open; a member with 99 points who ordered `order` in the chat, on the
     * checkout page (what it posts to confirm recorded).
     */
    const cart = async (order: string, locale?: string, viewport?: { width: number; height: number }) => {
      const s = suite.server;
      const { id: saleId } = await s.admin<{ id: string }>("/api/lives", {
        title: "週五晚間直播",
        products: [{ code: "A", name: "羊毛圍巾", price: 390, stock: 50 }],
      });
      await s.admin(`/api/lives/${saleId}/open`, {});
      const m = await r.newMember(99);
      await s.say(m.userId, order);
      const page = await r.phone(locale, viewport);
      const sent = posts(page, /\/cart\/confirm$/);
      await checkout(s, page, saleId, m.userId);
      await page.getByTestId("discounts").waitFor();
      return { s, saleId, m, page, sent };
    };
    it("live checkout points: negative, decimal, exponent and over the cap are refused; a good value is used", async () => {
      const { s, saleId, m, page, sent } = await cart("A+2");
      await page.getByTestId("points-cap").filter({ hasText: "這筆訂單最多可折抵 99 點" }).waitFor();
      for (const [value, message] of [
        ["-5", "點數不能是負數"],
        ["12.5", "點數請輸入整數，例如 50"],
        ["1e3", "請只輸入數字，例如 50"],
        ["500", "這筆訂單最多可折抵 99 點。"],
      ] as const) {
        expect(await refuse(page, "points-input", "checkout-confirm", value, "points-error"), value).toBe(
          message,
        );
        await expect.poll(() => focused(page), { message: value }).toBe("f-points");
        expect(await textOf(page.getByTestId("checkout-total")), value).toBe("NT$780");
        if (value === "-5") {
          await shot(page, "live-points-negative");
          // The field up close, as the buyer reads it.
          await page
            .getByTestId("discounts")
            .screenshot({ path: `${ARTIFACTS}/input-live-points-negative-field.png` });
        }
      }
      expect(sent).toEqual([]);
      expect(await page.getByTestId("order-placed").count()).toBe(0);

      await page.getByTestId("points-input").fill("５０");
      expect(await textOf(page.getByTestId("points-read"))).toBe("＝ 50 點");
      expect(await textOf(page.getByTestId("checkout-total"))).toBe("NT$730");
      await page.getByTestId("checkout-confirm").click();
      await page.getByTestId("order-placed").waitFor();
      const [order] = await s.app.deps.db
        .select()
        .from(liveOrders)
        .where(and(eq(liveOrders.saleId, saleId), eq(liveOrders.memberId, m.id)));
      expect([order?.status, order?.pointsUsed, order?.total]).toEqual(["confirmed", 50, 730]);
      const [after] = await s.app.deps.db.select().from(members).where(eq(members.id, m.id));
      expect(after?.pointsBalance).toBe(49);
    });

    it("live checkout points in English on a 320 px phone", async () => {
      const { page, sent } = await cart("A+1", "en-US", { width: 320, height: 640 });
      await page.getByTestId("points-cap").filter({ hasText: "Up to 99 points on this order" }).waitFor();
      expect(await refuse(page, "points-input", "checkout-confirm", "-5", "points-error")).toBe(
        "Points cannot be negative",
      );
      expect(await refuse(page, "points-input", "checkout-confirm", "2.5", "points-error")).toBe(
        "Points are whole numbers, e.g. 50",
      );
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await shot(page, "live-points-en-320");
      await page
        .getByTestId("discounts")
        .screenshot({ path: `${ARTIFACTS}/input-live-points-en-320-field.png` });
      expect(sent).toEqual([]);
    });

    it("the console's new sale: price, stock and limit are read strictly against the API's limits", async () => {
      const s = suite.server;
      const page = await suite.page({ viewport: DESKTOP, locale: "zh-TW" });
      const sent = posts(page, /^\/api\/lives$/);
      await page.goto(`${s.url}/console/#token=${encodeURIComponent(s.app.config.adminToken ?? "")}`);
      await page.getByTestId("new-sale").click();
      await page.getByTestId("new-sale-form").waitFor();
      expect(await textOf(page.getByTestId("product-limits"))).toContain("售價 NT$0～10,000,000");
      await page.getByTestId("sale-title").fill("週六早場");
      const row = page.getByTestId("product-row").first();
      await row.getByTestId("product-name").fill("羊毛圍巾");
      await row.getByTestId("product-price").fill("12.5");
      await row.getByTestId("product-stock").fill("-1");
      await row.getByTestId("product-limit").fill("1000");
      await page.getByTestId("create-sale").click();
      const fieldError = (field: string) => page.locator(`[data-testid=field-error][data-field="${field}"]`);
      await fieldError("products.0.price").waitFor();
      expect(await textOf(fieldError("products.0.price"))).toBe("請輸入整數");
      expect(await textOf(fieldError("products.0.stock"))).toBe("不能是負數");
      expect(await textOf(fieldError("products.0.perBuyerLimit"))).toBe("不可大於 999");
      expect(await row.getByTestId("product-price").getAttribute("aria-invalid")).toBe("true");
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid")))
        .toBe("product-price");
      await page.screenshot({ path: `${ARTIFACTS}/input-console-new-sale.png`, fullPage: true });
      expect(sent).toEqual([]);

      await row.getByTestId("product-price").fill("１，２８０");
      await row.getByTestId("product-stock").fill("5");
      await row.getByTestId("product-limit").fill("2");
      await page.getByTestId("create-sale").click();
      await page.getByTestId("ingest-key").waitFor();
      expect(sent).toHaveLength(1);
      const created = await s.admin<{ sales: Array<{ title: string; id: string }> }>("/api/lives");
      const sale = await s.admin<{
        products: Array<{ price: number; stock: number; perBuyerLimit: number }>;
      }>(`/api/lives/${created.sales.find((s) => s.title === "週六早場")?.id}`);
      expect(sale.products[0]).toMatchObject({ price: 1280, stock: 5, perBuyerLimit: 2 });
    });
  },
);
