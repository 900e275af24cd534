import { z } from "@hono/zod-openapi";
import type { Db } from "../../../../db/client";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { type Actor, auditEntry } from "../audit";
import { readSetting, settingStatement } from "./settings";

/**
 * 集點規則: points per amount spent, times the member's tier multiplier, times the channel's
 * (store, online, live). Kept as one app setting; every purchase path earns through `pointsFor`.
 */
export const EarnRules = z
  .object({
    /** NT$ per point before multipliers. */
    amountPerPoint: z.number().int().min(1).max(100_000),
    tierMultipliers: z.object({
      regular: z.number().min(0).max(10),
      gold: z.number().min(0).max(10),
      platinum: z.number().min(0).max(10),
    }),
    channelMultipliers: z.object({
      store: z.number().min(0).max(10),
      online: z.number().min(0).max(10),
      live: z.number().min(0).max(10),
    }),
  })
  .openapi("EarnRules");
export type EarnRules = z.infer<typeof EarnRules>;

export const DEFAULT_EARN_RULES: EarnRules = {
  amountPerPoint: 100,
  tierMultipliers: { regular: 1, gold: 1.5, platinum: 2 },
  channelMultipliers: { store: 1, online: 1, live: 1 },
};

const KEY = "earn_rules";

export async function earnRules(db: Db): Promise<EarnRules> {
  const raw = await readSetting(db, KEY);
  if (!raw) return DEFAULT_EARN_RULES;
  const parsed = EarnRules.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : DEFAULT_EARN_RULES;
}

/** The rules as flat fields for the audit log: `amountPerPoint`, `tier.gold`, `channel.live`, … */
const flat = (r: EarnRules): Record<string, number> => ({
  amountPerPoint: r.amountPerPoint,
  ...Object.fromEntries(Object.entries(r.tierMultipliers).map(([k, v]) => [`tier.${k}`, v])),
  ...Object.fromEntries(Object.entries(r.channelMultipliers).map(([k, v]) => [`channel.${k}`, v])),
});

/** Replaces the rules, in one batch with its audit entry (before → after); the same rules change nothing. */
export async function putEarnRules(
  deps: Pick<AppDeps, "db" | "ids" | "clock">,
  rules: EarnRules,
  actor: Actor,
): Promise<EarnRules> {
  const before = flat(await earnRules(deps.db));
  const after = flat(rules);
  const changed = Object.keys(after).filter((k) => before[k] !== after[k]);
  if (changed.length === 0) return rules;
  await batch(deps.db, [
    settingStatement(deps.db, KEY, JSON.stringify(rules)),
    auditEntry(deps, {
      actor,
      action: "loyalty.earnRules",
      subject: { kind: "settings", id: "earnRules" },
      before: Object.fromEntries(changed.map((k) => [k, before[k] ?? null])),
      after: Object.fromEntries(changed.map((k) => [k, after[k] ?? null])),
    }),
  ]);
  return rules;
}

/** Whole points for an amount paid by a member of a tier through a channel (rounded down). */
export function pointsFor(
  rules: EarnRules,
  paid: number,
  tier: keyof EarnRules["tierMultipliers"],
  channel: keyof EarnRules["channelMultipliers"],
): number {
  if (paid <= 0) return 0;
  // In hundredths, so 1.5 × 3 points is 4 and not 4.499999… rounded down to 4 by accident.
  const base = Math.floor(paid / rules.amountPerPoint);
  const factor = Math.round(rules.tierMultipliers[tier] * rules.channelMultipliers[channel] * 100);
  return Math.floor((base * factor) / 100);
}
