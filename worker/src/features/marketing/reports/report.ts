import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { stores } from "../../../../../db/schema";
import type { AppDeps } from "../../../deps";
import { AppError, say } from "../../../lib/errors";
import type { AppEnv } from "../../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../../lib/openapi";
import { reportCsv } from "./csv";
import { GRANULARITIES, RangeQuery, type ReportRange, resolveRange, StoreQuery } from "./range";

/** What every report says of the range it covers (the store's name resolved). */
export const RangeSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    granularity: z.enum(GRANULARITIES),
    timeZone: z.string(),
    storeId: z.string().nullable(),
    storeName: z.string().nullable(),
  })
  .openapi("ReportRange");
export type RangeJson = z.infer<typeof RangeSchema>;

/** A breakdown's labels, names resolved (null: not attributed to any). */
export const StoreLabels = { storeId: z.string().nullable(), storeName: z.string().nullable() };
export const StaffLabels = {
  staffId: z.string().nullable(),
  staffName: z.string().nullable(),
  ...StoreLabels,
};

export const rangeJson = (r: ReportRange, storeName: string | null): RangeJson => ({
  from: r.from,
  to: r.to,
  granularity: r.granularity,
  timeZone: r.timeZone,
  storeId: r.storeId,
  storeName,
});

/**
 * One OMO report: its JSON (series `{ bucket, … }` and totals, names resolved; the CSV twin is
 * the same JSON as a table, csv.ts). `stores`: whether it takes `storeId` (what each report
 * attributes to a store is said in its own file).
 */
export interface Report<T> {
  name: string;
  summary: string;
  schema: z.ZodType<T>;
  stores: boolean;
  build(deps: AppDeps, range: ReportRange, storeName: string | null): Promise<T>;
}

const security = [{ adminToken: [] }];
const tags = ["Reports"];

async function storeName(deps: AppDeps, storeId: string | null): Promise<string | null> {
  if (storeId === null) return null;
  const [row] = await deps.db.select({ name: stores.name }).from(stores).where(eq(stores.id, storeId));
  if (!row)
    throw new AppError("NOT_FOUND", say("找不到此門市。", `No store ${storeId}.`), { field: "storeId" });
  return row.name;
}

/** `GET /api/reports/<name>` and its CSV twin `GET /api/reports/<name>.csv`, same query. */
export function addReport<T>(app: OpenAPIHono<AppEnv>, report: Report<T>): void {
  const query = report.stores ? RangeQuery.extend(StoreQuery.shape) : RangeQuery;
  const run = async (deps: AppDeps, q: z.infer<typeof RangeQuery> & { storeId?: string }) => {
    const range = resolveRange(q, deps.clock.now(), deps.config.brand.timeZone);
    return { range, body: await report.build(deps, range, await storeName(deps, range.storeId)) };
  };
  const path = `/api/reports/${report.name}`;
  app.openapi(
    createRoute({
      method: "get",
      path,
      tags,
      security,
      summary: report.summary,
      request: { query },
      responses: { 200: json(report.schema, "The report"), ...errorResponses(400, 401, 404) },
    }),
    async (c) => c.json((await run(c.var.deps, c.req.valid("query"))).body as never, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: `${path}.csv`,
      tags,
      security,
      summary: `${report.summary} — as CSV (UTF-8 with BOM, for Excel)`,
      request: { query },
      responses: {
        200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { range, body } = await run(c.var.deps, c.req.valid("query"));
      const file = `report-${report.name}-${range.from}-${range.to}.csv`;
      return c.body(reportCsv(body as object), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${file}"`,
      });
    },
  );
}
