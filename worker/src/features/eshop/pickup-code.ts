/**
 * 取貨碼: what the ready message gives the customer to show at the counter (as text and QR), for
 * an order whose customer has no card to scan or forgot it. It is the order id signed — an
 * HMAC-SHA256 under a key derived for this purpose only (lib/keys.ts), its first 50 bits in
 * Crockford base32 as `XXXXX-XXXXX` — so it is short enough to read out and type, needs no
 * column, and no one can make one for an order without the app's secret. Staff never see it.
 */
import type { AppDeps } from "../../deps";
import { purposeKey } from "../../lib/keys";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LENGTH = 10;
const hmacKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

async function hmacKey(deps: Pick<AppDeps, "config">): Promise<CryptoKey> {
  const raw = await purposeKey(deps.config, "pickup-code");
  let key = hmacKeys.get(raw);
  if (!key) {
    const bytes = new Uint8Array(raw);
    key = crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    hmacKeys.set(raw, key);
  }
  return key;
}

/** The order's pickup code, e.g. `7KQ2M-9XD4T`. */
export async function pickupCode(deps: Pick<AppDeps, "config">, orderId: string): Promise<string> {
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", await hmacKey(deps), new TextEncoder().encode(`pickup:${orderId}`)),
  );
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of mac) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < LENGTH) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length === LENGTH) break;
  }
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

/** A code as typed: full-width to ASCII, any case, spaces and hyphens ignored, O/I/L read as 0/1. */
export const normalPickupCode = (s: string) =>
  s.normalize("NFKC").toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");

/** Whether `typed` is this order's pickup code (compared in constant time). */
export async function matchesPickupCode(
  deps: Pick<AppDeps, "config">,
  orderId: string,
  typed: string,
): Promise<boolean> {
  const want = normalPickupCode(await pickupCode(deps, orderId));
  const got = normalPickupCode(typed);
  if (got.length !== want.length) return false;
  let diff = 0;
  for (let i = 0; i < want.length; i++) diff |= want.charCodeAt(i) ^ got.charCodeAt(i);
  return diff === 0;
}
