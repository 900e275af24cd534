/**
 * The support pages' client: inbox, suggestions, keyword rules, knowledge base, metrics and
 * settings. Types come from the document the worker serves (`liff/src/api/schema.gen.ts`), none
 * from the worker itself.
 */

import type { components, paths } from "../../api/schema.gen";
import type { Agent, Api, Who } from "../api";

type Schemas = components["schemas"];
export type InboxSettings = Schemas["InboxSettings"];
export type SourceMetrics = paths["/api/inbox/metrics"]["get"]["responses"][200]["sources"][number];
export type MemberPanel = Schemas["InboxMemberPanel"];
export type { Agent, Who };
export type KeywordRule = Schemas["KeywordRule"];
export type KeywordInput = Schemas["CreateKeywordRule"];
export type KeywordTest = Schemas["KeywordTestResult"];
export type MatchType = KeywordRule["match"];
export type Scope = KeywordRule["scope"];
export type Window = InboxSettings["businessHours"][number];
export type LineMessage = Record<string, unknown>;

export type ConversationSummary = Schemas["ConversationSummary"];
export type ConversationStatus = ConversationSummary["status"];
export type ThreadMessage = Schemas["ConversationMessage"];
export type Suggestion = Schemas["Suggestion"];

export type ConversationDetail = paths["/api/inbox/conversations/{id}"]["get"]["responses"][200];

export type KnowledgeEntry = Schemas["KnowledgeEntry"];
export type KnowledgeInput = Schemas["KnowledgeInput"];
export type KnowledgeChange = Schemas["KnowledgeChange"];
export type KnowledgeLanguage = KnowledgeEntry["language"];
export type LearnedWording = Schemas["LearnedWording"];
export type KnowledgeCandidate = Schemas["KnowledgeCandidate"];
export type CandidateAccept = Schemas["KnowledgeCandidateAccept"];

export interface ConversationQuery {
  status?: ConversationStatus | undefined;
  assignedTo?: string | undefined;
  q?: string | undefined;
  limit?: number | undefined;
  before?: string | undefined;
}

export type SupportApi = ReturnType<typeof supportApi>;

export function supportApi(api: Api) {
  const call = api.request;
  const conv = (id: string) => `/api/inbox/conversations/${encodeURIComponent(id)}`;
  return {
    conversations: (q: ConversationQuery = {}) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== "") params.set(k, String(v));
      return call<{ conversations: ConversationSummary[] }>("GET", `/api/inbox/conversations?${params}`);
    },
    conversation: (id: string) => call<ConversationDetail>("GET", conv(id)),
    send: (id: string, text: string, suggestionId?: string) =>
      call<{ messageId: string; delivery: "reply" | "push"; suggestion: string | null }>(
        "POST",
        `${conv(id)}/messages`,
        suggestionId ? { text, suggestionId } : { text },
      ),
    /** To an agent of `agents()`, to the caller (`me`), or to nobody (null). */
    assign: (id: string, staffId: string | null) =>
      call<{ assignedTo: string | null }>("POST", `${conv(id)}/assign`, { staffId }),
    setStatus: (id: string, status: "open" | "closed") =>
      call<{ status: string }>("POST", `${conv(id)}/status`, { status }),
    regenerate: (id: string) =>
      call<{ suggestions: Suggestion[] }>("POST", `${conv(id)}/suggestions/regenerate`),
    reject: (suggestionId: string, reason: string) =>
      call<Suggestion>("POST", `/api/inbox/suggestions/${encodeURIComponent(suggestionId)}/reject`, {
        reason,
      }),
    /** Tags the conversation's member (source agent:<staffId>). */
    tagMember: (id: string, tag: string) => call<{ tag: string }>("POST", `${conv(id)}/member/tags`, { tag }),
    untagMember: (id: string, tag: string) =>
      call<void>("DELETE", `${conv(id)}/member/tags/${encodeURIComponent(tag)}`),
    me: () => call<Who>("GET", "/api/inbox/me"),
    agents: () => call<{ agents: Agent[] }>("GET", "/api/inbox/agents"),
    metrics: () => call<{ sources: SourceMetrics[] }>("GET", "/api/inbox/metrics"),
    settings: () => call<InboxSettings>("GET", "/api/inbox/settings"),
    saveSettings: (s: InboxSettings) => call<InboxSettings>("PUT", "/api/inbox/settings", s),

    rules: () => call<{ rules: KeywordRule[] }>("GET", "/api/keywords"),
    rule: (id: string) => call<KeywordRule>("GET", `/api/keywords/${encodeURIComponent(id)}`),
    createRule: (input: KeywordInput) => call<KeywordRule>("POST", "/api/keywords", input),
    updateRule: (id: string, input: Partial<KeywordInput>) =>
      call<KeywordRule>("PATCH", `/api/keywords/${encodeURIComponent(id)}`, input),
    deleteRule: (id: string) => call<void>("DELETE", `/api/keywords/${encodeURIComponent(id)}`),
    testRule: (text: string, chat: "user" | "group") =>
      call<KeywordTest>("POST", "/api/keywords/test", { text, chat }),

    knowledge: () => call<{ entries: KnowledgeEntry[] }>("GET", "/api/knowledge"),
    createKnowledge: (input: KnowledgeInput) => call<KnowledgeEntry>("POST", "/api/knowledge", input),
    /** Only the fields given change. */
    updateKnowledge: (id: string, input: KnowledgeChange) =>
      call<KnowledgeEntry>("PATCH", `/api/knowledge/${encodeURIComponent(id)}`, input),
    deleteKnowledge: (id: string) => call<void>("DELETE", `/api/knowledge/${encodeURIComponent(id)}`),
    /** A wording the entry learned from agents' replies. */
    removeLearned: (id: string, learnedId: string) =>
      call<void>(
        "DELETE",
        `/api/knowledge/${encodeURIComponent(id)}/learned/${encodeURIComponent(learnedId)}`,
      ),
    /** Answers agents wrote themselves and sent at least twice, most used first. */
    candidates: () => call<{ candidates: KnowledgeCandidate[] }>("GET", "/api/knowledge/candidates"),
    /** 201: the new entry; 409 when the candidate was already accepted or dismissed. */
    acceptCandidate: (id: string, input: CandidateAccept) =>
      call<KnowledgeEntry>("POST", `/api/knowledge/candidates/${encodeURIComponent(id)}/accept`, input),
    dismissCandidate: (id: string) =>
      call<void>("POST", `/api/knowledge/candidates/${encodeURIComponent(id)}/dismiss`),
  };
}
