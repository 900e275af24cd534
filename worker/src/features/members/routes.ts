import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../lib/hono";
import { requireLineUser } from "../../lib/liff-auth";
import { errorResponses } from "../../lib/openapi";
import { memberWithStore } from "./repo";
import { recordLiffVisit } from "./service";

const Me = z
  .object({
    userId: z.string(),
    displayName: z.string().nullable(),
    member: z.object({
      id: z.string(),
      memberCode: z.string(),
      status: z.enum(["guest", "member"]),
      friendship: z.enum(["unknown", "friend", "blocked"]),
      source: z.string(),
      homeStore: z.object({ id: z.string(), name: z.string() }).nullable(),
      referrerStaff: z.object({ id: z.string(), name: z.string() }).nullable(),
      registeredAt: z.string().nullable(),
    }),
  })
  .openapi("Me");

/** Member API. The caller is whoever the verified LIFF ID token says, never a client-sent id. */
export function memberRoutes() {
  const app = createRouter();
  app.use("/api/me", requireLineUser);
  app.use("/api/me/*", requireLineUser);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me",
      tags: ["Member"],
      summary: "Who am I: the caller's member record (created as a guest on first visit)",
      security: [{ liffIdToken: [] }],
      responses: {
        200: { description: "The caller", content: { "application/json": { schema: Me } } },
        ...errorResponses(401),
      },
    }),
    async (c) => {
      const deps = c.var.deps;
      const user = c.var.lineUser;
      await recordLiffVisit(deps, user);
      const row = await memberWithStore(deps.db, user.userId);
      if (!row) throw new Error("member vanished");
      const m = row.member;
      return c.json(
        {
          userId: user.userId,
          displayName: m.displayName,
          member: {
            id: m.id,
            memberCode: m.memberCode,
            status: m.status,
            friendship: m.friendship,
            source: m.source,
            homeStore: m.homeStoreId && row.storeName ? { id: m.homeStoreId, name: row.storeName } : null,
            referrerStaff:
              m.referrerStaffId && row.staffName ? { id: m.referrerStaffId, name: row.staffName } : null,
            registeredAt: m.registeredAt?.toISOString() ?? null,
          },
        },
        200,
      );
    },
  );
  return app;
}
