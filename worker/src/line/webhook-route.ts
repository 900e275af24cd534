import { bodyLimit } from "hono/body-limit";
import type { AppDeps } from "../deps";
import { AppError, type ErrorCode, type ErrorDetails, say, type Text } from "../lib/errors";
import type { createRouter } from "../lib/hono";
import { type EventRecorder, insertEvents, toEventRow } from "./event-store";
import { type WebhookEnvelopeEvent, webhookBodySchema } from "./events";
import { verifySignature } from "./signature";

export const WEBHOOK_MAX_BYTES = 1024 * 1024;
/** LINE's own payloads nest about 6 deep (body → events → event → message → emojis → emoji). */
export const WEBHOOK_MAX_DEPTH = 64;
const decoder = new TextDecoder("utf-8", { fatal: true });
/** A body over WEBHOOK_MAX_BYTES, as both hosts refuse it. */
export const TOO_LARGE = say("Webhook 內容超過 1 MiB。", "Webhook body is larger than 1 MiB.");

export interface WebhookAck {
  received: number;
  new: number;
}

/**
 * The webhook's whole contract in one host-independent function: raw bytes → signature (401) →
 * nesting depth (400 WEBHOOK_TOO_DEEP) → JSON (400 INVALID_JSON) → shape (400 INVALID_WEBHOOK)
 * → every event recorded under its webhookEventId → the ids to process. Nothing is parsed before
 * the signature is checked over the exact bytes LINE sent. Throws AppError; the caller answers
 * 200 with the result only after this resolves (= durable).
 *
 * A signed body that fails a check is refused whole, even when only one of its events is
 * poison: nothing is written, and LINE does not redeliver a 4xx, so it cannot loop. The good
 * events of such a batch are lost with it (logged); recording part of a batch would let a
 * malformed body half-succeed, and a 500 would have LINE resend the same poison for hours.
 */
export async function acceptWebhook(
  deps: AppDeps,
  raw: Uint8Array,
  signature: string | undefined,
  recorder: EventRecorder | null,
): Promise<WebhookAck> {
  if (!(await verifySignature(deps.config.line.channelSecret, raw, signature))) {
    throw new AppError(
      "INVALID_SIGNATURE",
      say(
        "缺少 x-line-signature，或簽章與內容不符。",
        "x-line-signature is missing or does not match the body.",
      ),
    );
  }
  const events = parseWebhook(deps, raw);
  if (events.length === 0) return { received: 0, new: 0 };
  const now = deps.clock.now();
  const rows = events.map((e) => toEventRow(e, now));
  const fresh = recorder ? await recorder.record(rows) : await insertEvents(deps.db, deps.dbLimits, rows);
  for (const id of fresh) deps.background.enqueue({ kind: "webhook-event", id });
  return { received: events.length, new: fresh.length };
}

function parseWebhook(deps: AppDeps, raw: Uint8Array): WebhookEnvelopeEvent[] {
  const refuse = (code: ErrorCode, message: Text, details?: ErrorDetails): never => {
    // The signature was good, so this is LINE (or someone holding the secret): worth a look.
    deps.log.warn("signed webhook refused", { code, bytes: raw.length });
    throw new AppError(code, message, details);
  };
  // Before parsing: JSON.parse is iterative in V8, but JSON.stringify (recording the payload)
  // and every later walk over it recurse, and overflow the stack at a few thousand levels.
  if (exceedsDepth(raw, WEBHOOK_MAX_DEPTH)) {
    refuse(
      "WEBHOOK_TOO_DEEP",
      say(
        `Webhook 內容的巢狀層數超過 ${WEBHOOK_MAX_DEPTH} 層。`,
        `Webhook body nests deeper than ${WEBHOOK_MAX_DEPTH} levels.`,
      ),
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(raw));
  } catch {
    refuse(
      "INVALID_JSON",
      say("Webhook 內容不是有效的 UTF-8 JSON。", "Webhook body is not valid UTF-8 JSON."),
    );
  }
  const parsed = webhookBodySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String) ?? [];
    const where = issue ? `${path.join(".")}: ${issue.message}` : undefined;
    return refuse(
      "INVALID_WEBHOOK",
      say(
        `Webhook 內容不符合 LINE 的格式${where ? `（${where}）` : ""}。`,
        `Webhook body does not have LINE's shape${where ? ` (${where})` : ""}.`,
      ),
      { path },
    );
  }
  return parsed.data.events;
}

/**
 * Whether the JSON text opens more than `max` arrays/objects at once, in one pass over the bytes
 * with no recursion (about a third of JSON.parse's time). Brackets inside strings do not count;
 * every byte of a multi-byte UTF-8 character is ≥ 0x80, so scanning bytes is exact. Malformed
 * JSON is left for JSON.parse.
 */
export function exceedsDepth(raw: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      // A backslash escapes the next byte (\" or \\), so it cannot end the string.
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** POST /webhook on the Hono app (the Workers host, and the Node host's fallback path). */
export function mountWebhook(
  app: ReturnType<typeof createRouter>,
  recorderFor: (deps: AppDeps) => EventRecorder | null,
) {
  app.post(
    "/webhook",
    bodyLimit({
      maxSize: WEBHOOK_MAX_BYTES,
      onError: () => {
        throw new AppError("PAYLOAD_TOO_LARGE", TOO_LARGE);
      },
    }),
    async (c) => {
      const deps = c.var.deps;
      const raw = new Uint8Array(await c.req.arrayBuffer());
      return c.json(await acceptWebhook(deps, raw, c.req.header("x-line-signature"), recorderFor(deps)));
    },
  );
}
