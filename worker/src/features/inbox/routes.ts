import { requireAdmin } from "../../lib/admin-auth";
import { createRouter } from "../../lib/hono";
import { registerAgentRoutes, registerAgentTokenRoutes } from "./agents-routes";
import { requireAgent } from "./auth";
import { registerConversationRoutes } from "./conversations-routes";
import { registerKnowledgeRoutes } from "./knowledge-routes";
import { registerMemberTagRoutes } from "./member-tag-routes";
import { registerSettingsRoutes } from "./settings-routes";
import { registerSuggestionRoutes } from "./suggestions-routes";

/**
 * 客服收件匣 API: conversations, replies, suggestions, metrics, settings, knowledge base. One file
 * per resource; registered in the order /openapi.json has always listed them.
 */
export function inboxRoutes() {
  const app = createRouter();
  app.use("/api/inbox/*", requireAgent);
  app.use("/api/knowledge", requireAgent);
  app.use("/api/knowledge/*", requireAgent);
  app.use("/api/admin/agents/*", requireAdmin);

  registerAgentRoutes(app);
  registerConversationRoutes(app);
  registerSuggestionRoutes(app);
  registerSettingsRoutes(app);
  registerKnowledgeRoutes(app);
  registerAgentTokenRoutes(app);
  registerMemberTagRoutes(app);
  return app;
}
