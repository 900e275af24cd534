import { memberTags } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import type { ReaderLang } from "../../lib/reader-lang";
import type { EventContext, LineFeature } from "../../line/dispatch";
import { postbackAction } from "../../line/events";
import { chatReaderLang } from "../../line/reader";
import { memberTier, TIER_NAMES } from "../loyalty";
import { memberWithStore } from "../members";
import { findAnswer, renderReplies, repliesFor } from "./service";

/** The values a rule's replies use, looked up only when they do (in the reader's language). */
async function variables(
  ctx: EventContext,
  replies: readonly unknown[],
  lang: ReaderLang,
): Promise<Record<string, string>> {
  const { deps, event, userId } = ctx;
  const vars: Record<string, string> = { brand: deps.config.brand.name };
  if (!userId) return vars;
  if (JSON.stringify(replies).includes("{displayName}")) {
    const group = event.source?.type === "group" ? event.source.groupId : undefined;
    const profile = await (group
      ? deps.line.getGroupMemberProfile(group, userId)
      : deps.line.getProfile(userId)
    ).catch(() => undefined);
    vars.displayName = profile?.displayName ?? "";
  }
  if (/\{(points|tier|store)\}/.test(JSON.stringify(replies))) {
    const row = await memberWithStore(deps.db, userId);
    vars.points = String(row?.member.pointsBalance ?? 0);
    const en = lang === "en";
    vars.store = row?.storeName ?? (en ? "no home store yet" : "尚未綁定門市");
    const tier = row ? TIER_NAMES[(await memberTier(deps, row.member.id)).code] : { zh: "訪客", en: "Guest" };
    vars.tier = en ? tier.en : tier.zh;
  }
  return vars;
}

/** Tags the rule adds to the member who triggered it (once per tag). */
async function applyTags(
  deps: AppDeps,
  userId: string | undefined,
  ruleId: string,
  tags: string[],
): Promise<void> {
  if (!userId || tags.length === 0) return;
  const row = await memberWithStore(deps.db, userId);
  if (!row) return;
  const now = deps.clock.now();
  await deps.db
    .insert(memberTags)
    .values(
      tags.map((tag) => ({ memberId: row.member.id, tag, source: `keyword:${ruleId}`, createdAt: now })),
    )
    .onConflictDoNothing();
}

async function answer(ctx: EventContext, text: string): Promise<boolean | undefined> {
  const { deps, event, reply, userId } = ctx;
  const chat = event.source?.type === "user" ? "user" : "group";
  const found = await findAnswer(deps, text, chat);
  if (!found) return;
  // 1:1: the reader's language; a group (many readers) gets the brand's own replies.
  const lang = await chatReaderLang(deps.db, event);
  const replies = repliesFor(found.rule, lang);
  reply(...renderReplies(replies, await variables(ctx, replies, lang)));
  await applyTags(deps, userId, found.rule.id, found.rule.tags);
  deps.log.info("keyword answered", { eventId: event.id, ruleId: found.rule.id });
  return true;
}

/**
 * 關鍵字自動回覆: a text message that matches an enabled rule (in scope, in schedule) is answered
 * with the rule's messages through the reply token (free). Postbacks no feature claims go
 * through the same table, by their `text`/`q` parameter or their whole data. Runs before the
 * inbox and the catch-all acknowledgement.
 */
export const keywordsLine: LineFeature = {
  name: "keywords",
  order: 50,
  events: {
    "message:text": async (ctx) => answer(ctx, ctx.event.payload.message.text),
    postback: async (ctx) => {
      if (ctx.outgoing.length > 0) return;
      const { data } = ctx.event.payload.postback;
      if (data.length === 0) return;
      const { params } = postbackAction(data);
      return answer(ctx, params.get("text") ?? params.get("q") ?? data);
    },
  },
};
