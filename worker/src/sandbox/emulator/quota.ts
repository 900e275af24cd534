import { Hono } from "hono";
import { z } from "zod";
import { parseBody } from "./control-http";
import type { LineEnv } from "./http";
import type { EmulatorState } from "./state";
import type { Problem } from "./validate-common";

/** LINE's rule for a unit name (messaging-api.yml, MulticastRequest.customAggregationUnits). */
const UNIT_NAME = /^[a-zA-Z0-9_]{1,30}$/;
export const MONTHLY_LIMIT = "You have reached your monthly limit.";

/** `customAggregationUnits` of a push or multicast: absent, or an array of one valid name. */
export function validateAggregationUnits(units: unknown): Problem[] {
  if (units === undefined) return [];
  const property = "customAggregationUnits";
  if (!Array.isArray(units)) return [{ property, message: "must be an array" }];
  if (units.length > 1) return [{ property, message: "Size must be between 0 and 1" }];
  return units.flatMap((u, i) =>
    typeof u === "string" && UNIT_NAME.test(u)
      ? []
      : [{ property: `${property}[${i}]`, message: `must match "${UNIT_NAME.source}"` }],
  );
}

/**
 * The month's quota and the unit statistics, as LINE answers them: `GET /v2/bot/message/quota`
 * (the target limit), `…/quota/consumption` (counted messages so far), and the aggregation units
 * used this month. Mounted under the Messaging API's auth and request log.
 */
export function quotaRoutes(state: EmulatorState) {
  const app = new Hono<LineEnv>();
  app.get("/v2/bot/message/quota", (c) => c.json(state.quota));
  app.get("/v2/bot/message/quota/consumption", (c) => c.json({ totalUsage: state.quotaUsage }));
  app.get("/v2/bot/message/aggregation/info", (c) =>
    c.json({ numOfCustomAggregationUnits: state.aggregationUnits.size }),
  );
  app.get("/v2/bot/message/aggregation/list", (c) =>
    c.json({ customAggregationUnits: [...state.aggregationUnits.keys()] }),
  );
  return app;
}

/**
 * Control API: set the month's limit and usage (`PUT /quota`), read how many requests reached
 * each chat (`GET /deliveries`, e.g. to prove a broadcast reached everyone once) and the units
 * with what was sent under each (`GET /aggregation-units`).
 */
export function quotaControlRoutes(state: EmulatorState) {
  const api = new Hono();
  api.put("/quota", async (c) => {
    const input = await parseBody(
      c,
      z.object({
        type: z.enum(["none", "limited"]),
        value: z.number().int().min(0).optional(),
        totalUsage: z.number().int().min(0).optional(),
      }),
    );
    if (input instanceof Response) return input;
    state.quota = input.type === "limited" ? { type: "limited", value: input.value ?? 0 } : { type: "none" };
    if (input.totalUsage !== undefined) state.quotaUsage = input.totalUsage;
    state.emit({ type: "state" });
    return c.json({ ...state.quota, totalUsage: state.quotaUsage });
  });
  api.get("/deliveries", (c) => {
    const chatId = c.req.query("chatId");
    const rows = [...state.deliveries].filter(([id]) => chatId === undefined || id === chatId);
    return c.json({ deliveries: rows.map(([id, d]) => ({ chatId: id, ...d })) });
  });
  api.delete("/deliveries", (c) => {
    state.deliveries.clear();
    return c.json({});
  });
  api.get("/aggregation-units", (c) =>
    c.json({ units: [...state.aggregationUnits].map(([name, u]) => ({ name, ...u })) }),
  );
  return api;
}
