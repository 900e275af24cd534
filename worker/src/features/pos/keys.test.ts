import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { posKeys } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { errorOf, kit } from "../../../test/member-kit";
import { rotatePosKey } from "./keys";

interface PosKey {
  id: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}
interface Entry {
  action: string;
  subject: { kind: string; id: string };
  storeId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

describe("POS keys for the admin: create, list, rotate, revoke", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let storeId: string;
  let n = 0;
  beforeAll(async () => {
    t = await startTestApp();
    k = kit(t);
    const res = await t.admin("/api/admin/stores", {
      method: "POST",
      body: JSON.stringify({ code: "POS01", name: "收銀測試店" }),
    });
    storeId = ((await res.json()) as { id: string }).id;
  });
  afterAll(() => t.close());

  const post = (path: string, body?: unknown) =>
    t.admin(path, { method: "POST", ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const create = async (label: string) => {
    const res = await post(`/api/admin/stores/${storeId}/pos-keys`, { label });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; key: string };
  };
  const list = async () => {
    const res = await t.admin(`/api/admin/stores/${storeId}/pos-keys`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { posKeys: PosKey[] }).posKeys;
  };
  const audit = async (action: string, subjectId: string) => {
    const res = await t.admin(`/api/admin/audit?action=${action}&subjectId=${subjectId}`);
    return ((await res.json()) as { entries: Entry[] }).entries;
  };
  /** A sale posted with this key: 200 when the key works. */
  const sale = (key: string) => k.pos(key, "/api/pos/transactions", { externalId: `tx-${++n}`, total: 500 });

  it("creates a key (audited), lists it without the key, 404 for an unknown store", async () => {
    const made = await create("櫃台 1");
    expect((await sale(made.key)).status).toBe(200);
    expect(await list()).toEqual([
      { id: made.id, label: "櫃台 1", createdAt: "2026-11-24T02:00:00.000Z", revokedAt: null },
    ]);
    expect(JSON.stringify(await list())).not.toContain(made.key);
    expect(await audit("posKey.create", made.id)).toMatchObject([
      { subject: { kind: "posKey", id: made.id }, storeId, after: { label: "櫃台 1" } },
    ]);
    expect((await t.admin("/api/admin/stores/sto_nope/pos-keys")).status).toBe(404);
    expect((await post("/api/admin/stores/sto_nope/pos-keys", {})).status).toBe(404);
    expect((await fetch(`${t.app.url}/api/admin/stores/${storeId}/pos-keys`)).status).toBe(401);
  });

  it("rotates: a new key for the same store and label, the old one refused from then on", async () => {
    const old = await create("櫃台 2");
    t.clock.advance(60_000);
    const res = await post(`/api/admin/pos-keys/${old.id}/rotate`);
    expect(res.status).toBe(201);
    const fresh = (await res.json()) as { id: string; key: string };
    expect(fresh.id).not.toBe(old.id);
    expect(fresh.key).toMatch(/^pos_/);

    const refused = await sale(old.key);
    expect(refused.status).toBe(401);
    expect((await errorOf(refused)).code).toBe("UNAUTHORIZED");
    expect((await sale(fresh.key)).status).toBe(200);

    const keys = await list();
    expect(keys.find((x) => x.id === old.id)).toMatchObject({ revokedAt: "2026-11-24T02:01:00.000Z" });
    expect(keys.find((x) => x.id === fresh.id)).toEqual({
      id: fresh.id,
      label: "櫃台 2",
      createdAt: "2026-11-24T02:01:00.000Z",
      revokedAt: null,
    });
    const [row] = await t.app.deps.db.select().from(posKeys).where(eq(posKeys.id, fresh.id));
    expect(row?.storeId).toBe(storeId);
    expect(await audit("posKey.rotate", old.id)).toMatchObject([
      { storeId, before: { id: old.id }, after: { id: fresh.id } },
    ]);

    // The old key again: 409, no new key, no second entry.
    const count = (await list()).length;
    const again = await post(`/api/admin/pos-keys/${old.id}/rotate`);
    expect(again.status).toBe(409);
    expect((await errorOf(again)).details?.reason).toBe("ALREADY_REVOKED");
    expect(await list()).toHaveLength(count);
    expect(await audit("posKey.rotate", old.id)).toHaveLength(1);
    expect((await post("/api/admin/pos-keys/posk_nope/rotate")).status).toBe(404);
  });

  it("two rotations of one key at once make one new key; the other is refused", async () => {
    const old = await create("櫃台 3");
    const results = await Promise.all([1, 2, 3].map(() => post(`/api/admin/pos-keys/${old.id}/rotate`)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const live = (await list()).filter((x) => x.label === "櫃台 3" && x.revokedAt === null);
    expect(live).toHaveLength(1);
    expect(await audit("posKey.rotate", old.id)).toHaveLength(1);
  });

  it("rotations racing past the first check still make one new key and one entry (the batch decides)", async () => {
    const old = await create("櫃台 5");
    // Called side by side, each reads the key as live before any batch runs.
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => rotatePosKey(t.app.deps, old.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const live = (await list()).filter((x) => x.label === "櫃台 5" && x.revokedAt === null);
    expect(live).toHaveLength(1);
    expect(await audit("posKey.rotate", old.id)).toHaveLength(1);
  });

  it("revokes: the POS is refused; a repeat answers the same revocation and writes no second entry", async () => {
    const made = await create("櫃台 4");
    const res = await post(`/api/admin/pos-keys/${made.id}/revoke`);
    expect(res.status).toBe(200);
    const first = (await res.json()) as { id: string; revokedAt: string };
    expect(first).toEqual({ id: made.id, revokedAt: t.clock.now().toISOString() });
    expect((await sale(made.key)).status).toBe(401);

    t.clock.advance(60_000);
    const again = await post(`/api/admin/pos-keys/${made.id}/revoke`);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
    expect(await audit("posKey.revoke", made.id)).toMatchObject([
      { storeId, before: { revokedAt: null }, after: { revokedAt: first.revokedAt } },
    ]);
    // A revoked key cannot be rotated back to life.
    expect((await post(`/api/admin/pos-keys/${made.id}/rotate`)).status).toBe(409);
    expect((await post("/api/admin/pos-keys/posk_nope/revoke")).status).toBe(404);
    expect(
      (await fetch(`${t.app.url}/api/admin/pos-keys/${made.id}/revoke`, { method: "POST" })).status,
    ).toBe(401);
  });
});
