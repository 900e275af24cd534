import { describe, expect, it } from "vitest";
import {
  couponDiscount,
  orderNumber,
  parsePoints,
  pointsCap,
  saleOfClaim,
  TONES,
  timeLeft,
  toneOf,
} from "./format";

describe("live checkout helpers", () => {
  it("shows the order number the seller's console shows", () => {
    expect(orderNumber("ord_4Xk9aBcDeFgHiJkLmNoPqR")).toBe("#KLMNOPQR");
    expect(orderNumber("ord_b1_00012")).toBe("#00012");
  });

  it("counts the hold down in hours and minutes, null once it has passed", () => {
    const now = Date.parse("2026-11-24T03:00:00Z");
    expect(timeLeft("2026-11-25T03:00:00Z", now)).toEqual({ hours: 24, minutes: 0 });
    expect(timeLeft("2026-11-24T04:30:30Z", now)).toEqual({ hours: 1, minutes: 31 });
    expect(timeLeft("2026-11-24T03:00:00Z", now)).toBeNull();
    expect(timeLeft("not a date", now)).toBeNull();
  });

  it("reads the sale from a claim token only when it looks like one", () => {
    const b64 = (o: object) =>
      btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    expect(saleOfClaim(`${b64({ alg: "HS256" })}.${b64({ sal: "sal_demo_friday", sub: "lbu_1" })}.sig`)).toBe(
      "sal_demo_friday",
    );
    expect(saleOfClaim("garbage")).toBeNull();
    expect(saleOfClaim(`x.${b64({ sal: "../../admin" })}.y`)).toBeNull();
    expect(saleOfClaim("x.%%%.y")).toBeNull();
  });

  it("gives each product code a tile tone that white text reads on (WCAG AA)", () => {
    const lum = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (const tone of TONES) expect(1.05 / (lum(tone) + 0.05), tone).toBeGreaterThanOrEqual(4.5);
    expect(toneOf("A")).toBe(toneOf("A"));
    expect(TONES).toContain(toneOf("B02"));
  });
});

describe("coupon and points at checkout", () => {
  it("works out a coupon's discount as the server does", () => {
    expect(couponDiscount(undefined, 780)).toBe(0);
    expect(couponDiscount({ kind: "amount", value: 100 }, 780)).toBe(100);
    expect(couponDiscount({ kind: "amount", value: 1000 }, 780)).toBe(780);
    expect(couponDiscount({ kind: "percent", value: 10 }, 785)).toBe(78);
  });

  it("reads typed points, full-width digits and separators included", () => {
    expect(parsePoints("")).toBe(0);
    expect(parsePoints("1,200")).toBe(1200);
    expect(parsePoints("１２")).toBe(12);
    expect(parsePoints("abc")).toBe(0);
    // Never by dropping characters: not 5, not 125, not 13.
    expect(parsePoints("-5")).toBe(0);
    expect(parsePoints("12.5")).toBe(0);
    expect(parsePoints("1e3")).toBe(0);
  });

  it("caps points at the balance and at what is left to pay", () => {
    expect(pointsCap(99, 780, 100)).toBe(99);
    expect(pointsCap(5000, 780, 100)).toBe(680);
    expect(pointsCap(0, 780, 0)).toBe(0);
    expect(pointsCap(50, 100, 100)).toBe(0);
  });
});
