import { request } from "node:http";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { members, memberTags } from "../../../../db/schema";
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../../../test/harness";
import { seedMarketing } from "../../../test/marketing-kit";

type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };
type Bulk = {
  tag: string;
  source: string;
  received: number;
  duplicates: number;
  added: number;
  alreadyHad: number;
  unknown: number;
  unknownCodes: string[];
};

describe("tags API (admin): sources, one member, bulk by member code", () => {
  let t: TestApp;
  let live: Array<typeof members.$inferSelect>;
  let deleted: typeof members.$inferSelect;
  const post = (path: string, body: unknown) => t.admin(path, { method: "POST", body: JSON.stringify(body) });
  const tagsOf = async (memberId: string) =>
    (await t.app.deps.db.select().from(memberTags).where(eq(memberTags.memberId, memberId))).map(
      (r) => `${r.tag}@${r.source}`,
    );

  beforeAll(async () => {
    t = await startTestApp();
    await seedMarketing(t.app.deps.db, { n: 60, seed: 4, now: t.clock.now() });
    const all = await t.app.deps.db.select().from(members).orderBy(members.id);
    live = all.filter((m) => m.deletedAt === null);
    deleted = all.find((m) => m.deletedAt !== null) as typeof deleted;
    // A keyword rule's tag, beside the kit's admin tags.
    await t.app.deps.db.insert(memberTags).values({
      memberId: live[0]?.id as string,
      tag: "問運費",
      source: "keyword:kw_1",
      createdAt: t.clock.now(),
    });
  });
  afterAll(() => t.close());

  it("lists every tag with its members per source, deleted members not counted", async () => {
    const res = await t.admin("/api/marketing/tags");
    expect(res.status).toBe(200);
    const { tags } = (await res.json()) as {
      tags: Array<{ tag: string; members: number; sources: Array<{ source: string; members: number }> }>;
    };
    const rows = await t.app.deps.db
      .select({ tag: memberTags.tag, source: memberTags.source })
      .from(memberTags)
      .innerJoin(members, and(eq(members.id, memberTags.memberId), isNull(members.deletedAt)));
    const count = (tag: string, source?: string) =>
      rows.filter((r) => r.tag === tag && (source === undefined || r.source === source)).length;
    expect(tags.map((x) => x.tag)).toEqual([...new Set(rows.map((r) => r.tag))].sort());
    for (const x of tags) {
      expect(x.members, x.tag).toBe(count(x.tag));
      for (const s of x.sources) expect(s.members, `${x.tag} ${s.source}`).toBe(count(x.tag, s.source));
    }
    expect(tags.find((x) => x.tag === "問運費")?.sources).toEqual([{ source: "keyword:kw_1", members: 1 }]);
  });

  it("tags one member by hand (source admin), once; lists and removes it", async () => {
    const m = live[1]?.id as string;
    const first = await post(`/api/marketing/members/${m}/tags`, { tag: "  週年慶  " });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ memberId: m, tag: "週年慶", source: "admin", added: true });
    const again = await post(`/api/marketing/members/${m}/tags`, { tag: "週年慶" });
    expect(await again.json()).toMatchObject({ added: false, source: "admin" });
    const kw = await post(`/api/marketing/members/${live[0]?.id}/tags`, { tag: "問運費" });
    expect(await kw.json()).toMatchObject({ added: false, source: "keyword:kw_1" });

    const list = (await (await t.admin(`/api/marketing/members/${m}/tags`)).json()) as {
      tags: Array<{ tag: string; source: string }>;
    };
    expect(list.tags).toContainEqual(expect.objectContaining({ tag: "週年慶", source: "admin" }));

    const del = await t.admin(`/api/marketing/members/${m}/tags/${encodeURIComponent("週年慶")}`, {
      method: "DELETE",
    });
    expect(del.status).toBe(204);
    expect(await tagsOf(m)).not.toContain("週年慶@admin");
    const gone = await t.admin(`/api/marketing/members/${m}/tags/${encodeURIComponent("週年慶")}`, {
      method: "DELETE",
    });
    expect(gone.status).toBe(404);
  });

  it("refuses unknown and deleted members, empty tags, and removing a rule's tag by hand", async () => {
    expect((await post("/api/marketing/members/mem_nobody/tags", { tag: "x" })).status).toBe(404);
    expect((await post(`/api/marketing/members/${deleted.id}/tags`, { tag: "x" })).status).toBe(404);
    expect((await t.admin(`/api/marketing/members/${deleted.id}/tags`)).status).toBe(404);
    const empty = await post(`/api/marketing/members/${live[1]?.id}/tags`, { tag: "   " });
    expect(empty.status).toBe(400);
    const m = live[2]?.id as string;
    await t.app.deps.db
      .insert(memberTags)
      .values({ memberId: m, tag: "規則標籤", source: "rule:trl_x", createdAt: t.clock.now() });
    const res = await t.admin(`/api/marketing/members/${m}/tags/${encodeURIComponent("規則標籤")}`, {
      method: "DELETE",
      headers: { "accept-language": "en" },
    });
    expect(res.status).toBe(409);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.message).toBe('The tag "規則標籤" is kept by a tag rule; change the rule instead.');
    expect(body.error.details).toMatchObject({ source: "rule:trl_x" });
    expect(await tagsOf(m)).toContain("規則標籤@rule:trl_x");
  });

  it("bulk tags from a CSV of member codes: added, already had, unknown, duplicates counted", async () => {
    const [a, b, c, d] = live;
    if (!a || !b || !c || !d) throw new Error("too few members");
    await post(`/api/marketing/members/${a.id}/tags`, { tag: "CSV名單" }); // had it before
    const csv = [
      "memberCode,name",
      `${a.memberCode},甲`,
      `"${b.memberCode}",乙`,
      `${c.memberCode}`,
      `${b.memberCode},乙again`,
      "",
      "NOPE-0001",
      `${deleted.memberCode},deleted`,
      "NOPE-0001",
      `${d.memberCode}`,
    ].join("\r\n");
    const res = await t.admin(`/api/marketing/tags/bulk?tag=${encodeURIComponent("CSV名單")}`, {
      method: "POST",
      body: `\uFEFF${csv}\r\n`,
      headers: { "content-type": "text/csv; charset=utf-8" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      tag: "CSV名單",
      source: "csv",
      received: 8,
      duplicates: 2,
      added: 3,
      alreadyHad: 1,
      unknown: 2,
      unknownCodes: ["NOPE-0001", deleted.memberCode],
    } satisfies Bulk);
    expect(await tagsOf(a.id)).toContain("CSV名單@admin");
    for (const m of [b, c, d]) expect(await tagsOf(m.id)).toContain("CSV名單@csv");
    expect(await tagsOf(deleted.id)).not.toContain("CSV名單@csv");

    // The same upload again adds nothing.
    const again = (await (
      await post("/api/marketing/tags/bulk", {
        tag: "CSV名單",
        memberCodes: [a.memberCode, b.memberCode, c.memberCode, d.memberCode],
      })
    ).json()) as Bulk;
    expect(again).toMatchObject({ added: 0, alreadyHad: 4, unknown: 0, duplicates: 0 });
  });

  it("bulk tags 10,000 codes in one go, and refuses more", async () => {
    const codes = Array.from({ length: 10_000 }, (_, i) => `X${String(i).padStart(8, "0")}`);
    codes[0] = live[5]?.memberCode as string;
    const res = await post("/api/marketing/tags/bulk", { tag: "萬人", memberCodes: codes });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: 10_000, added: 1, unknown: 9_999 });

    const csv = [...codes, "X99999999"].join("\n");
    const over = await t.admin("/api/marketing/tags/bulk?tag=tooMany", {
      method: "POST",
      body: csv,
      headers: { "content-type": "text/csv" },
    });
    expect(over.status).toBe(400);
    expect(((await over.json()) as ErrorBody).error.details).toMatchObject({
      reason: "TOO_LARGE",
      max: 10_000,
    });
    const json = await post("/api/marketing/tags/bulk", { tag: "tooMany", memberCodes: [...codes, "Y"] });
    expect(json.status).toBe(400);
    const noTag = await t.admin("/api/marketing/tags/bulk", {
      method: "POST",
      body: "123",
      headers: { "content-type": "text/csv" },
    });
    expect(((await noTag.json()) as ErrorBody).error.details).toMatchObject({
      reason: "REQUIRED",
      field: "tag",
    });
    // Over 1 MB: refused before it is read, on a connection of its own (the server drops it).
    const huge = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${t.app.url}/api/marketing/tags/bulk?tag=big`,
        {
          method: "POST",
          agent: false,
          headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "text/csv" },
        },
        (res) => {
          let body = "";
          res.on("data", (chunk) => {
            body += chunk;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.end("1".repeat(1_100_000));
    });
    expect(huge.status).toBe(413);
    expect((JSON.parse(huge.body) as ErrorBody).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("is admin only", async () => {
    for (const [method, path] of [
      ["GET", "/api/marketing/tags"],
      ["POST", "/api/marketing/tags/bulk"],
      ["GET", `/api/marketing/members/${live[0]?.id}/tags`],
      ["POST", `/api/marketing/members/${live[0]?.id}/tags`],
      ["DELETE", `/api/marketing/members/${live[0]?.id}/tags/x`],
    ] as const) {
      const res = await fetch(`${t.app.url}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });
});
