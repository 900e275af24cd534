import { fmtMoney, fmtNumber, pageMessages } from "../../i18n";
import { staffEn } from "../../i18n/staff.en";
import { staffZhTW } from "../../i18n/staff.zh-TW";
import type { WholeRefusal } from "../../whole-number";

/** The staff pages' own strings (i18n/staff.*.ts), loaded with these pages only. */
export const ts = pageMessages(staffZhTW, staffEn);

/** What a money or points field says about a refused value, its bounds in the field's unit. */
export function wholeMessage(
  kind: "money" | "points",
  r: { reason: WholeRefusal; min: number; max: number },
): string {
  const show = kind === "money" ? fmtMoney : fmtNumber;
  return ts(`input.${kind}.${r.reason}`, { min: show(r.min), max: show(r.max) });
}
