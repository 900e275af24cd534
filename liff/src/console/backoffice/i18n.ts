/**
 * The back office's shared strings (its tabs and the admin-only notice): zh-TW first, English.
 * Each page keeps its own strings beside it (`members-i18n.ts`, …).
 */
import type { Lang } from "../i18n";

const zh = {
  navBackOffice: "會員營運",
  tabsLabel: "會員營運頁面",
  tabMembers: "會員",
  tabCoupons: "優惠券",
  tabStores: "門市與店員",
  tabLoyalty: "點數與等級",
  tabAudit: "稽核紀錄",
  adminOnly: "這一頁需要管理權杖",
  adminOnlyLead: "會員、優惠券、門市、金鑰與點數設定只有管理員能管理，請以管理權杖登入。",
};

export type BackOfficeStrings = typeof zh;

const en: BackOfficeStrings = {
  navBackOffice: "Back office",
  tabsLabel: "Back office pages",
  tabMembers: "Members",
  tabCoupons: "Coupons",
  tabStores: "Stores & staff",
  tabLoyalty: "Points & tiers",
  tabAudit: "Audit log",
  adminOnly: "This page needs the admin token",
  adminOnlyLead:
    "Members, coupons, stores, keys and loyalty settings are the admin's to run: sign in with the admin token.",
};

export const BACK_OFFICE_STRINGS: Record<Lang, BackOfficeStrings> = { "zh-TW": zh, en };
