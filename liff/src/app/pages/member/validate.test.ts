import { describe, expect, it } from "vitest";
import { looksLikeEmail, looksLikePhone } from "./validate";

describe("registration checks", () => {
  it("accepts Taiwan mobiles written the usual ways and international numbers", () => {
    for (const ok of [
      "0912-345-678",
      "0912345678",
      "0912 345 678",
      "+886 912 345 678",
      "+886912345678",
      "+14155550123",
    ])
      expect(looksLikePhone(ok), ok).toBe(true);
    for (const bad of ["", "12345", "02-2722-0000", "0812345678", "phone", "+886 12"])
      expect(looksLikePhone(bad), bad).toBe(false);
  });
  it("checks email shape", () => {
    expect(looksLikeEmail("mei@example.com")).toBe(true);
    expect(looksLikeEmail("mei@")).toBe(false);
  });
});
