import { describe, expect, it } from "vitest";
import { matchPath, routeFrom } from "./route";

describe("LIFF routes", () => {
  it("reads the path under /liff and its query", () => {
    const r = routeFrom("/liff/bind", "?t=abc&sandboxUser=U1");
    expect(r.path).toBe("/bind");
    expect(r.query.get("t")).toBe("abc");
    expect(routeFrom("/liff/", "").path).toBe("/");
    expect(routeFrom("/liff", "").path).toBe("/");
  });

  it("follows liff.state before LIFF's own redirect (the QR's token arrives inside it)", () => {
    const r = routeFrom("/liff/", `?liff.state=${encodeURIComponent("/bind?t=eyJ.x.y")}`);
    expect(r.path).toBe("/bind");
    expect(r.query.get("t")).toBe("eyJ.x.y");
    expect(r.query.has("liff.state")).toBe(false);
    expect(routeFrom("/liff", `?liff.state=${encodeURIComponent("staff/join?t=1")}`).path).toBe(
      "/staff/join",
    );
  });

  it("matches patterns with parameters", () => {
    expect(matchPath("/member/coupons/:code", "/member/coupons/AB%2FC")).toEqual({ code: "AB/C" });
    expect(matchPath("/member/coupons/:code", "/member/coupons")).toBeNull();
    expect(matchPath("/staff", "/staff")).toEqual({});
  });
});
