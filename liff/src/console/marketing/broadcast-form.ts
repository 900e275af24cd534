/**
 * The compose form's model: what its fields hold (numbers as typed), the API's input made from
 * them with each field's problem, and the quota a draft was created with (GET of a broadcast does
 * not carry it), kept for its page.
 */
import type { CreateBroadcast, Quota } from "./api";
import type { MarketingStrings } from "./i18n";
import { jsonProblemText } from "./message-words";
import { type MessageDraft, toLineMessage } from "./messages";
import { parseWhole } from "./rule-model";

export interface BroadcastForm {
  name: string;
  target: "segment" | "rule";
  segmentId: string;
  messages: MessageDraft[];
  couponTemplateId: string;
  holdout: string;
  attribution: string;
  when: "now" | "later";
  /** `datetime-local` in the brand's zone (Taipei, +08:00). */
  at: string;
}

/** A Taipei wall-clock time from a datetime-local input as an instant with its offset. */
export const taipeiInstant = (local: string) => `${local.length === 16 ? `${local}:00` : local}+08:00`;

export function checkForm(
  f: BroadcastForm,
  m: MarketingStrings,
  opts: { maxMessages: number; rule: unknown | null | undefined; now: Date },
): { input: CreateBroadcast } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!f.name.trim()) errors.name = m.required;
  if (f.target === "segment" && !f.segmentId) errors.segmentId = m.required;
  if (f.target === "rule" && !opts.rule) errors.rule = m.fixErrors;
  const messages: Array<Record<string, unknown>> = [];
  f.messages.forEach((d, i) => {
    const r = toLineMessage(d);
    if ("message" in r) messages.push(r.message);
    else for (const e of r.errors) errors[`messages.${i}.${e.field}`] = jsonProblemText(m, e);
  });
  if (f.messages.length > opts.maxMessages) errors.messages = m.messagesLead;
  const holdout = parseWhole(f.holdout);
  if (holdout === null || holdout < 0 || holdout > 50) errors.holdout = m.outOfRange(0, 50);
  const days = parseWhole(f.attribution);
  if (days === null || days < 1 || days > 90) errors.attribution = m.outOfRange(1, 90);
  let scheduledAt: string | undefined;
  if (f.when === "later") {
    const t = Date.parse(taipeiInstant(f.at));
    if (!f.at || Number.isNaN(t)) errors.at = m.required;
    else if (t <= opts.now.getTime()) errors.at = m.pastTime;
    else scheduledAt = taipeiInstant(f.at);
  }
  if (Object.keys(errors).length) return { errors };
  return {
    input: {
      name: f.name.trim(),
      ...(f.target === "segment" ? { segmentId: f.segmentId } : { rule: opts.rule }),
      messages,
      holdoutPercent: holdout as number,
      attributionDays: days as number,
      ...(scheduledAt ? { scheduledAt } : {}),
      ...(f.couponTemplateId ? { couponTemplateId: f.couponTemplateId } : {}),
    },
  };
}

const quotas = new Map<string, Quota>();
export const rememberQuota = (id: string, q: Quota) => quotas.set(id, q);
export const quotaOf = (id: string): Quota | undefined => quotas.get(id);
