/**
 * 新手導覽 in real Chromium against the server in sandbox mode (demo data, LINE emulated): from an
 * empty sandbox, the checklist alone — one click a step — makes a user, adds the OA, asks 常見問題,
 * binds with a clerk's QR (the LIFF bind page in a new tab), records a purchase at the counter,
 * orders with "+1" in a group, and opens the console where an agent replies. Each tick is what the
 * product recorded (the member, the purchase, the live order, the agent's message). The same at
 * 390 px, where nothing is wider than the screen. Screenshots: /tmp/shots/sandbox-guide*.png.
 */
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { hasChromium, overflow, textOf } from "./browser";
import { browserSuite, sandboxApp } from "./sandbox";

describe.skipIf(!hasChromium && !process.env.CI)("sandbox: the first-run checklist (Chromium)", () => {
  const suite = browserSuite(() => sandboxApp({ start: "2026-11-24T02:00:00.000Z" }));
  mkdirSync("/tmp/shots", { recursive: true });
  const step = (page: Page, name: string) => page.locator(`[data-testid=guide-step][data-step=${name}]`);
  const go = async (page: Page, name: string) => {
    await step(page, name).getByTestId("guide-go").click();
    await expect.poll(() => step(page, name).getAttribute("data-done"), { timeout: 15_000 }).toBe("true");
  };

  it('walks an empty sandbox to a "+1" order and an agent\'s reply, one click a step', async () => {
    const s = suite.server;
    const page = await suite.page({ viewport: { width: 1280, height: 860 }, locale: "zh-TW" });
    await page.goto(`${s.url}/sandbox/`);
    const guide = page.getByTestId("guide");
    await guide.waitFor();
    expect(await page.locator("[data-testid=guide-step][data-done=true]").count()).toBe(0);
    await page.screenshot({ path: "/tmp/shots/sandbox-guide-empty.png" });

    await go(page, "user");
    await page.getByTestId("user-item").first().waitFor();
    await go(page, "friend");
    await go(page, "faq");
    expect(await textOf(page.getByTestId("chat-log"))).toContain("常見問題");

    // The clerk's personal QR opens the LIFF bind page as the shopper, in a new tab.
    const [bindTab] = await Promise.all([
      page.waitForEvent("popup"),
      step(page, "bind").getByTestId("guide-go").click(),
    ]);
    await bindTab.getByTestId("bind-preview").waitFor();
    await bindTab.getByTestId("bind-consent").check();
    await bindTab.getByTestId("bind-submit").click();
    await bindTab.getByTestId("bind-done").waitFor();
    await page.bringToFront();
    await page.evaluate(() => window.dispatchEvent(new Event("focus")));
    await expect.poll(() => step(page, "bind").getAttribute("data-done")).toBe("true");
    const { users } = await s.control<{ users: Array<{ userId: string; displayName: string }> }>("/state");
    const amy = users.find((u) => u.displayName === "小美");
    if (!amy) throw new Error("the guide's shopper");
    const { id: memberId } = await s.memberOf(amy.userId);
    const bound = await s.admin<{ binding: { store: string | null; referrerStaff: string | null } }>(
      `/api/admin/members/${memberId}`,
    );
    expect(bound.binding).toMatchObject({ store: "台北信義旗艦店", referrerStaff: "店員 小芳" });

    await go(page, "purchase");
    const member = await s.admin<{ purchases: Array<{ amount: number }>; points: number }>(
      `/api/admin/members/${memberId}`,
    );
    expect(member.purchases.map((p) => p.amount)).toEqual([1280]);
    expect(member.points).toBeGreaterThan(0);

    await go(page, "plusOne");
    expect(await textOf(page.getByTestId("chat-log"))).toContain("+1");
    const after = await s.admin<{ liveOrders: unknown[] }>(`/api/admin/members/${memberId}`);
    expect(after.liveOrders).toHaveLength(1);
    await page.screenshot({ path: "/tmp/shots/sandbox-guide-plus-one.png" });

    // The console, signed in; an agent answers 小美 from the inbox.
    const [consoleTab] = await Promise.all([
      page.waitForEvent("popup"),
      step(page, "reply").getByTestId("guide-go").click(),
    ]);
    await consoleTab.getByTestId("signed-in-as").waitFor();
    await consoleTab.getByTestId("nav-inbox").click();
    await consoleTab.getByTestId("conversation-item").filter({ hasText: "小美" }).first().click();
    await consoleTab.getByTestId("composer-text").fill("小美您好，門市自取請出示會員卡條碼即可 🙂");
    await consoleTab.getByTestId("composer-send").click();
    await page.bringToFront();
    await page.evaluate(() => window.dispatchEvent(new Event("focus")));
    await expect.poll(() => step(page, "reply").getAttribute("data-done"), { timeout: 15_000 }).toBe("true");
    expect(await page.locator("[data-testid=guide-step][data-done=true]").count()).toBe(7);
    await page.screenshot({ path: "/tmp/shots/sandbox-guide-done.png" });

    // On a phone: the simulator and the guide fit the screen.
    const phone = await suite.phone();
    await phone.goto(`${s.url}/sandbox/`);
    await phone.getByTestId("guide-toggle").click();
    await phone.getByTestId("guide").waitFor();
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: "/tmp/shots/sandbox-guide-phone.png" });
  });

  it("makes a simulated user staff from the dev bar, opens their QR as a shopper, and fits a 390 px phone", async () => {
    const s = suite.server;
    const clerk = await s.friend("阿德");
    const shopper = await s.friend("小安");
    // Not staff yet: the staff pages refuse; the dev bar makes them a clerk of 台中勤美店.
    const page = await suite.phone();
    await page.goto(`${s.url}/liff/staff?sandboxUser=${clerk}`);
    await page.getByTestId("staff-refused").waitFor();
    await page.getByTestId("dev-staff-store").selectOption("TXG01");
    await page.getByTestId("dev-make-staff").click();
    await page.getByTestId("page-staffHome").waitFor();
    const { stores } = await s.admin<{
      stores: Array<{ code: string; staff: Array<{ name: string; linked: boolean }> }>;
    }>("/api/admin/stores");
    expect(stores.find((x) => x.code === "TXG01")?.staff.find((p) => p.name === "阿德")?.linked).toBe(true);

    // Their QR page, opened as the shopper: the bind page for 台中勤美店, crediting 阿德.
    await page.goto(`${s.url}/liff/staff/qr`);
    await page.getByTestId("qr-tab-personal").click();
    await page.getByTestId("shopper-pick").selectOption(shopper);
    const [tab] = await Promise.all([
      page.waitForEvent("popup"),
      page.getByTestId("open-as-shopper").click(),
    ]);
    await tab.getByTestId("bind-preview").waitFor();
    expect(await textOf(tab.getByTestId("bind-preview"))).toContain("台中勤美店");
    expect(await textOf(tab.getByTestId("bind-preview"))).toContain("阿德");
    await page.screenshot({ path: "/tmp/shots/sandbox-open-as-shopper.png" });

    // The simulator on a 390 px phone: the location form fits.
    const sim = await suite.phone();
    await sim.goto(`${s.url}/sandbox/`);
    await sim.getByTestId("sidebar-toggle").click();
    await sim.locator(`[data-testid=user-item][data-user-id="${shopper}"]`).click();
    await sim.getByTestId("location-button").click();
    await sim.getByTestId("location-form").waitFor();
    expect(await overflow(sim)).toBeLessThanOrEqual(0);
    // Every field inside the form, not only the form (the fields overflowed it by 12 px, clipped).
    const rights = await sim
      .getByTestId("location-form")
      .locator("input, button")
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
    const form = await sim.getByTestId("location-form").evaluate((e) => e.getBoundingClientRect().right);
    expect(rights.length).toBeGreaterThan(4);
    for (const r of rights) expect(r).toBeLessThanOrEqual(Math.min(form, 390) + 0.5);
    await sim.screenshot({ path: "/tmp/shots/sandbox-location-phone.png" });
  });
});
