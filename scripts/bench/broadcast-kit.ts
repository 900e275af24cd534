/**
 * What `npm run bench -- broadcast` needs around the product: followers seeded in SQL (a
 * recursive CTE into the host's libSQL file) and made friends of the LINE emulator in bulk (its
 * own memory, as the tests' broadcast kit does: no follow webhooks), the admin calls that make
 * and send the broadcast, the poll until it is `sent`, and what the emulator saw — multicast
 * calls with their timestamps, statuses and retry keys, and the deliveries per user.
 */
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { applyMigrations } from "../../db/migrate";
import { migrations } from "../../db/migrations/index.gen";
import { openLibsql } from "../../worker/src/hosts/libsql";
import type { EmulatorState } from "../../worker/src/sandbox/emulator";

export const TAG = "週年慶壓測";
export const lineUserIdOf = (i: number) => `U${i.toString(16).padStart(32, "0")}`;

/**
 * `n` members following the OA, all tagged TAG, written by two INSERT … SELECT over a recursive
 * CTE into a migrated database file (before the app opens it). Seconds taken.
 */
export async function seedFollowers(dbFile: string, n: number): Promise<number> {
  const t0 = performance.now();
  const { client, db } = await openLibsql(`file:${dbFile}`);
  try {
    await applyMigrations(db, migrations);
    const now = Date.now();
    await db.run(
      sql.raw(`WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${n - 1})
      INSERT INTO members (id, line_user_id, member_code, status, friendship, display_name, source, bound_at)
      SELECT printf('mem_bb_%07d', i), printf('U%032x', i), printf('BB%09d', i), 'member', 'friend',
        printf('客人%d', i), 'organic', ${now} FROM s`),
    );
    await db.run(
      sql.raw(`INSERT INTO member_tags (member_id, tag, source, created_at)
      SELECT id, '${TAG}', 'admin', ${now} FROM members WHERE id LIKE 'mem_bb_%'`),
    );
    await db.run(sql.raw("ANALYZE"));
  } finally {
    client.close();
  }
  return (performance.now() - t0) / 1000;
}

/** The same `n` users as friends of the OA in the emulator (LINE skips non-friends in a multicast). */
export function befriend(state: EmulatorState, n: number): void {
  for (let i = 0; i < n; i++) {
    const userId = lineUserIdOf(i);
    state.users.set(userId, {
      userId,
      displayName: `客人${i}`,
      language: "zh-TW",
      friendship: "friend",
      linkedRichMenuId: null,
    });
  }
}

/** CPU seconds (user + system) a process has used, from /proc (Linux; 0 elsewhere). */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ
  } catch {
    return 0;
  }
}

export type Admin = (path: string, init?: RequestInit) => Promise<Response>;

