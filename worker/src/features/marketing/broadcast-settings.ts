import { z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { appSettings } from "../../../../db/schema";
import type { AppDeps } from "../../deps";

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM");

/** What every broadcast obeys: when none starts, how many a member gets, LINE's unit statistics. */
export const BroadcastSettings = z
  .object({
    quietHours: z
      .object({ from: HHMM, to: HHMM })
      .refine((q) => q.from !== q.to, { message: "from and to must differ" })
      .nullable()
      .openapi({
        description:
          "No send starts between from (inside) and to (outside), brand time zone; from > to crosses midnight. null = none",
        example: { from: "21:00", to: "09:00" },
      }),
    frequencyCap: z
      .object({ messages: z.number().int().min(1).max(100), days: z.number().int().min(1).max(90) })
      .nullable()
      .openapi({
        description:
          "At most this many broadcasts reach a member in a rolling window of days; those over it are left out (capped) when a send starts. null = no cap",
        example: { messages: 2, days: 7 },
      }),
    unitStatistics: z.boolean().nullable().openapi({
      description:
        "LINE unit statistics: multicasts and pushes carry customAggregationUnits (the channel must be granted it). null = as LINE_UNIT_STATISTICS says",
    }),
  })
  .openapi("BroadcastSettingsInput");
export type BroadcastSettings = z.infer<typeof BroadcastSettings>;

export const BroadcastSettingsView = BroadcastSettings.extend({
  unitStatisticsOn: z.boolean().openapi({ description: "Whether sends carry customAggregationUnits now" }),
}).openapi("BroadcastSettings");

export const DEFAULT_BROADCAST_SETTINGS: BroadcastSettings = {
  quietHours: { from: "21:00", to: "09:00" },
  frequencyCap: { messages: 2, days: 7 },
  unitStatistics: null,
};

const KEY = "broadcast_settings";

export async function broadcastSettings(deps: Pick<AppDeps, "db" | "config">) {
  const [row] = await deps.db.select().from(appSettings).where(eq(appSettings.key, KEY));
  const parsed = row ? BroadcastSettings.safeParse(JSON.parse(row.value)) : undefined;
  const s = parsed?.success ? parsed.data : DEFAULT_BROADCAST_SETTINGS;
  return { ...s, unitStatisticsOn: s.unitStatistics ?? deps.config.line.unitStatistics };
}

export async function putBroadcastSettings(deps: Pick<AppDeps, "db" | "config">, value: BroadcastSettings) {
  const json = JSON.stringify(value);
  await deps.db
    .insert(appSettings)
    .values({ key: KEY, value: json })
    .onConflictDoUpdate({ target: appSettings.key, set: { value: json } });
  return broadcastSettings(deps);
}
