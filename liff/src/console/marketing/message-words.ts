import type { MarketingStrings } from "./i18n";
import type { MessageProblem } from "./messages";

/** A message's problem in words (a JSON mistake with its line and column). */
export function jsonProblemText(m: MarketingStrings, e: MessageProblem): string {
  if (e.problem === "badJson") return m.badJson(e.line ? m.jsonAt(e.line, e.col) : "", e.message);
  if (e.problem === "notFlex") return m.notFlex;
  if (e.problem === "notHttps") return m.notHttps;
  return m.required;
}
