import { afterEach, describe, expect, it } from "vitest";
import { type FakeEmbeddings, fakeVector, startFakeEmbeddings } from "../../test/embeddings-fake";
import { createOpenAiEmbeddings } from "./embeddings-openai";

let fake: FakeEmbeddings | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const config = (url: string, timeoutMs = 20_000) => ({
  baseUrl: url,
  model: "fake-embed",
  apiKey: undefined,
  timeoutMs,
  minSimilarity: 0.5,
});

describe("OpenAI-compatible embeddings adapter (a fake /v1/embeddings on 127.0.0.1)", () => {
  it("asks for plain floats of the model, one vector per text in order; nothing to embed asks nothing", async () => {
    fake = await startFakeEmbeddings();
    const port = createOpenAiEmbeddings(config(fake.url));
    expect(port.model).toBe("fake-embed");
    expect(await port.embed(["營業時間", "寵物"])).toEqual([fakeVector("營業時間"), fakeVector("寵物")]);
    expect(fake.requests).toEqual([
      // No key set: a placeholder, never OPENAI_API_KEY.
      {
        model: "fake-embed",
        input: ["營業時間", "寵物"],
        encoding_format: "float",
        authorization: "Bearer unused",
      },
    ]);
    expect(await port.embed([])).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it("rejects a 500 and a server that does not answer in time, without repeating the texts", async () => {
    fake = await startFakeEmbeddings();
    const port = createOpenAiEmbeddings(config(fake.url, 200));
    fake.mode = "error";
    await expect(port.embed(["秘密的問題"])).rejects.toThrow(/^the embeddings server answered HTTP 500$/);
    fake.mode = "slow";
    await expect(port.embed(["秘密的問題"])).rejects.toThrow(
      /^the embeddings server did not answer within 200 ms$/,
    );
    await expect(port.embed(["秘密的問題"], { timeoutMs: 100 })).rejects.toThrow(/within 100 ms/);
  });
});
