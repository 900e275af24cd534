import { errorMessage } from "../../lib/log";
import { normalizeText } from "../../lib/text/normalize";
import type { EventContext, LineFeature } from "../../line/dispatch";
import { memberCard, memberCardMessage } from "./card";
import { markBlocked } from "./repo";
import { linkEnglishMenu } from "./rich-menus";
import { recordFollow } from "./service";

/**
 * Keeps the member record in step with the friendship: follow (incl. unblock) creates or
 * restores it, unfollow marks it blocked and keeps the data. Runs before features that greet.
 */
export const membersLine: LineFeature = {
  name: "members",
  order: 5,
  events: {
    follow: async ({ deps, userId }) => {
      if (!userId) return;
      const profile = await deps.line.getProfile(userId).catch(() => undefined);
      await recordFollow(deps, userId, profile);
      await linkEnglishMenu(deps, userId).catch((err) =>
        deps.log.warn("English rich menu not linked", { error: errorMessage(err) }),
      );
    },
    unfollow: async ({ deps, userId, event }) => {
      if (userId) await markBlocked(deps.db, userId, event.timestamp);
    },
    "message:text": async (ctx) => {
      if (!CARD_WORDS.has(normalizeText(ctx.event.payload.message.text))) return;
      return replyCard(ctx);
    },
  },
  postbacks: { member_card: replyCard },
};

const CARD_WORDS = new Set(["會員卡", "我的會員卡", "member card", "card", "點數查詢", "我的點數"]);

/** 會員卡 in chat: a Flex card with points, or an invitation for guests. */
async function replyCard({ deps, userId, reply }: EventContext): Promise<boolean> {
  if (!userId) return false;
  const card = await memberCard(deps, userId);
  reply(memberCardMessage(deps.config.line.liffId, card, deps.config.brand.name));
  return true;
}
