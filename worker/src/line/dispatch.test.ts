import { describe, expect, it } from "vitest";
import type { AppDeps } from "../deps";
import { buildDispatchTable, dispatchEvent, type LineFeature, type RawEventContext } from "./dispatch";
import type { LineEvent } from "./events";

function event(type: string, payload: Record<string, unknown> = {}): LineEvent {
  return {
    id: "e1",
    type,
    mode: "active",
    timestamp: new Date(0),
    isRedelivery: false,
    source: { type: "user", userId: "U1" },
    replyToken: "rt",
    payload: { type, ...payload },
  };
}
function ctx(e: LineEvent): RawEventContext {
  return {
    event: e,
    deps: {} as AppDeps,
    userId: "U1",
    chatId: "U1",
    reply: () => {},
    push: () => {},
    outgoing: [],
    topic: "",
  };
}

describe("dispatch table", () => {
  const calls: string[] = [];
  const record =
    (name: string, stop = false) =>
    async () => {
      calls.push(name);
      return stop;
    };
  const features: LineFeature[] = [
    {
      name: "late",
      order: 1000,
      events: { "message:*": record("late:any-message"), follow: record("late:follow") },
    },
    {
      name: "first",
      order: 10,
      events: {
        "message:text": record("first:text", true),
        "message:sticker": record("first:sticker"),
        "message:image": record("first:image"),
        "message:location": record("first:location"),
        follow: record("first:follow"),
        unfollow: record("first:unfollow"),
        join: record("first:join"),
        leave: record("first:leave"),
        memberJoined: record("first:memberJoined"),
        memberLeft: record("first:memberLeft"),
        postback: record("first:postback"),
        unsend: record("first:unsend"),
        accountLink: record("first:accountLink"),
      },
      postbacks: { stores: record("first:postback:stores", true) },
    },
  ];
  const table = buildDispatchTable(features);
  const run = async (e: LineEvent) => {
    calls.length = 0;
    const result = await dispatchEvent(table, ctx(e));
    return { result, calls: [...calls] };
  };

  it("routes each event type to its handlers, in feature order", async () => {
    for (const type of ["unfollow", "join", "leave", "memberJoined", "memberLeft", "unsend", "accountLink"]) {
      expect(await run(event(type))).toEqual({ result: "handled", calls: [`first:${type}`] });
    }
    expect((await run(event("follow", { follow: { isUnblocked: true } }))).calls).toEqual([
      "first:follow",
      "late:follow",
    ]);
  });

  it("routes messages by message type, then the catch-all; a handler can stop the chain", async () => {
    expect((await run(event("message", { message: { id: "1", type: "text", text: "hi" } }))).calls).toEqual([
      "first:text",
    ]);
    const sticker = { id: "2", type: "sticker", packageId: "446", stickerId: "1989" };
    expect((await run(event("message", { message: sticker }))).calls).toEqual([
      "first:sticker",
      "late:any-message",
    ]);
    expect((await run(event("message", { message: { id: "3", type: "image" } }))).calls).toEqual([
      "first:image",
      "late:any-message",
    ]);
    const location = { id: "4", type: "location", latitude: 25.03, longitude: 121.56 };
    expect((await run(event("message", { message: location }))).calls).toEqual([
      "first:location",
      "late:any-message",
    ]);
    expect((await run(event("message", { message: { id: "5", type: "video" } }))).calls).toEqual([
      "late:any-message",
    ]);
  });

  it("gives a kind's handlers only content that passes its check; the catch-all still sees it", async () => {
    for (const message of [{ type: "text" }, { id: "6", type: "text", text: 7 }, { type: "location" }, "x"]) {
      expect((await run(event("message", { message }))).calls).toEqual(["late:any-message"]);
    }
    expect((await run(event("message"))).calls).toEqual(["late:any-message"]);
  });

  it("hands each handler its key's checked payload", async () => {
    const seen: unknown[] = [];
    const typed = buildDispatchTable([
      {
        name: "t",
        events: {
          "message:text": async ({ event }) => void seen.push(event.payload.message.text),
          "message:*": async ({ event }) => void seen.push(event.payload.message.type),
          follow: async ({ event }) => void seen.push(event.payload.follow.isUnblocked),
          postback: async ({ event }) => void seen.push(event.payload.postback.data),
        },
      },
    ]);
    const go = (e: LineEvent) => dispatchEvent(typed, ctx(e));
    await go(event("message", { message: { id: "1", type: "text", text: "hi" } }));
    await go(event("message", { message: { id: "2", type: 9 } }));
    await go(event("follow"));
    await go(event("follow", { follow: { isUnblocked: true } }));
    await go(event("postback", { postback: { data: "action=x" } }));
    expect(await go(event("postback", { postback: {} }))).toBe("unhandled");
    expect(seen).toEqual(["hi", "text", undefined, false, true, "action=x"]);
  });

  it("routes postbacks by their action before the generic postback handlers", async () => {
    expect((await run(event("postback", { postback: { data: "action=stores&x=1" } }))).calls).toEqual([
      "first:postback:stores",
    ]);
    expect((await run(event("postback", { postback: { data: "action=unknown" } }))).calls).toEqual([
      "first:postback",
    ]);
    expect((await run(event("postback", { postback: { data: 1 } }))).calls).toEqual([]);
  });

  it("reports unknown event types without running anything", async () => {
    expect(await run(event("hologram"))).toEqual({ result: "unknown-type", calls: [] });
  });

  it("known types without handlers are unhandled, not errors", async () => {
    expect(await run(event("beacon"))).toEqual({ result: "unhandled", calls: [] });
  });

  it("refuses two features claiming the same postback action", () => {
    expect(() =>
      buildDispatchTable([
        { name: "a", postbacks: { x: record("a") } },
        { name: "b", postbacks: { x: record("b") } },
      ]),
    ).toThrow(/claimed by a and b/);
  });
});
