import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { AppError, say } from "../../lib/errors";
import type { AppEnv } from "../../lib/hono";
import { refuseInvalidInput } from "../../lib/input-refusal";
import { jsonBody as body, errorResponses, jsonResponse as json } from "../../lib/openapi";
import { AttributionSettings, attributionSettings, putAttributionSettings } from "./attribution";
import { CatalogueProduct, Shop, ShopInput, shopJson } from "./schema";
import { catalogue, catalogueFromCsv, createShop, listShops, putCatalogue, requireShop } from "./shops";

const tags = ["E-shop"];
const security = [{ adminToken: [] }];
const Id = z.object({ id: z.string().min(1).max(60) });
const Products = z.object({ products: z.array(CatalogueProduct).max(5000) });

/** The admin's side: shops and their keys, catalogues, the attribution precedence. */
export function adminRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/shops",
      tags,
      security,
      summary: "Connect an e-shop: its API key is answered this once",
      request: body(ShopInput),
      responses: {
        201: json(Shop.extend({ key: z.string() }), "The shop and its key"),
        ...errorResponses(400, 401, 409),
      },
    }),
    async (c) => {
      const { shop, key } = await createShop(c.var.deps, c.req.valid("json"));
      return c.json({ ...shopJson(shop), key }, 201);
    },
    refuseInvalidInput,
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/shops",
      tags,
      security,
      summary: "The connected e-shops",
      responses: { 200: json(z.object({ shops: z.array(Shop) }), "Shops"), ...errorResponses(401) },
    }),
    async (c) => c.json({ shops: (await listShops(c.var.deps)).map(shopJson) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/shops/{id}/products",
      tags,
      security,
      summary: "The shop's catalogue (what staff can put in a cart link)",
      request: { params: Id },
      responses: { 200: json(Products, "Products"), ...errorResponses(401, 404) },
    }),
    async (c) => {
      const shop = await requireShop(c.var.deps, c.req.valid("param").id);
      const rows = await catalogue(c.var.deps, shop.id);
      return c.json(
        {
          products: rows.map(({ sku, name, price, url, imageUrl }) => ({ sku, name, price, url, imageUrl })),
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: "put",
      path: "/api/admin/shops/{id}/products",
      tags,
      security,
      summary: "Replace the shop's catalogue: JSON { products } or a CSV (sku,name,price[,url,imageUrl])",
      request: {
        params: Id,
        body: {
          content: {
            "application/json": { schema: Products },
            "text/csv": { schema: z.string() },
          },
          // Read and checked below (JSON or CSV): the router's own check knows only JSON.
          required: false,
        },
      },
      responses: {
        200: json(z.object({ products: z.number().int() }), "Products kept"),
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { deps } = c.var;
      const shop = await requireShop(deps, c.req.valid("param").id);
      const type = c.req.header("content-type") ?? "";
      let items: z.infer<typeof CatalogueProduct>[];
      if (type.startsWith("text/csv")) items = catalogueFromCsv(await c.req.text());
      else {
        const parsed = Products.safeParse(await c.req.json().catch(() => null));
        if (!parsed.success)
          throw new AppError(
            "VALIDATION_FAILED",
            say("商品清單格式不正確。", "The products are not valid."),
            {
              issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
            },
          );
        items = parsed.data.products;
      }
      return c.json(await putCatalogue(deps, shop.id, items), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/eshop/attribution",
      tags,
      security,
      summary: "Who online orders count for: the precedence of link, referrer and store",
      responses: { 200: json(AttributionSettings, "The setting"), ...errorResponses(401) },
    }),
    async (c) => c.json(await attributionSettings(c.var.deps), 200),
  );
  app.openapi(
    createRoute({
      method: "put",
      path: "/api/admin/eshop/attribution",
      tags,
      security,
      summary: "Set the attribution precedence",
      request: body(AttributionSettings),
      responses: { 200: json(AttributionSettings, "The setting"), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await putAttributionSettings(c.var.deps, c.req.valid("json")), 200),
    refuseInvalidInput,
  );
}
