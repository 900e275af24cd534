import { AppError, say, type Text } from "./errors";

/**
 * Why a field of a request was refused, for a page to say in its own words (`details.reason`,
 * with `details.field` and the limit it broke): never zod's English on a zh-TW screen.
 */
export type InputReason =
  | "REQUIRED"
  | "NOT_A_NUMBER"
  | "NOT_WHOLE"
  | "TOO_SMALL"
  | "TOO_LARGE"
  | "TOO_LONG"
  | "INVALID";

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: unknown;
  origin?: unknown;
  minimum?: unknown;
  maximum?: unknown;
}
type Result<T> = { success: boolean; error?: { issues: readonly Issue[] }; data?: T };

const at = (data: unknown, path: PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (v, k) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined),
    data,
  );
const num = (v: unknown) => (typeof v === "number" || typeof v === "bigint" ? Number(v) : undefined);

/** One zod issue as a reason, with the bound it is about. */
export function reasonOf(issue: Issue, value: unknown): { reason: InputReason; min?: number; max?: number } {
  const min = num(issue.minimum);
  const max = num(issue.maximum);
  switch (issue.code) {
    case "invalid_type":
      if (value === undefined || value === null) return { reason: "REQUIRED" };
      if (issue.expected === "int" && typeof value === "number") return { reason: "NOT_WHOLE" };
      if (issue.expected === "int" || issue.expected === "number") return { reason: "NOT_A_NUMBER" };
      return { reason: "INVALID" };
    case "too_small":
      if (issue.origin === "number" || issue.origin === "int")
        return { reason: "TOO_SMALL", ...(min === undefined ? {} : { min }) };
      if (value === "" || (Array.isArray(value) && value.length === 0)) return { reason: "REQUIRED" };
      return { reason: "INVALID" };
    case "too_big":
      if (issue.origin === "number" || issue.origin === "int")
        return { reason: "TOO_LARGE", ...(max === undefined ? {} : { max }) };
      if (issue.origin === "string") return { reason: "TOO_LONG", ...(max === undefined ? {} : { max }) };
      return { reason: "INVALID" };
    default:
      return { reason: "INVALID" };
  }
}

const fmt = (n: number) => n.toLocaleString("en-US");
/** What the reader is told about one refused field, in each language. */
export function refusalText(field: string, r: { reason: InputReason; min?: number; max?: number }): Text {
  switch (r.reason) {
    case "REQUIRED":
      return say(`${field} 為必填。`, `${field} is required.`);
    case "NOT_A_NUMBER":
      return say(`${field} 須為數字。`, `${field} must be a number.`);
    case "NOT_WHOLE":
      return say(`${field} 須為整數。`, `${field} must be a whole number (NT$ has no decimals).`);
    case "TOO_SMALL":
      return say(`${field} 不可小於 ${fmt(r.min ?? 0)}。`, `${field} must be at least ${fmt(r.min ?? 0)}.`);
    case "TOO_LARGE":
      return say(`${field} 不可大於 ${fmt(r.max ?? 0)}。`, `${field} must be at most ${fmt(r.max ?? 0)}.`);
    case "TOO_LONG":
      return say(`${field} 超過 ${r.max} 個字。`, `${field} is too long (at most ${r.max} characters).`);
    default:
      return say(`${field} 格式不正確。`, `${field} is not valid.`);
  }
}

/**
 * One zod issue as the routes without their own hook say it (lib/hono.ts): zh-TW from its reason,
 * the English in zod's own words, both naming the field.
 */
export function issueText(issue: Issue, data: unknown): Text {
  const field = issue.path.map(String).join(".") || "body";
  const zh = refusalText(field, reasonOf(issue, at(data, issue.path)))["zh-TW"];
  return say(zh, `${field}: ${issue.message}`);
}

/**
 * A route's validation hook (the third argument of `app.openapi`): a refused request answers 400
 * `VALIDATION_FAILED` with `details: { reason, field, min?, max?, issues }`, the first issue
 * deciding reason and field. Nothing of the request has run yet, so nothing was written.
 */
export function refuseInvalidInput<T>(result: Result<T>): undefined {
  if (result.success || !result.error) return undefined;
  const issues = result.error.issues;
  const first = issues[0];
  if (!first) throw new AppError("VALIDATION_FAILED", say("請求格式不正確。", "The request is not valid."));
  const field = first.path.map(String).join(".") || "body";
  const why = reasonOf(first, at(result.data, first.path));
  throw new AppError("VALIDATION_FAILED", refusalText(field, why), {
    ...why,
    field,
    issues: issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
  });
}
