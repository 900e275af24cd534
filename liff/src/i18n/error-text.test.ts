import { describe, expect, it } from "vitest";
import { ApiError } from "../api/error";
import { apiErrorText } from "./error-text";

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

  it("else the server's own message, already in the language the request asked for", () => {
    expect(apiErrorText(new ApiError(409, "CONFLICT", "此銷售已結束。"), "zh-TW")).toBe("此銷售已結束。");
    expect(apiErrorText(new ApiError(409, "CONFLICT", "This sale is closed."), "en")).toBe(
      "This sale is closed.",
    );
    expect(apiErrorText({ message: "此銷售已結束。" }, "zh-TW")).toBe("此銷售已結束。");
  });

  it("no answer at all, or an answer not in the error shape, in the page's own words", () => {
    expect(apiErrorText(new TypeError("Failed to fetch"), "zh-TW")).toBe(
      "無法連線到伺服器，請檢查網路後再試。",
    );
    expect(apiErrorText(new ApiError(502, "HTTP_502", "HTTP 502"), "en")).toBe(
      "Something went wrong on our side; please try again later.",
    );
    expect(apiErrorText(new ApiError(404, "HTTP_404", "HTTP 404"), "en")).toBe("HTTP 404");
  });
});
