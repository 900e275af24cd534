import { bodyLimit } from "hono/body-limit";
import type { AppDeps } from "../deps";
import { AppError } from "../lib/errors";
import type { createRouter } from "../lib/hono";
import { type EventRecorder, insertEvents, toEventRow } from "./event-store";
import { webhookBodySchema } from "./events";
import { verifySignature } from "./signature";

export const WEBHOOK_MAX_BYTES = 1024 * 1024;
const decoder = new TextDecoder("utf-8", { fatal: true });

export interface WebhookAck {
  received: number;
  new: number;
}

/**
 * The webhook's whole contract in one host-independent function: raw bytes → signature (401) →
 * JSON (400) → shape (400) → every event recorded under its webhookEventId → the ids to process.
 * Nothing is parsed before the signature is checked over the exact bytes LINE sent. Throws
 * AppError; the caller answers 200 with the result only after this resolves (= durable).
 */
export async function acceptWebhook(
  deps: AppDeps,
  raw: Uint8Array,
  signature: string | undefined,
  recorder: EventRecorder | null,
): Promise<WebhookAck> {
  if (!(await verifySignature(deps.config.line.channelSecret, raw, signature))) {
    throw new AppError("INVALID_SIGNATURE", "x-line-signature is missing or does not match the body.");
  }
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(raw));
  } catch {
    throw new AppError("INVALID_JSON", "Webhook body is not valid UTF-8 JSON.");
  }
  const parsed = webhookBodySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "INVALID_WEBHOOK",
      `Webhook body does not have LINE's shape${issue ? ` (${issue.path.join(".")}: ${issue.message})` : ""}.`,
    );
  }
  const events = parsed.data.events;
  if (events.length === 0) return { received: 0, new: 0 };
  const now = deps.clock.now();
  const rows = events.map((e) => toEventRow(e, now));
  const fresh = recorder ? await recorder.record(rows) : await insertEvents(deps.db, deps.dbLimits, rows);
  for (const id of fresh) deps.background.enqueue({ kind: "webhook-event", id });
  return { received: events.length, new: fresh.length };
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
        throw new AppError("PAYLOAD_TOO_LARGE", "Webhook body is larger than 1 MiB.");
      },
    }),
    async (c) => {
      const deps = c.var.deps;
      const raw = new Uint8Array(await c.req.arrayBuffer());
      return c.json(await acceptWebhook(deps, raw, c.req.header("x-line-signature"), recorderFor(deps)));
    },
  );
}
