import { and, eq, isNotNull } from "drizzle-orm";
import { members } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import type { LineProfile } from "../../ports/line";
import { ensureMember, type MemberRow } from "./repo";

/**
 * A printable, unguessable member code for the card's QR and barcode: 16 digits (Code 128 packs
 * digits densely, and a cashier can type them if a scanner fails), from 122 random bits.
 */
export function newMemberCode(deps: Pick<AppDeps, "ids">): string {
  const hex = deps.ids.uuid().replace(/-/g, "");
  return (BigInt(`0x${hex}`) % 10n ** 16n).toString().padStart(16, "0");
}

/** A follow: the user becomes (or stays) a member record, friend again if they had blocked us. */
export async function recordFollow(
  deps: AppDeps,
  userId: string,
  profile: LineProfile | undefined,
): Promise<MemberRow> {
  const now = deps.clock.now();
  return ensureMember(
    deps.db,
    {
      id: deps.ids.id("mem"),
      lineUserId: userId,
      memberCode: newMemberCode(deps),
      source: "organic",
      friendship: "friend",
      displayName: profile?.displayName ?? null,
      pictureUrl: profile?.pictureUrl ?? null,
      language: profile?.language ?? null,
      profileReadAt: profile ? now : null,
      createdAt: now,
      updatedAt: now,
    },
    {
      friendship: "friend",
      blockedAt: null,
      displayName: profile?.displayName,
      pictureUrl: profile?.pictureUrl,
      language: profile?.language,
      profileReadAt: profile ? now : undefined,
      updatedAt: now,
    },
  );
}

/**
 * A 1:1 message from a LINE user whose language is not known yet — no member record (a friend
 * from before the bot was connected, or someone chatting without adding the OA), or a record
 * made without a profile (a LIFF visit): their LINE profile is read once and kept, so every
 * answer after it is in their language. LINE gives the profile of friends and of users who sent
 * the OA a message; when it cannot be read nothing changes and the next message tries again; read without a language, it is read again a month later, not at every message.
 */
/** How long a profile read without a language stands before a message reads it again. */
const PROFILE_REREAD_MS = 30 * 86_400_000;

export async function recordChatContact(deps: AppDeps, userId: string): Promise<void> {
  const [known] = await deps.db
    .select({ language: members.language, readAt: members.profileReadAt })
    .from(members)
    .where(eq(members.lineUserId, userId));
  const now = deps.clock.now();
  // Known, or read lately and the user shares no language: not read again until a month has passed.
  if (known?.language || (known?.readAt && now.getTime() - known.readAt.getTime() < PROFILE_REREAD_MS))
    return;
  const profile = await deps.line.getProfile(userId).catch(() => undefined);
  if (!profile) return;
  await ensureMember(
    deps.db,
    {
      id: deps.ids.id("mem"),
      lineUserId: userId,
      memberCode: newMemberCode(deps),
      source: "organic",
      displayName: profile.displayName,
      pictureUrl: profile.pictureUrl ?? null,
      language: profile.language ?? null,
      profileReadAt: now,
      createdAt: now,
      updatedAt: now,
    },
    {
      displayName: profile.displayName,
      pictureUrl: profile.pictureUrl,
      language: profile.language,
      profileReadAt: now,
      updatedAt: now,
    },
  );
}

/** Opening the LIFF app: a guest record exists from then on (source liff if it is the first contact). */
export async function recordLiffVisit(
  deps: AppDeps,
  identity: { userId: string; name?: string; picture?: string },
): Promise<MemberRow> {
  // Member API reads call this on every request: write only when the record is new or the
  // LINE profile in the token changed.
  const [existing] = await deps.db.select().from(members).where(eq(members.lineUserId, identity.userId));
  const unchanged = (next: string | undefined, current: string | null) =>
    next === undefined || next === current;
  if (
    existing &&
    unchanged(identity.name, existing.displayName) &&
    unchanged(identity.picture, existing.pictureUrl)
  ) {
    return existing;
  }
  const now = deps.clock.now();
  return ensureMember(
    deps.db,
    {
      id: deps.ids.id("mem"),
      lineUserId: identity.userId,
      memberCode: newMemberCode(deps),
      source: "liff",
      displayName: identity.name ?? null,
      pictureUrl: identity.picture ?? null,
      createdAt: now,
      updatedAt: now,
    },
    { displayName: identity.name, pictureUrl: identity.picture, updatedAt: now },
  );
}

/**
 * A LINE user an e-shop names (its "log in with LINE" under the same provider, so the same user
 * id): their member record, made as a guest (source `eshop`) when they never came here before.
 */
export async function recordShopCustomer(deps: AppDeps, lineUserId: string): Promise<MemberRow> {
  const [existing] = await deps.db.select().from(members).where(eq(members.lineUserId, lineUserId));
  if (existing) return existing;
  const now = deps.clock.now();
  return ensureMember(
    deps.db,
    {
      id: deps.ids.id("mem"),
      lineUserId,
      memberCode: newMemberCode(deps),
      source: "eshop",
      createdAt: now,
      updatedAt: now,
    },
    {},
  );
}

/** The member who proved this phone (E.164) with a one-time code, if any. */
export async function memberByVerifiedPhone(deps: Pick<AppDeps, "db">, phone: string) {
  const [row] = await deps.db
    .select()
    .from(members)
    .where(and(eq(members.phone, phone), isNotNull(members.phoneVerifiedAt)));
  return row;
}
