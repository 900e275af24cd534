/**
 * The customer's language, end to end: the real app and the LINE emulator, three customers whose
 * LINE profiles say English, zh-TW and nothing. Each gets the welcome, a keyword reply, the
 * acknowledgement of an unmatched message, the "+1" cart of a live sale in 1:1 chat and the away
 * message — English only, zh-TW only, or both (zh-TW first). Groups keep the brand's replies; a
 * customer with no member record has their profile language recorded at their first message.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { members } from "../../db/schema";
import { startTestApp, type TestApp } from "../test/harness";
import { chatLog, createFriend, lineRequests, say } from "../test/line-helpers";

/** Chinese characters and full-width punctuation: what an English-only message never holds. */
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

const ACK_ZH = "收到您的訊息了！客服人員會盡快回覆您 🙏";
const ACK_EN = "Thanks for your message — our team will reply soon.";

let t: TestApp;
let saleId = "";
const people: Record<"en" | "zh-TW" | "unknown", string> = { en: "", "zh-TW": "", unknown: "" };

const outs = async (userId: string) => (await chatLog(t, userId)).filter((e) => e.direction === "out");
const last = async (userId: string) => (await outs(userId)).at(-1)?.message ?? {};
const lastText = async (userId: string) => String((await last(userId)).text ?? "");

beforeAll(async () => {
  t = await startTestApp();
  const rule = await t.admin("/api/keywords", {
    method: "POST",
    body: JSON.stringify({
      match: "exact",
      pattern: "營業時間",
      replies: [{ type: "text", text: "每天 11:00–21:30 營業，{displayName} 歡迎光臨" }],
      repliesEn: [{ type: "text", text: "Open daily 11:00–21:30 — welcome, {displayName}" }],
    }),
  });
  expect(rule.status).toBe(201);
  // English names, so the English card can be checked for any Chinese at all.
  const sale = await t.admin("/api/lives", {
    method: "POST",
    body: JSON.stringify({
      title: "Friday live",
      featuredCode: "A",
      products: [{ code: "A", name: "Wool scarf", price: 390, stock: 10 }],
    }),
  });
  expect(sale.status).toBe(201);
  saleId = ((await sale.json()) as { id: string }).id;
  expect((await t.admin(`/api/lives/${saleId}/open`, { method: "POST" })).status).toBe(200);
  people.en = await createFriend(t, "Amy", "en");
  people["zh-TW"] = await createFriend(t, "小美", "zh-TW");
  people.unknown = await createFriend(t, "Kai", null);
});
afterAll(() => t.close());

describe("an English-profile customer", () => {
  it("is greeted in English", async () => {
    const [welcome] = await outs(people.en);
    expect(JSON.stringify(welcome?.message)).toContain("Welcome to");
    expect(JSON.stringify(welcome?.message)).not.toMatch(CJK);
  });

  it("gets the rule's English reply (repliesEn)", async () => {
    await say(t, people.en, "營業時間");
    expect(await lastText(people.en)).toBe("Open daily 11:00–21:30 — welcome, Amy");
  });

  it("gets the acknowledgement of an unmatched message in English only", async () => {
    await say(t, people.en, "Do you ship to Japan?");
    const text = await lastText(people.en);
    expect(text).toBe(ACK_EN);
    expect(text).not.toMatch(CJK);
  });

  it("gets the '+1' cart in English", async () => {
    await say(t, people.en, "+1");
    const card = await last(people.en);
    expect(card.type).toBe("flex");
    const json = JSON.stringify(card);
    expect(String(card.altText)).toContain("Reserved");
    expect(json).toContain("My cart");
    expect(json).toContain("Checkout");
    expect(json).toContain(`/live/${saleId}`);
    expect(json).not.toMatch(CJK);
  });
});

describe("a zh-TW-profile customer", () => {
  it("is greeted in zh-TW only", async () => {
    const [welcome] = await outs(people["zh-TW"]);
    const json = JSON.stringify(welcome?.message);
    expect(json).toContain("歡迎加入");
    expect(json).not.toMatch(/Welcome|Stores|Member card|Scan a store/);
  });

  it("gets the rule's replies", async () => {
    await say(t, people["zh-TW"], "營業時間");
    expect(await lastText(people["zh-TW"])).toBe("每天 11:00–21:30 營業，小美 歡迎光臨");
  });

  it("gets the acknowledgement in zh-TW only, no English sentence", async () => {
    await say(t, people["zh-TW"], "請問有寄日本嗎");
    const text = await lastText(people["zh-TW"]);
    expect(text).toBe(ACK_ZH);
    expect(text).not.toMatch(/[A-Za-z]/);
  });

  it("gets the '+1' cart in zh-TW only", async () => {
    await say(t, people["zh-TW"], "+1");
    const card = await last(people["zh-TW"]);
    const json = JSON.stringify(card);
    expect(String(card.altText)).toContain("已為您保留");
    expect(json).toContain("我的購物車");
    expect(json).toContain("小計");
    expect(json).not.toMatch(/Reserved|My cart|Subtotal|Checkout|Check out/);
  });
});

