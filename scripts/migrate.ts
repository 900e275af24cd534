/** `npm run db:migrate`: applies the embedded migrations to DATABASE_URL (libSQL file or Turso). */
import { applyMigrations } from "../db/migrate";
import { migrations } from "../db/migrations/index.gen";
import { openLibsql } from "../worker/src/hosts/libsql";

const url = process.env.DATABASE_URL ?? "file:./data/omo.db";
const { client, db } = await openLibsql(url, process.env.DATABASE_AUTH_TOKEN);
const applied = await applyMigrations(db, migrations);
console.log(applied.length ? `applied ${applied.join(", ")}` : "database is up to date");
client.close();
