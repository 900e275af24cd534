import { describe, expect, it } from "vitest";
import { MEMBER_JS_BUDGET, measureLiffBundle } from "./liff-size";

/** The performance budget, checked on every test run: the card page's JS, the SDK apart, no web fonts. */
describe("LIFF bundle budget", () => {
  it("keeps the member card page's own JS under 30 KB gzip, the LIFF SDK and sandbox code apart", async () => {
    const s = await measureLiffBundle();
    expect(s.memberJs.gzip).toBeLessThanOrEqual(MEMBER_JS_BUDGET);
    expect(s.sdk.gzip).toBeGreaterThan(0);
    // Production pages never load the LIFF mock, and no file of the card page carries it or the SDK.
    expect(s.sandboxOnly.gzip).toBeGreaterThan(0);
    expect(s.memberJs.files.some((f) => s.sdk.files.includes(f))).toBe(false);
    expect(s.webFonts).toEqual([]);
  }, 60_000);
});
