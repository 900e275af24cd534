import { pageMessages } from "../../i18n";
import { liveEn } from "../../i18n/live.en";
import { liveZhTW } from "../../i18n/live.zh-TW";

/** The live pages' strings (i18n/live.zh-TW.ts, i18n/live.en.ts), loaded with these pages only. */
export const tl = pageMessages(liveZhTW, liveEn);
