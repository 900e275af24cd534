import { isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staff } from "../../../../db/schema";
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../../../test/harness";
import { errorOf } from "../../../test/member-kit";

interface Staff {
  id: string;
  code: string;
  name: string;
  role: string;
  storeId: string | null;
  linked: boolean;
  active: boolean;
}
interface Store {
  id: string;
  code: string;
  name: string;
  phone: string;
  latitude: number | null;
  longitude: number | null;
  active: boolean;
  staff: Staff[];
}
interface Entry {
  action: string;
  actor: { kind: string; id: string };
  subject: { kind: string; id: string };
  storeId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string;
}

describe("stores and staff for the admin", () => {
  let t: TestApp;
  let storeId: string;
  let otherStoreId: string;
  beforeAll(async () => {
    t = await startTestApp();
    storeId = await made("/api/admin/stores", {
      code: "TST01",
      name: "測試門市",
      phone: "02-1111-2222",
      latitude: 25,
      longitude: 121.5,
    });
    otherStoreId = await made("/api/admin/stores", { code: "TST02", name: "第二門市" });
  });
  afterAll(() => t.close());

  const send = (path: string, body: unknown, method = "POST") =>
    t.admin(path, { method, body: JSON.stringify(body) });
  async function made(path: string, body: unknown): Promise<string> {
    const res = await send(path, body);
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }
  const audit = async (action: string, subjectId?: string) => {
    const q = `action=${action}${subjectId ? `&subjectId=${subjectId}` : ""}`;
    const res = await t.admin(`/api/admin/audit?${q}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { entries: Entry[] }).entries;
  };
  const detail = async (id: string) => {
    const res = await t.admin(`/api/admin/stores/${id}`);
    expect(res.status).toBe(200);
    return (await res.json()) as { store: Store; posKeys: Array<Record<string, unknown>> };
  };
  const staffOf = async (id: string) =>
    (await detail(storeId)).store.staff.find((s) => s.id === id) ??
    (await detail(otherStoreId)).store.staff.find((s) => s.id === id);

  it("opening a store and adding staff are audited once each, with what was made", async () => {
    const created = await audit("store.create", storeId);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      actor: { kind: "admin", id: "admin" },
      subject: { kind: "store", id: storeId },
      storeId,
      before: null,
      after: { code: "TST01", name: "測試門市", phone: "02-1111-2222", latitude: 25, active: true },
    });
    // A taken code: 409, and no second entry.
    expect((await send("/api/admin/stores", { code: "TST01", name: "重複" })).status).toBe(409);
    expect(await audit("store.create")).toHaveLength(2);

    const staffId = await made("/api/admin/staff", { code: "C001", name: "店員甲", storeId });
    expect(await audit("staff.create", staffId)).toMatchObject([
      {
        subject: { kind: "staff", id: staffId },
        storeId,
        after: { code: "C001", name: "店員甲", role: "staff", storeId },
      },
    ]);
    // Store staff without a store: refused on storeId, nothing written.
    const noStore = await send("/api/admin/staff", { code: "C002", name: "無店", role: "staff" });
    expect(noStore.status).toBe(400);
    expect(await errorOf(noStore)).toMatchObject({
      code: "VALIDATION_FAILED",
      details: { issues: [{ path: "storeId" }] },
    });
    expect(await audit("staff.create")).toHaveLength(1);
  });

  it("lists stores with each staff member's active flag beside the existing fields", async () => {
    const res = await t.admin("/api/admin/stores");
    const { stores } = (await res.json()) as { stores: Store[] };
    const mine = stores.find((s) => s.id === storeId);
    expect(mine?.staff[0]).toEqual({
      id: expect.any(String),
      code: "C001",
      name: "店員甲",
      role: "staff",
      storeId,
      linked: false,
      active: true,
    });
  });

  it("lists the head office: staff of no store, and only them", async () => {
    const agent = await t.admin("/api/admin/staff", {
      method: "POST",
      body: JSON.stringify({ code: "HQ01", name: "客服甲", role: "agent" }),
    });
    expect(agent.status).toBe(201);
    const { stores, headOffice } = (await (await t.admin("/api/admin/stores")).json()) as {
      stores: Store[];
      headOffice: Array<{ code: string; storeId: string | null; role: string }>;
    };
    const rows = await t.app.deps.db.select().from(staff).where(isNull(staff.storeId));
    expect(headOffice.map((p) => p.code).sort()).toEqual(rows.map((r) => r.code).sort());
    expect(headOffice.length).toBeGreaterThan(0);
    expect(headOffice.every((p) => p.storeId === null)).toBe(true);
    const inStores = new Set(stores.flatMap((s) => s.staff.map((p) => p.code)));
    expect(headOffice.some((p) => inStores.has(p.code))).toBe(false);
  });

  it("a store's page: the store, its staff and its POS keys (never a key); 404 for an unknown id", async () => {
    const key = await send(`/api/admin/stores/${storeId}/pos-keys`, { label: "櫃台 1" });
    const { id: keyId, key: secret } = (await key.json()) as { id: string; key: string };
    const page = await detail(storeId);
    expect(page.store).toMatchObject({ id: storeId, code: "TST01", staff: [{ code: "C001" }] });
    expect(page.posKeys).toEqual([
      { id: keyId, label: "櫃台 1", createdAt: "2026-11-24T02:00:00.000Z", revokedAt: null },
    ]);
    expect(JSON.stringify(page)).not.toContain(secret);
    expect(JSON.stringify(page)).not.toMatch(/hash/i);
    const unknown = await t.admin("/api/admin/stores/sto_nope");
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe("NOT_FOUND");
    expect((await fetch(`${t.app.url}/api/admin/stores/${storeId}`)).status).toBe(401);
  });

  it("changes a store's fields, audited with only what changed; the same values again write nothing", async () => {
    const patch = (id: string, body: unknown) => send(`/api/admin/stores/${id}`, body, "PATCH");
    const res = await patch(storeId, { name: "測試門市 二館", phone: "02-1111-2222", latitude: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: storeId,
      name: "測試門市 二館",
      phone: "02-1111-2222",
      latitude: null,
      longitude: 121.5,
      staff: [{ code: "C001" }],
    });
    expect(await audit("store.update", storeId)).toMatchObject([
      { before: { name: "測試門市", latitude: 25 }, after: { name: "測試門市 二館", latitude: null } },
    ]);
    expect((await audit("store.update", storeId))[0]?.before).not.toHaveProperty("phone");
    // Again: 200, no second entry.
    expect((await patch(storeId, { name: "測試門市 二館" })).status).toBe(200);
    expect(await audit("store.update", storeId)).toHaveLength(1);
    // Closing it.
    expect(await (await patch(storeId, { active: false })).json()).toMatchObject({ active: false });
    expect((await audit("store.update", storeId))[0]).toMatchObject({
      before: { active: true },
      after: { active: false },
    });
  });

  it("refuses an empty or invalid change (400) and an unknown store (404), changing nothing", async () => {
    const before = await detail(storeId);
    const patch = (body: unknown, id = storeId) => send(`/api/admin/stores/${id}`, body, "PATCH");
    for (const body of [
      {},
      { code: "NEW01" },
      { name: "" },
      { name: "x".repeat(61) },
      { latitude: 91 },
      { longitude: -181 },
      { address: "x".repeat(201) },
      { active: "no" },
    ]) {
      const res = await patch(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await errorOf(res)).code).toBe("VALIDATION_FAILED");
    }
    expect((await patch({ name: "無此店" }, "sto_nope")).status).toBe(404);
    expect(await detail(storeId)).toEqual(before);
    expect(await audit("store.update")).toHaveLength(2);
  });

  it("changes a staff member's name, role or store, audited with what changed; store staff keep a store", async () => {
    const id = await made("/api/admin/staff", { code: "C010", name: "店員乙", storeId });
    const patch = (body: unknown, who = id) => send(`/api/admin/staff/${who}`, body, "PATCH");

    const moved = await patch({ name: "店員乙乙", storeId: otherStoreId });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toEqual({
      id,
      code: "C010",
      name: "店員乙乙",
      role: "staff",
      storeId: otherStoreId,
      linked: false,
      active: true,
    });
    expect(await audit("staff.update", id)).toMatchObject([
      {
        storeId: otherStoreId,
        before: { name: "店員乙", storeId },
        after: { name: "店員乙乙", storeId: otherStoreId },
      },
    ]);

    // Refusals: store staff without a store (on storeId), an unknown store, an unknown person, nothing sent.
    const noStore = await patch({ storeId: null });
    expect(noStore.status).toBe(400);
    expect(await errorOf(noStore)).toMatchObject({
      code: "VALIDATION_FAILED",
      details: { issues: [{ path: "storeId" }] },
    });
    expect((await patch({ storeId: "sto_nope" })).status).toBe(404);
    expect((await patch({ name: "誰" }, "stf_nope")).status).toBe(404);
    expect((await patch({})).status).toBe(400);
    expect((await patch({ role: "boss" })).status).toBe(400);
    expect(await staffOf(id)).toMatchObject({ name: "店員乙乙", storeId: otherStoreId, role: "staff" });
    expect(await audit("staff.update", id)).toHaveLength(1);

    // An agent needs no store; the same values again write nothing.
    const agent = await patch({ role: "agent", storeId: null });
    expect(await agent.json()).toMatchObject({ role: "agent", storeId: null });
    expect((await patch({ role: "agent" })).status).toBe(200);
    const entries = await audit("staff.update", id);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      before: { role: "staff", storeId: otherStoreId },
      after: { role: "agent", storeId: null },
    });
  });

  it("deactivates with a reason and reactivates; a repeat answers the state and writes no second entry", async () => {
    const id = await made("/api/admin/staff", { code: "C020", name: "店員丙", storeId });
    const deactivate = (body: unknown) => send(`/api/admin/staff/${id}/deactivate`, body);
    expect((await deactivate({})).status).toBe(400);
    expect((await deactivate({ reason: "" })).status).toBe(400);
    expect((await deactivate({ reason: "x".repeat(201) })).status).toBe(400);
    expect((await staffOf(id))?.active).toBe(true);

    const off = await deactivate({ reason: "離職" });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ id, active: false });
    const again = await deactivate({ reason: "離職" });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id, active: false });
    expect(await audit("staff.deactivate", id)).toMatchObject([
      { before: { active: true }, after: { active: false }, reason: "離職", storeId },
    ]);
    expect((await staffOf(id))?.active).toBe(false);

    // Reactivate with no body at all, then again with a reason: one entry.
    const on = await fetch(`${t.app.url}/api/admin/staff/${id}/reactivate`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(on.status, await on.clone().text()).toBe(200);
    expect(await on.json()).toMatchObject({ active: true });
    expect((await send(`/api/admin/staff/${id}/reactivate`, { reason: "回任" })).status).toBe(200);
    expect(await audit("staff.reactivate", id)).toMatchObject([
      { before: { active: false }, after: { active: true }, reason: "" },
    ]);
    expect((await send("/api/admin/staff/stf_nope/deactivate", { reason: "x" })).status).toBe(404);
    expect((await fetch(`${t.app.url}/api/admin/staff/${id}/deactivate`, { method: "POST" })).status).toBe(
      401,
    );
  });
});
