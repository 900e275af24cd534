import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";
import { balanceCheck } from "../loyalty";

describe("POS API", () => {
  let t: TestApp;
  let key: string;
  let member: { id: string; memberCode: string };
  const post = (body: unknown, k = key) =>
    fetch(`${t.app.url}/api/pos/transactions`, {
      method: "POST",
      headers: { authorization: `Bearer ${k}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    const stores = ((await (await t.admin("/api/admin/stores")).json()) as { stores: Array<{ id: string }> })
      .stores;
    const res = await t.admin(`/api/admin/stores/${stores[0]?.id}/pos-keys`, { method: "POST" });
    expect(res.status).toBe(201);
    key = ((await res.json()) as { key: string }).key;
    const user = await createFriend(t, "POS 客");
    member = (
      (await (
        await fetch(`${t.app.url}/api/me`, {
          headers: { authorization: `Bearer ${await t.line.emulator.issueIdToken(user)}` },
        })
      ).json()) as {
        member: { id: string; memberCode: string };
      }
    ).member;
  });
  afterAll(() => t.close());

  it("a transaction with a member code earns points; replaying it changes nothing", async () => {
    const tx = {
      externalId: "POS-20261124-0001",
      memberCode: member.memberCode,
      total: 2350,
      lines: [{ sku: "TEE-001", name: "素T", quantity: 2, price: 1175 }],
    };
    const first = await post(tx);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ paid: 2350, pointsEarned: 23, replayed: false });
    const again = await post(tx);
    expect(await again.json()).toMatchObject({ pointsEarned: 23, replayed: true });
    expect(await balanceCheck(t.app.deps, member.id)).toEqual({ ledger: 23, cached: 23 });
  });

  it("a sale without a card is recorded for the store, earning nothing", async () => {
    expect(await (await post({ externalId: "POS-20261124-0002", total: 500 })).json()).toMatchObject({
      pointsEarned: 0,
    });
  });

  it("refuses a missing or wrong key, and bad input", async () => {
    expect((await post({ externalId: "x", total: 1 }, "pos_wrong")).status).toBe(401);
    expect((await fetch(`${t.app.url}/api/pos/transactions`, { method: "POST", body: "{}" })).status).toBe(
      401,
    );
    expect((await post({ externalId: "POS-3", total: -5 })).status).toBe(400);
    expect((await post({ externalId: "POS-5", total: 100, customerPhone: "not a phone" })).status).toBe(400);
    expect((await post({ externalId: "POS-4", total: 100, memberCode: "0000000000000000" })).status).toBe(
      404,
    );
  });
});
