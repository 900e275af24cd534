/** Helpers for the member, staff and POS tests: calls as a LINE user, staff joined by invite, POS keys. */
import { expect } from "vitest";
import { CONSENT_VERSION } from "../src/features/members/registration";
import type { TestApp } from "./harness";
import { createFriend } from "./line-helpers";

export type DemoStore = { id: string; code: string; staff: Array<{ id: string; code: string }> };

export function kit(t: TestApp) {
  const call = async (userId: string, method: string, path: string, body?: unknown) =>
    fetch(`${t.app.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await t.line.emulator.issueIdToken(userId)}`,
        "content-type": "application/json",
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const json = async <T = Record<string, unknown>>(res: Response | Promise<Response>) =>
    (await (await res).json()) as T;
  const stores = async () => (await json<{ stores: DemoStore[] }>(t.admin("/api/admin/stores"))).stores;

  return {
    call,
    json,
    get: (userId: string, path: string) => call(userId, "GET", path),
    post: (userId: string, path: string, body: unknown) => call(userId, "POST", path, body),
    stores,
    /** A LINE friend who accepts the invite of the demo store's n-th staff record. */
    async clerk(storeCode: string, n = 0, name = "店員"): Promise<string> {
      const store = (await stores()).find((s) => s.code === storeCode);
      const staffId = store?.staff[n]?.id;
      if (!staffId) throw new Error(`no staff ${n} at ${storeCode}`);
      const { token } = await json<{ token: string }>(
        t.admin(`/api/admin/staff/${staffId}/invite`, { method: "POST" }),
      );
      const userId = await createFriend(t, name);
      expect((await call(userId, "POST", "/api/staff/join", { token })).status).toBe(200);
      return userId;
    },
    /** A friend registered with this phone (and consent), as a member. */
    async member(name: string, phone?: string, extra: Record<string, unknown> = {}) {
      const userId = await createFriend(t, name);
      if (phone) {
        const res = await call(userId, "PUT", "/api/me/profile", {
          name,
          phone,
          consent: { version: CONSENT_VERSION, accepted: true },
          ...extra,
        });
        expect(res.status).toBe(200);
      }
      const me = await json<{ member: { id: string; memberCode: string } }>(call(userId, "GET", "/api/me"));
      return { userId, id: me.member.id, memberCode: me.member.memberCode };
    },
    async posKey(storeId: string): Promise<string> {
      const res = await t.admin(`/api/admin/stores/${storeId}/pos-keys`, { method: "POST" });
      expect(res.status).toBe(201);
      return (await json<{ key: string }>(res)).key;
    },
    pos: (key: string, path: string, body: unknown) =>
      fetch(`${t.app.url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
  };
}

export const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; details?: { reason?: string } } }).error;
