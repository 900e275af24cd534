import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../../lib/admin-auth";
import { toCsv } from "../../lib/csv";
import { createRouter } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { ADMIN_ACTOR } from "../audit";
import { adjustPoints } from "../loyalty";
import {
  AdminMember,
  MemberSearchPage,
  MemberSearchQuery,
  PointsAdjusted,
  PointsAdjustInput,
} from "./admin-schema";
import { memberDetail, searchMembers } from "./admin-service";

const security = [{ adminToken: [] }];
const tags = ["Members (admin)"];
const Id = z.object({ id: z.string().max(64) });

/** 會員 for the brand admin: search, a member's page, manual points adjustments, export. */
export function memberAdminRoutes() {
  const app = createRouter();
  app.use("/api/admin/members", requireAdmin);
  app.use("/api/admin/members/*", requireAdmin);
  app.use("/api/admin/members.csv", requireAdmin);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/members",
      tags,
      security,
      summary: "Find members by member code, phone (any usual form), name or LINE name",
      request: { query: MemberSearchQuery },
      responses: {
        200: json(MemberSearchPage, "Newest first; `next` pages on"),
        ...errorResponses(400, 401),
      },
    }),
    async (c) => c.json(await searchMembers(c.var.deps, c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/members.csv",
      tags,
      security,
      summary: "The search's members as CSV (all pages; UTF-8 with BOM, for Excel)",
      request: { query: MemberSearchQuery.pick({ q: true }) },
      responses: {
        200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const { q } = c.req.valid("query");
      const rows: Array<Array<string | number | null>> = [];
      let before: string | undefined;
      do {
        const page = await searchMembers(c.var.deps, { q, limit: 500, before });
        for (const m of page.members)
          rows.push([
            m.memberCode,
            m.name,
            m.displayName,
            m.phone,
            m.status,
            m.tier,
            m.points,
            m.store,
            m.source,
            m.joinedAt,
          ]);
        before = page.next ?? undefined;
      } while (before);
      const header = [
        "memberCode",
        "name",
        "lineName",
        "phone",
        "status",
        "tier",
        "points",
        "store",
        "source",
        "joinedAt",
      ];
      return c.body(toCsv(header, rows), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="members.csv"',
      });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/members/{id}",
      tags,
      security,
      summary:
        "A member's page: profile, tier, points ledger, purchases, coupons, tags, bindings, live orders",
      request: { params: Id },
      responses: { 200: json(AdminMember, "The member"), ...errorResponses(401, 404) },
    }),
    async (c) => c.json(await memberDetail(c.var.deps, c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/members/{id}/points",
      tags,
      security,
      summary: "Adjust a member's points by hand, with a reason (audited; never below zero; repeat-safe)",
      request: {
        params: Id,
        body: { content: { "application/json": { schema: PointsAdjustInput } }, required: true },
      },
      responses: { 200: json(PointsAdjusted, "The adjustment"), ...errorResponses(400, 401, 404, 409, 422) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const r = await adjustPoints(c.var.deps, {
        memberId: c.req.valid("param").id,
        delta: body.delta,
        reason: body.reason,
        idempotencyKey: body.idempotencyKey,
        actor: ADMIN_ACTOR,
      });
      return c.json(
        { entryId: r.entry.id, created: r.created, points: r.entry.points, balance: r.balance },
        200,
      );
    },
  );
  return app;
}
