import { describe, expect, it } from "vitest";
import { counted, MAX_LINES, oversized } from "./check-sizes";

describe("file sizes", () => {
  it("holds hand-written source to the limit, not generated files, catalogues or tests", () => {
    expect(counted("worker/src/features/inbox/routes.ts")).toBe(true);
    expect(counted("liff/src/console/support/conversation.tsx")).toBe(true);
    expect(counted("liff/src/api/schema.gen.ts")).toBe(false);
    expect(counted("liff/src/console/i18n.ts")).toBe(false);
    expect(counted("worker/src/features/live/live-comments.test.ts")).toBe(true);
    expect(counted("db/migrations/0001_init.sql")).toBe(false);
    expect(counted("README.md")).toBe(false);
  });

  it(`holds in this codebase (at most ${MAX_LINES} lines)`, () => {
    expect(oversized()).toEqual([]);
  });
});
