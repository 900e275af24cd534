import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { members, memberTags } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { chatLog, createFriend, say } from "../../../test/line-helpers";

let t: TestApp;
afterEach(() => t.close());

const create = (body: unknown) => t.admin("/api/keywords", { method: "POST", body: JSON.stringify(body) });
const lastText = async (userId: string) => {
  const out = (await chatLog(t, userId)).filter((e) => e.direction === "out").at(-1);
  return String((out?.message as { text?: string } | undefined)?.text ?? "");
};

describe("keyword rules in chat", () => {
  it("respects schedules (weekly windows and dates, in the brand's zone) with an injected clock", async () => {
    t = await startTestApp();
    const user = await createFriend(t, "小美");
    // 2026-11-24 02:00Z = Tuesday 10:00 in Taipei.
    expect(
      (
        await create({
          match: "exact",
          pattern: "客服",
          priority: 5,
          replies: [{ type: "text", text: "客服上班中" }],
          schedule: { windows: [{ days: [1, 2, 3, 4, 5], from: "09:00", to: "18:00" }] },
        })
      ).status,
    ).toBe(201);
    await create({
      match: "exact",
      pattern: "客服",
      priority: 1,
      replies: [{ type: "text", text: "客服下班了" }],
    });
    await create({
      match: "exact",
      pattern: "週年慶",
      replies: [{ type: "text", text: "週年慶開跑" }],
      schedule: { from: "2026-12-01", until: "2026-12-07" },
    });
    await say(t, user, "客服");
    expect(await lastText(user)).toBe("客服上班中");
    t.clock.advance(9 * 3_600_000); // 19:00 Taipei
    await say(t, user, "客服");
    expect(await lastText(user)).toBe("客服下班了");
    // Before its dates the rule stays silent: what answers is the away message (19:00 is after hours).
    const { awayMessage } = (await (await t.admin("/api/inbox/settings")).json()) as { awayMessage: string };
    expect(awayMessage).toContain("客服時間");
    await say(t, user, "週年慶");
    expect(await lastText(user)).toBe(awayMessage);
    const outs = (await chatLog(t, user)).filter((e) => e.direction === "out");
    expect(outs.map((e) => (e.message as { text?: string }).text)).not.toContain("週年慶開跑");
    t.clock.advance(7 * 86_400_000); // 1 Dec
    await say(t, user, "週年慶");
    expect(await lastText(user)).toBe("週年慶開跑");
    const bad = await create({
      match: "exact",
      pattern: "x",
      replies: [{ type: "text", text: "x" }],
      schedule: { windows: [{ days: [8], from: "18:00", to: "09:00" }] },
    });
    expect(bad.status).toBe(400);
  });

  it("fills {points} {tier} {store} {displayName}, tags the member, and answers postbacks from the same table", async () => {
    t = await startTestApp();
    const user = await createFriend(t, "阿明");
    const rule = (await (
      await create({
        match: "contains",
        pattern: "我的點數",
        replies: [{ type: "text", text: "{displayName} 您有 {points} 點（{tier}，{store}）" }],
        tags: ["問點數", "會員"],
      })
    ).json()) as { id: string };
    await say(t, user, "查我的點數");
    expect(await lastText(user)).toBe("阿明 您有 0 點（一般會員，尚未綁定門市）");
    const [m] = await t.app.deps.db.select().from(members).where(eq(members.lineUserId, user));
    const tags = await t.app.deps.db
      .select()
      .from(memberTags)
      .where(eq(memberTags.memberId, m?.id ?? ""));
    expect(tags.map((x) => `${x.tag} ${x.source}`).sort()).toEqual(
      [`會員 keyword:${rule.id}`, `問點數 keyword:${rule.id}`].sort(),
    );
    await say(t, user, "我的點數"); // again: tags stay one each
    expect(
      await t.app.deps.db
        .select()
        .from(memberTags)
        .where(eq(memberTags.memberId, m?.id ?? "")),
    ).toHaveLength(2);

    await create({ match: "exact", pattern: "faq-shipping", replies: [{ type: "text", text: "滿千免運" }] });
    const res = await t.line.control("/postbacks", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        chat: { type: "user", userId: user },
        from: user,
        data: "action=faq&q=faq-shipping",
      }),
    });
    expect(res.status).toBe(202);
    await t.settle();
    expect(await lastText(user)).toBe("滿千免運");
  });
});
