import { type Answer, SERVER_ERROR, startFakeOpenAiEndpoint } from "./fake-openai-server";

export type FakeEmbeddingsMode = "ok" | "slow" | "error";

export interface FakeEmbeddings {
  /** The API root to give EMBEDDINGS_BASE_URL (…/v1). */
  url: string;
  /** What the next requests get. */
  mode: FakeEmbeddingsMode;
  /** Every request body received, with its Authorization header. */
  requests: Array<{ model: string; input: string[]; encoding_format?: string; authorization?: string }>;
  /** Every text embedded so far (all requests' inputs, in order). */
  texts(): string[];
  close(): Promise<void>;
}

/** Words the fake "understands" alike (as a real model would): each becomes one weighty concept. */
const CONCEPTS: Array<[RegExp, string]> = [
  [/狗狗|小狗|狗|貓咪|貓|毛孩|寵物|pets?|dogs?|cats?/gu, "#pet"],
  [/退貨|退款|退錢|refunds?|returns?/gu, "#refund"],
];
/** Characters that say nothing (the fake's own stop list). */
const FILLER = new Set([..."嗎呢吧的了是我你您可以請問要想有在"]);
const DIM = 1024;
const CONCEPT_WEIGHT = 3;

/**
 * The fake's deterministic embedding: a hashed bag of concepts (weight 3) and of the remaining
 * characters and latin words (weight 1), not normalised (the app normalises). Paraphrases that
 * share words or concepts are close: 「狗狗能一起進去嗎」 is near 「可以帶寵物進店嗎」 though BM25,
 * which has no word or character bigram in common between them, cannot see it.
 */
export function fakeVector(text: string): number[] {
  const v = new Array<number>(DIM).fill(0);
  let rest = text.toLowerCase();
  for (const [pattern, concept] of CONCEPTS) {
    rest = rest.replace(pattern, () => {
      const at = bucket(concept);
      v[at] = (v[at] ?? 0) + CONCEPT_WEIGHT;
      return " ";
    });
  }
  const tokens = rest.match(/[a-z0-9]+|[\u3400-\u9fff]/gu) ?? [];
  for (const t of tokens) {
    if (FILLER.has(t)) continue;
    const at = bucket(t);
    v[at] = (v[at] ?? 0) + 1;
  }
  return v;
}

/** FNV-1a. */
function bucket(token: string): number {
  let h = 0x811c9dc5;
  for (const ch of token) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % DIM;
}

/**
 * An OpenAI-compatible `/v1/embeddings` server on 127.0.0.1 (a real HTTP server, not a mock of
 * the SDK), answering with `fakeVector` of each input, or never (held until the client gives
 * up), or with a 500.
 */
export async function startFakeEmbeddings(): Promise<FakeEmbeddings> {
  const server = await startFakeOpenAiEndpoint("embeddings", (body, req): Answer => {
    const parsed = body as { model: string; input: string | string[]; encoding_format?: string };
    const input = Array.isArray(parsed.input) ? parsed.input : [parsed.input];
    fake.requests.push({
      model: parsed.model,
      input,
      ...(parsed.encoding_format ? { encoding_format: parsed.encoding_format } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    if (fake.mode === "slow") return "hold";
    if (fake.mode === "error") return SERVER_ERROR;
    return {
      status: 200,
      body: JSON.stringify({
        object: "list",
        model: parsed.model,
        data: input.map((text, index) => ({ object: "embedding", index, embedding: fakeVector(text) })),
        usage: { prompt_tokens: input.length, total_tokens: input.length },
      }),
    };
  });
  const fake: FakeEmbeddings = {
    url: server.url,
    mode: "ok",
    requests: [],
    texts: () => fake.requests.flatMap((r) => r.input),
    close: server.close,
  };
  return fake;
}
