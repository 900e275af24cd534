import { createRoute } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { AppError, say } from "../../../lib/errors";
import { createRouter } from "../../../lib/hono";
import { errorMessage } from "../../../lib/log";
import { errorResponses, jsonResponse as json } from "../../../lib/openapi";
import { requireSale } from "../sales";
import { Tally } from "../schema";
import { saleTally } from "../tally";
import { tallyHub } from "../tally-stream";
import { Id, tags } from "./common";

/** The live tally: a snapshot, and a stream of it for the seller's screen and overlays. */
export function tallyRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/lives/{id}/tally",
      tags,
      summary: "Live tally per product and variant: stock, ordered, remaining, waitlisted (public)",
      request: { params: Id },
      responses: { 200: json(Tally, "The tally"), ...errorResponses(404) },
    }),
    async (c) => {
      const sale = await requireSale(c.var.deps.db, c.req.valid("param").id);
      return c.json(
        { saleId: sale.id, status: sale.status, products: await saleTally(c.var.deps.db, sale.id) },
        200,
      );
    },
  );

  // Server-sent events: the tally whenever it changes (checked every second), for the seller's
  // screen and viewers' overlays. One computation per sale per second is shared by all its
  // streams (tally-stream.ts); past the stream limits, 503 with Retry-After (poll /tally instead).
  app.get("/api/lives/:id/tally/stream", async (c) => {
    const deps = c.var.deps;
    const sale = await requireSale(deps.db, c.req.param("id"));
    const hub = tallyHub(deps.db);
    const slot = hub.join(sale.id);
    if (!slot.ok) {
      // The error handler's answer keeps the headers set before the throw.
      c.header("retry-after", String(slot.retryAfterSeconds));
      throw new AppError(
        "TOO_MANY_STREAMS",
        slot.limit === "sale"
          ? say(
              "此直播的即時統計連線已滿，請稍後再試。",
              "Too many live tally streams for this sale; retry later or poll GET /api/lives/{id}/tally.",
            )
          : say(
              "即時統計連線已滿，請稍後再試。",
              "Too many live tally streams on this server; retry later or poll GET /api/lives/{id}/tally.",
            ),
      );
    }
    return streamSSE(c, async (stream) => {
      const stop = new AbortController();
      stream.onAbort(() => stop.abort());
      try {
        await hub.follow(
          sale.id,
          {
            send: (data, id) => stream.writeSSE({ event: "tally", data, id: String(id) }),
            ping: async () => {
              await stream.write(": ping\n\n");
            },
          },
          stop.signal,
        );
      } catch (err) {
        // The stream ends; EventSource reconnects by itself.
        deps.log.error("tally stream failed", { saleId: sale.id, error: errorMessage(err) });
      } finally {
        stop.abort();
        slot.leave();
      }
    });
  });

  return app;
}
