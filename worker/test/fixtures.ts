/**
 * LINE webhook payloads shaped as in LINE's documentation (shared/line-openapi/webhook.yml).
 * Every builder takes the parts a test cares about and fills in the rest realistically.
 */
let seq = 0;
const nextId = () => `01JTEST${String(++seq).padStart(19, "0")}`;

export const DESTINATION = "Udeadbeefdeadbeefdeadbeefdeadbeef";
export const USER_ID = "U4af4980629b0f2e1d1d1d1d1d1d1d1d1";
export const GROUP_ID = "Ca56f94637cc4347f90a25382909b24b9";

interface Base {
  webhookEventId?: string;
  timestamp?: number;
  mode?: "active" | "standby";
  isRedelivery?: boolean;
  replyToken?: string;
  userId?: string;
  groupId?: string;
}

function envelope(type: string, b: Base, extra: Record<string, unknown>, withReply = true) {
  const source = b.groupId
    ? { type: "group", groupId: b.groupId, ...(b.userId ? { userId: b.userId } : {}) }
    : { type: "user", userId: b.userId ?? USER_ID };
  return {
    type,
    mode: b.mode ?? "active",
    timestamp: b.timestamp ?? 1_763_950_000_000,
    source,
    webhookEventId: b.webhookEventId ?? nextId(),
    deliveryContext: { isRedelivery: b.isRedelivery ?? false },
    ...(withReply ? { replyToken: b.replyToken ?? `rt-${nextId()}` } : {}),
    ...extra,
  };
}

export const textEvent = (text: string, b: Base = {}) =>
  envelope("message", b, { message: { id: String(++seq), type: "text", quoteToken: `q${seq}`, text } });
export const stickerEvent = (b: Base = {}) =>
  envelope("message", b, {
    message: {
      id: String(++seq),
      type: "sticker",
      quoteToken: `q${seq}`,
      packageId: "446",
      stickerId: "1988",
      stickerResourceType: "STATIC",
    },
  });
export const locationEvent = (lat: number, lng: number, b: Base = {}) =>
  envelope("message", b, {
    message: {
      id: String(++seq),
      type: "location",
      title: "我的位置",
      address: "台北市信義區",
      latitude: lat,
      longitude: lng,
    },
  });
export const followEvent = (b: Base = {}, isUnblocked = false) =>
  envelope("follow", b, { follow: { isUnblocked } });
export const unfollowEvent = (b: Base = {}) => envelope("unfollow", b, {}, false);
export const postbackEvent = (data: string, b: Base = {}) => envelope("postback", b, { postback: { data } });
export const joinEvent = (b: Base = {}) => envelope("join", { groupId: GROUP_ID, ...b }, {});
export const unknownEvent = (b: Base = {}) => envelope("futureThing", b, { futureThing: { x: 1 } }, false);

export function body(events: unknown[], destination = DESTINATION): string {
  return JSON.stringify({ destination, events });
}
