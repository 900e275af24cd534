import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openLibsql } from "../../../hosts/libsql";
import { AppError } from "../../../lib/errors";
import {
  addDays,
  bucketOf,
  GRANULARITIES,
  offsetSteps,
  periodStart,
  resolveRange,
  zoneDay,
  zoneMidnight,
} from "./range";

const TPE = "Asia/Taipei";
const iso = (t: number) => new Date(t).toISOString();

describe("report ranges in the brand's time zone", () => {
  it("a local day in Taipei is 16:00Z the day before to 16:00Z; 23:30 local stays on its day", () => {
    expect(iso(zoneMidnight("2026-11-10", TPE))).toBe("2026-11-09T16:00:00.000Z");
    expect(zoneDay(Date.parse("2026-11-10T15:30:00Z"), TPE)).toBe("2026-11-10"); // 23:30 local
    expect(zoneDay(Date.parse("2026-11-10T16:00:00Z"), TPE)).toBe("2026-11-11"); // 00:00 local
    expect(zoneDay(Date.parse("2026-11-09T16:00:00Z"), TPE)).toBe("2026-11-10");
  });

  it("days of 23 and 25 hours where the zone has daylight saving", () => {
    const ny = "America/New_York";
    expect(zoneMidnight("2026-03-09", ny) - zoneMidnight("2026-03-08", ny)).toBe(23 * 3_600_000);
    expect(zoneMidnight("2026-11-02", ny) - zoneMidnight("2026-11-01", ny)).toBe(25 * 3_600_000);
    expect(iso(zoneMidnight("2026-07-01", ny))).toBe("2026-07-01T04:00:00.000Z");
  });

  it("weeks start on Monday, months on the 1st", () => {
    expect(periodStart("2026-11-22", "week")).toBe("2026-11-16"); // a Sunday
    expect(periodStart("2026-11-16", "week")).toBe("2026-11-16");
    expect(periodStart("2026-11-22", "month")).toBe("2026-11-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });

  it("buckets cover the range exactly, clipped at both ends, named by their first day", () => {
    const r = resolveRange({ from: "2026-11-04", to: "2026-11-18", granularity: "week" }, new Date(), TPE);
    expect(r.buckets.map((b) => b.bucket)).toEqual(["2026-11-02", "2026-11-09", "2026-11-16"]);
    expect(r.buckets[0]?.lo).toBe(r.lo);
    expect(iso(r.lo)).toBe("2026-11-03T16:00:00.000Z");
    expect(iso(r.buckets[1]?.lo ?? 0)).toBe("2026-11-08T16:00:00.000Z");
    expect(r.buckets.at(-1)?.hi).toBe(r.hi);
    expect(iso(r.hi)).toBe("2026-11-18T16:00:00.000Z");
    for (let i = 1; i < r.buckets.length; i++) expect(r.buckets[i]?.lo).toBe(r.buckets[i - 1]?.hi);

    const m = resolveRange({ from: "2026-01-15", to: "2026-03-02", granularity: "month" }, new Date(), TPE);
    expect(m.buckets.map((b) => [b.bucket, iso(b.lo), iso(b.hi)])).toEqual([
      ["2026-01-01", "2026-01-14T16:00:00.000Z", "2026-01-31T16:00:00.000Z"],
      ["2026-02-01", "2026-01-31T16:00:00.000Z", "2026-02-28T16:00:00.000Z"],
      ["2026-03-01", "2026-02-28T16:00:00.000Z", "2026-03-02T16:00:00.000Z"],
    ]);
  });

  it("defaults: the last 30 days up to today in the zone, by day", () => {
    // 2026-11-24T17:00Z is already the 25th in Taipei.
    const r = resolveRange({ granularity: "day" }, new Date("2026-11-24T17:00:00Z"), TPE);
    expect([r.from, r.to, r.buckets.length, r.storeId]).toEqual(["2026-10-27", "2026-11-25", 30, null]);
  });

  it("refuses from after to, too long a range and too many buckets", () => {
    const now = new Date();
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof AppError ? [e.code, e.details?.reason, e.details?.field] : e;
      }
      return "no refusal";
    };
    expect(
      refusal(() => resolveRange({ from: "2026-11-02", to: "2026-11-01", granularity: "day" }, now, TPE)),
    ).toEqual(["VALIDATION_FAILED", "INVALID", "from"]);
    expect(
      refusal(() => resolveRange({ from: "2020-01-01", to: "2026-11-01", granularity: "month" }, now, TPE)),
    ).toEqual(["VALIDATION_FAILED", "TOO_LARGE", "to"]);
    expect(
      refusal(() => resolveRange({ from: "2025-01-01", to: "2026-03-01", granularity: "day" }, now, TPE)),
    ).toEqual(["VALIDATION_FAILED", "TOO_LARGE", "granularity"]);
    expect(
      resolveRange({ from: "2025-01-01", to: "2026-03-01", granularity: "week" }, now, TPE).buckets.length,
    ).toBe(61); // the Mondays 2024-12-30 … 2026-02-23
  });
});

describe("bucketOf: the bucket SQL computes for a row, in the zone", () => {
  it("finds the zone's offset changes in a range to the millisecond", () => {
    const ny = offsetSteps(
      Date.parse("2026-01-01T05:00:00Z"),
      Date.parse("2027-01-01T05:00:00Z"),
      "America/New_York",
    );
    expect(ny.map(([t, o]) => [iso(t), o / 3_600_000])).toEqual([
      ["2026-01-01T05:00:00.000Z", -5],
      ["2026-03-08T07:00:00.000Z", -4],
      ["2026-11-01T06:00:00.000Z", -5],
    ]);
    expect(offsetSteps(0, Date.parse("2027-01-01T00:00:00Z"), TPE).slice(-1)[0]?.[1]).toBe(8 * 3_600_000);
  });

  it("names the day, week and month of an instant as the zone's calendar does (23:30, 00:00, DST)", async () => {
    const { client, db } = await openLibsql(":memory:");
    try {
      const edges = [
        "2026-11-10T15:30:00.000Z", // 23:30 on the 10th in Taipei
        "2026-11-10T16:00:00.000Z", // 00:00 on the 11th
        "2026-11-22T15:59:59.999Z", // Sunday 23:59:59.999
        "2026-11-30T16:00:00.000Z", // 1 December 00:00
        "2026-03-08T06:59:59.999Z", // New York, the last instant of EST
        "2026-03-08T07:00:00.000Z",
        "2026-03-09T03:59:59.999Z", // 23:59:59.999 EDT on the 8th
        "2026-11-01T05:30:00.000Z", // 01:30 EDT, then again as EST an hour later
        "2026-11-01T06:30:00.000Z",
      ].map(Date.parse);
      let seed = 1;
      const random = Array.from({ length: 150 }, () => {
        seed = (seed * 48271) % 2147483647;
        return Date.parse("2026-01-01T00:00:00Z") + (seed % 365) * 86_400_000 + (seed % 86_400_000);
      });
      for (const zone of [TPE, "America/New_York", "Australia/Lord_Howe", "UTC"])
        for (const granularity of GRANULARITIES) {
          const r = resolveRange(
            { from: "2025-12-31", to: "2027-01-01", granularity: "month" },
            new Date(),
            zone,
          );
          const range = { ...r, granularity };
          const instants = [...edges, ...random];
          const [row] = await db.all<{ labels: string }>(
            sql`SELECT json_group_array(${bucketOf(range, sql`j.value`)}) AS labels FROM json_each(${JSON.stringify(instants)}) j`,
          );
          const expected = instants.map((t) => periodStart(zoneDay(t, zone), granularity));
          expect(JSON.parse(row?.labels ?? "[]"), `${zone} ${granularity}`).toEqual(expected);
        }
    } finally {
      client.close();
    }
  });
});
