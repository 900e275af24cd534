import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { AddedTag, AddTag, addMemberTag, removeMemberTag } from "../marketing";
import { memberWithStore } from "../members";
import { Id, security, tags } from "./schema";
import { requireConversation } from "./service";

/** The member a conversation is with (not deleted), for the panel beside it. */
async function conversationMember(deps: AppDeps, conversationId: string): Promise<string> {
  const conv = await requireConversation(deps.db, conversationId);
  const row = await memberWithStore(deps.db, conv.lineUserId);
  if (!row || row.member.deletedAt)
    throw new AppError("NOT_FOUND", say("此對話沒有會員資料。", "This conversation has no member."));
  return row.member.id;
}

/** Who tagged: an agent's own id (`agent:<staffId>`), or `admin` for the admin token. */
const sourceOf = (agent: string) => (agent === "admin" ? "admin" : (`agent:${agent}` as const));

/** The member panel's tags: an agent tags or untags the member of the conversation. */
export function registerMemberTagRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/inbox/conversations/{id}/member/tags",
      tags,
      security,
      summary:
        "Tag the conversation's member (source agent:<staffId>); a tag they have already stays as it is",
      request: {
        params: Id,
        body: { content: { "application/json": { schema: AddTag } }, required: true },
      },
      responses: { 200: json(AddedTag, "Tagged (or already was)"), ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const { deps } = c.var;
      const memberId = await conversationMember(deps, c.req.valid("param").id);
      return c.json(await addMemberTag(deps, memberId, c.req.valid("json").tag, sourceOf(c.var.agent)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/inbox/conversations/{id}/member/tags/{tag}",
      tags,
      security,
      summary: "Take a tag off the conversation's member (a tag rule's tag: 409)",
      request: {
        params: Id.extend({
          tag: z
            .string()
            .max(100)
            .openapi({ param: { name: "tag", in: "path" } }),
        }),
      },
      responses: { 204: { description: "Removed" }, ...errorResponses(401, 404, 409) },
    }),
    async (c) => {
      const { deps } = c.var;
      const { id, tag } = c.req.valid("param");
      await removeMemberTag(deps.db, await conversationMember(deps, id), tag);
      return c.body(null, 204);
    },
  );
}
