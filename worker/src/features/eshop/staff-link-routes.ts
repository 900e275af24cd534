import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { refuseInvalidInput } from "../../lib/input-refusal";
import { jsonBody as body, errorResponses, jsonResponse as json } from "../../lib/openapi";
import { catalogue, listShops } from "./shops";
import { cartLink, pageLink, sendCartLink } from "./staff-links";

const tags = ["E-shop"];
const security = [{ liffIdToken: [] }];
const Link = z
  .object({ id: z.string(), url: z.string(), token: z.string(), expiresAt: z.string() })
  .openapi("StaffShopLink");
const CartLine = z.object({
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  price: z.number().int(),
});

/** The staff LIFF's links: the calling staff member is the one credited (never from the body). */
export function staffLinkRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/staff/shops",
      tags,
      security,
      summary: "The brand's e-shops and their catalogues, for staff links and carts",
      responses: {
        200: json(
          z.object({
            shops: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                baseUrl: z.string(),
                carts: z.boolean().openapi({ description: "Whether cart links can be made" }),
                products: z.array(
                  z.object({
                    sku: z.string(),
                    name: z.string(),
                    price: z.number().int(),
                    url: z.string().nullable(),
                  }),
                ),
              }),
            ),
          }),
          "Shops",
        ),
        ...errorResponses(401, 403),
      },
    }),
    async (c) => {
      const { deps } = c.var;
      const shops = await Promise.all(
        (await listShops(deps)).map(async (s) => ({
          id: s.id,
          name: s.name,
          baseUrl: s.baseUrl,
          carts: s.cartUrlTemplate !== null,
          products: (await catalogue(deps, s.id)).map((p) => ({
            sku: p.sku,
            name: p.name,
            price: p.price,
            url: p.url,
          })),
        })),
      );
      return c.json({ shops }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/staff/shop-links",
      tags,
      security,
      summary: "線上推廣連結: a link to a page of the shop that credits the calling staff member",
      request: body(z.object({ shopId: z.string().min(1).max(60), url: z.string().min(1).max(1000) })),
      responses: { 201: json(Link, "The link"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await pageLink(c.var.deps, c.var.staff.id, c.req.valid("json")), 201),
    refuseInvalidInput,
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/staff/cart-links",
      tags,
      security,
      summary:
        "代加入購物車: a cart from the shop's catalogue, as a link that credits the calling staff member",
      request: body(
        z.object({
          shopId: z.string().min(1).max(60),
          items: z
            .array(z.object({ sku: z.string().min(1).max(100), quantity: z.number().int().min(1).max(99) }))
            .min(1)
            .max(50),
        }),
      ),
      responses: {
        201: json(Link.extend({ items: z.array(CartLine), total: z.number().int() }), "The cart link"),
        ...errorResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => c.json(await cartLink(c.var.deps, c.var.staff.id, c.req.valid("json")), 201),
    refuseInvalidInput,
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/staff/cart-links/send",
      tags,
      security,
      summary: "代加入購物車 sent in LINE: the cart link pushed to a member of the caller's store",
      request: body(
        z.object({
          shopId: z.string().min(1).max(60),
          memberCode: z.string().min(4).max(40),
          items: z
            .array(z.object({ sku: z.string().min(1).max(100), quantity: z.number().int().min(1).max(99) }))
            .min(1)
            .max(50),
        }),
      ),
      responses: {
        201: json(
          Link.extend({
            items: z.array(CartLine),
            total: z.number().int(),
            sentTo: z.object({ memberId: z.string(), displayName: z.string().nullable() }),
          }),
          "Sent",
        ),
        ...errorResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => c.json(await sendCartLink(c.var.deps, c.var.staff, c.req.valid("json")), 201),
    refuseInvalidInput,
  );
}
