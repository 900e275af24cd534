import type { LineFeature } from "../../line/dispatch";
import { markBlocked } from "./repo";
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
    },
    unfollow: async ({ deps, userId, event }) => {
      if (userId) await markBlocked(deps.db, userId, event.timestamp);
    },
  },
};
