/**
 * Broadcast audiences made fast: members written straight into the app's database (one
 * multi-row insert per 500) and the same users put straight into the LINE emulator as friends,
 * so a test can broadcast to 1,234 people without 1,234 follow webhooks. Plus the calls a
 * broadcast test makes, and what the emulator says each user received.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { members, memberTags } from "../../db/schema";
import type { EmulatorState } from "../src/sandbox/emulator";

export interface AudienceMember {
  id: string;
  userId: string;
}

/** `n` members tagged `tag`, following the OA (here and in the emulator), numbered from `from`. */
export async function seedAudience(
  db: Db,
  emulator: EmulatorState,
  opts: { n: number; tag: string; from?: number; displayName?: (i: number) => string },
): Promise<AudienceMember[]> {
  const from = opts.from ?? 0;
  const out: AudienceMember[] = [];
  for (let start = 0; start < opts.n; start += 500) {
    const rows = Array.from({ length: Math.min(500, opts.n - start) }, (_, k) => {
      const i = from + start + k;
      const userId = `U${"bc"}${i.toString(16).padStart(30, "0")}`;
      return {
        id: `mem_bc_${String(i).padStart(6, "0")}`,
        lineUserId: userId,
        memberCode: `B${String(i).padStart(11, "0")}`,
        friendship: "friend" as const,
        displayName: opts.displayName?.(i) ?? `客人${i}`,
        source: "organic" as const,
      };
    });
    await db.insert(members).values(rows);
    await db
      .insert(memberTags)
      .values(rows.map((r) => ({ memberId: r.id, tag: opts.tag, source: "admin", createdAt: new Date(0) })));
    for (const r of rows) {
      emulator.users.set(r.lineUserId, {
        userId: r.lineUserId,
        displayName: r.displayName,
        language: "zh-TW",
        friendship: "friend",
        linkedRichMenuId: null,
      });
      out.push({ id: r.id, userId: r.lineUserId });
    }
  }
  return out;
}

/** The rule of an audience seeded with `tag`. */
export const tagged = (tag: string) => ({ field: "tag", op: "has", value: tag });

/** Blocks the OA as LINE and the app both know it (without a webhook round trip). */
export async function blockOa(db: Db, emulator: EmulatorState, m: AudienceMember): Promise<void> {
  const u = emulator.users.get(m.userId);
  if (u) u.friendship = "blocked";
  await db.run(sql`UPDATE members SET friendship = 'blocked' WHERE id = ${m.id}`);
}

/** How many multicasts (and pushes) reached each user, from the emulator's own counts. */
export function received(emulator: EmulatorState, users: AudienceMember[], via: "multicast" | "push") {
  return users.map((u) => emulator.deliveries.get(u.userId)?.[via] ?? 0);
}

/** The role each member has in a broadcast. */
export async function roles(db: Db, broadcastId: string): Promise<Map<string, string>> {
  const rows = await db.all<{ member_id: string; role: string }>(
    sql`SELECT member_id, role FROM broadcast_members WHERE broadcast_id = ${broadcastId}`,
  );
  return new Map(rows.map((r) => [r.member_id, r.role]));
}
