/** The typed `db.batch` helper lives with the database layer (db/batch.ts); features import it from here. */
export { type BatchStatement, batch } from "../../../db/batch";
