import { sql } from "drizzle-orm";
import { integer } from "drizzle-orm/sqlite-core";

/** A UTC millisecond timestamp the database fills in when a row is written without one. */
export const timestampNow = (name: string) =>
  integer(name, { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);
