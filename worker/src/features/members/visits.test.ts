/** Opening LIFF (GET /api/me) marks a visit day in the brand's time zone, once a day: RFM(+I)'s I. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberVisits } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";
import { kit } from "../../../test/member-kit";

describe("LIFF visit days", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("one row per member and Taipei day, however often the app is opened", async () => {
    const k = kit(t);
    const user = await createFriend(t, "常來");
    const me = async () => k.json<{ member: { id: string } }>(k.get(user, "/api/me"));
    const { member } = await me();
    await me();
    t.clock.set("2026-11-24T15:59:00.000Z"); // 23:59 in Taipei
    await me();
    t.clock.set("2026-11-24T16:00:00.000Z"); // the 25th in Taipei, still the 24th in UTC
    await me();
    await me();
    const rows = await t.app.deps.db.select().from(memberVisits).where(eq(memberVisits.memberId, member.id));
    expect(rows.map((r) => [r.day, r.at.toISOString()])).toEqual([
      ["2026-11-24", "2026-11-24T02:00:00.000Z"],
      ["2026-11-25", "2026-11-24T16:00:00.000Z"],
    ]);
  });
});
