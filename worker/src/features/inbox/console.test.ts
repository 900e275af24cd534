import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { staff } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend, say } from "../../../test/line-helpers";

let t: TestApp;
afterEach(() => t.close());

interface Summary {
  id: string;
  lineUserId: string;
  status: string;
  assignedTo: string | null;
  waitingSince: string | null;
  lastMessageAt: string;
}

const send = (path: string, method: string, body?: unknown, token?: string) =>
  t.admin(path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });

async function list(query = "", token?: string): Promise<Summary[]> {
  const res = await send(`/api/inbox/conversations${query}`, "GET", undefined, token);
  expect(res.status).toBe(200);
  return ((await res.json()) as { conversations: Summary[] }).conversations;
}

const users = (rows: Summary[]) => rows.map((r) => r.lineUserId).sort();

/** Two shoppers: one waits for an agent (with suggestions), a keyword rule answered the other. */
async function twoConversations() {
  t = await startTestApp({ demo: true });
  const waiting = await createFriend(t, "小安");
  const answered = await createFriend(t, "阿傑");
  await say(t, waiting, "我可以到店自取嗎");
  t.clock.advance(60_000);
  await say(t, answered, "營業時間？");
  await t.app.sweep();
  const all = await list();
  const conv = all.find((c) => c.lineUserId === waiting) as Summary;
  return { waiting, answered, conv, all };
}

describe("inbox console: search, assignment, closing", () => {
  it("filters by status, by words in the conversation and by time, most recent first", async () => {
    const { waiting, answered, all } = await twoConversations();
    expect(all.map((c) => c.lineUserId).slice(0, 2)).toEqual([answered, waiting]);
    expect(users(await list("?status=waiting"))).toEqual([waiting]);
    expect(users(await list("?status=open"))).toContain(answered);
    expect(users(await list(`?q=${encodeURIComponent("自取")}`))).toEqual([waiting]);
    expect(await list(`?q=${encodeURIComponent("沒人說過的話")}`)).toEqual([]);
    const newest = all[0] as Summary;
    expect(users(await list(`?before=${newest.lastMessageAt}`))).not.toContain(answered);
    expect(await list("?limit=1")).toHaveLength(1);
    expect((await send("/api/inbox/conversations?limit=0", "GET")).status).toBe(400);
  });

  it("assigns to an active agent, to the caller (`me`) or to nobody; store staff cannot be assigned", async () => {
    const { waiting, answered, conv } = await twoConversations();
    const [agent] = await t.app.deps.db.select().from(staff).where(eq(staff.role, "agent"));
    const [clerk] = await t.app.deps.db.select().from(staff).where(eq(staff.role, "staff"));
    if (!agent || !clerk) throw new Error("the demo data has an agent and a clerk");
    const assign = (staffId: string | null, token?: string) =>
      send(`/api/inbox/conversations/${conv.id}/assign`, "POST", { staffId }, token);

    const res = await assign(agent.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ assignedTo: agent.id });
    expect(users(await list(`?assignedTo=${agent.id}`))).toEqual([waiting]);
    expect(users(await list("?assignedTo=none"))).not.toContain(waiting);
    expect(users(await list("?assignedTo=none"))).toContain(answered);

    expect((await assign(clerk.id)).status).toBe(400);
    expect((await assign("stf_nobody")).status).toBe(400);
    expect((await list()).find((c) => c.id === conv.id)?.assignedTo).toBe(agent.id);
    expect((await send("/api/inbox/conversations/cnv_nope/assign", "POST", { staffId: null })).status).toBe(
      404,
    );

    // `me` with the admin token is nobody; with an agent's token, that agent.
    expect(await (await assign("me")).json()).toEqual({ assignedTo: null });
    const { token } = (await (await send(`/api/admin/agents/${agent.id}/tokens`, "POST", {})).json()) as {
      token: string;
    };
    expect(await (await assign("me", token)).json()).toEqual({ assignedTo: agent.id });
    expect(users(await list("?assignedTo=me", token))).toEqual([waiting]);
    expect(await list("?assignedTo=me")).toEqual([]); // the admin token is nobody's
    expect(await (await assign(null)).json()).toEqual({ assignedTo: null });
    expect(users(await list("?assignedTo=none"))).toContain(waiting);
  });

  it("closing ends the wait and supersedes the pending suggestions; reopening brings none back", async () => {
    const { conv } = await twoConversations();
    const detail = async () =>
      (await (await send(`/api/inbox/conversations/${conv.id}`, "GET")).json()) as {
        conversation: Summary;
        suggestions: unknown[];
      };
    expect(conv.status).toBe("waiting");
    expect((await detail()).suggestions.length).toBeGreaterThan(0);

    const closed = await send(`/api/inbox/conversations/${conv.id}/status`, "POST", { status: "closed" });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toEqual({ status: "closed" });
    let d = await detail();
    expect(d.conversation).toMatchObject({ status: "closed", waitingSince: null });
    expect(d.suggestions).toEqual([]);
    expect((await list("?status=closed")).map((c) => c.id)).toEqual([conv.id]);

    expect(
      (await send(`/api/inbox/conversations/${conv.id}/status`, "POST", { status: "open" })).status,
    ).toBe(200);
    d = await detail();
    expect(d.conversation.status).toBe("open");
    expect(d.suggestions).toEqual([]);
    expect(
      (await send(`/api/inbox/conversations/${conv.id}/status`, "POST", { status: "waiting" })).status,
    ).toBe(400);
    expect((await send("/api/inbox/conversations/cnv_nope/status", "POST", { status: "open" })).status).toBe(
      404,
    );
  });
});

describe("knowledge base", () => {
  it("adds, changes only the fields given, and removes entries; unknown ids are 404", async () => {
    t = await startTestApp();
    const added = await send("/api/knowledge", "POST", {
      question: "有停車場嗎？",
      answer: "門市旁有特約停車場。",
    });
    expect(added.status).toBe(201);
    const entry = (await added.json()) as { id: string; variants: string[]; tags: string[] };
    expect(entry).toMatchObject({ question: "有停車場嗎？", variants: [], tags: [] });

    t.clock.advance(1_000);
    const changed = await send(`/api/knowledge/${entry.id}`, "PATCH", { tags: ["交通"] });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      id: entry.id,
      question: "有停車場嗎？",
      answer: "門市旁有特約停車場。",
      tags: ["交通"],
      updatedAt: t.clock.now().toISOString(),
    });
    const listed = (await (await send("/api/knowledge", "GET")).json()) as { entries: Array<{ id: string }> };
    expect(listed.entries.map((e) => e.id)).toContain(entry.id);

    expect((await send("/api/knowledge/kb_nope", "PATCH", { answer: "x" })).status).toBe(404);
    expect((await send(`/api/knowledge/${entry.id}`, "DELETE")).status).toBe(204);
    expect((await send(`/api/knowledge/${entry.id}`, "DELETE")).status).toBe(404);
    const after = (await (await send("/api/knowledge", "GET")).json()) as { entries: Array<{ id: string }> };
    expect(after.entries.map((e) => e.id)).not.toContain(entry.id);
  });
});
