import { z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { AppDeps } from "../../../deps";
import { groupRows, perBucket, total } from "./group";
import { bucketOf, inRange, type ReportRange } from "./range";
import { RangeSchema, type Report, rangeJson } from "./report";

const Int = z.number().int();
const Cost = {
  /** Messages that went out as replies: free. */
  free: Int,
  /** Recipients charged against LINE's monthly quota (push and multicast), and the requests. */
  counted: Int,
  countedRequests: Int,
};
const METRICS = ["free", "counted", "countedRequests"] as const;
const CAMPAIGN_KINDS = ["broadcast", "live"] as const;

const CostSeries = z.array(z.object({ bucket: z.string(), free: Int, counted: Int }));

const MessagesReport = z
  .object({
    range: RangeSchema,
    totals: z.object(Cost),
    series: z.array(z.object({ bucket: z.string(), ...Cost })),
    byFeature: z.array(
      z.object({
        feature: z.string(),
        ...Cost,
        series: CostSeries,
      }),
    ),
    byCampaign: z.array(
      z.object({
        kind: z.enum(CAMPAIGN_KINDS),
        id: z.string(),
        name: z.string().nullable(),
        ...Cost,
        series: CostSeries,
      }),
    ),
  })
  .openapi("MessagesReport");
export type MessagesReport = z.infer<typeof MessagesReport>;

type Cost = Record<(typeof METRICS)[number], number>;
type Row = { bucket: string; topic: string } & Cost;

/** `broadcast:<id>…` and `live:<sale>…` are campaigns; the feature is the topic's first part. */
const featureOf = (topic: string) => topic.split(":")[0] ?? topic;
const campaignOf = (topic: string): { kind: (typeof CAMPAIGN_KINDS)[number]; id: string } | null => {
  const [kind, id] = topic.split(":");
  return id && (kind === "broadcast" || kind === "live") ? { kind, id } : null;
};

/**
 * What messaging cost, by the feature that sent it (the outbox topic's prefix: keywords, inbox,
 * live, loyalty, binding, broadcast …) and by campaign (each broadcast, each live sale), names
 * resolved: free replies against recipients counted against the quota, per bucket of when they
 * were sent. Messages are not a store's, so this report takes no `storeId`.
 */
async function messagesReport(deps: AppDeps, r: ReportRange): Promise<MessagesReport> {
  const { db } = deps;
  const rows = await db.all<Row>(sql`
    SELECT ${bucketOf(r, sql`o.sent_at`)} AS bucket, o.topic,
      count(CASE WHEN o.delivered_as = 'reply' THEN 1 END) AS free,
      coalesce(sum(CASE WHEN o.delivered_as <> 'reply' THEN o.counted_recipients END), 0) AS counted,
      count(CASE WHEN o.delivered_as <> 'reply' THEN 1 END) AS countedRequests
    FROM outbox_messages o
    WHERE o.state = 'sent' AND ${inRange(r, sql`o.sent_at`)}
    GROUP BY bucket, o.topic`);
  const ids = JSON.stringify([...new Set(rows.flatMap((x) => campaignOf(x.topic)?.id ?? []))]);
  const names = new Map(
    (
      await db.all<{ id: string; name: string }>(sql`
        SELECT id, name FROM broadcasts WHERE id IN (SELECT value FROM json_each(${ids}))
        UNION ALL SELECT id, title FROM live_sales WHERE id IN (SELECT value FROM json_each(${ids}))`)
    ).map((x) => [x.id, x.name]),
  );
  const byCost = (a: Cost & { key: string }, b: Cost & { key: string }) =>
    b.counted - a.counted || b.free - a.free || a.key.localeCompare(b.key);
  const campaigns = rows.flatMap((row) => {
    const c = campaignOf(row.topic);
    return c ? [{ ...row, ...c, key: `${c.kind}:${c.id}` }] : [];
  });
  return {
    range: rangeJson(r, null),
    totals: total(rows, METRICS),
    series: perBucket(r, rows, METRICS),
    byFeature: groupRows(
      rows,
      (row) => featureOf(row.topic),
      (row) => ({ feature: featureOf(row.topic) }),
    )
      .map(({ rows: mine, feature }) => ({
        key: feature,
        feature,
        ...total(mine, METRICS),
        series: perBucket(r, mine, ["free", "counted"]),
      }))
      .sort(byCost)
      .map(({ key: _, ...f }) => f),
    byCampaign: groupRows(
      campaigns,
      (row) => row.key,
      (row) => ({ key: row.key, kind: row.kind, id: row.id, name: names.get(row.id) ?? null }),
    )
      .map(({ rows: mine, ...c }) => ({
        ...c,
        ...total(mine, METRICS),
        series: perBucket(r, mine, ["free", "counted"]),
      }))
      .sort(byCost)
      .map(({ key: _, ...c }) => c),
  };
}

export const messageCost: Report<MessagesReport> = {
  name: "messages",
  summary: "Message cost by feature and campaign: free replies against recipients counted against the quota",
  schema: MessagesReport,
  stores: false,
  build: messagesReport,
};
