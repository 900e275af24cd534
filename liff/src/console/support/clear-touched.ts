import type { RuleForm } from "./keyword-form";

/** What is typed clears that field's refusal (必填 and the server's); the next save checks again. */
export function clearTouched(errors: Record<string, string>, f: Partial<RuleForm>): Record<string, string> {
  const touched = Object.keys(f).map((k) =>
    k === "from" || k === "until" || k === "windows" ? "schedule" : k,
  );
  return Object.fromEntries(Object.entries(errors).filter(([k]) => !touched.includes(k.split(".")[0] ?? k)));
}
