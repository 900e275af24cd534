import { asc, eq } from "drizzle-orm";
import type { BatchResponse } from "drizzle-orm/batch";
import type { Db } from "../../../../db/client";
import { appSettings, keywordRules } from "../../../../db/schema";
import { type BatchStatement, batch } from "../../lib/batch";
import type { KeywordRuleJson } from "./schema";

export type KeywordRuleRow = typeof keywordRules.$inferSelect;
const VERSION_KEY = "keywords_version";

export function toJson(r: KeywordRuleRow): KeywordRuleJson {
  return {
    id: r.id,
    match: r.match,
    pattern: r.pattern,
    priority: r.priority,
    enabled: r.enabled,
    replies: r.replies,
    repliesEn: r.repliesEn ?? null,
    scope: r.scope,
    tags: r.tags,
    schedule: r.schedule ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export const listRules = (db: Db) =>
  db.select().from(keywordRules).orderBy(asc(keywordRules.createdAt), asc(keywordRules.id));

export async function getRule(db: Db, id: string): Promise<KeywordRuleRow | undefined> {
  return (await db.select().from(keywordRules).where(eq(keywordRules.id, id)))[0];
}

/** The rules' version: changed in the same batch as every write, so matchers know to rebuild. */
export async function rulesVersion(db: Db): Promise<string> {
  return (await db.select().from(appSettings).where(eq(appSettings.key, VERSION_KEY)))[0]?.value ?? "0";
}

function bumpVersion(db: Db, version: string) {
  return db
    .insert(appSettings)
    .values({ key: VERSION_KEY, value: version })
    .onConflictDoUpdate({ target: appSettings.key, set: { value: version } });
}

/** Runs a rule write and the version bump in one batch. */
export async function writeWithVersion<W extends BatchStatement>(
  db: Db,
  write: W,
  version: string,
): Promise<BatchResponse<[W]>[0]> {
  const [result] = await batch(db, [write, bumpVersion(db, version)]);
  return result;
}
