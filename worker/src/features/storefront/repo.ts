import { asc, eq } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { stores } from "../../../../db/schema";
import type { StoreInfo } from "./service";

export async function listActiveStores(db: Db): Promise<StoreInfo[]> {
  return db
    .select({
      id: stores.id,
      name: stores.name,
      address: stores.address,
      phone: stores.phone,
      openingHours: stores.openingHours,
      latitude: stores.latitude,
      longitude: stores.longitude,
    })
    .from(stores)
    .where(eq(stores.active, true))
    .orderBy(asc(stores.code));
}
