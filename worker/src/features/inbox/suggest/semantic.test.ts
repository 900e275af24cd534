import { afterEach, describe, expect, it } from "vitest";
import { type FakeEmbeddings, startFakeEmbeddings } from "../../../../test/embeddings-fake";
import { startTestApp, type TestApp } from "../../../../test/harness";
import { createFriend, say } from "../../../../test/line-helpers";
import { noEmbeddings } from "../../../adapters/embeddings-none";
import { retrievalIndex } from "./prepare";
import { holdingReply, rankSuggestions } from "./rank";
import { search } from "./retrieval";
import { semanticHits } from "./semantic";

let t: TestApp | undefined;
let fake: FakeEmbeddings | undefined;
afterEach(async () => {
  await t?.close();
  await fake?.close();
  t = undefined;
  fake = undefined;
});

const embeddingsEnv = (url: string, timeoutMs = 20_000) => ({
  EMBEDDINGS_BASE_URL: url,
  EMBEDDINGS_MODEL: "fake-embed",
  EMBEDDINGS_TIMEOUT_MS: String(timeoutMs),
});

const ENTRIES = {
  hours: {
    question: "門市營業時間是幾點？",
    variants: ["幾點開門", "營業時間"],
    answer: "門市營業時間為每日 11:00–21:00。",
  },
  pets: { question: "可以帶寵物進店嗎？", variants: ["寵物友善嗎"], answer: "歡迎！請牽繩或放在提籠內。" },
  refunds: { question: "怎麼退貨？", variants: ["退貨流程"], answer: "七天內可在「我的訂單」申請退貨。" },
};
/** Shares no word or character bigram with the pets entry (BM25 finds nothing); the fake knows 狗狗 is a pet. */
const DOG = "我家狗狗能一起進去嗎";
/** BM25 finds the opening hours (門市); the embeddings add the pets entry. */
const DOG_AT_STORE = "狗狗可以一起進門市嗎";

interface Suggestion {
  id: string;
  source: string;
  text: string;
  sourceRef: string | null;
}

async function setUp(app: TestApp): Promise<Record<keyof typeof ENTRIES, string>> {
  const ids: Record<string, string> = {};
  for (const [name, entry] of Object.entries(ENTRIES)) {
    const res = await app.admin("/api/knowledge", { method: "POST", body: JSON.stringify(entry) });
    expect(res.status).toBe(201);
    ids[name] = `faq:${((await res.json()) as { id: string }).id}`;
  }
  await app.settle(); // the sweeps the changes asked for embed them
  return ids as Record<keyof typeof ENTRIES, string>;
}

/** A new customer asks; the sweep prepares the suggestions an agent sees. */
async function suggestionsFor(
  app: TestApp,
  text: string,
): Promise<{ conversation: string; suggestions: Suggestion[] }> {
  const user = await createFriend(app, "顧客");
  await say(app, user, text);
  await app.app.sweep();
  return current(app, user);
}

async function current(app: TestApp, user: string) {
  const list = (await (await app.admin("/api/inbox/conversations")).json()) as {
    conversations: Array<{ id: string; lineUserId: string }>;
  };
  const id = list.conversations.find((c) => c.lineUserId === user)?.id as string;
  const detail = (await (await app.admin(`/api/inbox/conversations/${id}`)).json()) as {
    suggestions: Suggestion[];
  };
  return { conversation: id, suggestions: detail.suggestions };
}

/** What BM25 alone suggests for a single message (the query counts the message twice, as suggestFor does). */
/** What BM25 alone would suggest (the holding reply: nothing). */
async function bm25Refs(app: TestApp, text: string): Promise<string[]> {
  const index = await retrievalIndex(app.app.deps.db);
  return rankSuggestions(index, `${text}\n${text}`, "zh-TW", { hits: search(index, `${text}\n${text}`, 5) })
    .filter((r) => r.ref !== "template:holding")
    .map((r) => r.ref);
}

