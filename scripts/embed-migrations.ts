/**
 * Turns drizzle-kit's SQL migrations into a TypeScript module, so the Workers bundle carries them
 * and both hosts apply the same migrations with the same code (db/migrate.ts).
 * Run by `npm run db:generate`; a test checks the module matches the SQL files.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderMigrationsModule } from "../db/migrations-module";

const dir = fileURLToPath(new URL("../db/migrations/", import.meta.url));
writeFileSync(`${dir}index.gen.ts`, renderMigrationsModule(dir, readFileSync));
console.log("wrote db/migrations/index.gen.ts");
