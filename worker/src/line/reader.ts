import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { members } from "../../../db/schema";
import { type ReaderLang, readerLang } from "../lib/reader-lang";
import type { LineEvent } from "./events";

/** The language one LINE user reads, from their member record's profile language (null: unknown). */
export async function readerLangOf(db: Db, lineUserId: string | null | undefined): Promise<ReaderLang> {
  if (!lineUserId) return null;
  const [row] = await db
    .select({ language: members.language })
    .from(members)
    .where(eq(members.lineUserId, lineUserId));
  return readerLang(row?.language);
}

/** Several users' reader languages at once (a user with no member record: null). */
export async function readerLangsOf(
  db: Db,
  lineUserIds: readonly string[],
): Promise<Map<string, ReaderLang>> {
  const ids = [...new Set(lineUserIds)];
  const rows = ids.length
    ? await db
        .select({ userId: members.lineUserId, language: members.language })
        .from(members)
        .where(inArray(members.lineUserId, ids))
    : [];
  const known = new Map(rows.map((r) => [r.userId, readerLang(r.language)]));
  return new Map(ids.map((id) => [id, known.get(id) ?? null]));
}

/**
 * The language of the chat an event came from: its user's in a 1:1 chat; null (the bilingual
 * message) in a group or room, where many people read the answer.
 */
export async function chatReaderLang(db: Db, event: Pick<LineEvent, "source">): Promise<ReaderLang> {
  const source = event.source;
  return source?.type === "user" ? readerLangOf(db, source.userId) : null;
}
