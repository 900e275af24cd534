/**
 * 規則標籤: a tag the brand defines by a segment rule. Running a rule makes the `member_tags` rows
 * with source `rule:<id>` exactly its members, in one batch: an INSERT … SELECT of the members who
 * match and lack the tag, a DELETE of the rule's rows whose members stopped matching (or were
 * deleted) — the database decides both, never a loop over members. A member who has the tag from
 * elsewhere (by hand, a keyword) keeps that row and source: the insert skips them, the delete
 * touches only the rule's own rows. The sweep runs each enabled rule every TAG_RULE_EVERY_MS;
 * saving a rule runs it at once.
 */
import { and, asc, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { memberTags, tagRules } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { isUniqueViolation } from "../../lib/db-errors";
import { AppError, say } from "../../lib/errors";
import { errorMessage } from "../../lib/log";
import { parseRule } from "./rule";
import { ruleWhere } from "./rule-sql";

/** How often the sweep brings a rule's tags up to date. */
export const TAG_RULE_EVERY_MS = 10 * 60_000;

export type TagRuleRow = typeof tagRules.$inferSelect;

export const tagRuleJson = (r: TagRuleRow) => ({
  id: r.id,
  tag: r.tag,
  rule: r.rule,
  enabled: r.enabled,
  source: `rule:${r.id}`,
  lastRunAt: r.lastRunAt?.toISOString() ?? null,
  lastCount: r.lastCount,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const notFound = (id: string) => new AppError("NOT_FOUND", say("找不到此規則標籤。", `No tag rule ${id}.`));
const tagTaken = (tag: string) =>
  new AppError("CONFLICT", say(`已有規則維護標籤「${tag}」。`, `A tag rule for "${tag}" already exists.`), {
    field: "tag",
  });

export async function requireTagRule(db: Db, id: string): Promise<TagRuleRow> {
  const [row] = await db.select().from(tagRules).where(eq(tagRules.id, id));
  if (!row) throw notFound(id);
  return row;
}

export async function listTagRules(db: Db) {
  return (await db.select().from(tagRules).orderBy(asc(tagRules.tag))).map(tagRuleJson);
}

export interface TagRuleRun {
  id: string;
  tag: string;
  added: number;
  removed: number;
  /** Members with the tag from this rule after the run. */
  count: number;
  ranAt: string;
}

/** Brings one rule's tags up to date now (whether or not it is enabled: the caller decides). */
export async function runTagRule(deps: Pick<AppDeps, "db" | "clock">, row: TagRuleRow): Promise<TagRuleRun> {
  const { db } = deps;
  const now = deps.clock.now();
  const source = `rule:${row.id}`;
  const where = ruleWhere(row.rule, now);
  // Drizzle builders, not db.all/db.run: drizzle's D1 batch cannot bind a raw statement's parameters.
  const [added, removed, [updated]] = await batch(db, [
    db
      .insert(memberTags)
      .select(sql`SELECT m.id, ${row.tag}, ${source}, ${now.getTime()} FROM members m WHERE ${where}`)
      .onConflictDoNothing()
      .returning({ memberId: memberTags.memberId }),
    db
      .delete(memberTags)
      .where(
        sql`source = ${source} AND (tag <> ${row.tag} OR member_id NOT IN (SELECT m.id FROM members m WHERE ${where}))`,
      )
      .returning({ memberId: memberTags.memberId }),
    db
      .update(tagRules)
      .set({
        lastRunAt: now,
        lastCount: sql`(SELECT count(*) FROM member_tags WHERE source = ${source})`,
      })
      .where(eq(tagRules.id, row.id))
      .returning({ count: tagRules.lastCount }),
  ]);
  return {
    id: row.id,
    tag: row.tag,
    added: added.length,
    removed: removed.length,
    count: updated?.count ?? 0,
    ranAt: now.toISOString(),
  };
}

export async function createTagRule(
  deps: AppDeps,
  input: { tag: string; rule: unknown; enabled?: boolean | undefined },
) {
  const rule = parseRule(input.rule);
  const now = deps.clock.now();
  const id = deps.ids.id("trl");
  try {
    await deps.db.insert(tagRules).values({
      id,
      tag: input.tag,
      rule: rule,
      enabled: input.enabled ?? true,
      createdAt: now,
      updatedAt: now,
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw tagTaken(input.tag);
    throw err;
  }
  return saved(deps, id);
}

/** After a save: an enabled rule is run at once, so its count is current when answered. */
async function saved(deps: AppDeps, id: string) {
  const row = await requireTagRule(deps.db, id);
  if (row.enabled) await runTagRule(deps, row);
  return tagRuleJson(await requireTagRule(deps.db, id));
}

/**
 * Changes a rule's tag, rule or whether it runs. A new tag moves the rule's members to it (the
 * run drops the rows of the old name). Disabling keeps the tags as they are, no longer updated.
 */
export async function updateTagRule(
  deps: AppDeps,
  id: string,
  input: { tag?: string | undefined; rule?: unknown; enabled?: boolean | undefined },
) {
  const existing = await requireTagRule(deps.db, id);
  const rule = input.rule === undefined ? undefined : parseRule(input.rule);
  try {
    await deps.db
      .update(tagRules)
      .set({
        tag: input.tag ?? existing.tag,
        rule: rule ?? existing.rule,
        enabled: input.enabled ?? existing.enabled,
        updatedAt: deps.clock.now(),
      })
      .where(eq(tagRules.id, id));
  } catch (err) {
    if (isUniqueViolation(err)) throw tagTaken(input.tag ?? existing.tag);
    throw err;
  }
  return saved(deps, id);
}

/** Deletes a rule and, in the same batch, the tags it gave. */
export async function deleteTagRule(db: Db, id: string): Promise<{ removed: number }> {
  const [removed, gone] = await batch(db, [
    db
      .delete(memberTags)
      .where(sql`source = ${`rule:${id}`} AND EXISTS (SELECT 1 FROM tag_rules WHERE id = ${id})`)
      .returning({ memberId: memberTags.memberId }),
    db.delete(tagRules).where(eq(tagRules.id, id)).returning({ id: tagRules.id }),
  ]);
  if (gone.length === 0) throw notFound(id);
  return { removed: removed.length };
}

/**
 * Runs every enabled rule (on demand), or, from the sweep, those not run for TAG_RULE_EVERY_MS; in
 * the sweep a rule that fails is logged and the others still run.
 */
export async function runTagRules(
  deps: Pick<AppDeps, "db" | "clock" | "log">,
  opts: { due?: boolean } = {},
): Promise<TagRuleRun[]> {
  const due = new Date(deps.clock.now().getTime() - TAG_RULE_EVERY_MS);
  const rows = await deps.db
    .select()
    .from(tagRules)
    .where(
      and(
        eq(tagRules.enabled, true),
        opts.due ? or(isNull(tagRules.lastRunAt), lte(tagRules.lastRunAt, due)) : undefined,
      ),
    )
    .orderBy(asc(tagRules.id));
  const runs: TagRuleRun[] = [];
  for (const row of rows) {
    try {
      runs.push(await runTagRule(deps, row));
    } catch (err) {
      if (!opts.due) throw err;
      deps.log.error("tag rule failed", { ruleId: row.id, error: errorMessage(err) });
    }
  }
  return runs;
}
