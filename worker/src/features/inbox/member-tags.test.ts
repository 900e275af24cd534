import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { members, memberTags, staff } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend, say } from "../../../test/line-helpers";

describe("the inbox member panel: an agent tags the conversation's member", () => {
  let t: TestApp;
  let agentId: string;
  let token: string;
  let convId: string;
  let userId: string;
  const send = (path: string, method: string, body?: unknown, bearer = token) =>
    fetch(`${t.app.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const memberTagRows = async () => {
    const [m] = await t.app.deps.db.select().from(members).where(eq(members.lineUserId, userId));
    return t.app.deps.db
      .select({ tag: memberTags.tag, source: memberTags.source })
      .from(memberTags)
      .where(eq(memberTags.memberId, m?.id ?? ""));
  };

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    const [agent] = await t.app.deps.db.select().from(staff).where(eq(staff.role, "agent"));
    agentId = agent?.id as string;
    const res = await t.admin(`/api/admin/agents/${agentId}/tokens`, { method: "POST", body: "{}" });
    token = ((await res.json()) as { token: string }).token;
    userId = await createFriend(t, "小綠");
    await say(t, userId, "請問有兒童尺寸嗎");
    const list = (await (await send("/api/inbox/conversations", "GET")).json()) as {
      conversations: Array<{ id: string; lineUserId: string }>;
    };
    convId = list.conversations.find((c) => c.lineUserId === userId)?.id as string;
  });
  afterAll(() => t.close());

  it("adds a tag as the agent (source agent:<staffId>), once, and the panel shows it", async () => {
    const res = await send(`/api/inbox/conversations/${convId}/member/tags`, "POST", { tag: "親子" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ tag: "親子", source: `agent:${agentId}`, added: true });
    const again = await send(`/api/inbox/conversations/${convId}/member/tags`, "POST", { tag: "親子" });
    expect(await again.json()).toMatchObject({ added: false, source: `agent:${agentId}` });
    expect(await memberTagRows()).toEqual([{ tag: "親子", source: `agent:${agentId}` }]);
    const detail = (await (await send(`/api/inbox/conversations/${convId}`, "GET")).json()) as {
      member: { tags: string[] };
    };
    expect(detail.member.tags).toEqual(["親子"]);

    // The admin token in the console tags as admin.
    const admin = await t.admin(`/api/inbox/conversations/${convId}/member/tags`, {
      method: "POST",
      body: JSON.stringify({ tag: "VIP" }),
    });
    expect(await admin.json()).toMatchObject({ source: "admin", added: true });
  });

  it("removes a tag; a rule's tag is refused; unknown conversations are 404", async () => {
    const del = await send(
      `/api/inbox/conversations/${convId}/member/tags/${encodeURIComponent("親子")}`,
      "DELETE",
    );
    expect(del.status).toBe(204);
    expect((await memberTagRows()).map((r) => r.tag)).toEqual(["VIP"]);
    const [m] = await t.app.deps.db.select().from(members).where(eq(members.lineUserId, userId));
    await t.app.deps.db
      .insert(memberTags)
      .values({ memberId: m?.id as string, tag: "常客", source: "rule:trl_1", createdAt: t.clock.now() });
    const rule = await send(
      `/api/inbox/conversations/${convId}/member/tags/${encodeURIComponent("常客")}`,
      "DELETE",
    );
    expect(rule.status).toBe(409);
    expect((await send("/api/inbox/conversations/cnv_nope/member/tags", "POST", { tag: "x" })).status).toBe(
      404,
    );
    expect((await send(`/api/inbox/conversations/${convId}/member/tags/nope`, "DELETE")).status).toBe(404);
  });

  it("refuses callers without a console token, and the marketing API refuses agents", async () => {
    const none = await fetch(`${t.app.url}/api/inbox/conversations/${convId}/member/tags`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tag: "x" }),
    });
    expect(none.status).toBe(401);
    const [m] = await t.app.deps.db.select().from(members).where(eq(members.lineUserId, userId));
    expect((await send(`/api/marketing/members/${m?.id}/tags`, "POST", { tag: "x" })).status).toBe(401);
  });
});
