import { describe, expect, it } from "vitest";
import { closestWord, editDistance } from "./typos";

describe("typo correction", () => {
  it("counts insertions, deletions, substitutions and swapped neighbours as one edit", () => {
    expect(editDistance("shipping", "shiping", 2)).toBe(1);
    expect(editDistance("refund", "refnud", 2)).toBe(1);
    expect(editDistance("return", "retrun", 2)).toBe(1);
    expect(editDistance("abc", "xyz", 1)).toBe(2); // stops early past the limit
  });

  it("corrects to the closest known word, never a known word, never a short one, never too far", () => {
    const vocab = new Set(["shipping", "refund", "return", "address", "size"]);
    expect(closestWord("shiping", vocab)).toBe("shipping");
    expect(closestWord("adress", vocab)).toBe("address");
    expect(closestWord("refund", vocab)).toBeNull();
    expect(closestWord("sise", vocab)).toBe("size");
    expect(closestWord("siz", vocab)).toBeNull();
    expect(closestWord("banana", vocab)).toBeNull();
  });
});
