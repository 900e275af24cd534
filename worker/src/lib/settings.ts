import { eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { appSettings } from "../../../db/schema";

/** Reads a setting, creating it with `make()` first if absent; the first writer wins a race. */
export async function getOrCreateSetting(db: Db, key: string, make: () => string): Promise<string> {
  await db
    .insert(appSettings)
    .values({ key, value: make() })
    .onConflictDoNothing({ target: appSettings.key });
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, key));
  if (!row) throw new Error(`setting ${key} vanished`);
  return row.value;
}

/** A setting's value, or null when it was never set. */
export async function readAppSetting(db: Db, key: string): Promise<string | null> {
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, key));
  return row?.value ?? null;
}

/** Sets a setting (null deletes it). */
export async function writeAppSetting(db: Db, key: string, value: string | null): Promise<void> {
  if (value === null) {
    await db.delete(appSettings).where(eq(appSettings.key, key));
    return;
  }
  await db
    .insert(appSettings)
    .values({ key, value })
    .onConflictDoUpdate({ target: appSettings.key, set: { value } });
}
