import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { appSettings } from "../../../db/schema";

const KEY = "wake:scheduled_at";

/**
 * Workers have no process to keep a timer in: a wake-up is a delayed Queue message (or a
 * `waitUntil` timer), and every invocation that sends or sweeps asks for one. This keeps one
 * pending wake-up across isolates: it answers true only when `at` is earlier than the one already
 * scheduled, or that one has passed — decided by one conditional upsert, not read-then-write.
 */
export async function claimWake(db: Db, at: Date, now: Date): Promise<boolean> {
  const t = at.getTime();
  const rows = await db
    .insert(appSettings)
    .values({ key: KEY, value: String(t) })
    .onConflictDoUpdate({
      target: appSettings.key,
      set: { value: String(t) },
      setWhere: sql`CAST(${appSettings.value} AS INTEGER) > ${t} OR CAST(${appSettings.value} AS INTEGER) <= ${now.getTime()}`,
    })
    .returning({ key: appSettings.key });
  return rows.length > 0;
}
