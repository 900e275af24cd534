import { createRoute, z } from "@hono/zod-openapi";
import { renderSVG } from "uqr";
import { requireAdmin } from "../../lib/admin-auth";
import { createRouter } from "../../lib/hono";
import { requireLineUser } from "../../lib/liff-auth";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { ADMIN_ACTOR } from "../audit";
import { issueBindingLinkAudited, issueBindingLink as issueLink, revokeBindingLinkAudited } from "./links";
import { bindMember, resolveBindingToken } from "./service";

const LinkInput = z
  .object({
    storeId: z.string(),
    staffId: z.string().optional(),
    source: z.enum(["store_qr", "staff_link"]).default("store_qr"),
    ttlDays: z.number().int().min(1).max(3650).optional(),
  })
  .openapi("BindingLinkInput");
const Link = z
  .object({
    tokenId: z.string(),
    token: z.string(),
    url: z.string(),
    qrSvgUrl: z.string(),
    expiresAt: z.string(),
  })
  .openapi("BindingLink");
const Target = z
  .object({
    store: z.object({ id: z.string(), name: z.string(), address: z.string() }),
    staff: z.object({ id: z.string(), name: z.string() }).nullable(),
    source: z.enum(["store_qr", "staff_link"]),
    expiresAt: z.string(),
  })
  .openapi("BindingTarget");

/** Store/staff binding QR codes and links (admin), and binding itself (members, LIFF ID token). */
export function bindingRoutes() {
  const app = createRouter();
  app.use("/api/admin/binding-links", requireAdmin);
  app.use("/api/admin/binding-links/*", requireAdmin);
  app.use("/api/bind", requireLineUser);
  app.use("/api/bind/*", requireLineUser);

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/binding-links",
      tags: ["Binding"],
      security: [{ adminToken: [] }],
      summary: "Issue a signed binding link (store QR or staff share link); audited",
      request: { body: { content: { "application/json": { schema: LinkInput } }, required: true } },
      responses: { 201: json(Link, "The link, its token and a QR code"), ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const link = await issueBindingLinkAudited(c.var.deps, c.req.valid("json"), ADMIN_ACTOR);
      return c.json(
        {
          ...link,
          qrSvgUrl: `/api/admin/binding-links/qr.svg?storeId=${encodeURIComponent(c.req.valid("json").storeId)}`,
        },
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/binding-links/qr.svg",
      tags: ["Binding"],
      security: [{ adminToken: [] }],
      summary: "A store's (or staff member's) binding QR code as SVG, for screens and posters",
      request: { query: z.object({ storeId: z.string(), staffId: z.string().optional() }) },
      responses: {
        200: { description: "SVG", content: { "image/svg+xml": { schema: z.string() } } },
        ...errorResponses(401, 404),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const link = await issueLink(c.var.deps, { ...q, source: q.staffId ? "staff_link" : "store_qr" });
      return c.body(renderSVG(link.url, { ecc: "M", border: 2 }), 200, {
        "content-type": "image/svg+xml",
        "cache-control": "no-store",
      });
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/binding-links/{tokenId}/revoke",
      tags: ["Binding"],
      security: [{ adminToken: [] }],
      summary: "Withdraw a binding link (e.g. a lost poster); audited once",
      request: { params: z.object({ tokenId: z.string() }) },
      responses: {
        200: json(z.object({ tokenId: z.string(), revoked: z.literal(true) }), "Revoked"),
        ...errorResponses(401),
      },
    }),
    async (c) => {
      const { tokenId } = c.req.valid("param");
      await revokeBindingLinkAudited(c.var.deps, tokenId, ADMIN_ACTOR);
      return c.json({ tokenId, revoked: true as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/bind/preview",
      tags: ["Binding"],
      security: [{ liffIdToken: [] }],
      summary: "What a binding QR points at (shown before the shopper consents)",
      request: { query: z.object({ token: z.string().min(1) }) },
      responses: { 200: json(Target, "Store and staff"), ...errorResponses(400, 401) },
    }),
    async (c) => {
      const t = await resolveBindingToken(c.var.deps, c.req.valid("query").token);
      return c.json(
        {
          store: t.store,
          staff: t.staff,
          source: t.claims.source,
          expiresAt: t.claims.expiresAt.toISOString(),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/bind",
      tags: ["Binding"],
      security: [{ liffIdToken: [] }],
      summary: "Bind the caller to the QR's store (and staff)",
      request: {
        body: {
          content: {
            "application/json": { schema: z.object({ token: z.string().min(1), consent: z.literal(true) }) },
          },
          required: true,
        },
      },
      responses: {
        200: json(
          z.object({ result: z.enum(["bound", "kept"]), memberId: z.string(), binding: Target }),
          "bound: this scan set the home store; kept: an earlier binding still holds it (the scan is logged)",
        ),
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const r = await bindMember(c.var.deps, c.var.lineUser, c.req.valid("json").token);
      return c.json(
        {
          result: r.result,
          memberId: r.memberId,
          binding: {
            store: r.target.store,
            staff: r.target.staff,
            source: r.target.claims.source,
            expiresAt: r.target.claims.expiresAt.toISOString(),
          },
        },
        200,
      );
    },
  );
  return app;
}
