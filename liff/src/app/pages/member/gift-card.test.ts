import { describe, expect, it } from "vitest";
import { validateMessages } from "../../../../../worker/src/sandbox/emulator/validate-messages";
import { cardDate, giftCard } from "./gift-card";

const url = "https://liff.line.me/1650000000-sandbox/member/gift?t=AbCdEfGhIjKlMnOpQrStUvWxYz012345";

describe("the card a member shares with a friend", () => {
  it("passes LINE's message rules, with one URI action to the gift link", () => {
    const card = giftCard(
      { name: "好友分享 NT$200 折價券", kind: "amount", value: 200, minSpend: 1000, channel: "both" },
      url,
      cardDate("2026-12-01T03:00:00.000Z"),
    );
    expect(validateMessages([card])).toEqual([]);
    const json = JSON.stringify(card);
    expect([...json.matchAll(/"action":\{"type":"(\w+)"/g)].map((m) => m[1])).toEqual(["uri"]);
    expect(json).toContain(url);
    expect(json).toContain("折 NT$200");
    expect(json).toContain("NT$200 off");
    expect(json).toContain("2026/12/01");
  });

  it("says a percent coupon the way each language does", () => {
    const json = JSON.stringify(
      giftCard(
        { name: "85 折", kind: "percent", value: 15, minSpend: 0, channel: "store" },
        url,
        "2026/12/01",
      ),
    );
    expect(json).toContain("85 折");
    expect(json).toContain("15% off");
    expect(json).toContain("無最低消費");
  });
});
