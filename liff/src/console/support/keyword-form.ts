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
  /**
   * The reply for customers whose LINE language is English, as one plain text ("" = none: they
   * get `replies`); null when the rule's English replies are more than a plain text (set through
   * the API): the form leaves them as saved.
   */
  replyEn: string | null;
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
  replyEn: "",
});

/** The English replies as the form's one text, or null when they are not a single plain text. */
function plainEnglish(repliesEn: KeywordRule["repliesEn"]): string | null {
  if (!repliesEn || repliesEn.length === 0) return "";
  const [only] = repliesEn;
  const plain =
    repliesEn.length === 1 &&
    only?.type === "text" &&
    typeof only.text === "string" &&
    Object.keys(only).every((k) => k === "type" || k === "text");
  return plain ? String(only.text) : null;
}

/** Whether the form shows the English reply: a rule whose replies are texts, English kept plain. */
export const editsEnglish = (form: RuleForm) =>
  form.replyEn !== null && form.replies.every((d) => d.kind === "text");

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
    replyEn: plainEnglish(r.repliesEn),
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
      // Not a plain text: left as saved (the field is omitted, so the API keeps it).
      ...(form.replyEn === null
        ? {}
        : { repliesEn: form.replyEn.trim() ? [{ type: "text", text: form.replyEn }] : null }),
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
