import { z } from "@hono/zod-openapi";
import { validateMessages } from "../../line/message-rules";
import { WeeklyWindows } from "../inbox";
import { compileRegex } from "./matcher/index";

export const MAX_PATTERN_LENGTH = 200;

const lineMessage = z
  .record(z.string(), z.unknown())
  .openapi({ description: "A LINE message object (text, image, flex, …)" });

/** When a rule may answer, in the brand's time zone: weekly windows and/or a date range. */
export const KeywordSchedule = z
  .object({
    windows: WeeklyWindows.default([]).openapi({
      description: "Weekly windows (empty: any time of the week)",
    }),
    from: z.iso.date().optional().openapi({ description: "First day (YYYY-MM-DD), inclusive" }),
    until: z.iso.date().optional().openapi({ description: "Last day (YYYY-MM-DD), inclusive" }),
  })
  .refine((s) => !s.from || !s.until || s.from <= s.until, { message: "from must not be after until" })
  .openapi("KeywordSchedule");
export type KeywordScheduleJson = z.infer<typeof KeywordSchedule>;

const base = {
  match: z.enum(["exact", "contains", "prefix", "regex"]),
  pattern: z.string().trim().min(1).max(MAX_PATTERN_LENGTH),
  priority: z.number().int().min(-1000).max(1000),
  enabled: z.boolean(),
  replies: z.array(lineMessage).min(1).max(5),
  repliesEn: z
    .array(lineMessage)
    .min(1)
    .max(5)
    .nullable()
    .openapi({
      description:
        "The same answer for customers whose LINE language is English (null: `replies` for everyone). " +
        "zh-TW, other languages and an unknown language get `replies`.",
    }),
  scope: z.enum(["all", "user", "group"]),
  tags: z.array(z.string().trim().min(1).max(30)).max(20),
  schedule: KeywordSchedule.nullable(),
};

/** LINE would refuse these messages at send time, so they are refused at save time. */
function checkRule(
  rule: { match?: string; pattern?: string; replies?: unknown[]; repliesEn?: unknown[] | null },
  ctx: z.RefinementCtx,
) {
  if (rule.match === "regex" && rule.pattern !== undefined) {
    try {
      compileRegex(rule.pattern);
    } catch (err) {
      ctx.addIssue({
        code: "custom",
        path: ["pattern"],
        message: err instanceof Error ? err.message : "invalid regex",
      });
    }
  }
  for (const field of ["replies", "repliesEn"] as const) {
    const messages = rule[field];
    if (!messages) continue;
    for (const p of validateMessages(messages, { allowLoopbackHttp: true })) {
      ctx.addIssue({
        code: "custom",
        path: [field, p.property.replace(/^messages/, "")],
        message: `${p.property}: ${p.message}`,
      });
    }
  }
}

export const CreateKeywordRule = z
  .object({
    ...base,
    priority: base.priority.default(0),
    enabled: base.enabled.default(true),
    scope: base.scope.default("all"),
    repliesEn: base.repliesEn.default(null),
    tags: base.tags.default([]),
    schedule: base.schedule.default(null),
  })
  .superRefine(checkRule)
  .openapi("CreateKeywordRule");

export const UpdateKeywordRule = z.object(base).partial().superRefine(checkRule).openapi("UpdateKeywordRule");

export const KeywordRule = z
  .object({
    id: z.string(),
    match: base.match,
    pattern: z.string(),
    priority: z.number().int(),
    enabled: z.boolean(),
    replies: z.array(lineMessage),
    repliesEn: z
      .array(lineMessage)
      .nullable()
      .openapi({ description: "The answer for English readers; null: `replies` for everyone" }),
    scope: base.scope,
    tags: z.array(z.string()),
    schedule: KeywordSchedule.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("KeywordRule");

export const TestMessage = z.object({
  text: z.string().min(1).max(5000),
  chat: z.enum(["user", "group"]).default("user"),
});
export const TestResult = z
  .object({
    normalizedText: z.string(),
    answer: z.object({ rule: KeywordRule, span: z.tuple([z.number(), z.number()]) }).nullable(),
    candidates: z.array(
      z.object({
        ruleId: z.string(),
        match: z.string(),
        pattern: z.string(),
        priority: z.number(),
        span: z.tuple([z.number(), z.number()]),
      }),
    ),
  })
  .openapi("KeywordTestResult");

export type CreateKeywordRuleInput = z.infer<typeof CreateKeywordRule>;
export type UpdateKeywordRuleInput = z.infer<typeof UpdateKeywordRule>;
export type KeywordRuleJson = z.infer<typeof KeywordRule>;
