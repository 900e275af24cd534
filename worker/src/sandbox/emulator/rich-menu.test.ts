import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LineApiError } from "../../lib/line-api-error";
import { encodePng } from "../../lib/png";
import type { RichMenuInput } from "../../ports/line";
import { imageSize } from "./image-size";
import { type EmulatorHarness, startHarness } from "./testing";

const MENU: RichMenuInput = {
  size: { width: 2500, height: 843 },
  selected: true,
  name: "會員選單",
  chatBarText: "選單",
  areas: [
    {
      bounds: { x: 0, y: 0, width: 1250, height: 843 },
      action: { type: "postback", label: "卡", data: "action=card" },
    },
    {
      bounds: { x: 1250, y: 0, width: 1250, height: 843 },
      action: { type: "uri", label: "店", uri: "https://example.com" },
    },
  ],
};

describe("rich menus", () => {
  let h: EmulatorHarness;
  let png: Uint8Array;
  beforeAll(async () => {
    h = await startHarness();
    png = await encodePng(2500, 843, () => [0, 180, 80]);
  });
  afterAll(() => h.close());
  const status = (e: unknown) => (e instanceof LineApiError ? e.status : e);

  it("creates, uploads, links, reads and unlinks a per-user menu", async () => {
    const userId = await h.friend();
    const id = await h.client.createRichMenu(MENU);
    expect(id).toMatch(/^richmenu-[0-9a-f]{32}$/);

    // LINE refuses to show a menu that has no image yet.
    const early = await h.client.linkRichMenuToUser(userId, id).catch((e: unknown) => e);
    expect(status(early)).toBe(400);
    expect((early as LineApiError).message).toContain(
      "must upload richmenu image before applying it to user",
    );

    await h.client.setRichMenuImage(id, png, "image/png");
    const again = await h.client.setRichMenuImage(id, png, "image/png").catch((e: unknown) => e);
    expect(status(again)).toBe(400);

    await h.client.linkRichMenuToUser(userId, id);
    expect(await (await h.lineApi(`/v2/bot/user/${userId}/richmenu`)).json()).toEqual({ richMenuId: id });
    const image = await h.lineApi(`/v2/bot/richmenu/${id}/content`);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(png);
    const got = await (await h.lineApi(`/v2/bot/richmenu/${id}`)).json();
    expect(got).toEqual({ richMenuId: id, ...MENU });

    const view = await h.control(`/users/${userId}/richmenu`);
    expect(view.json).toMatchObject({
      richMenu: { richMenuId: id, name: "會員選單", chatBarText: "選單" },
      imageUrl: `/sandbox/api/richmenus/${id}/image`,
    });
    const sandboxImage = await fetch(`${h.url}/sandbox/api/richmenus/${id}/image`);
    expect(sandboxImage.status).toBe(200);

    await h.client.unlinkRichMenuFromUser(userId);
    expect((await h.lineApi(`/v2/bot/user/${userId}/richmenu`)).status).toBe(404);
    expect((await h.control(`/users/${userId}/richmenu`)).json).toEqual({ richMenu: null });
  });

  it("falls back to the default menu, and a linked menu wins over it", async () => {
    const userId = await h.friend();
    const main = await h.client.createRichMenu(MENU);
    const other = await h.client.createRichMenu({ ...MENU, name: "other" });
    await h.client.setRichMenuImage(main, png, "image/png");
    await h.client.setRichMenuImage(other, png, "image/png");
    await h.client.setDefaultRichMenu(main);
    const user = () =>
      h
        .control("/state")
        .then((s) =>
          (s.json.users as Array<{ userId: string; richMenuId: string | null }>).find(
            (u) => u.userId === userId,
          ),
        );
    expect((await user())?.richMenuId).toBe(main);
    await h.client.linkRichMenuToUser(userId, other);
    expect((await user())?.richMenuId).toBe(other);
    expect((await h.control("/state")).json.defaultRichMenuId).toBe(main);
    await h.lineApi("/v2/bot/user/all/richmenu", { method: "DELETE" });
    expect((await h.control("/state")).json.defaultRichMenuId).toBeNull();
  });

  it("lists menus, refuses unknown ones, and deletes", async () => {
    const id = await h.client.createRichMenu({ ...MENU, name: "to delete" });
    expect((await h.client.listRichMenus()).map((m) => m.richMenuId)).toContain(id);
    expect(status(await h.client.setDefaultRichMenu("richmenu-nope").catch((e: unknown) => e))).toBe(404);
    expect((await h.lineApi(`/v2/bot/richmenu/${id}`, { method: "DELETE" })).status).toBe(200);
    expect((await h.lineApi(`/v2/bot/richmenu/${id}`)).status).toBe(404);
  });

  it("creates aliases once and lists them", async () => {
    const id = await h.client.createRichMenu(MENU);
    await h.client.createRichMenuAlias("tab-a", id);
    const dup = await h.client.createRichMenuAlias("tab-a", id).catch((e: unknown) => e);
    expect(status(dup)).toBe(400);
    expect((dup as LineApiError).message).toContain("conflict richmenu alias id");
    const list = await (await h.lineApi("/v2/bot/richmenu/alias/list")).json();
    expect(list).toEqual({ aliases: [{ richMenuAliasId: "tab-a", richMenuId: id }] });
    expect((await h.control("/state")).json.aliases).toEqual({ "tab-a": id });
  });

  it("links in bulk with 202, up to 500 users", async () => {
    const a = await h.friend("A");
    const b = await h.friend("B");
    const id = await h.client.createRichMenu(MENU);
    await h.client.setRichMenuImage(id, png, "image/png");
    const res = await h.lineApi("/v2/bot/richmenu/bulk/link", {
      method: "POST",
      body: JSON.stringify({ richMenuId: id, userIds: [a, b] }),
    });
    expect(res.status).toBe(202);
    expect(await (await h.lineApi(`/v2/bot/user/${b}/richmenu`)).json()).toEqual({ richMenuId: id });
    const tooMany = await h.lineApi("/v2/bot/richmenu/bulk/link", {
      method: "POST",
      body: JSON.stringify({ richMenuId: id, userIds: Array.from({ length: 501 }, () => a) }),
    });
    expect(tooMany.status).toBe(400);
  });

  it("refuses invalid menus and images that do not fit", async () => {
    const bad = await h.client
      .createRichMenu({
        ...MENU,
        size: { width: 2500, height: 2500 },
        chatBarText: "這是一段超過十四個字的選單列文字",
      })
      .catch((e: unknown) => e);
    expect(status(bad)).toBe(400);
    expect((bad as LineApiError).message).toContain("size");
    expect((bad as LineApiError).message).toContain("chatBarText");

    const id = await h.client.createRichMenu(MENU);
    const small = await encodePng(800, 270, () => [0, 0, 0]);
    expect(status(await h.client.setRichMenuImage(id, small, "image/png").catch((e: unknown) => e))).toBe(
      400,
    );
    const gif = await h.lineApi(`/v2/bot/richmenu/${id}/content`, {
      method: "POST",
      headers: { "content-type": "image/gif" },
      body: "GIF89a",
    });
    expect(gif.status).toBe(415);
  });
});

describe("imageSize", () => {
  it("reads PNG and JPEG headers", async () => {
    expect(imageSize(await encodePng(3, 2, () => [0, 0, 0]))).toEqual({ width: 3, height: 2 });
    const jpeg = Uint8Array.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x03, 0x4b, 0x09, 0xc4,
      0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(imageSize(jpeg)).toEqual({ width: 2500, height: 843 });
    expect(imageSize(new TextEncoder().encode("GIF89a"))).toBeNull();
  });
});
