import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

const SANDBOX = { DATABASE_URL: "file::memory:", LOG_LEVEL: "silent" };

describe("embeddings configuration", () => {
  it("is off unless set: retrieval alone is the default", () => {
    expect(loadConfig(SANDBOX).embeddings).toBeUndefined();
  });

  it("EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL turn it on, with a 1500 ms timeout and 0.5 similarity by default", () => {
    expect(
      loadConfig({
        ...SANDBOX,
        EMBEDDINGS_BASE_URL: "http://127.0.0.1:11434/v1/",
        EMBEDDINGS_MODEL: "bge-m3",
      }).embeddings,
    ).toEqual({
      baseUrl: "http://127.0.0.1:11434/v1",
      model: "bge-m3",
      apiKey: undefined,
      timeoutMs: 1500,
      minSimilarity: 0.5,
    });
    expect(
      loadConfig({
        ...SANDBOX,
        EMBEDDINGS_BASE_URL: "https://api.example/v1",
        EMBEDDINGS_MODEL: "text-embedding-3-small",
        EMBEDDINGS_API_KEY: "sk-emb",
        EMBEDDINGS_TIMEOUT_MS: "800",
        EMBEDDINGS_MIN_SIMILARITY: "0.35",
      }).embeddings,
    ).toMatchObject({ apiKey: "sk-emb", timeoutMs: 800, minSimilarity: 0.35 });
  });

  it("one without the other stops the start, naming the missing variable", () => {
    expect(() => loadConfig({ ...SANDBOX, EMBEDDINGS_BASE_URL: "http://127.0.0.1:11434/v1" })).toThrow(
      /EMBEDDINGS_MODEL: required with EMBEDDINGS_BASE_URL \(the embedding model's name/,
    );
    expect(() => loadConfig({ ...SANDBOX, EMBEDDINGS_MODEL: "bge-m3" })).toThrow(
      /EMBEDDINGS_BASE_URL: required with EMBEDDINGS_MODEL \(the OpenAI-compatible/,
    );
    expect(() => loadConfig({ ...SANDBOX, EMBEDDINGS_API_KEY: "sk" })).toThrow(
      /EMBEDDINGS_BASE_URL: required with EMBEDDINGS_API_KEY[\s\S]*EMBEDDINGS_MODEL: required with EMBEDDINGS_API_KEY/,
    );
  });

  it("refuses a URL that is not http(s), a timeout out of range and a similarity out of range", () => {
    const on = { ...SANDBOX, EMBEDDINGS_BASE_URL: "http://127.0.0.1:11434/v1", EMBEDDINGS_MODEL: "m" };
    expect(() => loadConfig({ ...on, EMBEDDINGS_BASE_URL: "127.0.0.1:11434" })).toThrow(
      /EMBEDDINGS_BASE_URL must be/,
    );
    expect(() => loadConfig({ ...on, EMBEDDINGS_TIMEOUT_MS: "10" })).toThrow(/EMBEDDINGS_TIMEOUT_MS must be/);
    expect(() => loadConfig({ ...on, EMBEDDINGS_MIN_SIMILARITY: "2" })).toThrow(
      /EMBEDDINGS_MIN_SIMILARITY must be/,
    );
  });
});
