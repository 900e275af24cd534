import { pageMessages } from "../../i18n";
import { giftEn } from "../../i18n/gift.en";
import { giftZhTW } from "../../i18n/gift.zh-TW";

/** 轉贈 strings (i18n/gift.zh-TW.ts, i18n/gift.en.ts), loaded with the coupons and gift pages only. */
export const tg = pageMessages(giftZhTW, giftEn);
