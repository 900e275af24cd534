import { describe, expect, it } from "vitest";
import { fuseRrf } from "./rrf";

describe("fuseRrf", () => {
  it("sums 1/(k + rank) over the lists: a ref both lists rank beats one only one list ranks first", () => {
    const fused = fuseRrf([
      ["a", "b", "c"],
      ["d", "b", "a"],
    ]);
    expect(fused.map((f) => f.ref)).toEqual(["a", "b", "d", "c"]);
    expect(fused[0]?.score).toBeCloseTo(1 / 61 + 1 / 63);
    expect(fused[1]?.score).toBeCloseTo(2 / 62);
    expect(fused[2]?.score).toBeCloseTo(1 / 61);
  });

  it("breaks ties by rank, then by list order; k flattens or sharpens the curve", () => {
    expect(fuseRrf([["a"], ["b"]]).map((f) => f.ref)).toEqual(["a", "b"]);
    expect(fuseRrf([["a", "x"], ["b"]]).map((f) => f.ref)).toEqual(["a", "b", "x"]);
    // With a small k the top of one list outweighs two third places; with 60, agreement wins.
    const lists = [
      ["a", "x", "b"],
      ["c", "y", "b"],
    ];
    expect(fuseRrf(lists, 0.5).map((f) => f.ref)).toEqual(["a", "c", "b", "x", "y"]);
    expect(fuseRrf(lists).map((f) => f.ref)).toEqual(["b", "a", "c", "x", "y"]);
  });

  it("counts a ref listed twice in one list once, at its best rank; empty lists fuse to nothing", () => {
    expect(fuseRrf([["a", "a", "b"]])).toEqual([
      { ref: "a", score: 1 / 61 },
      { ref: "b", score: 1 / 63 },
    ]);
    expect(fuseRrf([])).toEqual([]);
    expect(fuseRrf([[], []])).toEqual([]);
  });
});
