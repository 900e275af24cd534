/**
 * Learning from agents, through the real app and LINE emulator: an agent's reply with an FAQ
 * entry teaches the entry the customer's wording (and retrieval then finds it); a removed
 * wording is forgotten; an answer agents write themselves again and again becomes a candidate
 * entry, accepted once or dismissed. And suggestions in the customer's LINE language.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { say } from "../../../test/line-helpers";
import { DEMO_FAQ_EN } from "../demo";
import { HOLDING_REPLIES } from "./suggest/rank";

let t: TestApp;
afterEach(async () => {
  await t.close();
});

interface Detail {
  conversation: { id: string };
  suggestions: Array<{ id: string; text: string; sourceRef: string | null }>;
}
interface Entry {
  id: string;
  answer: string;
  language: string;
  translationOf: string | null;
  learned: Array<{ id: string; text: string; createdBy: string }>;
}

const api = async (method: string, path: string, body?: unknown) => {
  const res = await t.admin(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as unknown) };
};

/** A new customer (in the given LINE language) asks; the suggestions the agent then sees. */
async function ask(text: string, language: "zh-TW" | "en" = "zh-TW"): Promise<Detail> {
  const res = await t.line.control("/users", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ displayName: "客人", language }),
  });
  const { userId } = (await res.json()) as { userId: string };
  await t.line.control(`/users/${userId}/follow`, { method: "POST" });
  await t.settle();
  await say(t, userId, text);
  await t.app.sweep();
  const list = (await api("GET", `/api/inbox/conversations?limit=200`)).body as {
    conversations: Array<{ id: string; lineUserId: string }>;
  };
  const conv = list.conversations.find((c) => c.lineUserId === userId);
  if (!conv) throw new Error("no conversation");
  return (await api("GET", `/api/inbox/conversations/${conv.id}`)).body as Detail;
}

const reply = (d: Detail, body: { text: string; suggestionId?: string }) =>
  api("POST", `/api/inbox/conversations/${d.conversation.id}/messages`, body);
const entries = async () => ((await api("GET", "/api/knowledge")).body as { entries: Entry[] }).entries;

const POINTS = { question: "會員點數怎麼用？", answer: "每消費 NT$100 累積 1 點，1 點可折抵 NT$1。" };
const HOURS = { question: "門市營業時間", answer: "每日 11:00–21:30。" };

