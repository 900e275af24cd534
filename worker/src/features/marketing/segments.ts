/**
 * 分眾名單: saved segments and the evaluation of any rule — count, sample, pages, CSV — each one
 * query the database answers over `members m` (rule-sql.ts).
 */
import type { z } from "@hono/zod-openapi";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../../../../db/client";
import { memberScores, members, segments } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { isUniqueViolation } from "../../lib/db-errors";
import { AppError, say } from "../../lib/errors";
import { parseRule, type Rule } from "./rule";
import { ruleWhere } from "./rule-sql";
import type { SegmentMember as SegmentMemberSchema } from "./schema";

const m = alias(members, "m");

/** What a segment's member list shows of each member. */
const memberColumns = {
  memberId: m.id,
  lineUserId: m.lineUserId,
  memberCode: m.memberCode,
  displayName: m.displayName,
  name: m.name,
  tier: m.tier,
  homeStoreId: m.homeStoreId,
  referrerStaffId: m.referrerStaffId,
  points: m.pointsBalance,
  following: sql<boolean>`${m.friendship} = 'friend'`.mapWith(Boolean),
  marketingConsent: sql<boolean>`${m.marketingOptOutAt} IS NULL`.mapWith(Boolean),
  rfmGroup: sql<
    string | null
  >`(SELECT ${memberScores.rfmGroup} FROM ${memberScores} WHERE ${memberScores.memberId} = ${m.id})`,
};
export type SegmentMember = z.infer<typeof SegmentMemberSchema>;

export async function countRule(db: Db, rule: Rule, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(m)
    .where(ruleWhere(rule, now));
  return row?.n ?? 0;
}

/** A page of the rule's members by id; `after` is the last id of the page before. */
export async function pageRule(
  db: Db,
  rule: Rule,
  now: Date,
  opts: { after?: string; limit: number },
): Promise<{ members: SegmentMember[]; nextCursor: string | null }> {
  const rows = await db
    .select(memberColumns)
    .from(m)
    .where(opts.after ? and(ruleWhere(rule, now), gt(m.id, opts.after)) : ruleWhere(rule, now))
    .orderBy(asc(m.id))
    .limit(opts.limit + 1);
  const more = rows.length > opts.limit;
  const page = more ? rows.slice(0, opts.limit) : rows;
  return { members: page, nextCursor: more ? (page[page.length - 1]?.memberId ?? null) : null };
}

export async function previewRule(deps: AppDeps, rule: Rule, sampleSize = 10) {
  const now = deps.clock.now();
  const [count, sample] = await Promise.all([
    countRule(deps.db, rule, now),
    pageRule(deps.db, rule, now, { limit: sampleSize }),
  ]);
  return { count, sample: sample.members };
}

export type SegmentRow = typeof segments.$inferSelect;

export const segmentJson = (s: SegmentRow) => ({
  id: s.id,
  name: s.name,
  rule: s.rule,
  count: s.lastCount ?? 0,
  countedAt: s.countedAt?.toISOString() ?? null,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

const nameTaken = (name: string) =>
  new AppError("CONFLICT", say(`已有名為「${name}」的名單。`, `A segment named "${name}" already exists.`), {
    field: "name",
  });

export async function createSegment(deps: AppDeps, input: { name: string; rule: unknown }) {
  const rule = parseRule(input.rule);
  const now = deps.clock.now();
  const count = await countRule(deps.db, rule, now);
  const id = deps.ids.id("seg");
  try {
    await deps.db.insert(segments).values({
      id,
      name: input.name,
      rule: rule,
      lastCount: count,
      countedAt: now,
      createdAt: now,
      updatedAt: now,
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name);
    throw err;
  }
  return segmentJson(await requireSegment(deps.db, id));
}

export async function requireSegment(db: Db, id: string): Promise<SegmentRow> {
  const [row] = await db.select().from(segments).where(eq(segments.id, id));
  if (!row) throw new AppError("NOT_FOUND", say("找不到此名單。", `No segment ${id}.`));
  return row;
}

export async function listSegments(db: Db) {
  return (await db.select().from(segments).orderBy(asc(segments.name))).map(segmentJson);
}

export async function updateSegment(deps: AppDeps, id: string, input: { name?: string; rule?: unknown }) {
  const existing = await requireSegment(deps.db, id);
  const rule = input.rule === undefined ? existing.rule : parseRule(input.rule);
  const now = deps.clock.now();
  const count = await countRule(deps.db, rule, now);
  try {
    await deps.db
      .update(segments)
      .set({
        name: input.name ?? existing.name,
        rule: rule,
        lastCount: count,
        countedAt: now,
        updatedAt: now,
      })
      .where(eq(segments.id, id));
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name ?? existing.name);
    throw err;
  }
  return segmentJson(await requireSegment(deps.db, id));
}

export async function deleteSegment(db: Db, id: string): Promise<void> {
  const gone = await db.delete(segments).where(eq(segments.id, id)).returning({ id: segments.id });
  if (gone.length === 0) throw new AppError("NOT_FOUND", say("找不到此名單。", `No segment ${id}.`));
}

/** A segment's members now (re-evaluated), a page at a time; also refreshes its stored count. */
export async function segmentMembers(deps: AppDeps, id: string, opts: { after?: string; limit: number }) {
  const seg = await requireSegment(deps.db, id);
  const rule = seg.rule;
  const now = deps.clock.now();
  const [count, page] = await Promise.all([
    countRule(deps.db, rule, now),
    pageRule(deps.db, rule, now, opts),
  ]);
  if (count !== seg.lastCount)
    await deps.db.update(segments).set({ lastCount: count, countedAt: now }).where(eq(segments.id, id));
  return { count, ...page };
}
