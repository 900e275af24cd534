/**
 * RFM(+I) 分群: every member's recency, frequency, money and interactions, scored 1–5 by quintile
 * and grouped by the R × FM map (rfm-catalogue.ts). The whole brand is scored in one batch — a
 * DELETE and one INSERT … SELECT whose window functions rank everyone at once — never a loop
 * over members, so 100k members and 1M purchases take seconds on the embedded libSQL file.
 *
 * - Purchases of every channel count (a paid live order already is one, channel `live`), net of
 *   refunds, within RFM_WINDOW_DAYS; only members who bought in it are scored (a row here), the
 *   rest have no row and are `none` to segments. Deleted members are never scored.
 * - R = days since the last purchase, F = purchases, M = net spend; I = inbound chat messages,
 *   live comments and LIFF visit days in RFM_INTERACTION_DAYS.
 * - A score is the value's quintile among those scored, NTILE(5)'s tiles (higher is better: R 5 =
 *   most recent), except that members with the same value share a score — the tile their value
 *   starts in — so two members with the same numbers never differ and a score follows from its
 *   value alone.
 */
import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { appSettings, memberScores, members } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import { errorMessage } from "../../lib/log";
import { localDay } from "../loyalty";
import { fmScore, RFM_GROUP_ORDER, RFM_MAP, type RfmGroup, rfmGroupJson } from "./rfm-catalogue";

export const RFM_WINDOW_DAYS = 365;
export const RFM_INTERACTION_DAYS = 90;
const DAY_MS = 86_400_000;

/** App settings: the brand day the sweep last scored, and when the last scoring (any) ran. */
export const RFM_SETTINGS = { sweepDay: "sweep:rfm", lastRun: "rfm:last_run" } as const;

/** `CASE r * 10 + fm WHEN 51 THEN 'new' … END`, from the map (our own constants, so inlined). */
const groupCase: SQL = (() => {
  const whens = RFM_MAP.flatMap((row, i) =>
    row.map((group, j) => {
      if (!/^[a-z_]+$/.test(group)) throw new Error(`bad RFM group ${group}`);
      return `WHEN ${(5 - i) * 10 + (j + 1)} THEN '${group}'`;
    }),
  );
  return sql.raw(`CASE r * 10 + (f + m + 1) / 2 ${whens.join(" ")} END`);
})();

/**
 * NTILE(5)'s tile of row `rank` of n (the first n % 5 tiles hold one row more). Fed RANK() — the
 * first row of a value's ties — it gives every tie the tile its value starts in: NTILE's tiles,
 * without NTILE splitting equal values between two tiles by chance.
 */
const tile = (rank: string): SQL =>
  sql.raw(
    `(CASE WHEN ${rank} <= (n % 5) * (n / 5 + 1) THEN (${rank} - 1) / (n / 5 + 1) + 1 ELSE (n % 5) + (${rank} - 1 - (n % 5) * (n / 5 + 1)) / (n / 5) + 1 END)`,
  );

/** The one statement that scores everyone who bought in the window ending `now`. */
function scoreStatement(db: Db, now: number) {
  const since = now - RFM_WINDOW_DAYS * DAY_MS;
  const sinceI = now - RFM_INTERACTION_DAYS * DAY_MS;
  // A drizzle insert-select (columns in the table's order), not db.run: drizzle's D1 batch cannot
  // bind a raw statement's parameters.
  return db.insert(memberScores).select(sql`
WITH bought AS (
  SELECT p.member_id AS member_id, COUNT(*) AS frequency,
    SUM(p.paid - p.refunded_amount) AS monetary, MAX(p.created_at) AS last_at
  FROM purchases p INDEXED BY purchases_created_idx
  WHERE p.created_at >= ${since} AND p.created_at <= ${now} AND p.member_id IS NOT NULL
  GROUP BY p.member_id
),
touches AS (
  SELECT member_id, COUNT(*) AS n FROM (
    SELECT m.id AS member_id FROM conversation_messages cm
      JOIN conversations c ON c.id = cm.conversation_id
      JOIN members m ON m.line_user_id = c.line_user_id
      WHERE cm.direction = 'in' AND cm.created_at >= ${sinceI} AND cm.created_at <= ${now}
    UNION ALL
    SELECT m.id FROM live_comments lc
      JOIN live_buyers lb ON lb.id = lc.buyer_id
      JOIN members m ON m.line_user_id = lb.line_user_id
      WHERE lc.received_at >= ${sinceI} AND lc.received_at <= ${now}
    UNION ALL
    SELECT v.member_id FROM member_visits v WHERE v.at >= ${sinceI} AND v.at <= ${now}
  ) GROUP BY member_id
),
base AS (
  SELECT b.member_id, CAST((${now} - b.last_at) / ${DAY_MS} AS INTEGER) AS recency_days, b.frequency, b.monetary,
    COALESCE(t.n, 0) AS interactions
  FROM bought b
    JOIN members m ON m.id = b.member_id AND m.deleted_at IS NULL
    LEFT JOIN touches t ON t.member_id = b.member_id
),
ranked AS (
  SELECT *, COUNT(*) OVER () AS n,
    RANK() OVER (ORDER BY recency_days DESC) AS rr, RANK() OVER (ORDER BY frequency) AS fr,
    RANK() OVER (ORDER BY monetary) AS mr, RANK() OVER (ORDER BY interactions) AS ir
  FROM base
),
scores AS (
  SELECT member_id, recency_days, frequency, monetary, interactions,
    ${tile("rr")} AS r, ${tile("fr")} AS f, ${tile("mr")} AS m, ${tile("ir")} AS i
  FROM ranked
)
SELECT member_id, recency_days, frequency, monetary, interactions, r, f, m, i, ${groupCase}, ${now}
FROM scores`);
}