describe("learning from agents", () => {
  it("an entry learns the customer's wording from the agent's reply, retrieval finds it, and a removed wording is forgotten", async () => {
    t = await startTestApp({ demo: false });
    const points = (await api("POST", "/api/knowledge", POINTS)).body as Entry;
    const hours = (await api("POST", "/api/knowledge", HOURS)).body as Entry;
    // A brand's own word retrieval cannot know: the holding reply.
    const first = await ask("阿福幣要去哪裡換");
    expect(first.suggestions.map((s) => s.sourceRef)).toEqual(["template:holding"]);
    // The agent answers with the FAQ entry's answer, typed (copied) by hand.
    expect((await reply(first, { text: POINTS.answer })).status).toBe(201);
    let learned = (await entries()).find((e) => e.id === points.id)?.learned ?? [];
    expect(learned.map((l) => [l.text, l.createdBy])).toEqual([["阿福幣要去哪裡換", "admin"]]);

    // The next customer who says it that way gets the entry.
    const second = await ask("阿福幣可以去哪換");
    expect(second.suggestions[0]?.sourceRef).toBe(`faq:${points.id}`);

    // Sending an entry's suggestion (edited) teaches that entry too.
    const third = await ask("你們晚上開到幾點");
    const offered = third.suggestions.find((s) => s.sourceRef === `faq:${hours.id}`);
    expect(offered).toBeDefined();
    await reply(third, { text: `${offered?.text} 歡迎光臨！`, suggestionId: offered?.id as string });
    expect((await entries()).find((e) => e.id === hours.id)?.learned.map((l) => l.text)).toEqual([
      "你們晚上開到幾點",
    ]);

    // Removed: forgotten by retrieval too.
    learned = (await entries()).find((e) => e.id === points.id)?.learned ?? [];
    const gone = await api("DELETE", `/api/knowledge/${points.id}/learned/${learned[0]?.id}`);
    expect(gone.status).toBe(204);
    expect((await api("DELETE", `/api/knowledge/${points.id}/learned/${learned[0]?.id}`)).status).toBe(404);
    expect((await entries()).find((e) => e.id === points.id)?.learned).toEqual([]);
    t.clock.advance(1000);
    const fourth = await ask("阿福幣可以去哪換");
    expect(fourth.suggestions.map((s) => s.sourceRef)).toEqual(["template:holding"]);
  });

  it("an answer agents write themselves twice becomes a candidate entry, accepted once or dismissed", async () => {
    t = await startTestApp({ demo: false });
    await api("POST", "/api/knowledge", HOURS);
    const own = "可以的，我們提供免費修改褲長服務，約三個工作天完成。";
    const a = await ask("褲子可以幫忙改短嗎");
    await reply(a, { text: own });
    // Once is not yet a pattern; short thanks never are.
    expect(
      ((await api("GET", "/api/knowledge/candidates")).body as { candidates: unknown[] }).candidates,
    ).toEqual([]);
    const b = await ask("褲管太長能修嗎");
    await reply(b, { text: own });
    const c = await ask("謝謝你");
    await reply(c, { text: "不客氣！" });
    await reply(await ask("謝謝"), { text: "不客氣！" });
    const other = "這款目前沒有其他顏色喔，之後有新色會再通知您。";
    t.clock.advance(1000); // used later: listed first of two used as often
    await reply(await ask("有別的顏色嗎"), { text: other });
    await reply(await ask("還有其他色嗎"), { text: other });

    const listed = (await api("GET", "/api/knowledge/candidates")).body as {
      candidates: Array<{ id: string; answer: string; uses: number; questions: string[] }>;
    };
    expect(listed.candidates.map((x) => [x.answer, x.uses, x.questions])).toEqual([
      [other, 2, ["有別的顏色嗎", "還有其他色嗎"]],
      [own, 2, ["褲子可以幫忙改短嗎", "褲管太長能修嗎"]],
    ]);
    const alteration = listed.candidates.find((x) => x.answer === own)?.id as string;
    const colours = listed.candidates.find((x) => x.answer === other)?.id as string;

    const accepted = await api("POST", `/api/knowledge/candidates/${alteration}/accept`, {
      question: "可以修改褲長嗎？",
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      question: "可以修改褲長嗎？",
      answer: own,
      variants: ["褲子可以幫忙改短嗎", "褲管太長能修嗎"],
      language: "zh-TW",
    });
    expect(
      (await api("POST", `/api/knowledge/candidates/${alteration}/accept`, { question: "x" })).status,
    ).toBe(409);
    expect((await entries()).filter((e) => e.answer === own)).toHaveLength(1);
    expect((await api("POST", `/api/knowledge/candidates/${colours}/dismiss`)).status).toBe(204);
    expect((await api("POST", `/api/knowledge/candidates/${colours}/dismiss`)).status).toBe(409);
    expect(
      ((await api("GET", "/api/knowledge/candidates")).body as { candidates: unknown[] }).candidates,
    ).toEqual([]);

    // The accepted entry is now what retrieval offers.
    t.clock.advance(1000);
    const d = await ask("褲子太長可以改嗎");
    expect(d.suggestions[0]?.text).toBe(own);
  });

  it("a translation must point at another original entry", async () => {
    t = await startTestApp({ demo: false });
    const hours = (await api("POST", "/api/knowledge", HOURS)).body as Entry;
    const en = await api("POST", "/api/knowledge", {
      question: "Opening hours",
      answer: "Open daily 11:00–21:30.",
      translationOf: hours.id,
    });
    expect(en.body).toMatchObject({ language: "en", translationOf: hours.id });
    const enId = (en.body as Entry).id;
    for (const bad of ["nope", enId]) {
      const res = await api("POST", "/api/knowledge", { question: "x", answer: "y", translationOf: bad });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: { code: "VALIDATION_FAILED", details: { field: "translationOf" } },
      });
    }
    expect((await api("PATCH", `/api/knowledge/${hours.id}`, { translationOf: hours.id })).status).toBe(400);
    // PATCH changes only what it is given.
    const patched = await api("PATCH", `/api/knowledge/${enId}`, { answer: "Open daily, 11:00 to 21:30." });
    expect(patched.body).toMatchObject({
      question: "Opening hours",
      translationOf: hours.id,
      language: "en",
    });
  });
});

describe("the retrieval index", () => {
  it("is rebuilt by an edit made in the same millisecond as the one before (the clock standing still)", async () => {
    t = await startTestApp({ demo: false });
    const hours = (await api("POST", "/api/knowledge", HOURS)).body as Entry;
    expect((await ask("你們營業時間是？")).suggestions[0]?.text).toBe(HOURS.answer);
    await api("PATCH", `/api/knowledge/${hours.id}`, { answer: "每日 10:00–22:00。" });
    expect((await ask("你們營業時間是？")).suggestions[0]?.text).toBe("每日 10:00–22:00。");
  });
});

describe("suggestions in the customer's language", () => {
  it("an English profile gets the entry's English translation, zh-TW the original, the holding reply in theirs", async () => {
    t = await startTestApp({ demo: true });
    const shippingEn = DEMO_FAQ_EN.find((e) => e.key === "shipping")?.answer;
    const en = await ask("shipping fee?", "en");
    expect(en.suggestions[0]?.text).toBe(shippingEn);
    const all = await entries();
    const enEntry = all.find((e) => e.answer === shippingEn);
    expect(enEntry?.language).toBe("en");
    expect(en.suggestions[0]?.sourceRef).toBe(`faq:${enEntry?.id}`);

    const zh = await ask("免運門檻是多少", "zh-TW");
    expect(zh.suggestions[0]?.sourceRef).toBe(`faq:${enEntry?.translationOf}`);
    expect(zh.suggestions[0]?.text).toBe(all.find((e) => e.id === enEntry?.translationOf)?.answer);

    expect((await ask("can you write me a poem about cats", "en")).suggestions.map((s) => s.text)).toEqual([
      HOLDING_REPLIES.en,
    ]);
    expect((await ask("可以幫我寫一首關於貓的詩嗎", "zh-TW")).suggestions.map((s) => s.text)).toEqual([
      HOLDING_REPLIES["zh-TW"],
    ]);
  });
});
