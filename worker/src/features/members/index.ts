import type { Feature } from "..";
import { membersLine } from "./line-handlers";
import { ensureRichMenus } from "./rich-menus";
import { memberRoutes } from "./routes";

/** 會員: the member API, registration, phone verification, 歸戶 merges and the card in chat. */
export const membersFeature: Feature = {
  name: "members",
  line: membersLine,
  routes: memberRoutes,
  // The sandbox's own emulator starts with no rich menus; a real channel runs scripts/rich-menus.ts.
  start: async (deps, host) => {
    if (host.servesLineEmulator) await ensureRichMenus(deps);
  },
};

// Public surface: what other features and the hosts may use.
export { liffPages } from "./liff-page";
export { createMergeCode, MERGE_CODE_TTL_MS, mergeByStaff, mergeJson } from "./merge";
export { Merge } from "./merge-schema";
export { normalizePhone } from "./registration";
export { memberWithStore } from "./repo";
export { ensureRichMenus, memberRichMenuId } from "./rich-menus";
export { memberByVerifiedPhone, newMemberCode, recordLiffVisit, recordShopCustomer } from "./service";
