import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LineApiError } from "../../lib/line-api-error";
import { type EmulatorHarness, startHarness } from "./testing";

const text = (t: string) => ({ type: "text" as const, text: t });
const key = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

describe("quota, deliveries and aggregation units, through the real adapter", () => {
  let h: EmulatorHarness;
  let n = 1000;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.control("/quota", { type: "none", totalUsage: 0 }, "PUT");
  });

  it("answers the month's limit and usage; a send past the limit gets LINE's 429, not retryable", async () => {
    expect(await h.client.getMessageQuota()).toEqual({ type: "none" });
    expect((await h.control("/quota", { type: "limited", value: 3 }, "PUT")).json).toEqual({
      type: "limited",
      value: 3,
      totalUsage: 0,
    });
    expect(await h.client.getMessageQuota()).toEqual({ type: "limited", value: 3 });
    const [a, b, c] = [await h.friend("A"), await h.friend("B"), await h.friend("C")];
    await h.client.multicast([a, b], [text("1"), text("2")], key(++n));
    expect(await h.client.getMessageQuotaConsumption()).toEqual({ totalUsage: 2 });
    // Two more would pass the limit: the whole call is refused and nothing is delivered.
    const refusedKey = key(++n);
    const err = await h.client.multicast([b, c], [text("x")], refusedKey).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LineApiError);
    expect((err as LineApiError).status).toBe(429);
    expect((err as LineApiError).message).toContain("You have reached your monthly limit.");
    expect((err as LineApiError).monthlyLimit).toBe(true);
    expect((err as LineApiError).retryable).toBe(false);
    expect(await h.client.getMessageQuotaConsumption()).toEqual({ totalUsage: 2 });
    // One still fits; the refused call did not take its retry key.
    expect((await h.client.push(c, [text("last")], refusedKey)).alreadyAccepted).toBe(false);
    expect(await h.client.getMessageQuotaConsumption()).toEqual({ totalUsage: 3 });
    const state = (await h.control("/state")).json.quota;
    expect(state).toEqual({ type: "limited", value: 3, totalUsage: 3 });
  });

  it("counts the requests that reached each user, once per retry key", async () => {
    const [a, b] = [await h.friend("A"), await h.friend("B")];
    const k = key(++n);
    await h.client.multicast([a, b], [text("sale"), text("more")], k);
    await h.client.multicast([a, b], [text("sale"), text("more")], k); // 409: landed already
    await h.client.push(a, [text("hi")], key(++n));
    const { json } = await h.control(`/deliveries?chatId=${a}`);
    expect(json.deliveries).toEqual([{ chatId: a, reply: 0, push: 1, multicast: 1 }]);
    expect((await h.control(`/deliveries?chatId=${b}`)).json.deliveries).toEqual([
      { chatId: b, reply: 0, push: 0, multicast: 1 },
    ]);
  });

  it("takes one valid customAggregationUnits name on multicast and push, records it, refuses others with 400", async () => {
    const [a, b] = [await h.friend("A"), await h.friend("B")];
    await h.client.multicast([a, b], [text("x")], key(++n), { customAggregationUnits: ["spring_sale_01"] });
    await h.client.push(a, [text("x")], key(++n), { customAggregationUnits: ["spring_sale_01"] });
    expect((await h.control("/aggregation-units")).json.units).toEqual([
      { name: "spring_sale_01", requests: 2, recipients: 3 },
    ]);
    expect(await (await h.lineApi("/v2/bot/message/aggregation/list")).json()).toEqual({
      customAggregationUnits: ["spring_sale_01"],
    });
    expect(await (await h.lineApi("/v2/bot/message/aggregation/info")).json()).toEqual({
      numOfCustomAggregationUnits: 1,
    });
    for (const [units, property] of [
      [["spring-sale"], "customAggregationUnits[0]"],
      [["a".repeat(31)], "customAggregationUnits[0]"],
      [["a", "b"], "customAggregationUnits"],
    ] as const) {
      const err = await h.client
        .multicast([a], [text("x")], key(++n), { customAggregationUnits: [...units] })
        .catch((e: unknown) => e);
      expect((err as LineApiError).status).toBe(400);
      expect(JSON.parse((err as LineApiError).details.body ?? "{}").details[0].property).toBe(property);
    }
  });
});
