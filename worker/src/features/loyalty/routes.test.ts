import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";

describe("coupon admin API", () => {
  let t: TestApp;
  let codes: string[];
  beforeAll(async () => {
    t = await startTestApp();
    codes = [];
    for (const name of ["甲", "乙"]) {
      const user = await createFriend(t, name);
      const me = (await (
        await fetch(`${t.app.url}/api/me`, {
          headers: { authorization: `Bearer ${await t.line.emulator.issueIdToken(user)}` },
        })
      ).json()) as {
        member: { memberCode: string };
      };
      codes.push(me.member.memberCode);
    }
  });
  afterAll(() => t.close());

  it("creates a template and issues it in bulk, repeat-safe, reporting each member", async () => {
    const bad = await t.admin("/api/admin/coupon-templates", {
      method: "POST",
      body: JSON.stringify({ name: "x", kind: "percent", value: 150, validDays: 10 }),
    });
    expect(bad.status).toBe(400);
    const res = await t.admin("/api/admin/coupon-templates", {
      method: "POST",
      body: JSON.stringify({
        name: "週年慶 85 折",
        kind: "percent",
        value: 15,
        minSpend: 1000,
        validDays: 14,
        totalQuantity: 100,
      }),
    });
    expect(res.status).toBe(201);
    const tpl = (await res.json()) as { id: string };
    const issue = (batchKey: string) =>
      t.admin(`/api/admin/coupon-templates/${tpl.id}/issue`, {
        method: "POST",
        body: JSON.stringify({ batchKey, memberCodes: [...codes, "0000000000000000"], reason: "test" }),
      });
    expect(await (await issue("anniv")).json()).toEqual({
      issued: 2,
      alreadyIssued: 0,
      refused: [{ memberCode: "0000000000000000", reason: "no member has this code" }],
    });
    expect(await (await issue("anniv")).json()).toMatchObject({ issued: 0, alreadyIssued: 2 });
    const list = (await (await t.admin("/api/admin/coupon-templates")).json()) as {
      templates: Array<{ id: string; issuedCount: number }>;
    };
    expect(list.templates.find((x) => x.id === tpl.id)?.issuedCount).toBe(2);
  });
});
