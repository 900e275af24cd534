import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHarness, startHarness } from "./testing";
import type { ChatEntry } from "./types";

const card = (action: Record<string, unknown>) => ({
  type: "flex",
  altText: "一張優惠券",
  contents: {
    type: "bubble",
    body: { type: "box", layout: "vertical", contents: [{ type: "text", text: "NT$200" }] },
    footer: { type: "box", layout: "vertical", contents: [{ type: "button", action }] },
  },
});

describe("sandbox shareTargetPicker", () => {
  let h: EmulatorHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("puts a shared card in the friend's chat, from the sender, without telling the OA", async () => {
    const [a, b] = [await h.friend("小美"), await h.friend("小安")];
    const webhooks = h.delivered.length;
    const res = await h.control(`/users/${a}/share`, {
      to: b,
      messages: [card({ type: "uri", label: "領取", uri: "https://liff.line.me/x/member/gift?t=abc" })],
    });
    expect(res).toEqual({ status: 200, json: { status: "success" } });
    const log = (await h.control(`/chats/${b}/log`)).json.entries as ChatEntry[];
    expect(log.at(-1)).toMatchObject({ direction: "in", from: a, via: "share", message: { type: "flex" } });
    expect(h.delivered.length).toBe(webhooks);
  });

  it("refuses what LINE would not share: other actions, bad messages, no such friend", async () => {
    const [a, b] = [await h.friend("甲"), await h.friend("乙")];
    const postback = await h.control(`/users/${a}/share`, {
      to: b,
      messages: [card({ type: "postback", label: "x", data: "x" })],
    });
    expect(postback.status).toBe(400);
    expect(String(postback.json.message)).toMatch(/only URI actions/);
    expect((await h.control(`/users/${a}/share`, { to: b, messages: [{ type: "text" }] })).status).toBe(400);
    expect(
      (await h.control(`/users/${a}/share`, { to: a, messages: [{ type: "text", text: "hi" }] })).status,
    ).toBe(404);
  });
});
