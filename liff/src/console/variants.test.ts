import { describe, expect, it } from "vitest";
import { formatVariants, parseVariants } from "./variants";

describe("variants field", () => {
  it("reads name:qty pairs separated by commas (full-width too)", () => {
    expect(parseVariants("紅 M:5, 黑 L:3")).toEqual([
      { name: "紅 M", stock: 5 },
      { name: "黑 L", stock: 3 },
    ]);
    expect(parseVariants("紅色/M：１２，白 S: 0、")).toEqual([
      { name: "紅色/M", stock: 12 },
      { name: "白 S", stock: 0 },
    ]);
    expect(parseVariants("  ")).toEqual([]);
  });

  it("refuses what is not a pair", () => {
    for (const bad of ["紅 M", "紅 M:five", ":3", "紅 M:-1", "紅 M:5 黑 L:3"])
      expect(parseVariants(bad), bad).toBeNull();
  });

  it("writes back what it reads", () => {
    const v = [
      { name: "紅 M", stock: 5 },
      { name: "黑 L", stock: 3 },
    ];
    expect(parseVariants(formatVariants(v))).toEqual(v);
  });
});
