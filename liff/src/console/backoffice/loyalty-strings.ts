/** 點數與等級 (loyalty settings) in zh-TW and English. */
const zh = {
  title: "點數與等級",
  lead: "集點規則、會員等級、活動優惠券與點數到期提醒。每次變更都記在稽核紀錄。",
  earnTitle: "集點規則",
  earnLead: "每消費多少元得 1 點，再乘上會員等級與通路的倍數（無條件捨去）。只影響之後的消費。",
  amountPerPoint: "每幾元得 1 點（NT$）",
  tierMultipliers: "等級倍數",
  channelMultipliers: "通路倍數",
  channels: { store: "門市", online: "網店", live: "直播" } as Record<string, string>,
  multiplierHint: "例如 1 或 1.5",
  example: (amount: string, tier: string, channel: string, points: string) =>
    `例：${tier}在${channel}消費 ${amount} 得 ${points} 點`,
  tiersTitle: "會員等級",
  tiersLead: (days: number) =>
    `依近 ${days} 天的消費（扣除退款）：跨過門檻立即升等，降等只在每年的等級審核日。`,
  colTier: "等級",
  colThreshold: "消費門檻",
  colMembers: "會員數",
  eventsTitle: "活動優惠券與期限",
  eventsLead: "會員加入、生日與升等時自動發放的優惠券（每人每次活動一張），等級審核日與點數到期提醒。",
  welcomeCouponTemplate: "新會員禮",
  birthdayCouponTemplate: "生日禮",
  goldCouponTemplate: "升等金卡禮",
  platinumCouponTemplate: "升等白金禮",
  noCoupon: "不發送",
  voidedTemplate: "（已停止發放）",
  tierReviewDay: "等級審核日（MM-DD）",
  tierReviewHint: "未設定時為 01-01",
  expiryHint: "未設定時為 30",
  expiryReminderDays: "點數到期前幾天提醒",
  expiryNote: "點數於獲得的次年 12 月 31 日到期；到期前依上方天數以 LINE 提醒會員。",
  save: "儲存",
  saving: "儲存中…",
  saved: "已儲存",
  unchanged: "沒有變更",
  notNumber: "請輸入數字",
  rule: {
    amountPerPoint: "請輸入 1–100,000 的整數",
    multiplier: "請輸入 0–10 的數字，可有小數",
    tierReviewDay: "請以 MM-DD 輸入，例如 01-01",
    expiryReminderDays: "請輸入 1–365 的整數",
  },
};

export type LoyaltyText = typeof zh;

const en: LoyaltyText = {
  title: "Points & tiers",
  lead: "Earn rules, member tiers, event coupons and the points expiry reminder. Every change is kept in the audit log.",
  earnTitle: "Earn rules",
  earnLead:
    "One point per so many NT$ spent, times the member's tier and the channel's multiplier (rounded down). Applies to purchases from now on.",
  amountPerPoint: "NT$ per point",
  tierMultipliers: "Tier multipliers",
  channelMultipliers: "Channel multipliers",
  channels: { store: "Store", online: "Online shop", live: "Live" },
  multiplierHint: "e.g. 1 or 1.5",
  example: (amount: string, tier: string, channel: string, points: string) =>
    `E.g. ${tier} spending ${amount} (${channel}) earns ${points} points`,
  tiersTitle: "Member tiers",
  tiersLead: (days: number) =>
    `By spend in the last ${days} days (less refunds): raised the moment a threshold is crossed, lowered only on the yearly review day.`,
  colTier: "Tier",
  colThreshold: "Spend threshold",
  colMembers: "Members",
  eventsTitle: "Event coupons and dates",
  eventsLead:
    "Coupons issued on joining, on birthdays and on tier-ups (one per member and event), the tier review day and the points expiry reminder.",
  welcomeCouponTemplate: "Welcome gift",
  birthdayCouponTemplate: "Birthday gift",
  goldCouponTemplate: "Gold tier-up gift",
  platinumCouponTemplate: "Platinum tier-up gift",
  noCoupon: "None",
  voidedTemplate: " (stopped)",
  tierReviewDay: "Tier review day (MM-DD)",
  tierReviewHint: "01-01 when not set",
  expiryHint: "30 when not set",
  expiryReminderDays: "Expiry reminder (days before)",
  expiryNote:
    "Points expire on 31 December of the year after they were earned; members are reminded in LINE this many days before.",
  save: "Save",
  saving: "Saving…",
  saved: "Saved",
  unchanged: "Nothing changed",
  notNumber: "Enter a number",
  rule: {
    amountPerPoint: "Enter a whole number from 1 to 100,000",
    multiplier: "Enter a number from 0 to 10 (decimals allowed)",
    tierReviewDay: "Enter MM-DD, e.g. 01-01",
    expiryReminderDays: "Enter a whole number from 1 to 365",
  },
};

export const LOYALTY_TEXT = { "zh-TW": zh, en } as const;
