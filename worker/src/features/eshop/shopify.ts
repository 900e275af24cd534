/**
 * The Shopify connector's pure half: the webhook signature (base64 HMAC-SHA256 of the raw body
 * with the app's secret, compared in constant time) and Shopify's order and refund payloads as
 * the orders API's input. Prices are strings ("199.00"), rounded to whole NT$; who the customer is
 * comes from the checkout's note attributes (`line_user_id`, `omo_ref`, `pickup_store_id`), else
 * the customer's or the order's phone.
 */
import { AppError, say } from "../../lib/errors";
import { normalizePhone } from "../members";
import type { OrderInput } from "./orders";

const encoder = new TextEncoder();

function base64ToBytes(b64: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return null;
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function hmacKey(secret: string) {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}

/** `X-Shopify-Hmac-Sha256` for a raw body (what Shopify sends; the tests sign with it). */
export async function signShopify(secret: string, body: Uint8Array | string): Promise<string> {
  const data = typeof body === "string" ? encoder.encode(body) : body;
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), data as BufferSource));
  let bin = "";
  for (const b of mac) bin += String.fromCharCode(b);
  return btoa(bin);
}

/**
 * The header checked over the raw bytes. WebCrypto's `verify` compares the MAC in constant time;
 * a malformed header is refused before it is compared to anything.
 */
export async function verifyShopify(
  secret: string,
  body: Uint8Array,
  header: string | undefined,
): Promise<boolean> {
  if (!header) return false;
  const mac = base64ToBytes(header.trim());
  if (mac?.length !== 32) return false;
  return crypto.subtle.verify("HMAC", await hmacKey(secret), mac as BufferSource, body as BufferSource);
}

/** The parts of Shopify's order payload the connector reads (REST Admin API `Order`). */
export interface ShopifyOrder {
  id: number | string;
  name?: string;
  total_price?: string;
  financial_status?: string | null;
  phone?: string | null;
  customer?: { id?: number; phone?: string | null; email?: string | null } | null;
  line_items?: Array<{
    sku?: string | null;
    variant_id?: number | string | null;
    product_id?: number | string | null;
    title?: string;
    name?: string;
    quantity?: number;
    price?: string;
  }>;
  note_attributes?: Array<{ name?: string; value?: unknown }> | null;
  discount_codes?: Array<{ code?: string; amount?: string; type?: string }> | null;
  total_shipping_price_set?: { shop_money?: { amount?: string } } | null;
}

/** The parts of Shopify's refund payload the connector reads (`refunds/create`). */
export interface ShopifyRefund {
  id: number | string;
  order_id: number | string;
  note?: string | null;
  transactions?: Array<{ kind?: string; status?: string; amount?: string }>;
}

const unprocessable = (zh: string, en: string, field: string) =>
  new AppError("UNPROCESSABLE", say(zh, en), { field });

/** A Shopify money string as whole NT$, or an error naming the field. */
export function money(value: unknown, field: string): number {
  const n = typeof value === "number" ? value : Number(typeof value === "string" ? value.trim() : Number.NaN);
  if (typeof value === "string" && value.trim() === "") throw badMoney(field);
  if (!Number.isFinite(n) || n < 0) throw badMoney(field);
  return Math.round(n);
}

const badMoney = (field: string) =>
  unprocessable(`Shopify 金額 ${field} 不是數字。`, `Shopify's ${field} is not an amount.`, field);

const idOf = (v: unknown, field: string): string => {
  if ((typeof v === "number" && Number.isFinite(v)) || (typeof v === "string" && v.trim() !== ""))
    return String(v).trim();
  throw unprocessable(`Shopify 資料缺少 ${field}。`, `Shopify's payload has no ${field}.`, field);
};

function noteAttribute(o: ShopifyOrder, name: string): string | undefined {
  const hit = (o.note_attributes ?? []).find((a) => a?.name === name);
  const v = typeof hit?.value === "string" ? hit.value.trim() : undefined;
  return v || undefined;
}

/** The order's customer: a well-formed LINE user id, else a phone that parses, else nobody. */
function customerOf(o: ShopifyOrder): OrderInput["customer"] {
  const lineUserId = noteAttribute(o, "line_user_id");
  if (lineUserId && /^U[0-9a-f]{32}$/.test(lineUserId)) return { lineUserId };
  const phone = [o.customer?.phone, o.phone].find((p) => typeof p === "string" && normalizePhone(p));
  return phone ? { phone } : undefined;
}

/** The discount codes the order used, in order (each tried as one of our coupons). */
export const discountCodes = (o: ShopifyOrder): string[] =>
  (o.discount_codes ?? [])
    .map((d) => (typeof d?.code === "string" ? d.code.trim() : ""))
    .filter((c) => c.length > 0 && c.length <= 40);

/** Shopify's order as the orders API's input (the coupon left for the caller to try). */
export function mapOrder(o: ShopifyOrder, opts: { paid?: boolean } = {}): OrderInput {
  const orderId = idOf(o?.id, "id");
  const items = o.line_items ?? [];
  if (!Array.isArray(items) || items.length === 0)
    throw unprocessable("Shopify 訂單沒有品項。", "The Shopify order has no line items.", "line_items");
  const lines = items.map((l, i) => {
    const quantity = l?.quantity;
    if (!Number.isInteger(quantity) || (quantity as number) <= 0)
      throw unprocessable(
        `第 ${i + 1} 項數量不正確。`,
        `Line item ${i + 1} has no valid quantity.`,
        `line_items.${i}.quantity`,
      );
    const sku = (l.sku?.trim() || (l.variant_id ?? l.product_id ?? "")).toString();
    return {
      sku: sku || `line-${i + 1}`,
      name: (l.title ?? l.name ?? sku).slice(0, 200),
      quantity: quantity as number,
      price: money(l.price, `line_items.${i}.price`),
    };
  });
  const shipping = o.total_shipping_price_set?.shop_money?.amount;
  const pickupStoreId = noteAttribute(o, "pickup_store_id");
  const attributionToken = noteAttribute(o, "omo_ref");
  return {
    orderId,
    customer: customerOf(o),
    lines,
    total: money(o.total_price, "total_price"),
    ...(shipping === undefined ? {} : { shipping: money(shipping, "total_shipping_price_set") }),
    ...(pickupStoreId ? { pickupStoreId } : {}),
    ...(attributionToken ? { attributionToken } : {}),
    paid: opts.paid ?? o.financial_status === "paid",
  };
}

/** What a refund gave back: its successful refund transactions, summed, in whole NT$. */
export function refundAmount(r: ShopifyRefund): number {
  let sum = 0;
  (r.transactions ?? []).forEach((t, i) => {
    if (t?.kind !== "refund" || t.status !== "success") return;
    money(t.amount, `transactions.${i}.amount`);
    sum += Number(t.amount);
  });
  return Math.round(sum);
}

export const refundIds = (r: ShopifyRefund) => ({
  orderId: idOf(r?.order_id, "order_id"),
  refundId: idOf(r?.id, "id"),
});
