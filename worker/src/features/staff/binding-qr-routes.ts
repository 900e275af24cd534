import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { BindingQr, staffSecurity, tags } from "./schema";
import { bindingQr } from "./service";

/** The binding QR codes a clerk shows: the store's and their own. */
export function bindingQrRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/staff/binding-qr",
      tags,
      security: staffSecurity,
      summary: "My binding QR codes: my store's, and my personal one (credits me as referrer)",
      responses: {
        200: json(BindingQr, "Signed LIFF links to show as QR codes"),
        ...errorResponses(401, 403),
      },
    }),
    async (c) => c.json(await bindingQr(c.var.deps, c.var.staff), 200),
  );
}
