import { z } from "@hono/zod-openapi";
import { checkBroadcastMessages, UNIT_NAME } from "./broadcast-messages";
import { RuleInput } from "./schema";

const lineMessage = z.record(z.string(), z.unknown()).openapi({
  description: "A LINE message object (text, image, flex, …); texts may say {displayName}, {name}, {brand}",
});

export const CreateBroadcast = z
  .object({
    name: z.string().trim().min(1).max(80),
    segmentId: z.string().max(64).optional().openapi({ description: "A saved segment (its rule now)…" }),
    rule: RuleInput.optional().openapi({ description: "…or a rule (give one of the two)" }),
    messages: z.array(lineMessage).min(1).max(5),
    holdoutPercent: z.number().int().min(0).max(50).default(10).openapi({
      description: "Share of the eligible members drawn at random now and never sent this broadcast",
    }),
    attributionDays: z.number().int().min(1).max(90).default(7),
    scheduledAt: z.iso.datetime({ offset: true }).optional().openapi({ description: "Start no earlier" }),
    couponTemplateId: z.string().max(64).optional().openapi({
      description: "A coupon each recipient may claim once: a card with a claim button is added",
    }),
    aggregationUnit: z.string().regex(UNIT_NAME, "1–30 of a-z A-Z 0-9 _ (LINE's rule)").optional().openapi({
      description: "LINE unit statistics name (when the setting is on); default: the broadcast's id",
    }),
  })
  .superRefine((b, ctx) => {
    if ((b.segmentId === undefined) === (b.rule === undefined))
      ctx.addIssue({
        code: "custom",
        path: ["segmentId"],
        message: "give segmentId or rule (one of the two)",
      });
    for (const p of checkBroadcastMessages(b.messages, b.couponTemplateId !== undefined))
      ctx.addIssue({
        code: "custom",
        path: ["messages", p.property.replace(/^messages/, "")],
        message: `${p.property}: ${p.message}`,
      });
  })
  .openapi("CreateBroadcast");
export type CreateBroadcastInput = z.infer<typeof CreateBroadcast>;

const State = z.enum(["draft", "scheduled", "sending", "sent", "cancelled", "failed"]);
const at = z.string().nullable();

const Counts = {
  /** Followers with consent in the rule when it was created: recipients + holdout + capped + excluded. */
  eligible: z.number().int(),
  recipients: z.number().int().openapi({ description: "Members the broadcast is (or was) sent to" }),
  holdout: z.number().int().openapi({ description: "Drawn at creation; never sent this broadcast" }),
  capped: z.number().int().openapi({ description: "Left out at the start by the frequency cap" }),
  excluded: z.number().int().openapi({ description: "Blocked the OA or withdrew consent before the start" }),
  countedMessages: z.number().int().openapi({ description: "What it costs of the month's quota" }),
};

export const BroadcastSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    state: State,
    delivery: z.enum(["multicast", "push"]).openapi({
      description: "multicast (500 a call), or push one by one when a text names the member",
    }),
    ...Counts,
    sent: z.number().int().openapi({ description: "Recipients in chunks LINE accepted" }),
    failed: z.number().int().openapi({ description: "Recipients in chunks LINE refused" }),
    scheduledAt: at,
    startsAt: at.openapi({ description: "When it starts (scheduled, moved out of quiet hours)" }),
    startedAt: at,
    finishedAt: at,
    createdAt: z.string(),
  })
  .openapi("BroadcastSummary");

export const Broadcast = BroadcastSummary.extend({
  segmentId: z.string().nullable(),
  rule: RuleInput,
  messages: z.array(lineMessage),
  holdoutPercent: z.number().int(),
  attributionDays: z.number().int(),
  couponTemplateId: z.string().nullable(),
  aggregationUnit: z.string().nullable(),
  overQuotaConfirmedAt: at,
  heldBack: z
    .object({
      reason: z.enum(["OVER_QUOTA"]),
      at: z.string(),
      countedMessages: z.number().int(),
      remaining: z.number().int(),
    })
    .nullable()
    .openapi({
      description:
        "Set when a scheduled send, due, went back to draft: the month had fewer messages left than it costs",
    }),
  cancelledAt: at,
  cancelledRecipients: z.number().int().openapi({ description: "Recipients of chunks cancelled unsent" }),
  chunks: z.object({
    total: z.number().int(),
    queued: z.number().int(),
    retrying: z.number().int().openapi({ description: "Queued again after a 5xx, timeout or 429" }),
    sending: z.number().int(),
    sent: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
  }),
  failures: z.array(
    z.object({
      chunk: z.number().int(),
      size: z.number().int(),
      status: z.number().int().nullable().openapi({ description: "LINE's HTTP status (0: no answer)" }),
      reason: z.string().nullable().openapi({ description: "LINE's reason" }),
    }),
  ),
}).openapi("Broadcast");

export const Quota = z
  .object({
    type: z.enum(["limited", "none", "unknown"]),
    limit: z.number().int().nullable(),
    used: z.number().int().nullable(),
    pending: z.number().int(),
    remaining: z.number().int().nullable(),
    afterSend: z.number().int().nullable(),
  })
  .openapi("MessageQuota");

export const CreatedBroadcast = Broadcast.extend({ quota: Quota }).openapi("CreatedBroadcast");

export const SendBroadcast = z
  .object({ confirmOverQuota: z.boolean().default(false) })
  .openapi("SendBroadcast", { description: "confirmOverQuota: send even past the month's remaining quota" });

export const TestBroadcast = z.object({ lineUserId: z.string().min(1).max(64) }).openapi("TestBroadcast");
export const TestSent = z
  .object({ outboxId: z.string(), lineUserId: z.string() })
  .openapi("BroadcastTestSent");

export const ClaimedCoupon = z
  .object({
    broadcastId: z.string(),
    created: z.boolean().openapi({ description: "false: claimed before, the same coupon" }),
    coupon: z.object({ code: z.string(), templateId: z.string(), status: z.string(), expiresAt: z.string() }),
  })
  .openapi("BroadcastCoupon");
