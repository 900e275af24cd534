/**
 * 標籤: a member's tags, each saying where it came from (`member_tags.source`): `admin`,
 * `agent:<staffId>` (the inbox), `csv` (a bulk upload), `keyword:<ruleId>` (an auto-reply rule)
 * or `rule:<tagRuleId>` (kept current by tag-rules.ts). A member has a tag once, whatever its
 * source: adding one the member has changes nothing, and a rule never takes over a tag given by
 * hand. Every write is one statement whose conflict or row count decides.
 */
import { and, asc, eq, isNull, notLike, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { members, memberTags } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";

/** The most member codes one bulk upload may name. */
export const BULK_TAG_LIMIT = 10_000;

export type TagSource = "admin" | "csv" | `agent:${string}`;

const noMember = (memberId: string) =>
  new AppError("NOT_FOUND", say("找不到此會員。", `No member ${memberId}.`));

/** Every tag with how many members have it, per source (deleted members not counted). */
export async function listTags(db: Db) {
  const rows = await db
    .select({ tag: memberTags.tag, source: memberTags.source, n: sql<number>`count(*)`.mapWith(Number) })
    .from(memberTags)
    .innerJoin(members, and(eq(members.id, memberTags.memberId), isNull(members.deletedAt)))
    .groupBy(memberTags.tag, memberTags.source)
    .orderBy(asc(memberTags.tag), asc(memberTags.source));
  const tags = new Map<
    string,
    { tag: string; members: number; sources: Array<{ source: string; members: number }> }
  >();
  for (const r of rows) {
    const t = tags.get(r.tag) ?? { tag: r.tag, members: 0, sources: [] };
    t.members += r.n;
    t.sources.push({ source: r.source, members: r.n });
    tags.set(r.tag, t);
  }
  return [...tags.values()];
}

async function requireMember(db: Db, memberId: string): Promise<void> {
  const [m] = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.id, memberId), isNull(members.deletedAt)));
  if (!m) throw noMember(memberId);
}

/** A member's tags, oldest first, with where each came from. */
export async function memberTagList(db: Db, memberId: string) {
  await requireMember(db, memberId);
  const rows = await db
    .select()
    .from(memberTags)
    .where(eq(memberTags.memberId, memberId))
    .orderBy(asc(memberTags.createdAt), asc(memberTags.tag));
  return rows.map((r) => ({ tag: r.tag, source: r.source, createdAt: r.createdAt.toISOString() }));
}

/**
 * Gives a member a tag by hand (admin or agent). `added` false: the member had it already, and
 * `source` says from where.
 */
export async function addMemberTag(
  deps: Pick<AppDeps, "db" | "clock">,
  memberId: string,
  tag: string,
  source: TagSource,
): Promise<{ memberId: string; tag: string; source: string; added: boolean }> {
  const { db } = deps;
  const now = deps.clock.now().getTime();
  const added = await db
    .insert(memberTags)
    .select(
      db
        .select({
          memberId: members.id,
          tag: sql<string>`${tag}`.as("tag"),
          source: sql<string>`${source}`.as("source"),
          createdAt: sql<Date>`${now}`.as("created_at"),
        })
        .from(members)
        .where(and(eq(members.id, memberId), isNull(members.deletedAt))),
    )
    .onConflictDoNothing()
    .returning({ source: memberTags.source });
  if (added[0]) return { memberId, tag, source, added: true };
  const [had] = await db
    .select({ source: memberTags.source })
    .from(memberTags)
    .innerJoin(members, and(eq(members.id, memberTags.memberId), isNull(members.deletedAt)))
    .where(and(eq(memberTags.memberId, memberId), eq(memberTags.tag, tag)));
  if (!had) throw noMember(memberId);
  return { memberId, tag, source: had.source, added: false };
}

/**
 * Takes a tag off a member. A rule's tag is refused (409): the rule would give it back — change
 * the rule instead.
 */
