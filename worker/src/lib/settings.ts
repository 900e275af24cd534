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
