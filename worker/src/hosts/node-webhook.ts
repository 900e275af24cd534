import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppDeps } from "../deps";
import { AppError, langOf, renderError, say } from "../lib/errors";
import { errorMessage } from "../lib/log";
import type { EventRecorder } from "../line/event-store";
import { acceptWebhook, TOO_LARGE, WEBHOOK_MAX_BYTES } from "../line/webhook-route";

/**
 * The Node host's direct path for POST /webhook: the same `acceptWebhook` as the Hono route, fed
 * from the socket without building a web Request and ReadableStream first. LINE's webhook is the
 * one endpoint whose throughput matters under a burst; every other path goes through Hono.
 */
export function nodeWebhookHandler(deps: AppDeps, recorder: EventRecorder) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const requestId = crypto.randomUUID();
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json", "x-request-id": requestId });
      res.end(text);
    };
    // The same ErrorBody as the Hono app's error handler renders (renderError).
    const fail = (err: unknown) => {
      const { status, body, unexpected } = renderError(
        err,
        requestId,
        langOf(req.headers["accept-language"]),
        say("無法記錄事件，LINE 會重新傳送。", "Could not record the events; LINE will redeliver."),
      );
      if (unexpected) deps.log.error("webhook failed", { requestId, error: errorMessage(err) });
      send(status, body);
    };
    const declared = Number(req.headers["content-length"]);
    if (declared > WEBHOOK_MAX_BYTES) {
      req.resume();
      fail(new AppError("PAYLOAD_TOO_LARGE", TOO_LARGE));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > WEBHOOK_MAX_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("error", fail);
    req.on("end", () => {
      if (tooLarge) {
        fail(new AppError("PAYLOAD_TOO_LARGE", TOO_LARGE));
        return;
      }
      const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      const signature = req.headers["x-line-signature"];
      acceptWebhook(deps, raw, Array.isArray(signature) ? signature[0] : signature, recorder).then(
        (ack) => send(200, ack),
        fail,
      );
    });
  };
}
