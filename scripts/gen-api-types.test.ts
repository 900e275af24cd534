import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateApiTypes, OUTPUT } from "./gen-api-types";

describe("LIFF API types", () => {
  it("liff/src/api/schema.gen.ts matches the worker's routes (run `npm run gen:api` if not)", async () => {
    const fresh = await generateApiTypes();
    expect(fresh).toContain('"/api/me/card"');
    expect(fresh).toContain('"/api/staff/purchases"');
    expect(readFileSync(OUTPUT, "utf8"), "out of date: run `npm run gen:api`").toBe(fresh);
  });
});
