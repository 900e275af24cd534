import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outboxMessages } from "../../../../../db/schema";
import { expectCsvTwin, omoApp, reportPair, sum } from "../../../../test/report-kit";
import type { MessagesReport } from "./messages";

type Cost = MessagesReport["totals"];

describe("messages report: what messaging cost, by feature and campaign", () => {
  const app = omoApp({ n: 40, seed: 2 });

  it("free replies and counted recipients of the sent messages, per feature, adding up", async () => {
    const { json: r, csv } = await reportPair<MessagesReport>(app(), "/api/reports/messages", {
      from: "2026-09-25",
      to: "2026-11-24",
      granularity: "week",
    });
    const cost = (feature: string) => {
      const { feature: _, ...c } = rows.find((x) => x.feature === feature) as (typeof rows)[number];
      return c;
    };
    const rows = await app().app.deps.db.all<{ feature: string } & Cost>(sql`
      SELECT CASE WHEN instr(topic, ':') > 0 THEN substr(topic, 1, instr(topic, ':') - 1) ELSE topic END AS feature,
        count(CASE WHEN delivered_as = 'reply' THEN 1 END) AS free,
        coalesce(sum(CASE WHEN delivered_as <> 'reply' THEN counted_recipients END), 0) AS counted,
        count(CASE WHEN delivered_as <> 'reply' THEN 1 END) AS countedRequests
      FROM outbox_messages WHERE state = 'sent'
        AND sent_at >= ${Date.parse("2026-09-24T16:00:00Z")} AND sent_at < ${Date.parse("2026-11-24T16:00:00Z")}
      GROUP BY feature`);
    expect(rows.map((x) => x.feature).sort()).toEqual([
      "acknowledge",
      "binding",
      "broadcast",
      "inbox",
      "keywords",
      "live",
      "loyalty",
    ]);
    for (const f of rows) expect(r.byFeature.find((x) => x.feature === f.feature)).toMatchObject(f);
    expect(r.totals).toEqual({
      free: sum(rows.map((x) => x.free)),
      counted: sum(rows.map((x) => x.counted)),
      countedRequests: sum(rows.map((x) => x.countedRequests)),
    });
    expect(r.totals.free).toBeGreaterThan(20);
    expect(sum(r.series.map((p) => p.counted))).toBe(r.totals.counted);
    for (const f of r.byFeature) expect(sum(f.series.map((p) => p.free))).toBe(f.free);
    // The broadcast's multicasts cost the most: listed first, a campaign with its name.
    expect(r.byFeature[0]?.feature).toBe("broadcast");
    expect(r.byCampaign.find((c) => c.kind === "broadcast")).toMatchObject({
      id: "brd_seed",
      name: "雙 11 會員日",
      ...cost("broadcast"),
    });
    // A live sale's topics (its replies, DMs) are one campaign.
    expect(r.byCampaign.find((c) => c.kind === "live")).toMatchObject({
      id: "sal_2",
      name: "冬季新品直播",
      ...cost("live"),
    });
    expect(r.range.storeId).toBeNull();

    expectCsvTwin(csv, r, { byFeature: ["feature"], byCampaign: ["kind", "id", "name"] });
    for (const c of r.byCampaign) expect(sum(c.series.map((p) => p.counted))).toBe(c.counted);
  });

  it("counts a message on the Taipei day it was sent; failed and unsent ones cost nothing", async () => {
    const row = (
      id: string,
      sentAt: string | null,
      state: "sent" | "failed" | "queued",
      as: "reply" | "push",
    ) => ({
      id,
      kind: as,
      recipients: [],
      messages: [],
      retryKey: id,
      retryKeyIssuedAt: new Date("2024-03-01T00:00:00Z"),
      state,
      nextAttemptAt: new Date("2024-03-01T00:00:00Z"),
      deliveredAs: state === "sent" ? as : null,
      countedRecipients: state === "sent" && as === "push" ? 1 : 0,
      topic: "tagging:test",
      createdAt: new Date("2024-03-01T00:00:00Z"),
      sentAt: sentAt ? new Date(sentAt) : null,
    });
    await app()
      .app.deps.db.insert(outboxMessages)
      .values([
        row("obx_d1", "2024-03-01T15:30:00Z", "sent", "reply"), // 23:30 on 1 March
        row("obx_d2", "2024-03-01T16:00:00Z", "sent", "push"), // 00:00 on 2 March
        row("obx_d3", "2024-03-01T17:00:00Z", "failed", "push"),
        row("obx_d4", null, "queued", "push"),
      ]);
    const r = (
      await reportPair<MessagesReport>(app(), "/api/reports/messages", {
        from: "2024-03-01",
        to: "2024-03-02",
      })
    ).json;
    expect(r.series.map((p) => [p.bucket, p.free, p.counted])).toEqual([
      ["2024-03-01", 1, 0],
      ["2024-03-02", 0, 1],
    ]);
    expect(r.byFeature).toMatchObject([{ feature: "tagging", free: 1, counted: 1, countedRequests: 1 }]);
    expect(r.byCampaign).toEqual([]);
  });
});
