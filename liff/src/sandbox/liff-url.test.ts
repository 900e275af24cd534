import { describe, expect, it } from "vitest";
import { liffUrlToLocal } from "./liff-url";

describe("liffUrlToLocal", () => {
  it("maps a LIFF URL with path and query to the local LIFF pages as the simulated user", () => {
    expect(liffUrlToLocal("https://liff.line.me/1650000000-sandbox/member?tab=coupons", "U1")).toBe(
      "/liff/member?tab=coupons&sandboxUser=U1",
    );
  });
  it("maps a bare LIFF URL", () => {
    expect(liffUrlToLocal("https://liff.line.me/1650000000-sandbox")).toBe("/liff/");
  });
  it("leaves other links alone", () => {
    expect(liffUrlToLocal("https://www.google.com/maps?q=1")).toBe("https://www.google.com/maps?q=1");
    expect(liffUrlToLocal("tel:0227220000")).toBe("tel:0227220000");
    expect(liffUrlToLocal("not a url")).toBe("not a url");
  });
});
