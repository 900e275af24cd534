import { and, asc, desc, eq, inArray, like, lt, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import {
  conversationMessages,
  conversations,
  knowledgeEntries,
  members,
  staff,
  suggestions,
} from "../../../../db/schema";
import { batch } from "../../lib/batch";

export type StaffRow = typeof staff.$inferSelect;
export type MessageRow = typeof conversationMessages.$inferSelect;
export type SuggestionRow = typeof suggestions.$inferSelect;
export type KnowledgeRow = typeof knowledgeEntries.$inferSelect;

/** Staff who work the console: admins and agents who are still active. */
const consoleStaff = and(inArray(staff.role, ["admin", "agent"]), eq(staff.active, true));

export async function findStaff(db: Db, id: string): Promise<StaffRow | undefined> {
  return (await db.select().from(staff).where(eq(staff.id, id)))[0];
}

export async function isActiveAgent(db: Db, id: string): Promise<boolean> {
  const [person] = await db
    .select({ id: staff.id })
    .from(staff)
    .where(and(eq(staff.id, id), consoleStaff));
  return person !== undefined;
}

export const listActiveAgents = (db: Db) =>
  db.select().from(staff).where(consoleStaff).orderBy(asc(staff.code));

/** Which conversations to list; `assignedTo` is a staff id, or null for the unassigned ones. */
export interface ConversationFilter {
  status?: "open" | "waiting" | "closed" | undefined;
  assignedTo?: string | null | undefined;
  search?: string | undefined;
  before?: Date | undefined;
  limit: number;
}

/** Conversations, most recent first, with the member's name and code and the last words each way. */
export function searchConversations(db: Db, f: ConversationFilter) {
  const assigned: SQL | undefined =
    f.assignedTo === null
      ? sql`${conversations.assignedTo} IS NULL`
      : f.assignedTo !== undefined
        ? eq(conversations.assignedTo, f.assignedTo)
        : undefined;
  const last = sql<
    string | null
  >`(SELECT m.text FROM ${conversationMessages} m WHERE m.conversation_id = ${conversations.id} ORDER BY m.created_at DESC, m.rowid DESC LIMIT 1)`;
  const lastIn = sql<
    string | null
  >`(SELECT m.text FROM ${conversationMessages} m WHERE m.conversation_id = ${conversations.id} AND m.direction = 'in' ORDER BY m.created_at DESC, m.rowid DESC LIMIT 1)`;
  const search = f.search
    ? or(
        like(members.displayName, `%${f.search}%`),
        eq(members.memberCode, f.search),
        sql`EXISTS (SELECT 1 FROM ${conversationMessages} m WHERE m.conversation_id = ${conversations.id} AND m.text LIKE ${`%${f.search}%`})`,
      )
    : undefined;
  return db
    .select({ c: conversations, name: members.displayName, code: members.memberCode, last, lastIn })
    .from(conversations)
    .leftJoin(members, eq(members.lineUserId, conversations.lineUserId))
    .where(
      and(
        f.status ? eq(conversations.status, f.status) : undefined,
        assigned,
        search,
        f.before ? lt(conversations.lastMessageAt, f.before) : undefined,
      ),
    )
    .orderBy(desc(conversations.lastMessageAt))
    .limit(f.limit);
}

/** The latest messages of a conversation, newest first. */
export const latestMessages = (db: Db, conversationId: string, limit: number) =>
  db
    .select()
    .from(conversationMessages)
    .where(eq(conversationMessages.conversationId, conversationId))
    .orderBy(desc(conversationMessages.createdAt), desc(sql`${conversationMessages}.rowid`))
    .limit(limit);

/** The customer's latest text message, the one suggestions answer. */
export async function latestInboundText(db: Db, conversationId: string): Promise<MessageRow | undefined> {
  const [latest] = await db
    .select()
    .from(conversationMessages)
    .where(
      and(
        eq(conversationMessages.conversationId, conversationId),
        eq(conversationMessages.direction, "in"),
        eq(conversationMessages.type, "text"),
      ),
    )
    .orderBy(desc(conversationMessages.createdAt))
    .limit(1);
  return latest;
}

export const pendingSuggestions = (db: Db, conversationId: string) =>
  db
    .select()
    .from(suggestions)
    .where(and(eq(suggestions.conversationId, conversationId), eq(suggestions.status, "pending")))
    .orderBy(asc(suggestions.createdAt), asc(suggestions.rank));

export async function setAssignee(db: Db, conversationId: string, staffId: string | null): Promise<void> {
  await db.update(conversations).set({ assignedTo: staffId }).where(eq(conversations.id, conversationId));
}

/** The new status, and the pending suggestions superseded, in one batch. */
export async function setStatusSupersedingSuggestions(
  db: Db,
  conversationId: string,
  status: "open" | "closed",
): Promise<void> {
  await batch(db, [
    db.update(conversations).set({ status, waitingSince: null }).where(eq(conversations.id, conversationId)),
    db
      .update(suggestions)
      .set({ status: "superseded" })
      .where(and(eq(suggestions.conversationId, conversationId), eq(suggestions.status, "pending"))),
  ]);
}

export const listKnowledge = (db: Db) =>
  db.select().from(knowledgeEntries).orderBy(asc(knowledgeEntries.createdAt));

export async function insertKnowledge(
  db: Db,
  row: typeof knowledgeEntries.$inferInsert,
): Promise<KnowledgeRow> {
  const [inserted] = await db.insert(knowledgeEntries).values(row).returning();
  return inserted as KnowledgeRow;
}

export async function updateKnowledge(
  db: Db,
  id: string,
  set: Partial<Omit<KnowledgeRow, "id" | "createdAt">>,
): Promise<KnowledgeRow | undefined> {
  const [row] = await db.update(knowledgeEntries).set(set).where(eq(knowledgeEntries.id, id)).returning();
  return row;
}

/** Whether an entry was there to delete. */
export async function deleteKnowledge(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .delete(knowledgeEntries)
    .where(eq(knowledgeEntries.id, id))
    .returning({ id: knowledgeEntries.id });
  return rows.length > 0;
}
