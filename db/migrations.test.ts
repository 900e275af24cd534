import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderMigrationsModule } from "./migrations-module";

describe("embedded migrations", () => {
  it("index.gen.ts matches the SQL files drizzle-kit wrote (run `npm run db:generate` after a schema change)", () => {
    const dir = fileURLToPath(new URL("./migrations/", import.meta.url));
    expect(readFileSync(`${dir}index.gen.ts`, "utf8")).toBe(renderMigrationsModule(dir, readFileSync));
  });
});