export interface RfmCounts {
  computedAt: string;
  scored: number;
  groups: Array<{ code: RfmGroup; zh: string; en: string; size: number }>;
}

/** Scores everyone now, in one batch (readers see the old scores or the new, never a mix). */
export async function recomputeRfm(deps: Pick<AppDeps, "db" | "clock">): Promise<RfmCounts> {
  const { db } = deps;
  const now = deps.clock.now();
  const at = now.toISOString();
  const [, , , rows] = await batch(db, [
    db.delete(memberScores),
    scoreStatement(db, now.getTime()),
    db
      .insert(appSettings)
      .values({ key: RFM_SETTINGS.lastRun, value: at })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: at } }),
    db
      .select({ group: memberScores.rfmGroup, n: sql<number>`count(*)`.mapWith(Number) })
      .from(memberScores)
      .groupBy(memberScores.rfmGroup),
  ]);
  const by = new Map(rows.map((r) => [r.group, r.n]));
  return {
    computedAt: at,
    scored: rows.reduce((n, r) => n + r.n, 0),
    groups: RFM_GROUP_ORDER.map((code) => ({ ...rfmGroupJson(code), size: by.get(code) ?? 0 })),
  };
}

/**
 * The sweep's scoring: at most once per brand day (Asia/Taipei by default). The day is claimed by
 * one conditional upsert, so two hosts sweeping at once score once; a failed run gives the day
 * back and is logged, not thrown, so the sweeps after it (broadcasts) still run.
 */
export async function sweepRfm(deps: AppDeps): Promise<RfmCounts | null> {
  const day = localDay(deps.clock.now(), deps.config.brand.timeZone);
  // Most sweeps (every minute) end here, with a read: no write lock taken to learn it is done.
  const [done] = await deps.db
    .select({ day: appSettings.value })
    .from(appSettings)
    .where(eq(appSettings.key, RFM_SETTINGS.sweepDay));
  if (done && done.day >= day) return null;
  const claimed = await deps.db
    .insert(appSettings)
    .values({ key: RFM_SETTINGS.sweepDay, value: day })
    .onConflictDoUpdate({
      target: appSettings.key,
      set: { value: day },
      setWhere: sql`${appSettings.value} < ${day}`,
    })
    .returning({ key: appSettings.key });
  if (claimed.length === 0) return null;
  try {
    return await recomputeRfm(deps);
  } catch (err) {
    deps.log.error("RFM scoring failed", { day, error: errorMessage(err) });
    await deps.db
      .delete(appSettings)
      .where(and(eq(appSettings.key, RFM_SETTINGS.sweepDay), eq(appSettings.value, day)));
    return null;
  }
}

async function lastRun(db: Db): Promise<string | null> {
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, RFM_SETTINGS.lastRun));
  return row?.value ?? null;
}

/** The R × FM grid: each group's size and each of the 25 cells', over members not deleted. */
export async function rfmGrid(db: Db) {
  const fm = sql<number>`(${memberScores.f} + ${memberScores.m} + 1) / 2`.mapWith(Number);
  const [cells, [totals], computedAt] = await Promise.all([
    db
      .select({ r: memberScores.r, fm, n: sql<number>`count(*)`.mapWith(Number) })
      .from(memberScores)
      .innerJoin(members, and(eq(members.id, memberScores.memberId), isNull(members.deletedAt)))
      .groupBy(memberScores.r, fm),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(members)
      .where(isNull(members.deletedAt)),
    lastRun(db),
  ]);
  const size = (r: number, f: number) => cells.find((c) => c.r === r && c.fm === f)?.n ?? 0;
  const grid = RFM_MAP.flatMap((row, i) =>
    row.map((group, j) => ({ r: 5 - i, fm: j + 1, group, size: size(5 - i, j + 1) })),
  );
  const scored = grid.reduce((n, c) => n + c.size, 0);
  return {
    computedAt,
    windowDays: RFM_WINDOW_DAYS,
    interactionDays: RFM_INTERACTION_DAYS,
    scored,
    unscored: (totals?.n ?? 0) - scored,
    groups: RFM_GROUP_ORDER.map((code) => ({
      ...rfmGroupJson(code),
      size: grid.filter((c) => c.group === code).reduce((n, c) => n + c.size, 0),
    })),
    cells: grid,
  };
}

/** One member's scores and the values behind them ("why am I a champion"). */
export async function memberRfm(db: Db, memberId: string) {
  const [[row], computedAt] = await Promise.all([
    db
      .select({ id: members.id, score: memberScores })
      .from(members)
      .leftJoin(memberScores, eq(memberScores.memberId, members.id))
      .where(and(eq(members.id, memberId), isNull(members.deletedAt))),
    lastRun(db),
  ]);
  if (!row) throw new AppError("NOT_FOUND", say("找不到此會員。", `No member ${memberId}.`));
  const s = row.score;
  const group = (s?.rfmGroup ?? null) as RfmGroup | null;
  return {
    memberId: row.id,
    computedAt: s?.computedAt.toISOString() ?? computedAt,
    windowDays: RFM_WINDOW_DAYS,
    interactionDays: RFM_INTERACTION_DAYS,
    group: group ? rfmGroupJson(group) : null,
    scores: s ? { r: s.r, f: s.f, m: s.m, i: s.i, fm: fmScore(s.f, s.m) } : null,
    values: s
      ? {
          recencyDays: s.recencyDays ?? 0,
          frequency: s.frequency,
          monetary: s.monetary,
          interactions: s.interactions,
        }
      : null,
  };
}
