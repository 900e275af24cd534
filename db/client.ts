import type { LibSQLDatabase } from "drizzle-orm/libsql";
import * as schema from "./schema";

export { schema };
export type Schema = typeof schema;

/**
 * The database handle every feature uses. It is typed as drizzle's libSQL database; the Workers
 * host may hand in drizzle's D1 database instead, which has the same query and batch API.
 * Only single statements and `db.batch` are used — never interactive transactions — so the same
 * code runs on a libSQL file, Turso over HTTP and D1.
 */
export type Db = LibSQLDatabase<Schema>;
