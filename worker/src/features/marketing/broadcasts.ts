/**
 * 群發 (broadcasts): creating one fixes its recipients — the rule's followers with consent, in one
 * INSERT … SELECT, and the holdout drawn from them at random in SQL — so nothing later changes
 * who it is for; progress is read from its chunks' outbox rows.
 */
import type { z } from "@hono/zod-openapi";
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { broadcastMembers, broadcasts, couponTemplates, members } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import type { LineMessage } from "../../ports/line";
import { isPersonal } from "./broadcast-messages";
import { readQuota } from "./broadcast-quota";
import type { Broadcast, BroadcastSummary, CreateBroadcastInput } from "./broadcast-schema";
import { parseRule, type Rule } from "./rule";
import { ruleWhere } from "./rule-sql";
import { requireSegment } from "./segments";
import { selectColumns } from "./select-columns";

export type BroadcastRow = typeof broadcasts.$inferSelect;

export async function requireBroadcast(db: Db, id: string): Promise<BroadcastRow> {
  const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, id));
  if (!row) throw new AppError("NOT_FOUND", say("找不到此群發。", `No broadcast ${id}.`));
  return row;
}

/**
 * Creates a draft: one batch inserts the broadcast, its recipients (INSERT … SELECT over the
 * rule: following the OA, marketing consent not withdrawn), draws exactly
 * round(eligible × holdoutPercent / 100) of them into the holdout (ORDER BY random()), and counts.
 */
export async function createBroadcast(deps: AppDeps, input: CreateBroadcastInput) {
  const { db } = deps;
  const segment = input.segmentId ? await requireSegment(db, input.segmentId) : undefined;
  const rule: Rule = segment ? segment.rule : parseRule(input.rule);
  if (input.couponTemplateId) {
    const [tpl] = await db
      .select({ id: couponTemplates.id })
      .from(couponTemplates)
      .where(eq(couponTemplates.id, input.couponTemplateId));
    if (!tpl)
      throw new AppError(
        "NOT_FOUND",
        say(`找不到優惠券範本 ${input.couponTemplateId}。`, `No coupon template ${input.couponTemplateId}.`),
        { field: "couponTemplateId" },
      );
  }
  const now = deps.clock.now();
  const id = deps.ids.id("brd");
  await batch(db, [
    db.insert(broadcasts).values({
      id,
      name: input.name,
      state: "draft",
      segmentId: segment?.id ?? null,
      rule: rule,
      messages: input.messages as LineMessage[],
      holdoutPercent: input.holdoutPercent,
      attributionDays: input.attributionDays,
      couponTemplateId: input.couponTemplateId ?? null,
      aggregationUnit: input.aggregationUnit ?? null,
      scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null,
      eligible: 0,
      recipients: 0,
      holdout: 0,
      createdAt: now,
      updatedAt: now,
    }),
    db.insert(broadcastMembers).select(
      sql`SELECT ${selectColumns(broadcastMembers, {
        broadcastId: sql`${id}`,
        memberId: sql`m.id`,
        lineUserId: sql`m.line_user_id`,
        role: sql`'recipient'`,
      })} FROM members m
      WHERE ${ruleWhere(rule, now)} AND m.friendship = 'friend' AND m.marketing_opt_out_at IS NULL`,
    ),
    db
      .update(broadcastMembers)
      .set({ role: "holdout" })
      .where(sql`broadcast_id = ${id} AND member_id IN (
        SELECT member_id FROM broadcast_members WHERE broadcast_id = ${id}
        ORDER BY random()
        LIMIT (SELECT CAST(round(count(*) * ${sql.raw(String(input.holdoutPercent))} / 100.0) AS INTEGER)
               FROM broadcast_members WHERE broadcast_id = ${id}))`),
    db
      .update(broadcasts)
      .set({
        eligible: countOf(id),
        recipients: countOf(id, "recipient"),
        holdout: countOf(id, "holdout"),
        updatedAt: now,
      })
      .where(eq(broadcasts.id, id)),
  ]);
  const view = await broadcastView(deps, id);
  return { ...view, quota: await readQuota(deps, view.countedMessages) };
}

type ChunkTally = { state: string; retrying: boolean; chunks: number; recipients: number };

