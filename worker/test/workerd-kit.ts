/**
 * One workerd (worker/test/workerd-rig.ts) for a describe block, and the calls its tests make:
 * the API with the admin token (or as a LINE user), the LINE emulator's control API, D1 read
 * directly. D1 is migrated by the Worker's first request, made before the tests start.
 */
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, expect } from "vitest";
import { startWorkerd, type Workerd } from "./workerd-rig";

export const WORKERD_ADMIN = {
  authorization: "Bearer workerd-admin-token-0123456789",
  "content-type": "application/json",
};
export type Row = Record<string, number | string | null>;
type D1 = Awaited<ReturnType<Miniflare["getD1Database"]>>;

export function workerdSuite() {
  let w: Workerd | undefined;
  let db: D1 | undefined;
  beforeAll(async () => {
    w = await startWorkerd();
    db = await w.mf.getD1Database("DB");
    expect((await w.mf.dispatchFetch("http://omo.test/healthz")).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });
  const started = () => {
    if (!w || !db) throw new Error("workerd is not running outside the tests");
    return { w, db };
  };

  const call = (
    path: string,
    body?: unknown,
    headers: Record<string, string> = WORKERD_ADMIN,
    method = body === undefined ? "GET" : "POST",
  ) =>
    started().w.mf.dispatchFetch(`http://omo.test${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
  const rows = async <T = Row>(query: string, ...params: unknown[]) =>
    (
      await started()
        .db.prepare(query)
        .bind(...params)
        .all<T>()
    ).results;
  return {
    get w() {
      return started().w;
    },
    get mf() {
      return started().w.mf;
    },
    get db() {
      return started().db;
    },
    call,
    /** The call's JSON, its status checked (the body in the message when it is not the one expected). */
    ok: async <T>(res: Promise<{ status: number; text(): Promise<string> }>, status = 200): Promise<T> => {
      const r = await res;
      const text = await r.text();
      expect(r.status, text).toBe(status);
      return JSON.parse(text) as T;
    },
    control: (path: string, body?: unknown) =>
      fetch(`${started().w.line.url}/sandbox/api${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    as: async (userId: string, path: string, body?: unknown) =>
      call(path, body, {
        authorization: `Bearer ${await started().w.line.emulator.issueIdToken(userId)}`,
        "content-type": "application/json",
      }),
    rows,
    one: async <T = Row>(query: string, ...params: unknown[]) =>
      (await rows<T>(query, ...params))[0] ?? ({} as T),
  };
}
