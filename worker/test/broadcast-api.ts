/** The admin calls a broadcast test makes, on a test app. */
import { expect } from "vitest";
import type { TestApp } from "./harness";
import { lineRequests } from "./line-helpers";

export type Json = Record<string, unknown>;
export const SALE_TEXT = { type: "text", text: "雙11 快閃：全館 8 折，只到今晚！" };

export function broadcastApi(t: TestApp) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await t.admin(path, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const post = (path: string, body: unknown = {}) => call("POST", path, body);
  return {
    post,
    put: (path: string, body: unknown) => call("PUT", path, body),
    async create(body: Json): Promise<Json & { id: string }> {
      const res = await post("/api/broadcasts", { name: "雙11", messages: [SALE_TEXT], ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body as Json & { id: string };
    },
    send: (id: string, body: Json = {}) => post(`/api/broadcasts/${id}/send`, body),
    view: async (id: string) => (await call("GET", `/api/broadcasts/${id}`)).body,
    /** Quiet hours, frequency cap and unit statistics, each as given or the default. */
    settings: (s: Json) =>
      call("PUT", "/api/broadcast-settings", {
        quietHours: { from: "21:00", to: "09:00" },
        frequencyCap: { messages: 2, days: 7 },
        unitStatistics: null,
        ...s,
      }),
    /** What LINE was asked to multicast, in order. */
    multicasts: async () =>
      (await lineRequests(t, "multicast")).map((r) => ({
        status: r.status,
        retryKey: r.retryKey,
        to: (r.body as { to: string[] }).to,
        body: r.body as Json,
      })),
  };
}
