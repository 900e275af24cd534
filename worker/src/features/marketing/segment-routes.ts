import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../../lib/admin-auth";
import { toCsv } from "../../lib/csv";
import { createRouter } from "../../lib/hono";
import { jsonBody as body, errorResponses, jsonResponse as json } from "../../lib/openapi";
import { FIELDS, parseRule } from "./rule";
import {
  CreateSegment,
  FieldCatalogue,
  IssuedToSegment,
  IssueToSegment,
  PageQuery,
  Preview,
  PreviewResult,
  Segment,
  SegmentPage,
  UpdateSegment,
} from "./schema";
import { issueToSegment } from "./segment-coupons";
import {
  createSegment,
  deleteSegment,
  listSegments,
  pageRule,
  previewRule,
  requireSegment,
  segmentJson,
  segmentMembers,
  updateSegment,
} from "./segments";

const security = [{ adminToken: [] }];
const tags = ["Segments"];
const Id = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});
/** CSV export pages through the segment this many members at a time. */
const CSV_PAGE = 1000;

/** 分眾: the rule builder's catalogue, a live count, saved segments and their members. */
export function segmentRoutes() {
  const app = createRouter();
  app.use("/api/segments", requireAdmin);
  app.use("/api/segments/*", requireAdmin);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/segments/fields",
      tags,
      security,
      summary: "Every field a rule may name, with its ops and values (for the builder)",
      responses: { 200: json(FieldCatalogue, "The fields"), ...errorResponses(401) },
    }),
    (c) =>
      c.json(
        {
          fields: Object.entries(FIELDS).map(([field, spec]) => ({
            field,
            ops: [...spec.ops],
            kind: spec.kind.type,
            ...("values" in spec.kind ? { values: [...spec.kind.values] } : {}),
            options: "options" in spec ? [...spec.options] : [],
            zh: spec.zh,
          })),
        },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/segments/preview",
      tags,
      security,
      summary: "Count a rule's members now, with a sample (the builder's live count)",
      request: body(Preview),
      responses: { 200: json(PreviewResult, "Count and sample"), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await previewRule(c.var.deps, parseRule(c.req.valid("json").rule)), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/segments",
      tags,
      security,
      summary: "Save a segment",
      request: body(CreateSegment),
      responses: { 201: json(Segment, "The segment, counted"), ...errorResponses(400, 401, 409) },
    }),
    async (c) => c.json(await createSegment(c.var.deps, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/segments",
      tags,
      security,
      summary: "Saved segments by name, with their last count",
      responses: { 200: json(z.object({ segments: z.array(Segment) }), "Segments"), ...errorResponses(401) },
    }),
    async (c) => c.json({ segments: await listSegments(c.var.deps.db) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/segments/{id}",
      tags,
      security,
      summary: "One segment",
      request: { params: Id },
      responses: { 200: json(Segment, "The segment"), ...errorResponses(401, 404) },
    }),
    async (c) => c.json(segmentJson(await requireSegment(c.var.deps.db, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/segments/{id}",
      tags,
      security,
      summary: "Rename a segment or change its rule",
      request: { params: Id, ...body(UpdateSegment) },
      responses: { 200: json(Segment, "The segment, recounted"), ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) => c.json(await updateSegment(c.var.deps, c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/segments/{id}",
      tags,
      security,
      summary: "Delete a segment (broadcasts keep the rule they were made with)",
      request: { params: Id },
      responses: { 204: { description: "Deleted" }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      await deleteSegment(c.var.deps.db, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/segments/{id}/members",
      tags,
      security,
      summary: "The segment's members now, by member id, a page at a time",
      request: { params: Id, query: PageQuery },
      responses: { 200: json(SegmentPage, "A page"), ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const { cursor, limit } = c.req.valid("query");
      const page = await segmentMembers(c.var.deps, c.req.valid("param").id, {
        limit,
        ...(cursor ? { after: cursor } : {}),
      });
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/segments/{id}/coupons",
      tags,
      security,
      summary:
        "Issue a coupon template to the segment's members now (one INSERT … SELECT; repeat-safe with the same batchKey)",
      request: { params: Id, ...body(IssueToSegment) },
      responses: { 200: json(IssuedToSegment, "What was issued"), ...errorResponses(400, 401, 404, 422) },
    }),
    async (c) => c.json(await issueToSegment(c.var.deps, c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/segments/{id}/members.csv",
      tags,
      security,
      summary: "The segment's members as CSV (UTF-8 with BOM, for Excel)",
      request: { params: Id },
      responses: {
        200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
        ...errorResponses(401, 404),
      },
    }),
    async (c) => {
      const { deps } = c.var;
      const seg = await requireSegment(deps.db, c.req.valid("param").id);
      const rule = seg.rule;
      const now = deps.clock.now();
      const rows: Array<Array<string | number | null>> = [];
      let after: string | undefined;
      do {
        const page = await pageRule(deps.db, rule, now, { limit: CSV_PAGE, ...(after ? { after } : {}) });
        for (const r of page.members)
          rows.push([
            r.memberCode,
            r.displayName,
            r.name,
            r.tier,
            r.homeStoreId,
            r.referrerStaffId,
            r.points,
            r.rfmGroup,
            r.following ? "yes" : "no",
            r.marketingConsent ? "yes" : "no",
          ]);
        after = page.nextCursor ?? undefined;
      } while (after);
      const csv = toCsv(
        [
          "memberCode",
          "displayName",
          "name",
          "tier",
          "homeStoreId",
          "referrerStaffId",
          "points",
          "rfmGroup",
          "following",
          "marketingConsent",
        ],
        rows,
      );
      const file = `segment-${seg.id}.csv`;
      return c.body(csv, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${file}"`,
      });
    },
  );
  return app;
}
