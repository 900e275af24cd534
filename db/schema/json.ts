/**
 * The shapes of the JSON columns (drizzle's `text({ mode: "json" }).$type<T>()`): written and
 * read as values, never as strings the caller stringifies or parses. The types come from where
 * they are defined — LINE's SDK, and the features whose zod schemas check them at the edge.
 */
import type { messagingApi } from "@line/bot-sdk";
import type { KeywordScheduleJson } from "../../worker/src/features/keywords/schema";
import type { Rule } from "../../worker/src/features/marketing/rule";

export type LineMessageJson = messagingApi.Message;
/**
 * Why a scheduled broadcast went back to draft when it was due: the month had fewer messages
 * left than it costs (and the admin had not confirmed going over).
 */
export type BroadcastHoldJson = {
  reason: "OVER_QUOTA";
  at: string;
  countedMessages: number;
  remaining: number;
};
export type { KeywordScheduleJson, Rule };
/** A catalogue product's variants: `[{ id, name, words: ["紅", "M"] }]`. */
export type ProductVariantJson = { id: string; name: string; words: string[] };
/** A live order's delivery address. */
export type DeliveryJson = { name: string; phone: string; address: string };

/** A line of an online order, as the shop sent it. */
export type OnlineOrderLineJson = { sku: string; name: string; quantity: number; price: number };
/** A product and quantity a staff member put in a cart link. */
export type StaffCartItemJson = { sku: string; name: string; quantity: number; price: number };
/**
 * What an audited thing was before or is after an action (`audit_log.before`/`after`): the
 * fields the action changed, as plain JSON values (a balance, a status, a role, a key's label).
 */
export type AuditValueJson = Record<string, string | number | boolean | null>;
