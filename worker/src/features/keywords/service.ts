import { eq } from "drizzle-orm";
import { keywordRules } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import type { ReaderLang } from "../../lib/reader-lang";
import type { LineMessage } from "../../ports/line";
import { withinWindows } from "../inbox";
import { buildMatcher, compileRegex, type Matcher, type MatchResult } from "./matcher/index";
import { getRule, type KeywordRuleRow, listRules, rulesVersion, toJson, writeWithVersion } from "./repo";
import type {
  CreateKeywordRuleInput,
  KeywordRuleJson,
  KeywordScheduleJson,
  UpdateKeywordRuleInput,
} from "./schema";

interface Compiled {
  version: string;
  matcher: Matcher;
  rules: Map<string, KeywordRuleRow>;
  schedules: Map<string, KeywordScheduleJson | null>;
}
const cache = new WeakMap<object, Compiled>();

/**
 * The matcher for the enabled rules, rebuilt only when the rules' version changes (one small
 * read per message, not a reload of every rule).
 */
export async function currentMatcher(deps: Pick<AppDeps, "db">): Promise<Compiled> {
  const version = await rulesVersion(deps.db);
  const hit = cache.get(deps.db);
  if (hit && hit.version === version) return hit;
  const rows = (await listRules(deps.db)).filter((r) => r.enabled);
  const compiled: Compiled = {
    version,
    rules: new Map(rows.map((r) => [r.id, r])),
    schedules: new Map(rows.map((r) => [r.id, r.schedule ?? null])),
    matcher: buildMatcher(
      rows.map((r, i) => ({ id: r.id, match: r.match, pattern: r.pattern, priority: r.priority, order: i })),
    ),
  };
  cache.set(deps.db, compiled);
  return compiled;
}

/** Whether a rule's schedule lets it answer now (no schedule: always). */
export function scheduleAllows(schedule: KeywordScheduleJson | null, now: Date, timeZone: string): boolean {
  if (!schedule) return true;
  const day = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
  if (schedule.from && day < schedule.from) return false;
  if (schedule.until && day > schedule.until) return false;
  return withinWindows(schedule.windows ?? [], now, timeZone);
}

export async function findAnswer(
  deps: Pick<AppDeps, "db" | "clock" | "config">,
  text: string,
  chat: "user" | "group",
): Promise<{ rule: KeywordRuleRow; match: MatchResult; candidates: MatchResult[] } | undefined> {
  const { matcher, rules, schedules } = await currentMatcher(deps);
  const now = deps.clock.now();
  const zone = deps.config.brand.timeZone;
  const candidates = matcher.match(text).filter((m) => {
    const scope = rules.get(m.ruleId)?.scope;
    return (scope === "all" || scope === chat) && scheduleAllows(schedules.get(m.ruleId) ?? null, now, zone);
  });
  const best = candidates[0];
  const rule = best && rules.get(best.ruleId);
  return rule && best ? { rule, match: best, candidates } : undefined;
}

/**
 * The replies a reader gets: the English ones for a reader whose LINE language is English (when
 * the rule has them), else the brand's own `replies` — for zh-TW and other languages, for a
 * reader whose language is unknown, and in group chats.
 */
export function repliesFor(
  rule: Pick<KeywordRuleRow, "replies" | "repliesEn">,
  lang: ReaderLang,
): LineMessage[] {
  return lang === "en" && rule.repliesEn?.length ? rule.repliesEn : rule.replies;
}

/** Fills `{displayName}`, `{brand}`, `{points}`, `{tier}` and `{store}` in text messages. */
export function renderReplies(replies: LineMessage[], vars: Record<string, string>): LineMessage[] {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
  return replies.map((m) => (m.type === "text" ? { ...m, text: fill(m.text) } : m));
}

export async function requireRule(deps: Pick<AppDeps, "db">, id: string): Promise<KeywordRuleJson> {
  const row = await getRule(deps.db, id);
  if (!row) throw new AppError("NOT_FOUND", say("找不到此關鍵字規則。", "No such keyword rule."));
  return toJson(row);
}

export async function createRule(deps: AppDeps, input: CreateKeywordRuleInput): Promise<KeywordRuleJson> {
  const now = deps.clock.now();
  const insert = deps.db
    .insert(keywordRules)
    .values({
      id: deps.ids.id("kw"),
      match: input.match,
      pattern: input.pattern,
      priority: input.priority,
      enabled: input.enabled,
      // Checked against LINE's message rules by the route (validateReplies) before it gets here.
      replies: input.replies as LineMessage[],
      repliesEn: (input.repliesEn as LineMessage[] | null) ?? null,
      scope: input.scope,
      tags: input.tags,
      schedule: input.schedule ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const [row] = await writeWithVersion(deps.db, insert, deps.ids.id("v"));
  if (!row) throw new AppError("INTERNAL", say("關鍵字規則未能儲存。", "The rule was not saved."));
  return toJson(row);
}

export async function updateRule(
  deps: AppDeps,
  id: string,
  input: UpdateKeywordRuleInput,
): Promise<KeywordRuleJson> {
  const existing = await getRule(deps.db, id);
  if (!existing) throw new AppError("NOT_FOUND", say("找不到此關鍵字規則。", `No keyword rule ${id}.`));
  // A pattern is checked as a regex whenever the rule ends up a regex rule.
  if ((input.match ?? existing.match) === "regex") {
    try {
      compileRegex(input.pattern ?? existing.pattern);
    } catch (err) {
      throw new AppError(
        "VALIDATION_FAILED",
        say(
          `pattern：不是有效的正規表示式（${err instanceof Error ? err.message : "invalid regex"}）。`,
          `pattern: ${err instanceof Error ? err.message : "invalid regex"}`,
        ),
      );
    }
  }
  const update = deps.db
    .update(keywordRules)
    .set({
      ...(input.match !== undefined ? { match: input.match } : {}),
      ...(input.pattern !== undefined ? { pattern: input.pattern } : {}),
      ...(input.priority !== undefined ? { priority: input.priority } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      ...(input.replies !== undefined ? { replies: input.replies as LineMessage[] } : {}),
      ...(input.repliesEn !== undefined ? { repliesEn: input.repliesEn as LineMessage[] | null } : {}),
      ...(input.scope !== undefined ? { scope: input.scope } : {}),
      ...(input.tags !== undefined ? { tags: input.tags } : {}),
      ...(input.schedule !== undefined ? { schedule: input.schedule ?? null } : {}),
      updatedAt: deps.clock.now(),
    })
    .where(eq(keywordRules.id, id))
    .returning();
  const [row] = await writeWithVersion(deps.db, update, deps.ids.id("v"));
  if (!row) throw new AppError("NOT_FOUND", say("找不到此關鍵字規則。", `No keyword rule ${id}.`));
  return toJson(row);
}

export async function deleteRule(deps: AppDeps, id: string): Promise<void> {
  const del = deps.db.delete(keywordRules).where(eq(keywordRules.id, id)).returning({ id: keywordRules.id });
  const rows = await writeWithVersion(deps.db, del, deps.ids.id("v"));
  if (rows.length === 0)
    throw new AppError("NOT_FOUND", say("找不到此關鍵字規則。", `No keyword rule ${id}.`));
}
