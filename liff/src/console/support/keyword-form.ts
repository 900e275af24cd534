/** The keyword rule form's model: what the fields hold, from a rule and back to the API's input. */
import type { KeywordInput, KeywordRule, MatchType, Scope, Window } from "./api";
import { emptyText, MAX_REPLIES, type ReplyDraft, toDraft, toMessage } from "./drafts";
import type { SupportStrings } from "./i18n";

export const MATCHES: MatchType[] = ["contains", "exact", "prefix", "regex"];
export const SCOPES: Scope[] = ["all", "user", "group"];

export interface RuleForm {
  match: MatchType;
  pattern: string;
  priority: string;
  enabled: boolean;
  scope: Scope;
  useSchedule: boolean;
  windows: Window[];
  from: string;
  until: string;
  tags: string[];
  replies: ReplyDraft[];
}

export const blank = (): RuleForm => ({
  match: "contains",
  pattern: "",
  priority: "0",
  enabled: true,
  scope: "all",
  useSchedule: false,
  windows: [],
  from: "",
  until: "",
  tags: [],
  replies: [emptyText()],
});

export function formOf(r: KeywordRule): RuleForm {
  return {
    match: r.match,
    pattern: r.pattern,
    priority: String(r.priority),
    enabled: r.enabled,
    scope: r.scope,
    useSchedule: r.schedule !== null,
    windows: r.schedule?.windows ?? [],
    from: r.schedule?.from ?? "",
    until: r.schedule?.until ?? "",
    tags: r.tags,
    replies: r.replies.slice(0, MAX_REPLIES).map(toDraft),
  };
}

/** The form as the API's input, or the fields to fix (checked here before the server checks). */
export function toInput(
  form: RuleForm,
  s: SupportStrings,
  notInteger: string,
): { input: KeywordInput } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!form.pattern.trim()) errors.pattern = s.required;
  if (!/^-?\d+$/.test(form.priority.trim())) errors.priority = notInteger;
  const replies = form.replies.map((d, i) => {
    const m = toMessage(d, s);
    if ("message" in m) return m.message;
    errors[`replies.${i}`] = m.error;
    return {};
  });
  if (Object.keys(errors).length) return { errors };
  return {
    input: {
      match: form.match,
      pattern: form.pattern.trim(),
      priority: Number(form.priority),
      enabled: form.enabled,
      scope: form.scope,
      tags: form.tags,
      replies,
      schedule: form.useSchedule
        ? {
            windows: form.windows,
            ...(form.from ? { from: form.from } : {}),
            ...(form.until ? { until: form.until } : {}),
          }
        : null,
    },
  };
}

/** After a refusal: the first field to fix gets the focus. */
export function focusFirstError() {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>(
      "#rule-form [aria-invalid=true], #rule-form .input-invalid, #rule-form .reply-invalid textarea",
    );
    el?.focus();
  });
}
