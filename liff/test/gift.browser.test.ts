/**
 * 轉贈 in real Chromium, phone-sized, against the real server in sandbox mode: a member gives a
 * transferable coupon with the share target picker (the sandbox's stand-in lists the simulated
 * users); the card lands in the friend's simulated chat; the friend opens its button, accepts,
 * and finds the coupon in their list; the giver's list no longer has it; a third friend opening
 * the same link is told, in English, that it was taken.
 * Screenshots: test-results/screenshots/liff-gift-*.png.
 */
import { describe, expect, it } from "vitest";
import { ARTIFACTS, hasChromium, overflow, textOf } from "./browser";
import { liffSuite, shopper, shot } from "./liff-kit";
import { openAs, openLiff } from "./sandbox";

type Entry = { via?: string; from?: string; message: { type: string; contents?: unknown } };

describe.skipIf(!hasChromium && !process.env.CI)(
  "轉贈: a coupon given to a LINE friend (Chromium, phone)",
  () => {
    const suite = liffSuite();

    it("gives a coupon through the share picker; the friend accepts it once", async () => {
      const s = suite.server;
      const giver = await shopper(s, await s.clerk("店員小王"), { friend: true });
      const tpl = await s.admin<{ id: string }>("/api/admin/coupon-templates", {
        name: "好友分享 NT$200 折價券",
        kind: "amount",
        value: 200,
        minSpend: 1000,
        validDays: 30,
        transferable: true,
      });
      await s.admin(`/api/admin/coupon-templates/${tpl.id}/issue`, {
        batchKey: "gift-browser",
        reason: "test",
        memberCodes: [giver.memberCode],
      });
      const friend = await s.friend("阿明");
      const latecomer = await s.friend("Ben", "en");

      // The giver: 轉贈 under the coupon, the picker, the friend.
      const page = await suite.phone();
      await openAs(s, page, "/member/coupons", giver.userId);
      const item = page.locator("li").filter({ hasText: "好友分享 NT$200 折價券" });
      await item.getByTestId("gift-button").click();
      await page.getByTestId("share-picker").waitFor();
      await page.getByTestId("share-friend").filter({ hasText: "阿明" }).click();
      await page.getByTestId("gift-outcome").waitFor();
      expect(await textOf(page.getByTestId("gift-outcome"))).toContain("已送出");
      await item.getByTestId("gift-pending").waitFor();
      expect(await textOf(item.getByTestId("gift-pending"))).toContain("已轉贈，等待好友領取");
      expect(await overflow(page)).toBe(0);
      await shot(page, "gift-given");

      // The card is in the friend's chat, from the giver, shared (no webhook to the OA).
      const { entries } = await s.control<{ entries: Entry[] }>(`/chats/${friend}/log`);
      const card = entries.find((e) => e.via === "share");
      expect(card).toMatchObject({ from: giver.userId, message: { type: "flex" } });
      const uri = /"uri":"([^"]+)"/.exec(JSON.stringify(card?.message.contents))?.[1] ?? "";
      expect(uri).toMatch(/\/member\/gift\?t=[0-9A-Za-z]{32}$/);
      const sim = await suite.page({ viewport: { width: 1280, height: 860 }, locale: "zh-TW" });
      await sim.goto(`${s.url}/sandbox/`);
      await sim.locator(`[data-testid=user-item][data-user-id="${friend}"]`).click();
      const shared = sim.locator("[data-testid=bubble]").filter({ hasText: "領取 Accept" });
      await shared.waitFor();
      expect(await textOf(sim.locator(".sender").last())).toContain("小美 · 分享給你");
      await sim.screenshot({ path: `${ARTIFACTS}/liff-gift-simulator.png` });

      // The friend: the offer, 領取, the coupon in their list.
      const theirs = await suite.phone();
      await openLiff(s, theirs, uri, friend);
      await theirs.getByTestId("gift-offer").waitFor();
      expect(await textOf(theirs.getByTestId("gift-offer"))).toContain("小美 送你一張優惠券");
      await shot(theirs, "gift-offer");
      await theirs.getByTestId("gift-accept").click();
      await theirs.getByTestId("gift-done").waitFor();
      expect(await textOf(theirs.getByTestId("gift-done"))).toContain("領取成功");
      await shot(theirs, "gift-accepted");
      await theirs.getByTestId("gift-to-coupons").click();
      await theirs.getByTestId("gift-received").waitFor();
      await theirs.getByTestId("coupon").filter({ hasText: "好友分享 NT$200 折價券" }).waitFor();
      expect(await overflow(theirs)).toBe(0);
      await shot(theirs, "gift-received");
      const me = await s.as<{ member: { source: string; homeStore: { name: string } | null } }>(
        friend,
        "/api/me",
      );
      expect(me.member.source).toBe("gift");
      expect(me.member.homeStore?.name).toBeTruthy();

      // The giver's list no longer has it.
      await page.reload();
      await page.getByTestId("coupons-page").waitFor();
      await page.getByTestId("coupon").first().waitFor();
      expect(await page.getByTestId("coupon").filter({ hasText: "好友分享 NT$200 折價券" }).count()).toBe(0);

      // Someone else with the same link is told it was taken, in their language.
      const late = await suite.phone("en-US");
      await openLiff(s, late, uri, latecomer);
      await late.getByTestId("gift-refused").waitFor();
      expect(await textOf(late.getByTestId("gift-refused"))).toContain("Another friend has already accepted");
      await shot(late, "gift-taken-en");
    });
  },
);
