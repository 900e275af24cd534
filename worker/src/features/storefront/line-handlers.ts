import type { LineFeature } from "../../line/dispatch";
import { storesMessage, TEXT, welcomeMessage } from "./messages";
import { listActiveStores } from "./repo";
import { rankStoresByDistance } from "./service";

function liffUrl(liffId: string, path: string): string | null {
  return liffId ? `https://liff.line.me/${liffId}${path}` : null;
}

/**
 * The brand's basic manners in chat: greet new friends, show stores (nearest to a shared
 * location), and acknowledge anything no other feature answered so nobody is left unanswered.
 */
export const storefrontLine: LineFeature = {
  name: "storefront",
  events: {
    follow: async ({ deps, event, reply }) => {
      const returning = event.payload.follow.isUnblocked;
      reply(welcomeMessage(deps.config.brand.name, liffUrl(deps.config.line.liffId, "/member"), returning));
    },
    join: async ({ deps, reply }) => {
      reply({ type: "text", text: TEXT.groupHello(deps.config.brand.name) });
    },
    "message:location": async ({ deps, event, reply }) => {
      const { latitude, longitude } = event.payload.message;
      const stores = await listActiveStores(deps.db);
      const ranked = rankStoresByDistance(stores, { lat: latitude, lng: longitude });
      reply(storesMessage(ranked, TEXT.nearestTitle));
      return true;
    },
  },
  postbacks: {
    stores: async ({ deps, reply }) => {
      reply(storesMessage(await listActiveStores(deps.db), TEXT.storesTitle));
      return true;
    },
  },
};

/** Runs last: a 1:1 message nothing answered still gets a polite acknowledgement. */
export const acknowledgeLine: LineFeature = {
  name: "acknowledge",
  order: 1000,
  events: {
    "message:*": async ({ event, reply, outgoing }) => {
      if (event.source?.type !== "user" || outgoing.length > 0) return;
      const { type } = event.payload.message;
      if (type === "sticker") {
        reply({ type: "sticker", packageId: "446", stickerId: "1989" });
      } else {
        reply({ type: "text", text: type === "image" ? TEXT.image : TEXT.fallback });
      }
      return true;
    },
  },
};
