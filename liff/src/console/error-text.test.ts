import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import { apiErrorText } from "./error-text";

const bilingual = "This sale is closed. 此銷售已結束。";

describe("a refusal in the reader's language, by code and reason", () => {
  it("a known reason wins, with its details", () => {
    const e = new ApiError(422, "UNPROCESSABLE", "Coupon needs NT$500. 未達優惠券最低消費 NT$500。", {
      reason: "MIN_SPEND_NOT_MET",
      minSpend: 1500,
    });
    expect(apiErrorText(e, "zh-TW")).toBe("未達優惠券最低消費 NT$1,500。");
    expect(apiErrorText(e, "en")).toBe("This coupon needs a spend of at least NT$1,500.");
  });

  it("an input reason names the field", () => {
    const e = new ApiError(400, "VALIDATION_FAILED", "price must be at least 1. price 不可小於 1。", {
      reason: "TOO_SMALL",
      field: "price",
      min: 1,
    });
    expect(apiErrorText(e, "zh-TW")).toBe("price 不可小於 1。");
    expect(apiErrorText(e, "en")).toBe("price must be at least 1.");
  });

  it("a code that says it all, whatever the message", () => {
    const e = new ApiError(403, "FORBIDDEN", "Admins only.");
    expect(apiErrorText(e, "zh-TW")).toBe("您沒有執行此操作的權限。");
    expect(apiErrorText(e, "en")).toBe("You are not allowed to do this.");
  });

  it("else the server's message, the reader's half of it", () => {
    const e = new ApiError(409, "CONFLICT", bilingual);
    expect(apiErrorText(e, "zh-TW")).toBe("此銷售已結束。");
    expect(apiErrorText(e, "en")).toBe("This sale is closed.");
    expect(apiErrorText(new Error(bilingual), "en")).toBe("This sale is closed.");
    expect(apiErrorText({ message: bilingual }, "zh-TW")).toBe("此銷售已結束。");
    expect(apiErrorText(new ApiError(502, "HTTP_502", "HTTP 502"), "en")).toBe("HTTP 502");
  });
});
