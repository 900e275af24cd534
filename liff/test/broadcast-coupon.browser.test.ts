/**
 * A broadcast's coupon in real Chromium, phone-sized, against the real server in sandbox mode:
 * the card the member received carries a button to the LIFF coupons page; opening it claims the
 * coupon (it shows in the list), and opening it again says it was claimed already.
 * Screenshot: test-results/screenshots/liff-broadcast-coupon.png.
 */
import { describe, expect, it } from "vitest";
import { hasChromium, textOf } from "./browser";
import { liffSuite, shot } from "./liff-kit";
import { openLiff } from "./sandbox";

type Entry = { via?: string; message: { type: string; contents?: unknown } };

describe.skipIf(!hasChromium && !process.env.CI)(
  "a broadcast's coupon claimed from its card (Chromium, phone)",
  () => {
    const suite = liffSuite();

    it("the card's button opens the coupons page, which claims the coupon once", async () => {
      const s = suite.server;
      const userId = await s.friend("小美");
      await s.admin(
        "/api/broadcast-settings",
        { quietHours: null, frequencyCap: null, unitStatistics: null },
        "PUT",
      );
      const tpl = await s.admin<{ id: string }>("/api/admin/coupon-templates", {
        name: "雙11 NT$100 折價券",
        kind: "amount",
        value: 100,
        validDays: 14,
      });
      const b = await s.admin<{ id: string }>("/api/broadcasts", {
        name: "雙11",
        rule: { field: "following", op: "eq", value: true },
        holdoutPercent: 0,
        messages: [{ type: "text", text: "雙11 快閃：領券再折 NT$100" }],
        couponTemplateId: tpl.id,
      });
      await s.admin(`/api/broadcasts/${b.id}/send`, {});
      await s.settle();
      const { entries } = await s.control<{ entries: Entry[] }>(`/chats/${userId}/log`);
      const card = entries.find((e) => e.via === "multicast" && e.message.type === "flex");
      const uri = /"uri":"([^"]+)"/.exec(JSON.stringify(card?.message.contents))?.[1] ?? "";
      expect(uri).toContain(`/member/coupons?broadcast=${b.id}`);

      const page = await suite.phone();
      await openLiff(s, page, uri, userId);
      const note = page.getByTestId("coupon-claim");
      await note.waitFor();
      expect(await textOf(note)).toContain("已領取優惠券");
      await page.getByTestId("coupon").first().waitFor();
      expect(await textOf(page.getByTestId("coupon").first())).toContain("雙11 NT$100 折價券");
      await shot(page, "broadcast-coupon");

      await page.reload();
      await note.waitFor();
      expect(await textOf(note)).toContain("已經領過");
      // The note can show before the list has loaded: wait for the list, then count it.
      await page.getByTestId("coupon").first().waitFor();
      expect(await page.getByTestId("coupon").count()).toBe(1);
    });
  },
);
