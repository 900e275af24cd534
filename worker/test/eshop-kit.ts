/** Helpers for the online channel's tests: a connected shop, its calls, members with points and coupons. */
import { expect } from "vitest";
import type { TestApp } from "./harness";
import { kit as memberKit } from "./member-kit";

export type Json = Record<string, unknown>;

export function eshopKit(t: TestApp) {
  const k = memberKit(t);
  let pos: string | undefined;
  let sale = 0;
  const self = {
    ...k,
    async shop(name = "品牌官網", extra: Json = {}) {
      const res = await t.admin("/api/admin/shops", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name, baseUrl: "https://shop.example.com", ...extra }),
      });
      expect(res.status).toBe(201);
      const shop = (await res.json()) as { id: string; key: string };
      const call = (method: string, path: string, body?: unknown, lang = "zh-TW") =>
        fetch(`${t.app.url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${shop.key}`,
            "content-type": "application/json",
            "accept-language": lang,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      return {
        ...shop,
        call,
        order: (body: Json) => call("POST", "/api/shop/orders", body),
        step: (orderId: string, name: string, body?: unknown) =>
          call("POST", `/api/shop/orders/${encodeURIComponent(orderId)}/${name}`, body ?? {}),
      };
    },
    /** A member with `points` earned in store (a POS sale of points × NT$100). */
    async memberWithPoints(name: string, points: number) {
      const m = await k.member(name);
      if (points > 0) {
        const [store] = await k.stores();
        if (!store) throw new Error("no store");
        pos ??= await k.posKey(store.id);
        const res = await fetch(`${t.app.url}/api/pos/transactions`, {
          method: "POST",
          headers: { authorization: `Bearer ${pos}`, "content-type": "application/json" },
          body: JSON.stringify({
            externalId: `seed-${++sale}`,
            memberCode: m.memberCode,
            total: points * 100,
          }),
        });
        expect(res.status).toBe(200);
      }
      return m;
    },
    /** A coupon template issued to the member; its code from their card. */
    async coupon(member: { userId: string; memberCode: string }, tpl: Json = {}) {
      const made = await t.admin("/api/admin/coupon-templates", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "NT$100 折價券", kind: "amount", value: 100, validDays: 30, ...tpl }),
      });
      expect(made.status).toBe(201);
      const { id, name } = (await made.json()) as { id: string; name: string };
      const issued = await t.admin(`/api/admin/coupon-templates/${id}/issue`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ batchKey: `k-${id}`, memberCodes: [member.memberCode], reason: "test" }),
      });
      expect(issued.status).toBe(200);
      const { coupons } = await k.json<{ coupons: Array<{ code: string; name: string }> }>(
        k.get(member.userId, "/api/me/coupons"),
      );
      const code = coupons.find((c) => c.name === name)?.code;
      if (!code) throw new Error("coupon not on the card");
      return code;
    },
    balance: async (userId: string) =>
      (await k.json<{ points: number }>(k.get(userId, "/api/me/card"))).points,
  };
  return self;
}