export function adminClient(url: () => string, token: string): Admin {
  return (path, init = {}) =>
    fetch(`${url()}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        ...(init.headers ?? {}),
      },
    });
}

async function ok<T>(res: Promise<Response>, status: number, what: string): Promise<T> {
  const r = await res;
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/**
 * No quiet hours and no cap (the bench runs at any hour), a saved segment of everyone tagged TAG,
 * and a draft broadcast to it with a 10 % holdout.
 */
export async function draftBroadcast(admin: Admin) {
  await ok(
    admin("/api/broadcast-settings", {
      method: "PUT",
      body: JSON.stringify({ quietHours: null, frequencyCap: null, unitStatistics: null }),
    }),
    200,
    "settings",
  );
  const t0 = performance.now();
  const segment = await ok<{ id: string }>(
    admin("/api/segments", {
      method: "POST",
      body: JSON.stringify({ name: "壓測：全部好友", rule: { field: "tag", op: "has", value: TAG } }),
    }),
    201,
    "segment",
  );
  const t1 = performance.now();
  const b = await ok<{ id: string; eligible: number; recipients: number; holdout: number }>(
    admin("/api/broadcasts", {
      method: "POST",
      body: JSON.stringify({
        name: "週年慶開跑（壓測）",
        segmentId: segment.id,
        holdoutPercent: 10,
        messages: [{ type: "text", text: "週年慶開跑！全館 85 折，只到週日。" }],
      }),
    }),
    201,
    "create broadcast",
  );
  return { ...b, segmentMs: t1 - t0, createMs: performance.now() - t1 };
}

export interface BroadcastView {
  state: string;
  recipients: number;
  sent: number;
  failed: number;
  chunks: { total: number; sent: number; failed: number };
}

/** Polls the broadcast every `everyMs` until it is `sent` (or `failed`); bounded by `limitMs`. */
export async function untilSent(admin: Admin, id: string, limitMs: number, everyMs = 25) {
  const until = Date.now() + limitMs;
  for (;;) {
    const res = await admin(`/api/broadcasts/${id}`).catch(() => undefined);
    if (res?.status === 200) {
      const view = (await res.json()) as BroadcastView;
      if (view.state === "sent" || view.state === "failed") return view;
    }
    if (Date.now() > until) throw new Error(`broadcast ${id} not sent after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface MulticastLog {
  calls: number;
  byStatus: Record<number, number>;
  /** Distinct retry keys, and how many were sent more than once (retried under their key). */
  keys: number;
  retriedKeys: number;
  /** Keys LINE accepted other than exactly once (must be 0). */
  keysNotAcceptedOnce: number;
  /** First and last call (ms since the epoch), and the most calls in any 1-second window. */
  first: number;
  last: number;
  peakPerSecond: number;
}

/** The emulator's multicast log since `since` (its request timestamps, LINE's side). */
export async function multicastLog(lineUrl: string, since = 0): Promise<MulticastLog> {
  const res = await fetch(`${lineUrl}/sandbox/api/requests?endpoint=multicast`);
  const { requests } = (await res.json()) as {
    requests: Array<{ status: number; retryKey: string | null; at: string }>;
  };
  const rows = requests.filter((r) => Date.parse(r.at) >= since);
  const times = rows.map((r) => Date.parse(r.at)).sort((a, b) => a - b);
  let peak = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while ((times[hi] as number) - (times[lo] as number) >= 1000) lo++;
    peak = Math.max(peak, hi - lo + 1);
  }
  const byStatus: Record<number, number> = {};
  const perKey = new Map<string, { tries: number; accepted: number }>();
  for (const r of rows) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const k = perKey.get(r.retryKey ?? "") ?? { tries: 0, accepted: 0 };
    k.tries += 1;
    if (r.status === 200) k.accepted += 1;
    perKey.set(r.retryKey ?? "", k);
  }
  const keys = [...perKey.values()];
  return {
    calls: rows.length,
    byStatus,
    keys: keys.length,
    retriedKeys: keys.filter((k) => k.tries > 1).length,
    keysNotAcceptedOnce: keys.filter((k) => k.accepted !== 1).length,
    first: times[0] ?? 0,
    last: times.at(-1) ?? 0,
    peakPerSecond: peak,
  };
}

export interface DeliveryCheck {
  recipients: number;
  holdout: number;
  once: number;
  twice: number;
  missed: number;
  holdoutMessaged: number;
  /** Users the emulator delivered to that are not among the broadcast's recipients. */
  strangers: number;
}

/**
 * The emulator's multicast count for every member of the broadcast (`GET /sandbox/api/deliveries`)
 * against their roles in the database file.
 */
export async function checkDeliveries(lineUrl: string, dbFile: string, id: string): Promise<DeliveryCheck> {
  const res = await fetch(`${lineUrl}/sandbox/api/deliveries`);
  const { deliveries } = (await res.json()) as { deliveries: Array<{ chatId: string; multicast: number }> };
  const got = new Map(deliveries.map((d) => [d.chatId, d.multicast]));
  const { client, db } = await openLibsql(`file:${dbFile}`);
  try {
    const rows = await db.all<{ line_user_id: string; role: string }>(
      sql`SELECT line_user_id, role FROM broadcast_members WHERE broadcast_id = ${id}`,
    );
    const c: DeliveryCheck = {
      recipients: 0,
      holdout: 0,
      once: 0,
      twice: 0,
      missed: 0,
      holdoutMessaged: 0,
      strangers: 0,
    };
    const recipients = new Set<string>();
    for (const r of rows) {
      const n = got.get(r.line_user_id) ?? 0;
      if (r.role === "recipient") {
        recipients.add(r.line_user_id);
        c.recipients += 1;
        if (n === 1) c.once += 1;
        else if (n > 1) c.twice += 1;
        else c.missed += 1;
      } else if (r.role === "holdout") {
        c.holdout += 1;
        if (n > 0) c.holdoutMessaged += 1;
      }
    }
    c.strangers = [...got].filter(([user, n]) => n > 0 && !recipients.has(user)).length;
    return c;
  } finally {
    client.close();
  }
}
