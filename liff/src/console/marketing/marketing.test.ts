import { describe, expect, it } from "vitest";
import type { Reports } from "./api";
import { checkForm, taipeiInstant } from "./broadcast-form";
import { progressPercent } from "./broadcasts-page";
import { shortTick } from "./chart";
import { MARKETING_STRINGS } from "./i18n";
import { emptyMessage, jsonErrorAt, messageIndexOf, parseFlex, toDraft, toLineMessage } from "./messages";
import { bucketLabel, CHANNEL_COLORS, formatValue, shapeReport, tableOf } from "./report-shape";
import { presetRange } from "./reports-page";
import { heat } from "./rfm-grid";
import { isMarketingRoute, marketingHref, parseMarketingRoute } from "./routes";

const zh = MARKETING_STRINGS["zh-TW"];
const en = MARKETING_STRINGS.en;

describe("broadcast messages", () => {
  it("says where a Flex JSON mistake is, by line and column, and what the top level must be", () => {
    const bad = parseFlex('{\n  "type": "bubble",,\n}');
    expect(bad).toMatchObject({ error: { field: "json", problem: "badJson", line: 2 } });
    expect(parseFlex('{"type": "text"}')).toEqual({ error: { field: "json", problem: "notFlex" } });
    expect(parseFlex("[]")).toEqual({ error: { field: "json", problem: "notFlex" } });
    expect(jsonErrorAt("ab\ncd", "Unexpected token in JSON at position 4")).toEqual({ line: 2, col: 2 });
    expect(jsonErrorAt("", "Expected ',' (line 3 column 7)")).toEqual({ line: 3, col: 7 });
  });

  it("makes LINE message objects, refusing an http image and a card without alt text", () => {
    expect(toLineMessage({ kind: "text", text: "{displayName} 您好" })).toEqual({
      message: { type: "text", text: "{displayName} 您好" },
    });
    expect(toLineMessage({ kind: "image", url: "http://x/a.jpg" })).toEqual({
      errors: [{ field: "url", problem: "notHttps" }],
    });
    expect(toLineMessage({ kind: "image", url: "https://x/a.jpg" })).toEqual({
      message: { type: "image", originalContentUrl: "https://x/a.jpg", previewImageUrl: "https://x/a.jpg" },
    });
    const flex = toLineMessage({ ...emptyMessage("flex"), altText: "" } as never);
    expect(flex).toEqual({ errors: [{ field: "altText", problem: "required" }] });
    const card = toLineMessage({ kind: "flex", altText: "雙11", json: '{"type":"bubble"}' });
    expect(card).toEqual({ message: { type: "flex", altText: "雙11", contents: { type: "bubble" } } });
    expect(toDraft({ type: "flex", altText: "雙11", contents: { type: "bubble" } })).toMatchObject({
      kind: "flex",
      altText: "雙11",
    });
    expect(messageIndexOf("messages.[2]")).toBe(2);
    expect(messageIndexOf("messages.0.text")).toBe(0);
    expect(messageIndexOf("name")).toBeNull();
  });

  it("checks the compose form: holdout 0–50 and attribution 1–90 as typed, a schedule ahead, in Taipei time", () => {
    const form = {
      name: "雙11",
      target: "segment" as const,
      segmentId: "seg_1",
      messages: [{ kind: "text" as const, text: "嗨" }],
      couponTemplateId: "",
      holdout: "60",
      attribution: "七",
      when: "later" as const,
      at: "2026-11-24T09:00",
    };
    const now = new Date("2026-11-24T02:00:00Z"); // 10:00 in Taipei
    expect(checkForm(form, zh, { maxMessages: 5, rule: undefined, now })).toEqual({
      errors: { holdout: zh.outOfRange(0, 50), attribution: zh.outOfRange(1, 90), at: zh.pastTime },
    });
    const ok = checkForm({ ...form, holdout: "10", attribution: "7", at: "2026-11-24T12:00" }, zh, {
      maxMessages: 5,
      rule: undefined,
      now,
    });
    expect(ok).toEqual({
      input: {
        name: "雙11",
        segmentId: "seg_1",
        messages: [{ type: "text", text: "嗨" }],
        holdoutPercent: 10,
        attributionDays: 7,
        scheduledAt: "2026-11-24T12:00:00+08:00",
      },
    });
    expect(Date.parse(taipeiInstant("2026-11-24T12:00"))).toBe(Date.parse("2026-11-24T04:00:00Z"));
  });

  it("reads progress as delivered (or failed) of the recipients", () => {
    expect(progressPercent({ sent: 0, failed: 0, recipients: 0 })).toBe(100);
    expect(progressPercent({ sent: 450, failed: 50, recipients: 1000 })).toBe(50);
    expect(progressPercent({ sent: 999, failed: 0, recipients: 1000 })).toBe(100);
  });
});

