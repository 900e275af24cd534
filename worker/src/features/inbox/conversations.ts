import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { memberPanel } from "./member-panel";
import {
  findStaff,
  isActiveAgent,
  latestInboundText,
  latestMessages,
  listActiveAgents,
  type MessageRow,
  pendingSuggestions,
  type StaffRow,
  type SuggestionRow,
  searchConversations,
  setAssignee,
  setStatusSupersedingSuggestions,
} from "./repo";
import type {
  AgentJson,
  ConversationQuery,
  ConversationSummaryJson,
  MessageJson,
  SuggestionJson,
} from "./schema";
import { requireConversation } from "./service";
import { regenerate } from "./suggest/prepare";

/** The console caller: `admin` (the admin token) or an agent's staff id. */
type Caller = string;

export const toSuggestion = (s: SuggestionRow): SuggestionJson => ({
  id: s.id,
  messageId: s.messageId,
  rank: s.rank,
  source: s.source,
  text: s.text,
  sourceRef: s.sourceRef,
  score: s.score,
  status: s.status,
});

const toAgent = (r: StaffRow): AgentJson => ({
  id: r.id,
  name: r.name,
  role: r.role === "admin" ? "admin" : "agent",
  code: r.code,
});

const toMessage = (m: MessageRow): MessageJson => ({
  id: m.id,
  direction: m.direction,
  sender: m.sender,
  type: m.type,
  text: m.text,
  payload: m.payload,
  suggestState: m.suggestState,
  suggestionId: m.suggestionId,
  createdAt: m.createdAt.toISOString(),
});

export async function whoAmI(
  deps: Pick<AppDeps, "db">,
  caller: Caller,
): Promise<{ kind: "admin"; agent: null } | { kind: "agent"; agent: AgentJson | null }> {
  if (caller === "admin") return { kind: "admin", agent: null };
  const person = await findStaff(deps.db, caller);
  return { kind: "agent", agent: person ? toAgent(person) : null };
}

/** Agents conversations can be assigned to. */
export async function listAgents(deps: Pick<AppDeps, "db">): Promise<AgentJson[]> {
  return (await listActiveAgents(deps.db)).map(toAgent);
}

/** `assignedTo`: `none` = unassigned, `me` = the caller, else a staff id (empty: no filter). */
export async function listConversations(
  deps: Pick<AppDeps, "db">,
  q: ConversationQuery,
  caller: Caller,
): Promise<ConversationSummaryJson[]> {
  const assignedTo =
    q.assignedTo === "none"
      ? null
      : q.assignedTo
        ? q.assignedTo === "me"
          ? caller
          : q.assignedTo
        : undefined;
  const rows = await searchConversations(deps.db, {
    status: q.status,
    assignedTo,
    search: q.q,
    before: q.before ? new Date(q.before) : undefined,
    limit: q.limit,
  });
  return rows.map((r) => ({
    id: r.c.id,
    lineUserId: r.c.lineUserId,
    displayName: r.name,
    memberCode: r.code,
    status: r.c.status,
    assignedTo: r.c.assignedTo,
    waitingSince: r.c.waitingSince?.toISOString() ?? null,
    lastMessageAt: r.c.lastMessageAt.toISOString(),
    lastMessage: r.last,
    lastInbound: r.lastIn,
  }));
}

/** A conversation as the agent sees it: the latest 200 messages, the member, pending suggestions. */
export async function conversationDetail(deps: AppDeps, id: string) {
  const conv = await requireConversation(deps.db, id);
  const msgs = await latestMessages(deps.db, conv.id, 200);
  const panel = await memberPanel(deps, conv.lineUserId);
  const conversation: ConversationSummaryJson = {
    id: conv.id,
    lineUserId: conv.lineUserId,
    displayName: panel?.displayName ?? null,
    memberCode: panel?.memberCode ?? null,
    status: conv.status,
    assignedTo: conv.assignedTo,
    waitingSince: conv.waitingSince?.toISOString() ?? null,
    lastMessageAt: conv.lastMessageAt.toISOString(),
    lastMessage: msgs[0]?.text ?? null,
    lastInbound: msgs.find((m) => m.direction === "in")?.text ?? null,
  };
  return {
    conversation,
    messages: msgs.reverse().map(toMessage),
    member: panel,
    suggestions: (await pendingSuggestions(deps.db, conv.id)).map(toSuggestion),
  };
}

/** Assigns to an active agent (`me`: the caller, nobody for the admin token; null: unassigned). */
export async function assignConversation(
  deps: Pick<AppDeps, "db">,
  id: string,
  staffId: string | null,
  caller: Caller,
): Promise<{ assignedTo: string | null }> {
  const conv = await requireConversation(deps.db, id);
  let to = staffId;
  if (to === "me") to = caller === "admin" ? null : caller;
  if (to && !(await isActiveAgent(deps.db, to))) {
    throw new AppError("VALIDATION_FAILED", say("請指派給在職客服。", "Assign to an active agent."));
  }
  await setAssignee(deps.db, conv.id, to);
  return { assignedTo: to };
}

/** Closing or reopening ends the waiting, and the pending suggestions are superseded. */
export async function setConversationStatus(
  deps: Pick<AppDeps, "db">,
  id: string,
  status: "open" | "closed",
): Promise<{ status: "open" | "closed" }> {
  const conv = await requireConversation(deps.db, id);
  await setStatusSupersedingSuggestions(deps.db, conv.id, status);
  return { status };
}

/** A fresh set of suggestions for the customer's latest text message. */
export async function regenerateSuggestions(deps: AppDeps, id: string): Promise<SuggestionJson[]> {
  const conv = await requireConversation(deps.db, id);
  const latest = await latestInboundText(deps.db, conv.id);
  if (!latest)
    throw new AppError(
      "CONFLICT",
      say("顧客尚未傳送文字訊息。", "The customer has not written anything yet."),
    );
  return (await regenerate(deps, latest)).map(toSuggestion);
}