export async function removeMemberTag(db: Db, memberId: string, tag: string): Promise<void> {
  const gone = await db
    .delete(memberTags)
    .where(
      and(eq(memberTags.memberId, memberId), eq(memberTags.tag, tag), notLike(memberTags.source, "rule:%")),
    )
    .returning({ tag: memberTags.tag });
  if (gone.length > 0) return;
  await requireMember(db, memberId);
  const [left] = await db
    .select({ source: memberTags.source })
    .from(memberTags)
    .where(and(eq(memberTags.memberId, memberId), eq(memberTags.tag, tag)));
  if (!left)
    throw new AppError("NOT_FOUND", say(`此會員沒有標籤「${tag}」。`, `The member has no tag "${tag}".`));
  throw new AppError(
    "CONFLICT",
    say(
      `標籤「${tag}」由規則標籤維護，請修改規則。`,
      `The tag "${tag}" is kept by a tag rule; change the rule instead.`,
    ),
    { source: left.source },
  );
}

/** Member codes from an upload: the first cell of each row, a header row (`memberCode`) left out. */
export function codesFromCsv(rows: string[][]): string[] {
  const first = rows.map((r) => (r[0] ?? "").trim().replace(/^'/, ""));
  if (first[0] !== undefined && /^(member_?code|會員(編號|代碼|卡號))$/i.test(first[0])) first.shift();
  return first;
}

export interface BulkTagResult {
  tag: string;
  source: "csv";
  /** Codes in the upload (blank cells left out), and how many of them repeated an earlier one. */
  received: number;
  duplicates: number;
  added: number;
  alreadyHad: number;
  /** Codes no member (not deleted) has, as uploaded. */
  unknown: number;
  unknownCodes: string[];
}

/**
 * Tags the members with these codes (source `csv`): one INSERT … SELECT … ON CONFLICT DO
 * NOTHING over the codes bound as one JSON array (`json_each`), so 10,000 codes are one
 * statement whatever the database's parameter limit; the unknown codes are found in the same
 * batch.
 */
export async function bulkTag(
  deps: Pick<AppDeps, "db" | "clock">,
  tag: string,
  uploaded: string[],
): Promise<BulkTagResult> {
  const { db } = deps;
  const codes = uploaded.map((c) => c.trim()).filter((c) => c !== "");
  const distinct = [...new Set(codes)];
  if (distinct.length === 0)
    throw new AppError("VALIDATION_FAILED", say("沒有會員編號。", "No member codes were sent."), {
      reason: "REQUIRED",
      field: "memberCodes",
    });
  if (distinct.length > BULK_TAG_LIMIT)
    throw new AppError(
      "VALIDATION_FAILED",
      say(
        `一次最多 ${BULK_TAG_LIMIT.toLocaleString("en-US")} 個會員編號。`,
        `At most ${BULK_TAG_LIMIT.toLocaleString("en-US")} member codes at a time.`,
      ),
      { reason: "TOO_LARGE", field: "memberCodes", max: BULK_TAG_LIMIT },
    );
  const list = JSON.stringify(distinct);
  const now = deps.clock.now().getTime();
  // Drizzle builders, not db.all/db.run: drizzle's D1 batch cannot bind a raw statement's parameters.
  const [unknownRows, addedRows] = await batch(db, [
    db
      .select({ code: sql<string>`j.value` })
      .from(sql`json_each(${list}) j`)
      .where(sql`NOT EXISTS (SELECT 1 FROM members m WHERE m.member_code = j.value AND m.deleted_at IS NULL)`)
      .orderBy(sql`j.key`),
    db
      .insert(memberTags)
      .select(
        sql`SELECT m.id, ${tag}, 'csv', ${now} FROM members m WHERE m.member_code IN (SELECT value FROM json_each(${list})) AND m.deleted_at IS NULL`,
      )
      .onConflictDoNothing()
      .returning({ memberId: memberTags.memberId }),
  ]);
  const unknownCodes = unknownRows.map((r) => r.code);
  return {
    tag,
    source: "csv",
    received: codes.length,
    duplicates: codes.length - distinct.length,
    added: addedRows.length,
    alreadyHad: distinct.length - unknownCodes.length - addedRows.length,
    unknown: unknownCodes.length,
    unknownCodes,
  };
}
