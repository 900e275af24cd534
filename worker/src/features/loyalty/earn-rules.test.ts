import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";
import { DEFAULT_EARN_RULES, pointsFor } from "./earn-rules";

describe("earn rules", () => {
  it("points per amount, times the tier's and the channel's multipliers, rounded down", () => {
    const r = { ...DEFAULT_EARN_RULES, channelMultipliers: { store: 1, online: 1.2, live: 2 } };
    expect(pointsFor(r, 2350, "regular", "store")).toBe(23);
    expect(pointsFor(r, 2350, "gold", "store")).toBe(34); // 23 × 1.5 = 34.5
    expect(pointsFor(r, 2350, "platinum", "live")).toBe(92); // 23 × 4
    expect(pointsFor(r, 300, "gold", "online")).toBe(5); // 3 × 1.8 = 5.4
    expect(pointsFor(r, 99, "platinum", "live")).toBe(0);
    expect(pointsFor(r, -5, "regular", "store")).toBe(0);
  });

  describe("through the API", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ demo: true });
    });
    afterAll(() => t.close());

    it("an admin changes the rules; the next POS sale of a gold member earns by them", async () => {
      expect((await fetch(`${t.app.url}/api/admin/loyalty/earn-rules`)).status).toBe(401);
      expect(await (await t.admin("/api/admin/loyalty/earn-rules")).json()).toEqual(DEFAULT_EARN_RULES);
      const bad = await t.admin("/api/admin/loyalty/earn-rules", {
        method: "PUT",
        body: JSON.stringify({ ...DEFAULT_EARN_RULES, amountPerPoint: 0 }),
      });
      expect(bad.status).toBe(400);
      const put = await t.admin("/api/admin/loyalty/earn-rules", {
        method: "PUT",
        body: JSON.stringify({ ...DEFAULT_EARN_RULES, channelMultipliers: { store: 2, online: 1, live: 1 } }),
      });
      expect(put.status).toBe(200);

      const stores = (
        (await (await t.admin("/api/admin/stores")).json()) as { stores: Array<{ id: string }> }
      ).stores;
      const key = (
        (await (await t.admin(`/api/admin/stores/${stores[0]?.id}/pos-keys`, { method: "POST" })).json()) as {
          key: string;
        }
      ).key;
      const user = await createFriend(t, "金卡客");
      const me = (await (
        await fetch(`${t.app.url}/api/me`, {
          headers: { authorization: `Bearer ${await t.line.emulator.issueIdToken(user)}` },
        })
      ).json()) as { member: { memberCode: string } };
      const sale = async (externalId: string, total: number) =>
        (await (
          await fetch(`${t.app.url}/api/pos/transactions`, {
            method: "POST",
            headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
            body: JSON.stringify({ externalId, memberCode: me.member.memberCode, total }),
          })
        ).json()) as { pointsEarned: number };
      // Regular: 100 per point × store 2.
      expect((await sale("ER-1", 12_000)).pointsEarned).toBe(240);
      // Now gold (12-month spend ≥ 10,000): × 1.5 × 2.
      expect((await sale("ER-2", 1_000)).pointsEarned).toBe(30);
    });
  });
});