describe("semantic retrieval fused with BM25 (an OpenAI-compatible embeddings fake on 127.0.0.1)", () => {
  it("finds an entry BM25 misses, and ranks it after BM25's own find when both have one", async () => {
    fake = await startFakeEmbeddings();
    const app = await startTestApp({ env: embeddingsEnv(fake.url) });
    t = app;
    const ids = await setUp(app);
    // The design of the case: BM25 alone has nothing for DOG and only the opening hours for DOG_AT_STORE.
    expect(await bm25Refs(app, DOG)).toEqual([]);
    expect(await bm25Refs(app, DOG_AT_STORE)).toEqual([ids.hours]);

    const dog = await suggestionsFor(app, DOG);
    expect(dog.suggestions.map((s) => [s.source, s.sourceRef, s.text])).toEqual([
      ["retrieval", ids.pets, ENTRIES.pets.answer],
    ]);
    const atStore = await suggestionsFor(app, DOG_AT_STORE);
    expect(atStore.suggestions.map((s) => s.sourceRef)).toEqual([ids.hours, ids.pets]);
    expect(fake.texts()).toContain(`${DOG_AT_STORE}\n${DOG_AT_STORE}`);

    const hits = await semanticHits(app.app.deps, DOG);
    expect(hits?.map((h) => h.ref)).toEqual([ids.pets]);
    expect(hits?.[0]?.similarity).toBeGreaterThan(0.7);
  });

  it("has nothing to say without vectors or without a server: null, and no request", async () => {
    fake = await startFakeEmbeddings();
    const app = await startTestApp({ env: embeddingsEnv(fake.url) });
    t = app;
    expect(await semanticHits(app.app.deps, DOG)).toBeNull(); // nothing stored yet
    await setUp(app);
    const before = fake.requests.length;
    expect(await semanticHits({ ...app.app.deps, embeddings: noEmbeddings }, DOG)).toBeNull();
    expect(fake.requests).toHaveLength(before);
  });

  for (const mode of ["error", "slow"] as const) {
    it(`falls back to BM25's suggestions exactly when the server ${mode === "error" ? "answers 500" : "hangs past the timeout"}`, async () => {
      fake = await startFakeEmbeddings();
      // A short limit, real timers: a hanging server costs 600 ms, and the test waits on nothing else.
      const app = await startTestApp({ env: embeddingsEnv(fake.url, 600) });
      t = app;
      const ids = await setUp(app);
      fake.mode = mode;
      const asked = fake.requests.length;
      const atStore = await suggestionsFor(app, DOG_AT_STORE);
      // It tried, once (on a loaded machine the fake may log the request after the client gave up).
      await expect.poll(() => fake?.requests.length, { timeout: 5_000 }).toBe(asked + 1);
      expect(atStore.suggestions.map((s) => s.sourceRef)).toEqual(await bm25Refs(app, DOG_AT_STORE));
      expect(atStore.suggestions.map((s) => s.sourceRef)).toEqual([ids.hours]);
      // The server is left alone for a minute: the next message does not wait on it again.
      const dog = await suggestionsFor(app, DOG);
      expect(dog.suggestions.map((s) => [s.sourceRef, s.text])).toEqual([
        ["template:holding", holdingReply("zh-TW")],
      ]);
      expect(fake.requests.length).toBe(asked + 1);

      // Back a minute later: the agent's fresh set is fused again.
      fake.mode = "ok";
      app.clock.advance(61_000);
      const res = await app.admin(`/api/inbox/conversations/${dog.conversation}/suggestions/regenerate`, {
        method: "POST",
        body: "{}",
      });
      expect(res.status).toBe(200);
      const fresh = (await res.json()) as { suggestions: Suggestion[] };
      expect(fresh.suggestions.map((s) => s.sourceRef)).toEqual([ids.pets]);
    });
  }
});
