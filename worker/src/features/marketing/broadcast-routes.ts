import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../../lib/admin-auth";
import { createRouter } from "../../lib/hono";
import { requireLineUser } from "../../lib/liff-auth";
import { jsonBody as body, errorResponses, jsonResponse as json } from "../../lib/openapi";
import { claimBroadcastCoupon } from "./broadcast-claim";
import {
  Broadcast,
  BroadcastSummary,
  ClaimedCoupon,
  CreateBroadcast,
  CreatedBroadcast,
  SendBroadcast,
  TestBroadcast,
  TestSent,
} from "./broadcast-schema";
import { cancelBroadcast, requestSend, testBroadcast } from "./broadcast-send";
import {
  BroadcastSettings,
  BroadcastSettingsView,
  broadcastSettings,
  putBroadcastSettings,
} from "./broadcast-settings";
import { broadcastView, createBroadcast, listBroadcasts } from "./broadcasts";

const security = [{ adminToken: [] }];
const tags = ["Broadcasts"];
const Id = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});
/** 群發: create (recipients fixed, holdout drawn), try on one user, send, follow, cancel; settings. */
export function broadcastRoutes() {
  const app = createRouter();
  app.use("/api/broadcasts", requireAdmin);
  app.use("/api/broadcasts/*", requireAdmin);
  app.use("/api/broadcast-settings", requireAdmin);
  app.use("/api/me/broadcasts/*", requireLineUser);

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/broadcasts",
      tags,
      security,
      summary:
        "Create a draft: recipients fixed now (the rule's followers with marketing consent), the holdout drawn at random",
      request: body(CreateBroadcast),
      responses: {
        201: json(CreatedBroadcast, "The draft, with what it costs and the month's quota"),
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => c.json(await createBroadcast(c.var.deps, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/broadcasts",
      tags,
      security,
      summary: "Broadcasts, newest first (100), with their figures",
      responses: {
        200: json(z.object({ broadcasts: z.array(BroadcastSummary) }), "Broadcasts"),
        ...errorResponses(401),
      },
    }),
    async (c) => c.json({ broadcasts: await listBroadcasts(c.var.deps) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/broadcasts/{id}",
      tags,
      security,
      summary: "One broadcast and its progress, from its chunks' outbox rows",
      request: { params: Id },
      responses: { 200: json(Broadcast, "The broadcast"), ...errorResponses(401, 404) },
    }),
    async (c) => c.json(await broadcastView(c.var.deps, c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/broadcasts/{id}/test",
      tags,
      security,
      summary: "Send its messages to one LINE user by push (counted), e.g. yourself, before the real send",
      request: { params: Id, ...body(TestBroadcast) },
      responses: {
        202: json(TestSent, "Queued"),
        ...errorResponses(400, 401, 404, 422),
      },
    }),
    async (c) =>
      c.json(await testBroadcast(c.var.deps, c.req.valid("param").id, c.req.valid("json").lineUserId), 202),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/broadcasts/{id}/send",
      tags,
      security,
      summary:
        "Send (or schedule): refused with OVER_QUOTA past the month's remaining quota unless confirmed; waits out the quiet hours",
      request: { params: Id, ...body(SendBroadcast, false) },
      responses: {
        202: json(Broadcast, "Sending, or scheduled with the time it starts"),
        ...errorResponses(400, 401, 404, 409, 422),
      },
    }),
    async (c) => {
      const input = c.req.valid("json") as { confirmOverQuota?: boolean } | undefined;
      const id = c.req.valid("param").id;
      return c.json(
        await requestSend(c.var.deps, id, { confirmOverQuota: input?.confirmOverQuota ?? false }),
        202,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/broadcasts/{id}/cancel",
      tags,
      security,
      summary:
        "Cancel: a draft or scheduled one at once; while sending, the chunks not yet tried (those tried finish)",
      request: { params: Id },
      responses: { 200: json(Broadcast, "Cancelled"), ...errorResponses(401, 404, 409) },
    }),
    async (c) => c.json(await cancelBroadcast(c.var.deps, c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/broadcast-settings",
      tags,
      security,
      summary: "Quiet hours, frequency cap, LINE unit statistics",
      responses: { 200: json(BroadcastSettingsView, "The settings"), ...errorResponses(401) },
    }),
    async (c) => c.json(await broadcastSettings(c.var.deps), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/api/broadcast-settings",
      tags,
      security,
      summary: "Change the quiet hours, the frequency cap or LINE unit statistics",
      request: body(BroadcastSettings),
      responses: { 200: json(BroadcastSettingsView, "The settings"), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await putBroadcastSettings(c.var.deps, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/me/broadcasts/{id}/claim",
      tags: ["Member"],
      security: [{ liffIdToken: [] }],
      summary: "Claim the coupon of a broadcast sent to me (once; a repeat answers the same coupon)",
      request: { params: Id },
      responses: {
        200: json(ClaimedCoupon, "The coupon"),
        ...errorResponses(401, 404, 422),
      },
    }),
    async (c) =>
      c.json(await claimBroadcastCoupon(c.var.deps, c.var.lineUser.userId, c.req.valid("param").id), 200),
  );
  return app;
}
