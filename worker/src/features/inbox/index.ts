import type { Feature } from "..";
import { inboxLine } from "./record";
import { inboxRoutes } from "./routes";
import { refreshEmbeddings } from "./suggest/embeddings";
import { prepareSuggestions, retrievalIndex } from "./suggest/prepare";

/** 客服收件匣: conversations, agent replies, reply suggestions, knowledge base. */
export const inbox: Feature = {
  name: "inbox",
  line: inboxLine,
  routes: inboxRoutes,
  sweep: async (deps) => {
    await prepareSuggestions(deps);
    // Semantic retrieval (optional): embeds new and changed documents after the suggestions, which never wait on it.
    if (deps.embeddings.model) await refreshEmbeddings(deps, await retrievalIndex(deps.db));
  },
};

export { memberPanel } from "./member-panel";
// Public surface: what other features and the hosts may use.
export { WeeklyWindows, withinWindows } from "./settings";
