import { describe, expect, it } from "vitest";
import { apiRefusal, parseWhole } from "./whole-number";

const MAX = 10_000_000;
const amount = (text: string) => parseWhole(text, { min: 1, max: MAX });

describe("parseWhole: what a person means, or why not", () => {
  it.each([
    ["1200", 1200, false],
    ["1,200", 1200, true],
    ["1,345,678", 1_345_678, true],
    ["１２００", 1200, true],
    ["１，２００", 1200, true],
    ["  1200  ", 1200, true],
    ["\u30001200\u3000", 1200, true],
    ["0500", 500, true],
    ["1", 1, false],
    ["10000000", MAX, false],
    ["10,000,000", MAX, true],
  ])("accepts %j as %d", (text, value, readAs) => {
    expect(amount(text)).toEqual({ ok: true, value, readAs });
  });

  it.each([
    ["", "EMPTY"],
    ["   ", "EMPTY"],
    ["12.5", "NOT_WHOLE"],
    ["１２．５", "NOT_WHOLE"],
    ["12.0", "NOT_WHOLE"],
    ["1,200.50", "NOT_WHOLE"],
    [".5", "NOT_WHOLE"],
    ["12.", "NOT_WHOLE"],
    ["-100", "NEGATIVE"],
    ["－１００", "NEGATIVE"],
    ["\u2212100", "NEGATIVE"],
    ["- 5", "NEGATIVE"],
    ["-12.5", "NEGATIVE"],
    ["1e3", "NOT_A_NUMBER"],
    ["1E3", "NOT_A_NUMBER"],
    ["0x10", "NOT_A_NUMBER"],
    ["+100", "NOT_A_NUMBER"],
    ["1,2,3", "NOT_A_NUMBER"],
    ["1,2000", "NOT_A_NUMBER"],
    ["1 200", "NOT_A_NUMBER"],
    ["12a", "NOT_A_NUMBER"],
    ["NT$100", "NOT_A_NUMBER"],
    ["Infinity", "NOT_A_NUMBER"],
    ["NaN", "NOT_A_NUMBER"],
    ["--5", "NOT_A_NUMBER"],
    ["0", "TOO_SMALL"],
    ["10000001", "TOO_LARGE"],
    ["10,000,001", "TOO_LARGE"],
    ["10000000000", "TOO_LARGE"],
    ["99999999999999999999999", "TOO_LARGE"],
  ])("refuses %j: %s", (text, reason) => {
    expect(amount(text)).toEqual({ ok: false, reason, min: 1, max: MAX });
  });

  it("takes the bounds it is given (points may be 0; a smaller cap)", () => {
    expect(parseWhole("0", { max: 99 })).toEqual({ ok: true, value: 0, readAs: false });
    expect(parseWhole("99", { max: 99 })).toMatchObject({ ok: true, value: 99 });
    expect(parseWhole("100", { max: 99 })).toEqual({ ok: false, reason: "TOO_LARGE", min: 0, max: 99 });
    expect(parseWhole("499", { min: 500, max: MAX })).toMatchObject({
      ok: false,
      reason: "TOO_SMALL",
      min: 500,
    });
  });
});

describe("apiRefusal: the API's field refusals in the parser's terms", () => {
  it("maps the reasons the API gives, with the field and bound", () => {
    expect(apiRefusal({ reason: "TOO_LARGE", field: "amount", max: MAX })).toEqual({
      field: "amount",
      reason: "TOO_LARGE",
      min: 0,
      max: MAX,
    });
    expect(apiRefusal({ reason: "REQUIRED", field: "amount" })).toMatchObject({ reason: "EMPTY" });
    expect(apiRefusal({ reason: "NOT_WHOLE", field: "pointsToUse" })).toMatchObject({ field: "pointsToUse" });
  });
  it("is null for anything else", () => {
    expect(apiRefusal({ reason: "ALREADY_REDEEMED" })).toBeNull();
    expect(apiRefusal({ reason: "TOO_LARGE" })).toBeNull();
    expect(apiRefusal(undefined)).toBeNull();
  });
});