describe("a customer whose profile has no language", () => {
  it("is greeted in both languages", async () => {
    const [welcome] = await outs(people.unknown);
    const json = JSON.stringify(welcome?.message);
    expect(json).toContain("歡迎加入");
    expect(json).toContain("Welcome to");
  });

  it("gets the rule's replies, the brand's own text", async () => {
    await say(t, people.unknown, "營業時間");
    expect(await lastText(people.unknown)).toBe("每天 11:00–21:30 營業，Kai 歡迎光臨");
  });

  it("gets the bilingual acknowledgement, zh-TW first", async () => {
    await say(t, people.unknown, "hello?");
    expect(await lastText(people.unknown)).toBe(`${ACK_ZH}\n${ACK_EN}`);
  });

  it("has the profile read at the follow, not again at every message", async () => {
    const reads = async () =>
      (await lineRequests(t, "profile")).filter((r) => r.path.endsWith(`/${people.unknown}`)).length;
    const before = await reads();
    expect(before).toBeGreaterThanOrEqual(1);
    await say(t, people.unknown, "still there?");
    await say(t, people.unknown, "anyone?");
    expect(await reads()).toBe(before);
  });

  it("gets the bilingual '+1' cart", async () => {
    await say(t, people.unknown, "+1");
    const card = await last(people.unknown);
    const json = JSON.stringify(card);
    expect(String(card.altText)).toContain("已為您保留 Reserved");
    expect(json).toContain("我的購物車 My cart");
    expect(json).toContain("結帳 Checkout");
  });
});

describe("a group chat (many readers)", () => {
  it("gets the brand's own replies, even from an English reader", async () => {
    const res = await t.line.control("/groups", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ groupName: "Friends", memberIds: [people.en, people["zh-TW"]] }),
    });
    const { groupId } = (await res.json()) as { groupId: string };
    await t.settle();
    const sent = await t.line.control("/messages", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        chat: { type: "group", groupId },
        from: people.en,
        message: { type: "text", text: "營業時間" },
      }),
    });
    expect(sent.status).toBe(202);
    await t.settle();
    expect(String((await last(groupId)).text)).toMatch(/^每天 11:00–21:30 營業/);
  });
});

describe("a customer the bot never saw follow", () => {
  it("has their LINE profile language recorded at their first message, and is answered in it", async () => {
    // A friend from before the bot was connected: LINE knows them, the app has no record.
    const user = await createFriend(t, "Ben", "en");
    await t.app.deps.db.delete(members).where(eq(members.lineUserId, user));
    await say(t, user, "anyone there?");
    expect(await lastText(user)).toBe(ACK_EN);
    const [row] = await t.app.deps.db.select().from(members).where(eq(members.lineUserId, user));
    expect(row).toMatchObject({ language: "en", displayName: "Ben", source: "organic" });
  });
});

describe("outside business hours", () => {
  it("the away message is in each customer's language (the default has both)", async () => {
    const settings = (await (await t.admin("/api/inbox/settings")).json()) as {
      awayMessage: string;
      awayMessageEn: string;
    };
    expect(settings.awayMessageEn).toMatch(/^Thanks for your message!/);
    t.clock.advance(13 * 3_600_000); // 23:00 in Taipei
    for (const userId of Object.values(people)) await say(t, userId, "still open?");
    expect(await lastText(people.en)).toBe(settings.awayMessageEn);
    expect(await lastText(people["zh-TW"])).toBe(settings.awayMessage);
    expect(settings.awayMessage).not.toMatch(/[A-Za-z]{2}/);
    expect(await lastText(people.unknown)).toBe(`${settings.awayMessage}\n${settings.awayMessageEn}`);
    // Without an English one, everyone gets the brand's message.
    const put = await t.admin("/api/inbox/settings", {
      method: "PUT",
      body: JSON.stringify({ ...settings, awayMessage: "今晚休息", awayMessageEn: null }),
    });
    expect(put.status).toBe(200);
    t.clock.advance(24 * 3_600_000); // the next closed period
    for (const userId of Object.values(people)) await say(t, userId, "hello again");
    for (const userId of Object.values(people)) expect(await lastText(userId)).toBe("今晚休息");
  });
});

describe("the demo's keyword rules", () => {
  let d: TestApp;
  beforeAll(async () => {
    d = await startTestApp({ demo: true });
  });
  afterAll(() => d.close());
  const tap = async (userId: string, data: string) => {
    const res = await d.line.control("/postbacks", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat: { type: "user", userId }, from: userId, data }),
    });
    expect(res.status).toBe(202);
    await d.settle();
  };
  const lastOut = async (userId: string) =>
    (await chatLog(d, userId)).filter((e) => e.direction === "out").at(-1)?.message ?? {};

  it("answer an English reader in English, from the welcome card's FAQ to a question's answer", async () => {
    const amy = await createFriend(d, "Amy", "en");
    const welcome = JSON.stringify((await chatLog(d, amy)).find((e) => e.direction === "out")?.message);
    const faq = /"data":"(action=faq[^"]*)","displayText":"FAQ"/.exec(welcome)?.[1];
    expect(faq).toBeDefined();
    await tap(amy, faq ?? "");
    const menu = await lastOut(amy);
    expect(menu.text).toBe("What would you like to know? 👇");
    const shipping = JSON.stringify(menu.quickReply).match(/"label":"Shipping","data":"([^"]+)"/)?.[1];
    await tap(amy, shipping ?? "");
    const answer = String((await lastOut(amy)).text);
    expect(answer).toContain("Shipping is free on orders of NT$1,000 or more");
    expect(answer).not.toMatch(CJK);
    // zh-TW readers keep the brand's zh-TW answers.
    const mei = await createFriend(d, "小美", "zh-TW");
    await say(d, mei, "運費");
    expect(String((await lastOut(mei)).text)).toMatch(/^單筆滿 NT\$1,000 免運/);
  });
});
