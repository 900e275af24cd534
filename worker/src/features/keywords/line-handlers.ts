import type { LineFeature } from "../../line/dispatch";
import { textMessageSchema } from "../../line/events";
import type { LineMessage } from "../../ports/line";
import { findAnswer, renderReplies } from "./service";

/**
 * 關鍵字自動回覆: a text message that matches an enabled rule is answered with the rule's
 * messages through the reply token (free). Runs before the catch-all acknowledgement.
 */
export const keywordsLine: LineFeature = {
  name: "keywords",
  order: 50,
  events: {
    "message:text": async ({ deps, event, reply, userId }) => {
      const message = textMessageSchema.safeParse(event.payload.message);
      if (!message.success) return;
      const chat = event.source?.type === "user" ? "user" : "group";
      const found = await findAnswer(deps, message.data.text, chat);
      if (!found) return;
      const replies = JSON.parse(found.rule.replies) as LineMessage[];
      const vars: Record<string, string> = { brand: deps.config.brand.name };
      if (found.rule.replies.includes("{displayName}") && userId) {
        const group = event.source?.type === "group" ? event.source.groupId : undefined;
        const profile = await (group
          ? deps.line.getGroupMemberProfile(group, userId)
          : deps.line.getProfile(userId)
        ).catch(() => undefined);
        vars.displayName = profile?.displayName ?? "";
      }
      reply(...renderReplies(replies, vars));
      deps.log.info("keyword answered", { eventId: event.id, ruleId: found.rule.id });
      return true;
    },
  },
};
