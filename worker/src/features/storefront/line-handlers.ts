import { told } from "../../lib/reader-lang";
import type { LineFeature } from "../../line/dispatch";
import { chatReaderLang } from "../../line/reader";
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
    // After the members feature recorded the profile: the greeting is in the new friend's language.
    follow: async ({ deps, event, reply }) => {
      const returning = event.payload.follow.isUnblocked;
      const lang = await chatReaderLang(deps.db, event);
      reply(
        welcomeMessage(deps.config.brand.name, liffUrl(deps.config.line.liffId, "/member"), returning, lang),
      );
    },
    join: async ({ deps, reply }) => {
      reply({ type: "text", text: TEXT.groupHello(deps.config.brand.name) });
    },
    "message:location": async ({ deps, event, reply }) => {
      const { latitude, longitude } = event.payload.message;
      const stores = await listActiveStores(deps.db);
      const ranked = rankStoresByDistance(stores, { lat: latitude, lng: longitude });
      reply(storesMessage(ranked, TEXT.nearestTitle, await chatReaderLang(deps.db, event)));
      return true;
    },
  },
  postbacks: {
    stores: async ({ deps, event, reply }) => {
      const lang = await chatReaderLang(deps.db, event);
      reply(storesMessage(await listActiveStores(deps.db), TEXT.storesTitle, lang));
      return true;
    },
  },
};

/** Runs last: a 1:1 message nothing answered still gets a polite acknowledgement. */
export const acknowledgeLine: LineFeature = {
  name: "acknowledge",
  order: 1000,
  events: {
    "message:*": async ({ deps, event, reply, outgoing }) => {
      if (event.source?.type !== "user" || outgoing.length > 0) return;
      const { type } = event.payload.message;
      if (type === "sticker") {
        reply({ type: "sticker", packageId: "446", stickerId: "1989" });
      } else {
        const lang = await chatReaderLang(deps.db, event);
        reply({ type: "text", text: told(lang, type === "image" ? TEXT.image : TEXT.fallback) });
      }
      return true;
    },
  },
};
