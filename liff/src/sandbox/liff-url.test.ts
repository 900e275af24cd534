import { describe, expect, it } from "vitest";
import { liffUrlToLocal } from "./liff-url";

describe("liffUrlToLocal", () => {
  it("maps a LIFF URL with path and query to the local LIFF pages", () => {
    expect(liffUrlToLocal("https://liff.line.me/1650000000-abcd/member?tab=coupons")).toBe(
      "/liff/member?tab=coupons",
    );
  });
  it("adds the simulated user when given", () => {
    expect(liffUrlToLocal("https://liff.line.me/1650000000-sandbox/member?tab=coupons", "U1")).toBe(
      "/liff/member?tab=coupons&sandboxUser=U1",
    );
  });
  it("maps a bare LIFF URL and keeps deep paths and fragments", () => {
    expect(liffUrlToLocal("https://liff.line.me/1650000000-sandbox")).toBe("/liff/");
    expect(liffUrlToLocal("https://liff.line.me/1650000000-sandbox/a/b#top")).toBe("/liff/a/b#top");
  });
  it("maps the older LIFF URL forms", () => {
    expect(liffUrlToLocal("line://app/1650000000-abcd/bind?t=x")).toBe("/liff/bind?t=x");
    expect(liffUrlToLocal("https://line.me/R/app/1650000000-abcd/coupons")).toBe("/liff/coupons");
  });
  it("leaves other links alone", () => {
    expect(liffUrlToLocal("https://www.google.com/maps?q=1")).toBe("https://www.google.com/maps?q=1");
    expect(liffUrlToLocal("https://line.me/R/ti/p/@abc")).toBe("https://line.me/R/ti/p/@abc");
    expect(liffUrlToLocal("tel:0227220000")).toBe("tel:0227220000");
    expect(liffUrlToLocal("not a url")).toBe("not a url");
  });
});
