import { errorMessage } from "../../lib/log";
import { normalizeText } from "../../lib/text/normalize";
import type { EventContext, LineFeature } from "../../line/dispatch";
import { chatReaderLang } from "../../line/reader";
import { memberCard } from "./card";
import { memberCardMessage } from "./card-message";
import { markBlocked } from "./repo";
import { linkEnglishMenu } from "./rich-menus";
import { recordChatContact, recordFollow } from "./service";

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
    // First of every handler of a 1:1 message: the customer's language is known before anyone answers.
    "message:text": async (ctx) => {
      await rememberReader(ctx);
      if (!CARD_WORDS.has(normalizeText(ctx.event.payload.message.text))) return;
      return replyCard(ctx);
    },
    "message:*": async (ctx) => {
      // A text ran the handler above already; any other kind (sticker, image, …) starts here.
      if (ctx.event.payload.message.type !== "text") await rememberReader(ctx);
      return undefined;
    },
  },
  postbacks: { member_card: replyCard },
};

/** A 1:1 chat's user whose profile language is not recorded yet gets it recorded. */
async function rememberReader({ deps, event, userId }: EventContext): Promise<void> {
  if (event.source?.type !== "user" || !userId) return;
  await recordChatContact(deps, userId).catch((err) =>
    deps.log.warn("LINE profile not recorded", { error: errorMessage(err) }),
  );
}

const CARD_WORDS = new Set(["會員卡", "我的會員卡", "member card", "card", "點數查詢", "我的點數"]);

/** 會員卡 in chat: a Flex card with points, or an invitation for guests. */
async function replyCard({ deps, event, userId, reply }: EventContext): Promise<boolean> {
  if (!userId) return false;
  const card = await memberCard(deps, userId);
  const lang = await chatReaderLang(deps.db, event);
  reply(memberCardMessage(deps.config.line.liffId, card, deps.config.brand.name, lang));
  return true;
}
