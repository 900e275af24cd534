/**
 * A LINE outage played against the real app: many customers ask something a keyword rule
 * answers while the LINE emulator fails every Messaging API call for a while; then who got the
 * answer, how many times, and how long after LINE recovered.
 */
import { outboxStats } from "../src/line/outbox";
import type { LineEmulator } from "../src/sandbox/emulator";
import type { TestApp } from "./harness";
import { fault } from "./line-helpers";

/** What the helpers need of an app under test: its LINE's control API, and the admin API. */
export interface Rig {
  line: { control(path: string, init?: RequestInit): Promise<Response> };
  admin(path: string, init?: RequestInit): Promise<Response>;
  settle?(): Promise<void>;
}

export const QUESTION = "請問營業時間";
export const ANSWER = "門市營業時間 11:00–21:00，全年無休。";

export async function addHoursRule(t: Rig): Promise<void> {
  const res = await t.admin("/api/keywords", {
    method: "POST",
    body: JSON.stringify({
      match: "contains",
      pattern: "營業時間",
      replies: [{ type: "text", text: ANSWER }],
    }),
  });
  if (res.status !== 201) throw new Error(`rule not created: ${res.status} ${await res.text()}`);
}

/** Simulated users who follow the OA, made concurrently. */
export async function makeFriends(t: Rig, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, n - i) }, async (_, k) => {
        const res = await t.line.control("/users", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ displayName: `客人${i + k}`, language: "zh-TW" }),
        });
        const { userId } = (await res.json()) as { userId: string };
        await t.line.control(`/users/${userId}/follow`, { method: "POST" });
        return userId;
      }),
    );
    ids.push(...batch);
  }
  await t.settle?.();
  return ids;
}

/** Every user asks at once (each message is its own signed webhook with its own reply token). */
export async function everyoneAsks(t: Rig, users: string[]): Promise<void> {
  await Promise.all(
    users.map(async (userId) => {
      const res = await t.line.control("/messages", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          chat: { type: "user", userId },
          from: userId,
          message: { type: "text", text: QUESTION },
        }),
      });
      if (res.status !== 202) throw new Error(`message refused: ${res.status}`);
    }),
  );
}

/** LINE fails every Messaging API call for `forMs` of emulator time. */
export async function outage(t: TestApp, f: Record<string, unknown>, forMs: number): Promise<number> {
  const at = t.clock.now().getTime();
  await fault(t, { endpoint: "*", forMs, ...f });
  return at + forMs;
}

export interface Deliveries {
  /** How many times each user received the answer. */
  counts: Map<string, number>;
  /** When each user first received it (emulator time, ms). */
  firstAt: Map<string, number>;
}

export async function deliveries(t: Rig, users: string[]): Promise<Deliveries> {
  const counts = new Map<string, number>();
  const firstAt = new Map<string, number>();
  for (const userId of users) {
    const res = await t.line.control(`/chats/${userId}/log`);
    const { entries } = (await res.json()) as {
      entries: Array<{ direction: string; at: string; message: { text?: string } }>;
    };
    const got = entries.filter((e) => e.direction === "out" && e.message.text === ANSWER);
    counts.set(userId, got.length);
    if (got[0]) firstAt.set(userId, new Date(got[0].at).getTime());
  }
  return { counts, firstAt };
}

/** The p-th percentile (0–100) of how long after `recoveredAt` the answers arrived, in ms. */
export function lagPercentile(d: Deliveries, recoveredAt: number, p: number): number {
  const lags = [...d.firstAt.values()].map((at) => Math.max(0, at - recoveredAt)).sort((a, b) => a - b);
  if (lags.length === 0) return Number.POSITIVE_INFINITY;
  return lags[Math.min(lags.length - 1, Math.ceil((p / 100) * lags.length) - 1)] as number;
}

/** Manual clock: move time a second at a time, sweeping as the host's timer would. */
export async function runFor(t: TestApp, ms: number, step = 1_000): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += step) {
    t.clock.advance(step);
    await t.app.sweep();
    await t.settle();
  }
}

/**
 * Real time: resolves when every user has received the answer (the emulator says so as it logs
 * each message), or after `limitMs` with whatever arrived.
 */
export async function waitForAll(
  t: Rig & { line: { emulator: LineEmulator } },
  users: string[],
  limitMs: number,
): Promise<Deliveries> {
  const pending = new Set(users);
  for (const [userId] of (await deliveries(t, users)).firstAt) pending.delete(userId);
  if (pending.size > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, limitMs);
      const off = t.line.emulator.on((e) => {
        if (e.type !== "entry" || e.entry.direction !== "out") return;
        if ((e.entry.message as { text?: string }).text !== ANSWER) return;
        pending.delete(e.entry.chatId);
        if (pending.size === 0) done();
      });
      function done() {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  }
  return deliveries(t, users);
}

export const stats = (t: TestApp) => outboxStats(t.app.deps.db);
