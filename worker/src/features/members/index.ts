import type { Feature } from "..";
import { membersLine } from "./line-handlers";
import { memberRoutes } from "./routes";
import { runTierReview } from "./tiers";

/** 會員: the member API, the card in chat, and the yearly tier review (a sweep). */
export const membersFeature: Feature = {
  name: "members",
  line: membersLine,
  routes: memberRoutes,
  sweep: async (deps) => {
    await runTierReview(deps);
  },
};
