import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";

type Entry = {
  action: string;
  subject: { id: string };
  storeId: string | null;
  after: Record<string, unknown>;
};

describe("binding links: issued and withdrawn by the admin, audited", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it("a link issued is one bindingLink.create; withdrawn twice is one bindingLink.revoke", async () => {
    const { stores } = (await (await t.admin("/api/admin/stores")).json()) as {
      stores: Array<{ id: string; code: string; staff: Array<{ id: string; role: string }> }>;
    };
    const store = stores.find((s) => s.code === "TPE01");
    const clerk = store?.staff.find((s) => s.role === "staff");
    if (!store || !clerk) throw new Error("demo store TPE01 with a clerk");
    const res = await t.admin("/api/admin/binding-links", {
      method: "POST",
      body: JSON.stringify({ storeId: store.id, staffId: clerk.id, source: "staff_link" }),
    });
    expect(res.status).toBe(201);
    const link = (await res.json()) as { tokenId: string; expiresAt: string };
    const entries = async (action: string) =>
      ((await (await t.admin(`/api/admin/audit?action=${action}`)).json()) as { entries: Entry[] }).entries;
    expect(await entries("bindingLink.create")).toMatchObject([
      {
        subject: { id: link.tokenId },
        storeId: store.id,
        after: { source: "staff_link", staffId: clerk.id, expiresAt: link.expiresAt },
      },
    ]);
    for (let i = 0; i < 2; i++)
      expect(
        (await t.admin(`/api/admin/binding-links/${link.tokenId}/revoke`, { method: "POST" })).status,
      ).toBe(200);
    expect((await entries("bindingLink.revoke")).map((e) => e.subject.id)).toEqual([link.tokenId]);
    // A refused issue (a clerk of another store) writes nothing.
    const other = stores.find((s) => s.code === "TXG01");
    const refused = await t.admin("/api/admin/binding-links", {
      method: "POST",
      body: JSON.stringify({ storeId: other?.id, staffId: clerk.id }),
    });
    expect(refused.status).toBe(404);
    expect(await entries("bindingLink.create")).toHaveLength(1);
  });
});
