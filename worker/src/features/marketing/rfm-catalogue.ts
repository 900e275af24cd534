/**
 * The RFM groups' names and the R × FM map (../shared/DOMAIN.md), in one place: the scoring SQL
 * (rfm.ts) is built from RFM_MAP, the API names groups from RFM_NAMES, and the console will show
 * the same catalogue (exported from the feature's index).
 */
import type { RFM_GROUPS } from "./rule";

/** A group a scored member is in (`none` — never bought in the window — is not one). */
export type RfmGroup = Exclude<(typeof RFM_GROUPS)[number], "none">;

/** Each group's name, zh-TW first, and what it means in a few words. */
export const RFM_NAMES: Record<RfmGroup, { zh: string; en: string }> = {
  champions: { zh: "冠軍", en: "Champions" },
  loyal: { zh: "忠誠", en: "Loyal" },
  potential: { zh: "潛力", en: "Potential loyalists" },
  new: { zh: "新客", en: "New customers" },
  promising: { zh: "有望", en: "Promising" },
  need_attention: { zh: "需關注", en: "Need attention" },
  about_to_sleep: { zh: "沉睡中", en: "About to sleep" },
  at_risk: { zh: "流失風險", en: "At risk" },
  cant_lose: { zh: "不能失去", en: "Can't lose them" },
  hibernating: { zh: "冬眠", en: "Hibernating" },
  lost: { zh: "已流失", en: "Lost" },
};

/** What a member who never bought in the window is called (the segment field's `none`). */
export const RFM_NONE = { zh: "尚無消費", en: "No purchases in the window" } as const;

/** The groups in the catalogue's order (best first). */
export const RFM_GROUP_ORDER = Object.keys(RFM_NAMES) as RfmGroup[];

/**
 * The map: RFM_MAP[5 - r][fm - 1] is the group of recency score r and frequency-and-money score
 * fm = round((F + M) / 2). Rows are R 5 → 1, columns FM 1 → 5, as DOMAIN.md draws it.
 */
export const RFM_MAP: ReadonlyArray<readonly [RfmGroup, RfmGroup, RfmGroup, RfmGroup, RfmGroup]> = [
  ["new", "potential", "potential", "champions", "champions"],
  ["promising", "potential", "loyal", "champions", "champions"],
  ["about_to_sleep", "need_attention", "need_attention", "loyal", "loyal"],
  ["hibernating", "about_to_sleep", "at_risk", "at_risk", "cant_lose"],
  ["lost", "hibernating", "at_risk", "cant_lose", "cant_lose"],
];

/** The group of scores r and fm (each 1–5). */
export function rfmGroupOf(r: number, fm: number): RfmGroup {
  const group = RFM_MAP[5 - r]?.[fm - 1];
  if (!group) throw new Error(`no RFM cell for r=${r}, fm=${fm}`);
  return group;
}

/** FM from the F and M scores: their mean, a half rounded up. */
export const fmScore = (f: number, m: number) => Math.floor((f + m + 1) / 2);

/** A group as the API shows it. */
export const rfmGroupJson = (code: RfmGroup) => ({ code, ...RFM_NAMES[code] });
