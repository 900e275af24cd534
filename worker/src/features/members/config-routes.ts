import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { liffClientConfig } from "./liff-page";

/** What the LIFF pages need before anyone signs in. */
export function configRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/liff/config",
      tags: ["Member"],
      summary: "What the LIFF pages need to start (also inlined into the LIFF page itself)",
      responses: {
        200: {
          description: "LIFF app id, sandbox mode, brand",
          content: {
            "application/json": {
              schema: z
                .object({ liffId: z.string(), sandbox: z.boolean(), brand: z.string(), timeZone: z.string() })
                .openapi("LiffConfig"),
            },
          },
        },
      },
    }),
    (c) => c.json(liffClientConfig(c.var.deps.config), 200),
  );
}
