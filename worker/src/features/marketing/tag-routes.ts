import { createRoute, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { requireAdmin } from "../../lib/admin-auth";
import { readCsv } from "../../lib/csv";
import { AppError, say } from "../../lib/errors";
import { createRouter } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { MemberId } from "./rfm-routes";
import {
  AddedTag,
  AddTag,
  BulkTagInput,
  BulkTagQuery,
  BulkTagResult,
  MemberTag,
  TagName,
  TagSummary,
} from "./tag-schema";
import { addMemberTag, bulkTag, codesFromCsv, listTags, memberTagList, removeMemberTag } from "./tags";

const security = [{ adminToken: [] }];
const tags = ["Tags"];
const TagParam = z.object({
  tag: z
    .string()
    .max(100)
    .openapi({ param: { name: "tag", in: "path" } }),
});
/** A bulk upload's body: 10,000 codes of 16 digits with line ends are well under this. */
const BULK_MAX_BYTES = 1_000_000;

/** 標籤 (admin): tags with their counts per source, one member's tags, bulk tagging by member code. */
export function tagRoutes() {
  const app = createRouter();
  app.use("/api/marketing/tags", requireAdmin);
  app.use("/api/marketing/tags/*", requireAdmin);
  app.use("/api/marketing/members/*", requireAdmin);
  app.use(
    "/api/marketing/tags/bulk",
    bodyLimit({
      maxSize: BULK_MAX_BYTES,
      onError: () => {
        throw new AppError("PAYLOAD_TOO_LARGE", say("檔案太大。", "The file is too large."), {
          max: BULK_MAX_BYTES,
        });
      },
    }),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/marketing/tags",
      tags,
      security,
      summary: "Every tag with its members, counted per source (admin, csv, agent:…, keyword:…, rule:…)",
      responses: { 200: json(z.object({ tags: z.array(TagSummary) }), "Tags"), ...errorResponses(401) },
    }),
    async (c) => c.json({ tags: await listTags(c.var.deps.db) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/marketing/members/{memberId}/tags",
      tags,
      security,
      summary: "A member's tags, with where each came from",
      request: { params: MemberId },
      responses: {
        200: json(z.object({ memberId: z.string(), tags: z.array(MemberTag) }), "The tags"),
        ...errorResponses(401, 404),
      },
    }),
    async (c) => {
      const { memberId } = c.req.valid("param");
      return c.json({ memberId, tags: await memberTagList(c.var.deps.db, memberId) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/marketing/members/{memberId}/tags",
      tags,
      security,
      summary: "Tag a member by hand (source admin); a tag the member has already is left as it is",
      request: {
        params: MemberId,
        body: { content: { "application/json": { schema: AddTag } }, required: true },
      },
      responses: { 200: json(AddedTag, "Tagged (or already was)"), ...errorResponses(400, 401, 404) },
    }),
    async (c) =>
      c.json(
        await addMemberTag(c.var.deps, c.req.valid("param").memberId, c.req.valid("json").tag, "admin"),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/marketing/members/{memberId}/tags/{tag}",
      tags,
      security,
      summary: "Take a tag off a member (a tag rule's tag: 409, change the rule instead)",
      request: { params: MemberId.extend(TagParam.shape) },
      responses: { 204: { description: "Removed" }, ...errorResponses(401, 404, 409) },
    }),
    async (c) => {
      const { memberId, tag } = c.req.valid("param");
      await removeMemberTag(c.var.deps.db, memberId, tag);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/marketing/tags/bulk",
      tags,
      security,
      summary:
        "Tag members by member code (source csv): a CSV file (first column, `?tag=`) or JSON; counts added, already tagged, unknown",
      request: {
        query: BulkTagQuery,
        body: {
          content: {
            "application/json": { schema: BulkTagInput },
            "text/csv": { schema: z.string().openapi({ description: "Member codes in the first column" }) },
          },
        },
      },
      responses: { 200: json(BulkTagResult, "Tagged"), ...errorResponses(400, 401, 413) },
    }),
    async (c) => {
      const deps = c.var.deps;
      if (/^text\/csv\b/i.test(c.req.header("content-type") ?? "")) {
        const tag = c.req.valid("query").tag;
        if (!tag)
          throw new AppError("VALIDATION_FAILED", say("請指定標籤（?tag=）。", "Name the tag (?tag=)."), {
            reason: "REQUIRED",
            field: "tag",
          });
        return c.json(await bulkTag(deps, tag, codesFromCsv(readCsv(await c.req.text()))), 200);
      }
      const body = c.req.valid("json") as Partial<z.infer<typeof BulkTagInput>>;
      const tag = TagName.safeParse(body.tag);
      if (!tag.success || !body.memberCodes)
        throw new AppError(
          "VALIDATION_FAILED",
          say("請送出標籤與會員編號。", "Send a tag and member codes."),
          { reason: "REQUIRED", field: tag.success ? "memberCodes" : "tag" },
        );
      return c.json(await bulkTag(deps, tag.data, body.memberCodes), 200);
    },
  );
  return app;
}
