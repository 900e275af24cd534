import { describe, expect, it } from "vitest";
import { isQuiet, leaveQuietHours } from "./quiet-hours";

const NIGHT = { from: "21:00", to: "09:00" };
const TPE = "Asia/Taipei";
const at = (iso: string) => new Date(iso);

describe("quiet hours", () => {
  it.each([
    ["2026-11-24T20:59:59.999+08:00", false],
    ["2026-11-24T21:00:00.000+08:00", true],
    ["2026-11-24T23:59:59.000+08:00", true],
    ["2026-11-25T00:00:00.000+08:00", true],
    ["2026-11-25T08:59:59.999+08:00", true],
    ["2026-11-25T09:00:00.000+08:00", false],
    ["2026-11-25T12:00:00.000+08:00", false],
  ])("21:00–09:00 Taipei at %s: quiet %s", (iso, quiet) => {
    expect(isQuiet(at(iso), NIGHT, TPE)).toBe(quiet);
    const start = leaveQuietHours(at(iso), NIGHT, TPE);
    if (quiet) expect(start.getTime()).toBeGreaterThan(at(iso).getTime());
    else expect(start).toEqual(at(iso));
  });

  it("a send inside them starts when they end: the next 09:00, on the same or the next day", () => {
    expect(leaveQuietHours(at("2026-11-24T21:00:00+08:00"), NIGHT, TPE)).toEqual(
      at("2026-11-25T09:00:00+08:00"),
    );
    expect(leaveQuietHours(at("2026-11-24T23:30:12.345+08:00"), NIGHT, TPE)).toEqual(
      at("2026-11-25T09:00:00+08:00"),
    );
    expect(leaveQuietHours(at("2026-11-25T08:59:59.999+08:00"), NIGHT, TPE)).toEqual(
      at("2026-11-25T09:00:00+08:00"),
    );
  });

  it("a window within one day, and one that is empty", () => {
    const lunch = { from: "12:00", to: "13:30" };
    expect(isQuiet(at("2026-11-24T11:59:00+08:00"), lunch, TPE)).toBe(false);
    expect(isQuiet(at("2026-11-24T12:00:00+08:00"), lunch, TPE)).toBe(true);
    expect(leaveQuietHours(at("2026-11-24T12:10:00+08:00"), lunch, TPE)).toEqual(
      at("2026-11-24T13:30:00+08:00"),
    );
    expect(isQuiet(at("2026-11-24T13:30:00+08:00"), lunch, TPE)).toBe(false);
    expect(isQuiet(at("2026-11-24T12:00:00+08:00"), { from: "12:00", to: "12:00" }, TPE)).toBe(false);
  });

  it("across a daylight-saving change the end is still the local 09:00", () => {
    // New York falls back on 2026-11-01 at 02:00: 21:00 EDT (−4) to 09:00 EST (−5).
    const ny = "America/New_York";
    expect(leaveQuietHours(at("2026-10-31T21:30:00-04:00"), NIGHT, ny)).toEqual(
      at("2026-11-01T09:00:00-05:00"),
    );
    // …and springs forward on 2026-03-08.
    expect(leaveQuietHours(at("2026-03-07T22:00:00-05:00"), NIGHT, ny)).toEqual(
      at("2026-03-08T09:00:00-04:00"),
    );
  });
});
