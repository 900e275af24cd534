import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { chatLog, createFriend } from "../../../test/line-helpers";
import { ensureRichMenus } from "../members";

type Store = { id: string; code: string; name: string; staff: Array<{ id: string; name: string }> };
type BindJson = {
  result: "bound" | "kept";
  memberId: string;
  binding: { store: { id: string }; staff: { id: string } | null };
};

describe("store-QR binding", () => {
  let t: TestApp;
  let stores: Store[];
  let menus: { guest: string; member: string };
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    stores = ((await (await t.admin("/api/admin/stores")).json()) as { stores: Store[] }).stores;
    menus = await ensureRichMenus(t.app.deps);
  });
  afterAll(() => t.close());

  const storeByCode = (code: string) => stores.find((s) => s.code === code) as Store;
  const link = async (storeId: string, staffId?: string) =>
    (await (
      await t.admin("/api/admin/binding-links", {
        method: "POST",
        body: JSON.stringify({ storeId, staffId }),
      })
    ).json()) as {
      token: string;
      tokenId: string;
      url: string;
    };
  const bind = async (userId: string, token: string, lang?: string) =>
    fetch(`${t.app.url}/api/bind`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await t.line.emulator.issueIdToken(userId)}`,
        "content-type": "application/json",
        ...(lang ? { "accept-language": lang } : {}),
      },
      body: JSON.stringify({ token, consent: true }),
    });
  const me = async (userId: string) =>
    (await (
      await fetch(`${t.app.url}/api/me`, {
        headers: { authorization: `Bearer ${await t.line.emulator.issueIdToken(userId)}` },
      })
    ).json()) as {
      member: { homeStore: { id: string } | null; referrerStaff: { id: string } | null; source: string };
    };

  it("binds a shopper to the store and staff in the QR, switches their rich menu and welcomes them", async () => {
    const userId = await createFriend(t, "掃碼客");
    const taipei = storeByCode("TPE01");
    const clerk = taipei.staff[0] as { id: string; name: string };
    const l = await link(taipei.id, clerk.id);
    expect(l.url).toMatch(/^https:\/\/liff\.line\.me\/.+\/bind\?t=/);
    const preview = await fetch(`${t.app.url}/api/bind/preview?token=${encodeURIComponent(l.token)}`, {
      headers: { authorization: `Bearer ${await t.line.emulator.issueIdToken(userId)}` },
    });
    expect(await preview.json()).toMatchObject({
      store: { id: taipei.id, name: "台北信義旗艦店" },
      staff: { id: clerk.id },
    });

    const res = await bind(userId, l.token);
    expect(res.status).toBe(200);
    expect((await res.json()) as BindJson).toMatchObject({
      result: "bound",
      binding: { store: { id: taipei.id }, staff: { id: clerk.id } },
    });
    expect((await me(userId)).member).toMatchObject({
      homeStore: { id: taipei.id },
      referrerStaff: { id: clerk.id },
      source: "store_qr",
    });

    const state = (await (await t.line.control("/state")).json()) as {
      users: Array<{ userId: string; richMenuId: string }>;
    };
    expect(state.users.find((u) => u.userId === userId)?.richMenuId).toBe(menus.member);
    await t.settle();
    const welcome = (await chatLog(t, userId)).filter(
      (e) => e.direction === "out" && String(e.message.altText ?? "").includes("綁定成功"),
    );
    expect(welcome).toHaveLength(1);
    const coupons = (await (
      await fetch(`${t.app.url}/api/me/coupons`, {
        headers: { authorization: `Bearer ${await t.line.emulator.issueIdToken(userId)}` },
      })
    ).json()) as { coupons: Array<{ name: string }> };
    expect(coupons.coupons.map((c) => c.name)).toEqual(["新會員禮 NT$100 折價券"]);
  });

  it("the first binding keeps the attribution within the window; later scans are logged, not applied", async () => {
    const userId = await createFriend(t, "回頭客");
    const first = await bind(userId, (await link(storeByCode("TXG01").id)).token);
    expect(((await first.json()) as BindJson).result).toBe("bound");
    const second = await bind(userId, (await link(storeByCode("KHH01").id)).token);
    expect(((await second.json()) as BindJson).result).toBe("kept");
    expect((await me(userId)).member.homeStore?.id).toBe(storeByCode("TXG01").id);

    t.clock.advance(181 * 86_400_000);
    const later = await bind(userId, (await link(storeByCode("KHH01").id)).token);
    expect(((await later.json()) as BindJson).result).toBe("bound");
    expect((await me(userId)).member.homeStore?.id).toBe(storeByCode("KHH01").id);
  });

  it("refuses tampered, expired and revoked tokens with a clear zh-TW/en message, changing nothing", async () => {
    const userId = await createFriend(t, "謹慎客");
    const l = await link(storeByCode("TPE01").id);
    const [h, p, s] = l.token.split(".") as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
    const forgedPayload = Buffer.from(JSON.stringify({ ...payload, sto: storeByCode("KHH01").id })).toString(
      "base64url",
    );
    for (const bad of [`${h}.${forgedPayload}.${s}`, `${l.token}x`, "garbage"]) {
      const res = await bind(userId, bad);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("BINDING_TOKEN_INVALID");
      expect(body.error.message).toMatch(/QR Code/);
    }
    await t.admin(`/api/admin/binding-links/${l.tokenId}/revoke`, { method: "POST" });
    expect(((await (await bind(userId, l.token)).json()) as { error: { code: string } }).error.code).toBe(
      "BINDING_TOKEN_REVOKED",
    );

    const expiring = (await (
      await t.admin("/api/admin/binding-links", {
        method: "POST",
        body: JSON.stringify({ storeId: storeByCode("TPE01").id, ttlDays: 1 }),
      })
    ).json()) as { token: string };
    t.clock.advance(2 * 86_400_000);
    const expired = await bind(userId, expiring.token);
    const body = (await expired.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("BINDING_TOKEN_EXPIRED");
    expect(body.error.message).toMatch(/已過期/);
    const en = (await (await bind(userId, expiring.token, "en")).json()) as typeof body;
    expect(en.error.code).toBe("BINDING_TOKEN_EXPIRED");
    expect(en.error.message).toMatch(/expired/);
    expect((await me(userId)).member.homeStore).toBeNull();
  });

  it("needs a LIFF login to bind, and admin for links", async () => {
    const res = await fetch(`${t.app.url}/api/bind`, {
      method: "POST",
      body: JSON.stringify({ token: "x", consent: true }),
    });
    expect(res.status).toBe(401);
    expect((await fetch(`${t.app.url}/api/admin/binding-links`, { method: "POST", body: "{}" })).status).toBe(
      401,
    );
  });

  it("serves a store's binding QR as SVG", async () => {
    const res = await t.admin(`/api/admin/binding-links/qr.svg?storeId=${storeByCode("TPE01").id}`);
    expect(res.headers.get("content-type")).toContain("image/svg+xml");
    expect(await res.text()).toMatch(/^<svg/);
  });
});