describe("report shaping", () => {
  const range = {
    from: "2026-11-01",
    to: "2026-11-03",
    granularity: "day" as const,
    timeZone: "Asia/Taipei",
    storeId: null,
    storeName: null,
  };
  const revenue: Reports["revenue"] = {
    range,
    totals: { orders: 3, revenue: 6000, byChannel: { store: 3000, online: 2000, live: 1000 } },
    series: [
      { bucket: "2026-11-01", orders: 1, revenue: 3000, byChannel: { store: 3000, online: 0, live: 0 } },
      { bucket: "2026-11-02", orders: 0, revenue: 0, byChannel: { store: 0, online: 0, live: 0 } },
      { bucket: "2026-11-03", orders: 2, revenue: 3000, byChannel: { store: 0, online: 2000, live: 1000 } },
    ],
    byStore: [
      {
        storeId: null,
        storeName: null,
        orders: 3,
        revenue: 6000,
        byChannel: { store: 3000, online: 2000, live: 1000 },
        series: [],
      },
    ],
    byStaff: [
      {
        staffId: "stf_1",
        staffName: "王小明",
        storeId: "sto_1",
        storeName: "信義店",
        orders: 2,
        revenue: 3000,
        byChannel: { store: 0, online: 2000, live: 1000 },
        referred: 3000,
      },
    ],
  };

  it("revenue: a colour per channel, the series per bucket, the table with the same numbers and their total", () => {
    const view = shapeReport("revenue", revenue, zh, "zh-TW");
    const channels = view.charts[0];
    expect(channels?.chart.labels).toEqual(["11/1", "11/2", "11/3"]);
    expect(channels?.chart.series.map((s) => [s.key, s.color, s.data])).toEqual([
      ["store", CHANNEL_COLORS.store, [3000, 0, 0]],
      ["online", CHANNEL_COLORS.online, [0, 0, 2000]],
      ["live", CHANNEL_COLORS.live, [0, 0, 1000]],
    ]);
    expect(channels?.table.total).toEqual({ label: "合計", store: 3000, online: 2000, live: 1000 });
    expect(view.charts[1]?.chart.labels).toEqual(["未歸屬"]);
    expect(view.kpis.find((k) => k.key === "aov")?.value).toBe(2000);
    expect(view.tables[0]?.rows[0]).toMatchObject({ staff: "王小明", referred: 3000 });
  });

  it("labels buckets and numbers in the page's language", () => {
    expect(bucketLabel("2026-11-24", "day", "zh-TW", zh)).toBe("11/24");
    expect(bucketLabel("2026-11-23", "week", "en", en)).toBe("w/c 23 Nov");
    expect(bucketLabel("2026-11-01", "month", "zh-TW", zh)).toBe("2026/11");
    expect(formatValue(12345, "money", "en")).toBe("NT$12,345");
    expect(formatValue(12, "people", "zh-TW")).toBe("12 人");
    expect(formatValue(1, "people", "en")).toBe("1 member");
    expect(formatValue(2, "orders", "en")).toBe("2 orders");
    expect(formatValue(0.1234, "pct", "en")).toBe("12.3%");
    expect(formatValue(null, "money", "en")).toBe("—");
    expect(shortTick(120_000, "money", "zh-TW")).toBe("NT$12萬");
    expect(shortTick(12_500, "money", "en")).toBe("NT$12.5k");
  });

  it("a line series (the points outstanding) has no total: its values do not add up", () => {
    const t = tableOf(
      {
        id: "x",
        title: "t",
        kind: "line",
        stacked: false,
        unit: "points",
        labels: ["a"],
        series: [{ key: "o", label: "o", color: "#000", data: [5], line: true }],
      },
      zh,
    );
    expect(t.total).toBeUndefined();
  });

  it("presets end on the server's today: 7, 30, 90 days and 12 months, both ends inclusive", () => {
    expect(presetRange("2026-11-24", { days: 7 })).toEqual({ from: "2026-11-18", to: "2026-11-24" });
    expect(presetRange("2026-11-24", { days: 90 })).toEqual({ from: "2026-08-27", to: "2026-11-24" });
    expect(presetRange("2026-11-24", { months: 12 })).toEqual({ from: "2025-11-25", to: "2026-11-24" });
  });
});

describe("marketing routes and the RFM heat", () => {
  it("round-trips every page through the hash", () => {
    const routes = [
      { page: "segments", view: "list" },
      { page: "segments", view: "rfm" },
      { page: "segments", view: "tags" },
      { page: "segment", id: null },
      { page: "segment", id: "seg_b1_00001" },
      { page: "tagRule", id: "tgr 1" },
      { page: "broadcasts" },
      { page: "broadcast", id: null },
      { page: "broadcast", id: "brd_1" },
      { page: "reports", tab: "coupons" },
    ] as const;
    for (const r of routes) expect(parseMarketingRoute(marketingHref(r).slice(1))).toEqual(r);
    expect(parseMarketingRoute("/reports/nope")).toEqual({ page: "reports", tab: "members" });
    expect(parseMarketingRoute("/sales")).toBeNull();
    expect(isMarketingRoute({ page: "inbox" })).toBe(false);
  });
  it("deepens a cell's colour with its size, never to nothing", () => {
    expect(heat(0, 0)).toBeCloseTo(0.12);
    expect(heat(0, 100)).toBeCloseTo(0.12);
    expect(heat(100, 100)).toBeCloseTo(1);
    expect(heat(25, 100)).toBeCloseTo(0.56);
  });
});