async function chunkTallies(db: Db, id?: string): Promise<Map<string, ChunkTally[]>> {
  const rows = await db.all<{ b: string; state: string; retrying: number; n: number; size: number }>(sql`
    SELECT c.broadcast_id AS b, o.state AS state, (o.state = 'queued' AND o.attempts > 0) AS retrying,
           count(*) AS n, sum(c.size) AS size
    FROM broadcast_chunks c JOIN outbox_messages o ON o.id = c.outbox_id
    ${id ? sql`WHERE c.broadcast_id = ${id}` : sql``}
    GROUP BY 1, 2, 3`);
  const out = new Map<string, ChunkTally[]>();
  for (const r of rows) {
    const list = out.get(r.b) ?? [];
    list.push({ state: r.state, retrying: !!r.retrying, chunks: Number(r.n), recipients: Number(r.size) });
    out.set(r.b, list);
  }
  return out;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;
const recipientsIn = (tallies: ChunkTally[], state: string) =>
  tallies.filter((x) => x.state === state).reduce((n, x) => n + x.recipients, 0);

function summaryJson(b: BroadcastRow, tallies: ChunkTally[]): z.infer<typeof BroadcastSummary> {
  return {
    id: b.id,
    name: b.name,
    state: b.state,
    delivery: isPersonal(b.messages) ? "push" : "multicast",
    eligible: b.eligible,
    recipients: b.recipients,
    holdout: b.holdout,
    capped: b.capped,
    excluded: b.excluded,
    // Each recipient counts once, however many message objects (≤ 5) one request carries.
    countedMessages: b.recipients,
    sent: recipientsIn(tallies, "sent"),
    failed: recipientsIn(tallies, "failed"),
    scheduledAt: iso(b.scheduledAt),
    startsAt: iso(b.startsAt),
    startedAt: iso(b.startedAt),
    finishedAt: iso(b.finishedAt),
    createdAt: b.createdAt.toISOString(),
  };
}

/** One broadcast with its progress (settled first: `sent`/`failed` once no chunk is left to send). */
export async function broadcastView(deps: AppDeps, id: string): Promise<z.infer<typeof Broadcast>> {
  const { db } = deps;
  await settleBroadcasts(db, deps.clock.now(), id);
  const b = await requireBroadcast(db, id);
  const tallies = (await chunkTallies(db, id)).get(id) ?? [];
  const count = (state: string) => tallies.filter((x) => x.state === state).reduce((n, x) => n + x.chunks, 0);
  const failures = await db.all<{
    chunk: number;
    size: number;
    status: number | null;
    reason: string | null;
  }>(
    sql`SELECT c.chunk AS chunk, c.size AS size, o.last_status AS status, o.last_error AS reason
        FROM broadcast_chunks c JOIN outbox_messages o ON o.id = c.outbox_id
        WHERE c.broadcast_id = ${id} AND o.state = 'failed' ORDER BY c.chunk LIMIT 20`,
  );
  return {
    ...summaryJson(b, tallies),
    segmentId: b.segmentId,
    rule: b.rule,
    messages: b.messages,
    holdoutPercent: b.holdoutPercent,
    attributionDays: b.attributionDays,
    couponTemplateId: b.couponTemplateId,
    aggregationUnit: b.aggregationUnit,
    overQuotaConfirmedAt: iso(b.overQuotaConfirmedAt),
    heldBack: b.heldBack ?? null,
    cancelledAt: iso(b.cancelledAt),
    cancelledRecipients: recipientsIn(tallies, "cancelled"),
    chunks: {
      total: tallies.reduce((n, x) => n + x.chunks, 0),
      queued: count("queued"),
      retrying: tallies.filter((x) => x.retrying).reduce((n, x) => n + x.chunks, 0),
      sending: count("sending"),
      sent: count("sent"),
      failed: count("failed"),
      cancelled: count("cancelled"),
    },
    failures: failures.map((f) => ({
      chunk: Number(f.chunk),
      size: Number(f.size),
      status: f.status === null ? null : Number(f.status),
      reason: f.reason,
    })),
  };
}

/** The newest 100 broadcasts with their figures. */
export async function listBroadcasts(deps: AppDeps) {
  await settleBroadcasts(deps.db, deps.clock.now());
  const rows = await deps.db.select().from(broadcasts).orderBy(desc(broadcasts.createdAt)).limit(100);
  const tallies = await chunkTallies(deps.db);
  return rows.map((b) => summaryJson(b, tallies.get(b.id) ?? []));
}

/**
 * A started broadcast with no chunk left queued or sending is finished: `sent`, or `failed` when
 * it had chunks and LINE took none; a cancelled one keeps its state and gets its finish time.
 * One conditional update, safe to run from anywhere (a read, the sweep, two at once).
 */
export function settleBroadcasts(db: Db, now: Date, id?: string) {
  const active = sql`SELECT 1 FROM broadcast_chunks c JOIN outbox_messages o ON o.id = c.outbox_id
    WHERE c.broadcast_id = broadcasts.id AND o.state IN ('queued', 'sending')`;
  const anySent = sql`SELECT 1 FROM broadcast_chunks c JOIN outbox_messages o ON o.id = c.outbox_id
    WHERE c.broadcast_id = broadcasts.id AND o.state = 'sent'`;
  return db
    .update(broadcasts)
    .set({
      state: sql`CASE WHEN state = 'cancelled' THEN 'cancelled'
                 WHEN chunks > 0 AND NOT EXISTS (${anySent}) THEN 'failed' ELSE 'sent' END`,
      finishedAt: now,
      updatedAt: now,
    })
    .where(
      sql`state IN ('sending', 'cancelled') AND started_at IS NOT NULL AND finished_at IS NULL
        ${id ? sql`AND id = ${id}` : sql``} AND NOT EXISTS (${active})`,
    );
}

/** Members of a broadcast (of one role): for the counts kept on its row. */
export const countOf = (id: string, role?: string) =>
  sql<number>`(SELECT count(*) FROM broadcast_members WHERE broadcast_id = ${id}${role ? sql` AND role = ${role}` : sql``})`;

/** A member by LINE user id, for the test send and claims. */
export async function memberByLineUser(db: Db, lineUserId: string) {
  const [m] = await db.select().from(members).where(eq(members.lineUserId, lineUserId));
  return m;
}
