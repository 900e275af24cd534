import { pageMessages } from "../../i18n";
import { staffEn } from "../../i18n/staff.en";
import { staffZhTW } from "../../i18n/staff.zh-TW";

/** The staff pages' own strings (i18n/staff.*.ts), loaded with these pages only. */
export const ts = pageMessages(staffZhTW, staffEn);
