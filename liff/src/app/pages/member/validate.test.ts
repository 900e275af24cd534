import { describe, expect, it } from "vitest";
import { birthdayProblem, localToday, looksLikeEmail, looksLikePhone, samePhone } from "./validate";

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

describe("phone and birthday checks", () => {
  it("knows the saved number however it is written", () => {
    for (const typed of ["0912-345-678", "0912345678", "+886 912 345 678", "886912345678", "+886912345678"])
      expect(samePhone(typed, "+886912345678"), typed).toBe(true);
    expect(samePhone("0912-345-679", "+886912345678")).toBe(false);
    expect(samePhone("0912345678", null)).toBe(false);
  });
  it("today is the brand's day: 16:30 UTC is already tomorrow in Taipei", () => {
    expect(localToday(new Date("2026-11-24T16:30:00Z"), "Asia/Taipei")).toBe("2026-11-25");
    expect(localToday(new Date("2026-11-24T15:59:00Z"), "Asia/Taipei")).toBe("2026-11-24");
  });
  it("refuses a birthday in the future, before 1900 or not a real day", () => {
    const today = "2026-11-24";
    expect(birthdayProblem("2026-11-24", today)).toBeNull();
    expect(birthdayProblem("1900-01-01", today)).toBeNull();
    expect(birthdayProblem("2026-11-25", today)).toBe("future");
    expect(birthdayProblem("3026-01-01", today)).toBe("future");
    expect(birthdayProblem("1899-12-31", today)).toBe("old");
    expect(birthdayProblem("0099-05-20", today)).toBe("old");
    for (const bad of ["2026-02-31", "2026-13-01", "", "1990/05/20", "20000-01-01"])
      expect(birthdayProblem(bad, today), bad).toBe("invalid");
  });
});
