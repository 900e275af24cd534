import { asc } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { knowledgeEmbeddings } from "../../../../../db/schema";
import { type FakeEmbeddings, startFakeEmbeddings } from "../../../../test/embeddings-fake";
import { startTestApp, type TestApp } from "../../../../test/harness";
import { createFriend, say } from "../../../../test/line-helpers";
import { createOpenAiEmbeddings } from "../../../adapters/embeddings-openai";
import { sha256Hex as sha256 } from "../../../lib/keys";
import { refreshEmbeddings } from "./embeddings";
import { retrievalIndex } from "./prepare";

let t: TestApp | undefined;
let fake: FakeEmbeddings | undefined;
afterEach(async () => {
  await t?.close();
  await fake?.close();
  t = undefined;
  fake = undefined;
});

const embeddingsEnv = (url: string) => ({
  EMBEDDINGS_BASE_URL: url,
  EMBEDDINGS_MODEL: "fake-embed",
  EMBEDDINGS_API_KEY: "emb-test-key",
  // The fake answers at once; a generous limit so a busy machine cannot turn an answer into a timeout.
  EMBEDDINGS_TIMEOUT_MS: "20000",
});

async function admin(app: TestApp, method: string, path: string, body?: unknown) {
  const res = await app.admin(path, { method, ...(body ? { body: JSON.stringify(body) } : {}) });
  expect(res.status).toBeLessThan(300);
  return res.status === 204 ? null : ((await res.json()) as Record<string, unknown>);
}

async function stored(app: TestApp) {
  return app.app.deps.db.select().from(knowledgeEmbeddings).orderBy(asc(knowledgeEmbeddings.ref));
}

