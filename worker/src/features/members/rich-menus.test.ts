import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";
import { ensureRichMenus, memberRichMenuId, type RichMenuSlot, richMenuImage } from "./rich-menus";

describe("rich menus on the channel", () => {
  let t: TestApp;
  let ids: Record<RichMenuSlot, string>;
  beforeAll(async () => {
    t = await startTestApp();
    ids = await ensureRichMenus(t.app.deps);
  });
  afterAll(() => t.close());

  const lineApi = (path: string) =>
    fetch(`${t.line.url}${path}`, { headers: { authorization: "Bearer test-access-token" } });

  it("uploads the designed images, zh-TW and English, and makes the zh-TW guest menu the default", async () => {
    for (const [s, key, lang] of [
      ["guest", "guest", "zh-TW"],
      ["guest_en", "guest", "en"],
      ["member", "member", "zh-TW"],
      ["member_en", "member", "en"],
    ] as const) {
      const res = await lineApi(`/v2/bot/richmenu/${ids[s]}/content`);
      expect(res.headers.get("content-type")).toBe("image/png");
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(richMenuImage(key, lang));
    }
    const menu = (await (await lineApi(`/v2/bot/richmenu/${ids.member_en}`)).json()) as {
      chatBarText: string;
      areas: Array<{ action: { label: string } & Record<string, unknown> }>;
    };
    expect(menu.chatBarText).toBe("Member menu");
    expect(menu.areas.map((a) => a.action.label)).toEqual(["Member card", "Coupons", "Stores", "FAQ"]);
    // The English FAQ tile asks the keyword 常見問題 by postback: the reader's chat shows "FAQ".
    expect(menu.areas.at(-1)?.action).toEqual({
      type: "postback",
      label: "FAQ",
      data: `action=faq&q=${encodeURIComponent("常見問題")}`,
      displayText: "FAQ",
    });
    expect(await (await lineApi("/v2/bot/user/all/richmenu")).json()).toEqual({ richMenuId: ids.guest });
    // Run again (a restart, the script twice): nothing new.
    expect(await ensureRichMenus(t.app.deps)).toEqual(ids);
  });

  it("links an English-speaking friend to the English guest menu, and picks the English member menu", async () => {
    const zh = await createFriend(t, "小美");
    expect((await lineApi(`/v2/bot/user/${zh}/richmenu`)).status).toBe(404);
    expect(await memberRichMenuId(t.app.deps, zh)).toBe(ids.member);

    const res = await t.line.control("/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ displayName: "Amy", language: "en" }),
    });
    const { userId } = (await res.json()) as { userId: string };
    await t.line.control(`/users/${userId}/follow`, { method: "POST" });
    await t.settle();
    expect(await (await lineApi(`/v2/bot/user/${userId}/richmenu`)).json()).toEqual({
      richMenuId: ids.guest_en,
    });
    expect(await memberRichMenuId(t.app.deps, userId)).toBe(ids.member_en);
  });
});
