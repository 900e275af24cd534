/**
 * 會員營運 › 門市與店員 in real Chromium (1280 × 900) against the real server: a store opened (a
 * taken code refused on its field), a clerk added and invited — the invite opened in LINE (LIFF)
 * by the person joining — a POS key made, rotated (the old key refused by the POS API, the new
 * one taking sales) and revoked, the clerk deactivated with a reason (refused by the staff API)
 * and reactivated, and the store's binding poster. Each change is in the audit log once.
 * Screenshots: /tmp/shots/marketing-backoffice-store*.png.
 */
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { hasChromium, textOf, unnamedControls } from "./browser";
import { browserSuite, consoleSignIn, openLiff, sandboxApp } from "./sandbox";

type Entry = { action: string; subject: { id: string }; reason: string };

describe.skipIf(!hasChromium && !process.env.CI)("back office: stores and staff (Chromium)", () => {
  // Sandbox mode: the invite is opened in the LIFF as a simulated LINE user.
  const suite = browserSuite(() => sandboxApp({ start: "2026-11-24T02:00:00.000Z" }));
  const s = () => suite.server;
  mkdirSync("/tmp/shots", { recursive: true });
  const kit = {
    suite,
    admin: <T>(path: string) => s().admin<T>(path),
    console: async (route: string) => {
      const page = await suite.page({ viewport: { width: 1280, height: 900 }, locale: "zh-TW" });
      await consoleSignIn(page, s().url, s().app.config.adminToken ?? "");
      await page.goto(`${s().url}/console/#${route}`);
      return page;
    },
    shot: async (page: Page, name: string) => {
      await page.screenshot({ path: `/tmp/shots/marketing-${name}.png` });
      expect(await unnamedControls(page), `unnamed controls on ${name}`).toEqual([]);
    },
  };

  it("opens a store, invites a clerk who joins in LINE, rotates a POS key, deactivates and reactivates the clerk", async () => {
    const page = await kit.console("/stores");
    await page.getByTestId("stores-table").waitFor();
    // The head office: a support agent's console sign-in, shown once, signs them in.
    const agent = page.getByTestId("hq-staff").locator("[data-testid=staff-row][data-code=A001]");
    await agent.getByTestId("staff-token").click();
    const tokenDialog = page.locator("[data-testid=token-dialog][open]");
    const signIn = await tokenDialog.getByTestId("console-token").inputValue();
    expect(signIn).toMatch(new RegExp(`^${s().url}/console/#token=.+`));
    await tokenDialog.getByTestId("token-dialog-close").click();
    const agentPage = await suite.page({ viewport: { width: 1280, height: 900 } });
    await agentPage.goto(signIn);
    await agentPage.getByTestId("signed-in-as").waitFor();
    expect(await textOf(agentPage.getByTestId("signed-in-as"))).toContain("林愛美");
    await kit.shot(page, "backoffice-stores");
    await page.getByTestId("new-store").click();
    const dialog = page.locator("[data-testid=store-dialog][open]");
    await dialog.getByTestId("store-code").fill("TPE01");
    await dialog.getByTestId("store-name").fill("台北南西店");
    await dialog.getByTestId("store-address").fill("台北市中山區南京西路 15 號");
    await dialog.getByTestId("store-openingHours").fill("11:00–22:00");
    await dialog.getByTestId("store-dialog-submit").click();
    await dialog.getByTestId("store-code-error").waitFor();
    expect(await textOf(dialog.getByTestId("store-code-error"))).toContain("TPE01");
    await dialog.getByTestId("store-code").fill("TPE02");
    await dialog.getByTestId("store-dialog-submit").click();
    const store = page.getByTestId("store-page");
    await store.waitFor();
    const storeId = decodeURIComponent(new URL(page.url()).hash.replace("#/stores/", ""));
    expect(await textOf(store.locator("h1"))).toContain("台北南西店");

    // A clerk, invited; they join from LINE.
    await store.getByTestId("add-staff").click();
    const staffDialog = page.locator("[data-testid=staff-dialog][open]");
    await staffDialog.getByTestId("staff-code").fill("S020");
    await staffDialog.getByTestId("staff-name").fill("陳小華");
    await staffDialog.getByTestId("staff-dialog-submit").click();
    const row = store.locator("[data-testid=staff-row][data-code=S020]");
    await row.waitFor();
    expect(await row.getAttribute("data-linked")).toBe("false");
    await row.getByTestId("staff-invite").click();
    const invite = page.locator("[data-testid=invite-dialog][open]");
    const url = await invite.getByTestId("invite-url").inputValue();
    expect(url).toMatch(/^https:\/\/liff\.line\.me\/[^/]+\/staff\/join\?t=/);
    expect(await invite.getByTestId("invite-qr").locator("svg").getAttribute("data-value")).toBe(url);
    await kit.shot(page, "backoffice-store-invite");
    await invite.getByTestId("invite-dialog-close").click();

    const clerk = await s().friend("陳小華");
    const phone = await suite.phone();
    await openLiff(s(), phone, url, clerk);
    await phone.getByTestId("join-confirm").click();
    await phone.getByTestId("join-done").waitFor();
    await page.reload();
    await expect
      .poll(() => store.locator("[data-testid=staff-row][data-code=S020]").getAttribute("data-linked"))
      .toBe("true");

    // A POS key, made, rotated (the old one refused), revoked.
    const pos = (key: string, externalId: string) =>
      fetch(`${s().url}/api/pos/transactions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ externalId, total: 500 }),
      });
    const keys = store.getByTestId("pos-keys");
    await keys.getByTestId("key-label").fill("櫃台 1");
    await keys.getByTestId("key-new").click();
    const shown = page.locator("[data-testid=key-dialog][open]");
    const first = await shown.getByTestId("key-value").inputValue();
    await shown.getByTestId("key-dialog-close").click();
    expect((await pos(first, "TPE02-1")).status).toBe(200);
    await keys.getByTestId("key-rotate").click();
    await page.locator("[data-testid=confirm-dialog][open]").getByTestId("confirm-ok").click();
    const second = await page.locator("[data-testid=key-dialog][open]").getByTestId("key-value").inputValue();
    expect(second).not.toBe(first);
    await page.locator("[data-testid=key-dialog][open]").getByTestId("key-dialog-close").click();
    expect((await pos(first, "TPE02-2")).status).toBe(401);
    expect((await pos(second, "TPE02-3")).status).toBe(200);
    await expect.poll(() => keys.locator("[data-testid=pos-key][data-revoked=true]").count()).toBe(1);
    await kit.shot(page, "backoffice-store");
    await keys.locator("[data-testid=pos-key][data-revoked=false]").getByTestId("key-revoke").click();
    await page.locator("[data-testid=confirm-dialog][open]").getByTestId("confirm-ok").click();
    await expect.poll(() => keys.locator("[data-testid=pos-key][data-revoked=true]").count()).toBe(2);
    expect((await pos(second, "TPE02-4")).status).toBe(401);

    // Deactivated with a reason (required): the staff API refuses them; reactivated, it serves them.
    const me = () =>
      s()
        .idToken(clerk)
        .then((token) => fetch(`${s().url}/api/staff/me`, { headers: { authorization: `Bearer ${token}` } }));
    expect((await me()).status).toBe(200);
    const clerkRow = store.locator("[data-testid=staff-row][data-code=S020]");
    await clerkRow.getByTestId("staff-deactivate").click();
    const confirm = page.locator("[data-testid=confirm-dialog][open]");
    await confirm.getByTestId("confirm-ok").click();
    expect(await textOf(confirm.getByTestId("deactivate-reason-error"))).toContain("必填");
    await confirm.getByTestId("deactivate-reason").fill("離職");
    await confirm.getByTestId("confirm-ok").click();
    await expect.poll(() => clerkRow.getAttribute("data-active")).toBe("false");
    expect((await me()).status).toBe(403);
    await clerkRow.getByTestId("staff-reactivate").click();
    await page.locator("[data-testid=confirm-dialog][open]").getByTestId("confirm-ok").click();
    await expect.poll(() => clerkRow.getAttribute("data-active")).toBe("true");
    expect((await me()).status).toBe(200);

    // The store's poster: a signed binding link for this store, drawn as a QR.
    await store.getByTestId("store-poster").click();
    const poster = page.locator("[data-testid=poster-dialog][open]").getByTestId("poster");
    await poster.waitFor();
    const link = await poster.getAttribute("data-url");
    expect(link).toMatch(/^https:\/\/liff\.line\.me\/[^/]+\/bind\?t=/);
    const preview = await s().as<{ store: { id: string } }>(
      clerk,
      `/api/bind/preview?token=${encodeURIComponent(new URL(link ?? "").searchParams.get("t") ?? "")}`,
    );
    expect(preview.store.id).toBe(storeId);
    await kit.shot(page, "backoffice-store-poster");

    const { entries } = await kit.admin<{ entries: Entry[] }>("/api/admin/audit?limit=100");
    const counts = new Map<string, number>();
    for (const e of entries) counts.set(e.action, (counts.get(e.action) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toMatchObject({
      "store.create": 1,
      "staff.create": 1,
      "staff.invite": 1,
      "staff.join": 1,
      "posKey.create": 1,
      "posKey.rotate": 1,
      "posKey.revoke": 1,
      "staff.deactivate": 1,
      "staff.reactivate": 1,
      "bindingLink.create": 1,
      "agentToken.create": 1,
    });
    expect(entries.find((e) => e.action === "staff.deactivate")?.reason).toBe("離職");
  });
});