describe("stored embeddings (an OpenAI-compatible fake on 127.0.0.1)", () => {
  it("embeds each text once, keeps it across restarts, embeds again only what changed, deletes what is gone", async () => {
    fake = await startFakeEmbeddings();
    const app = await startTestApp({ env: embeddingsEnv(fake.url) });
    t = app;
    const hours = (await admin(app, "POST", "/api/knowledge", {
      question: "門市營業時間是幾點？",
      variants: ["幾點開門"],
      answer: "門市營業時間為每日 11:00–21:00。",
    })) as { id: string };
    const pets = (await admin(app, "POST", "/api/knowledge", {
      question: "可以帶寵物進店嗎？",
      variants: ["寵物友善嗎"],
      answer: "歡迎！請牽繩或放在提籠內。",
    })) as { id: string };
    // The API answered; the embedding happens in the sweep each change asked for.
    await app.settle();
    const hoursText = "門市營業時間是幾點？\n幾點開門";
    const petsText = "可以帶寵物進店嗎？\n寵物友善嗎";
    expect([...fake.texts()].sort()).toEqual([hoursText, petsText].sort());
    expect(fake.requests.every((r) => r.model === "fake-embed" && r.encoding_format === "float")).toBe(true);
    expect(fake.requests[0]?.authorization).toBe("Bearer emb-test-key");
    let rows = await stored(app);
    expect(rows.map((r) => [r.ref, r.model, r.textHash])).toEqual(
      [
        [`faq:${hours.id}`, "fake-embed", await sha256(hoursText)],
        [`faq:${pets.id}`, "fake-embed", await sha256(petsText)],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(rows[0]?.vector).toHaveLength(1024);

    // Stored once: another sweep, and a restarted process on the same database, ask for nothing.
    const before = fake.requests.length;
    await app.app.sweep();
    await app.restart();
    await app.settle();
    await app.app.sweep();
    expect(fake.requests).toHaveLength(before);

    // The answer is not embedded: changing it asks for nothing; a new variant embeds that entry only.
    // (Edits a second apart: the retrieval index knows a change by its time.)
    app.clock.advance(1000);
    await admin(app, "PATCH", `/api/knowledge/${hours.id}`, {
      answer: "每日 10:00–22:00。",
      variants: ["幾點開門"], // (a PATCH without variants clears them today)
    });
    await app.settle();
    expect(fake.requests).toHaveLength(before);
    app.clock.advance(1000);
    await admin(app, "PATCH", `/api/knowledge/${hours.id}`, { variants: ["幾點開門", "開到幾點"] });
    await app.settle();
    expect(fake.requests.slice(before).map((r) => r.input)).toEqual([[`${hoursText}\n開到幾點`]]);
    rows = await stored(app);
    expect(rows.find((r) => r.ref === `faq:${hours.id}`)?.textHash).toBe(
      await sha256(`${hoursText}\n開到幾點`),
    );

    // A removed entry's vector is deleted, without a request.
    const asked = fake.requests.length;
    await admin(app, "DELETE", `/api/knowledge/${pets.id}`);
    await app.settle();
    expect((await stored(app)).map((r) => r.ref)).toEqual([`faq:${hours.id}`]);
    expect(fake.requests).toHaveLength(asked);
  });

  it("embeds an accepted reply's question; another model embeds everything again and replaces the old vectors", async () => {
    fake = await startFakeEmbeddings();
    const app = await startTestApp({ env: embeddingsEnv(fake.url) });
    t = app;
    await admin(app, "POST", "/api/knowledge", {
      question: "怎麼退貨？",
      variants: ["退貨流程"],
      answer: "七天內可在「我的訂單」申請退貨。",
    });
    const user = await createFriend(app, "阿退");
    // Nothing in the knowledge base answers it: the agent edits the holding reply (an accepted reply).
    await say(app, user, "你們有賣襪子嗎");
    await app.app.sweep();
    const list = (await admin(app, "GET", "/api/inbox/conversations")) as {
      conversations: Array<{ id: string; lineUserId: string }>;
    };
    const conv = list.conversations.find((c) => c.lineUserId === user);
    const detail = (await admin(app, "GET", `/api/inbox/conversations/${conv?.id}`)) as {
      suggestions: Array<{ id: string; text: string; sourceRef: string }>;
    };
    const first = detail.suggestions[0] as { id: string; text: string; sourceRef: string };
    expect(first.sourceRef).toBe("template:holding");
    await admin(app, "POST", `/api/inbox/conversations/${conv?.id}/messages`, {
      text: "有的，門市與線上都有襪子，歡迎選購！",
      suggestionId: first.id,
    });
    await app.settle();
    await app.app.sweep();
    const rows = await stored(app);
    expect(rows.map((r) => r.ref)).toContain(`reply:${first.id}`);
    expect(fake.texts()).toContain("你們有賣襪子嗎");

    const other = createOpenAiEmbeddings({
      ...(app.app.deps.config.embeddings as NonNullable<typeof app.app.deps.config.embeddings>),
      model: "fake-embed-2",
    });
    const before = fake.requests.length;
    const result = await refreshEmbeddings(
      { ...app.app.deps, embeddings: other },
      await retrievalIndex(app.app.deps.db),
    );
    expect(result).toEqual({ embedded: 2, deleted: 2, pending: 0 });
    expect(fake.requests.slice(before).map((r) => r.model)).toEqual(["fake-embed-2"]);
    expect((await stored(app)).map((r) => r.model)).toEqual(["fake-embed-2", "fake-embed-2"]);
  });

  it("a failing server leaves the stored vectors and is tried again a minute later", async () => {
    fake = await startFakeEmbeddings();
    const app = await startTestApp({ env: embeddingsEnv(fake.url) });
    t = app;
    const entry = (await admin(app, "POST", "/api/knowledge", {
      question: "運費怎麼算？",
      answer: "滿 NT$1,000 免運。",
    })) as { id: string };
    await app.settle();
    const [kept] = await stored(app);
    expect(kept?.textHash).toBe(await sha256("運費怎麼算？"));

    fake.mode = "error";
    app.clock.advance(1000);
    await admin(app, "PATCH", `/api/knowledge/${entry.id}`, { variants: ["免運門檻"] });
    await app.settle();
    expect(await stored(app)).toEqual([kept]);
    const tried = fake.requests.length;
    await app.app.sweep(); // within the minute: the server is left alone
    expect(fake.requests).toHaveLength(tried);

    fake.mode = "ok";
    app.clock.advance(61_000);
    await app.app.sweep();
    expect((await stored(app))[0]?.textHash).toBe(await sha256("運費怎麼算？\n免運門檻"));
  });
});
