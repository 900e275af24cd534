import { z } from "@hono/zod-openapi";

/** The console accepts the admin token or an agent's token. */
export const security = [{ adminToken: [] }, { agentToken: [] }] as Array<Record<string, string[]>>;
export const tags = ["Inbox"];
export const Id = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });

/** What an agent sees of the member beside a conversation (no phone, no e-mail). */
export const MemberPanel = z
  .object({
    memberId: z.string(),
    memberCode: z.string(),
    displayName: z.string().nullable(),
    status: z.enum(["guest", "member"]),
    tier: z.enum(["regular", "gold", "platinum"]),
    points: z.number().int(),
    homeStore: z.string().nullable(),
    referrerStaff: z.string().nullable(),
    tags: z.array(z.string()),
    recentPurchases: z.array(
      z.object({
        at: z.string(),
        amount: z.number().int(),
        store: z.string().nullable(),
        channel: z.enum(["store", "online", "live"]),
      }),
    ),
    recentOrders: z.array(
      z.object({
        saleId: z.string(),
        sale: z.string(),
        status: z.enum(["cart", "confirmed", "paid", "picked_up", "cancelled", "expired"]),
        orderId: z.string(),
      }),
    ),
    /** The member's recent e-shop orders (線上訂單), with pickup in store where chosen. */
    onlineOrders: z.array(
      z.object({
        orderId: z.string(),
        shop: z.string(),
        state: z.enum(["created", "paid", "fulfilled", "cancelled", "refunded"]),
        total: z.number().int(),
        pickupStore: z.string().nullable(),
        pickupState: z.enum(["waiting", "preparing", "ready", "picked_up"]).nullable(),
        at: z.string(),
      }),
    ),
  })
  .openapi("InboxMemberPanel");
export type MemberPanel = z.infer<typeof MemberPanel>;

export const Suggestion = z
  .object({
    id: z.string(),
    messageId: z.string(),
    rank: z.number().int(),
    source: z.enum(["llm", "retrieval"]),
    text: z.string(),
    sourceRef: z.string().nullable(),
    score: z.number().nullable(),
    status: z.enum(["pending", "accepted", "edited", "rejected", "superseded"]),
  })
  .openapi("Suggestion");
export type SuggestionJson = z.infer<typeof Suggestion>;

export const Message = z
  .object({
    id: z.string(),
    direction: z.enum(["in", "out"]),
    sender: z.string(),
    type: z.string(),
    text: z.string(),
    payload: z.record(z.string(), z.unknown()),
    suggestState: z.enum(["none", "pending", "ready"]),
    suggestionId: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("ConversationMessage");
export type MessageJson = z.infer<typeof Message>;

export const ConversationSummary = z
  .object({
    id: z.string(),
    lineUserId: z.string(),
    displayName: z.string().nullable(),
    memberCode: z.string().nullable(),
    status: z.enum(["open", "waiting", "closed"]),
    assignedTo: z.string().nullable(),
    waitingSince: z.string().nullable(),
    lastMessageAt: z.string(),
    lastMessage: z.string().nullable(),
    lastInbound: z.string().nullable().openapi({ description: "What the customer last wrote" }),
  })
  .openapi("ConversationSummary");
export type ConversationSummaryJson = z.infer<typeof ConversationSummary>;

export const ConversationQuery = z.object({
  status: z.enum(["open", "waiting", "closed"]).optional(),
  assignedTo: z.string().optional().openapi({ description: "A staff id, or `me`, or `none`" }),
  q: z.string().max(100).optional().openapi({ description: "Search names, member codes and messages" }),
  before: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ConversationQuery = z.infer<typeof ConversationQuery>;

export const Agent = z
  .object({ id: z.string(), name: z.string(), role: z.enum(["admin", "agent"]), code: z.string() })
  .openapi("Agent");
export type AgentJson = z.infer<typeof Agent>;

const KnowledgeLanguage = z
  .enum(["zh-TW", "en"])
  .openapi({ description: "The language question and answer are written in" });

export const LearnedWording = z
  .object({
    id: z.string(),
    text: z.string().openapi({ description: "The customer's message, as they wrote it" }),
    createdBy: z.string().openapi({ description: "The agent whose reply taught it (`admin` or a staff id)" }),
    createdAt: z.string(),
  })
  .openapi("LearnedWording");

export const Knowledge = z
  .object({
    id: z.string(),
    question: z.string(),
    variants: z.array(z.string()),
    answer: z.string(),
    tags: z.array(z.string()),
    language: KnowledgeLanguage,
    translationOf: z.string().nullable().openapi({
      description: "The entry this one translates (one topic, answered in the customer's language)",
    }),
    learned: z.array(LearnedWording).openapi({
      description: "Ways customers asked it, learned from agents' replies (removable)",
    }),
    updatedAt: z.string(),
  })
  .openapi("KnowledgeEntry");
export type KnowledgeJson = z.infer<typeof Knowledge>;

export const KnowledgeInput = z
  .object({
    question: z.string().trim().min(1).max(200),
    variants: z.array(z.string().trim().min(1).max(200)).max(30).default([]),
    answer: z.string().trim().min(1).max(5000),
    tags: z.array(z.string().trim().min(1).max(30)).max(20).default([]),
    language: KnowledgeLanguage.optional().openapi({
      description: "Default: zh-TW when question or answer has Chinese characters, else en",
    }),
    translationOf: z.string().min(1).max(64).nullable().default(null),
  })
  .openapi("KnowledgeInput");
export type KnowledgeInput = z.infer<typeof KnowledgeInput>;

/** PATCH: only the fields given change (no defaults filled in). */
export const KnowledgeChange = z
  .object({
    question: z.string().trim().min(1).max(200),
    variants: z.array(z.string().trim().min(1).max(200)).max(30),
    answer: z.string().trim().min(1).max(5000),
    tags: z.array(z.string().trim().min(1).max(30)).max(20),
    language: KnowledgeLanguage,
    translationOf: z.string().min(1).max(64).nullable(),
  })
  .partial()
  .openapi("KnowledgeChange");
export type KnowledgeChange = z.infer<typeof KnowledgeChange>;

export const KnowledgeCandidate = z
  .object({
    id: z.string(),
    answer: z.string().openapi({ description: "What agents wrote themselves, more than once" }),
    questions: z.array(z.string()).openapi({ description: "The customers' messages it answered (first 10)" }),
    uses: z.number().int(),
    firstUsedAt: z.string(),
    lastUsedAt: z.string(),
  })
  .openapi("KnowledgeCandidate");
export type KnowledgeCandidateJson = z.infer<typeof KnowledgeCandidate>;

export const CandidateAccept = z
  .object({
    question: z.string().trim().min(1).max(200),
    answer: z
      .string()
      .trim()
      .min(1)
      .max(5000)
      .optional()
      .openapi({ description: "Edited answer (default: as agents wrote it)" }),
    variants: z.array(z.string().trim().min(1).max(200)).max(30).optional().openapi({
      description: "Default: the customers' messages it answered",
    }),
    tags: z.array(z.string().trim().min(1).max(30)).max(20).default([]),
  })
  .openapi("KnowledgeCandidateAccept");
export type CandidateAccept = z.infer<typeof CandidateAccept>;
