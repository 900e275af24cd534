import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { requireLineUser } from "../../lib/liff-auth";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { acceptGift, createGift, giftOffer, withdrawGift } from "./gifts";

const security = [{ liffIdToken: [] }];
const tags = ["Member"];

const Token = z.object({
  token: z
    .string()
    .regex(/^[0-9A-Za-z]{16,64}$/)
    .openapi({ param: { name: "token", in: "path" }, description: "The token of the gift link (`?t=`)" }),
});

const GiftCoupon = z.object({
  name: z.string(),
  kind: z.enum(["amount", "percent"]),
  value: z.number(),
  minSpend: z.number(),
  channel: z.enum(["online", "store", "both"]),
  expiresAt: z.string(),
});

export const CreatedGift = z
  .object({
    giftId: z.string(),
    url: z
      .string()
      .openapi({ description: "The LIFF link to share: https://liff.line.me/{liffId}/member/gift?t=…" }),
    expiresAt: z
      .string()
      .openapi({ description: "The link lasts 7 days, or until the coupon ends if sooner" }),
  })
  .openapi("CreatedGift");

export const GiftOffer = z
  .object({
    giftId: z.string(),
    state: z.enum(["pending", "accepted", "cancelled", "expired"]).openapi({
      description: "pending: can be accepted; cancelled: withdrawn, or the coupon was used meanwhile",
    }),
    expiresAt: z.string(),
    from: z.object({ displayName: z.string().nullable() }),
    coupon: GiftCoupon,
    yours: z.boolean().openapi({ description: "The caller is the one who gave it" }),
    acceptedByYou: z.boolean(),
  })
  .openapi("GiftOffer");

export const AcceptedGift = z
  .object({
    giftId: z.string(),
    coupon: GiftCoupon.extend({
      code: z.string().nullable().openapi({ description: "The coupon's new code, now on the caller's card" }),
    }),
    bound: z.boolean().openapi({ description: "The caller had no home store and now has the giver's" }),
  })
  .openapi("AcceptedGift");

/** 轉贈: make (or take back) a gift link for one of my coupons, see what a link offers, accept it. */
export function giftRoutes(app: OpenAPIHono<AppEnv>) {
  app.use("/api/me/coupons/:code/gift", requireLineUser);
  app.use("/api/me/gifts/:token", requireLineUser);
  app.use("/api/me/gifts/:token/accept", requireLineUser);

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/me/coupons/{code}/gift",
      tags,
      security,
      summary:
        "Give one of my coupons to a friend: a link valid 7 days; asking again withdraws the last link and makes a new one",
      request: { params: z.object({ code: z.string().min(1).max(32) }) },
      responses: {
        201: json(CreatedGift, "The gift link"),
        ...errorResponses(400, 401, 404, 422),
      },
    }),
    async (c) => c.json(await createGift(c.var.deps, c.var.lineUser, c.req.valid("param").code), 201),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/me/coupons/{code}/gift",
      tags,
      security,
      summary: "Take back my coupon's open gift link (it then answers GIFT_CANCELLED); nothing open is fine",
      request: { params: z.object({ code: z.string().min(1).max(32) }) },
      responses: {
        200: json(z.object({ withdrawn: z.number().int() }), "How many open links were withdrawn (0 or 1)"),
        ...errorResponses(400, 401, 404, 422),
      },
    }),
    async (c) => c.json(await withdrawGift(c.var.deps, c.var.lineUser, c.req.valid("param").code), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me/gifts/{token}",
      tags,
      security,
      summary:
        "What a gift link offers: the coupon (without its code), who sent it, whether it can be accepted",
      request: { params: Token },
      responses: { 200: json(GiftOffer, "The offer"), ...errorResponses(400, 401, 404) },
    }),
    async (c) => c.json(await giftOffer(c.var.deps, c.var.lineUser, c.req.valid("param").token), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/me/gifts/{token}/accept",
      tags,
      security,
      summary:
        "Accept a gift: the coupon becomes mine (once, for one person; a repeat answers the same); a member without a home store gets the giver's",
      request: { params: Token },
      responses: {
        200: json(AcceptedGift, "The coupon, now mine"),
        ...errorResponses(400, 401, 404, 409, 422),
      },
    }),
    async (c) => c.json(await acceptGift(c.var.deps, c.var.lineUser, c.req.valid("param").token), 200),
  );
}
