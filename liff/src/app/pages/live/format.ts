import type { Schemas } from "../../api";
import { parseWhole } from "../../whole-number";

export type Order = Schemas["LiveOrder"];
export type Line = Order["lines"][number];

/** The order number buyer and seller both see: the id's last 8 characters (the console's `#…`). */
export const orderNumber = (id: string) =>
  `#${id
    .slice(id.lastIndexOf("_") + 1)
    .slice(-8)
    .toUpperCase()}`;

/** Hours and minutes left until `iso`, or null once it has passed. */
export function timeLeft(iso: string, now: number): { hours: number; minutes: number } | null {
  const ms = new Date(iso).getTime() - now;
  if (!(ms > 0)) return null;
  const minutes = Math.ceil(ms / 60_000);
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

/**
 * The sale a claim link is for, read from its token (a JWT's `sal`) only to name the sale on the
 * page before the buyer confirms; the server verifies the token when it is claimed.
 */
export function saleOfClaim(token: string): string | null {
  const part = token.split(".")[1];
  if (!part) return null;
  try {
    const json = atob(
      part
        .replace(/-/g, "+")
        .replace(/_/g, "/")
        .padEnd(Math.ceil(part.length / 4) * 4, "="),
    );
    const sal = (JSON.parse(json) as { sal?: unknown }).sal;
    return typeof sal === "string" && /^[\w-]{1,80}$/.test(sal) ? sal : null;
  } catch {
    return null;
  }
}

/** Product tiles' deep tones: white text on each is 4.5:1 or more (format.test.ts checks). */
export const TONES = ["#00794c", "#2b4c7e", "#9b2c2c", "#5b3a8c", "#7c4a03", "#1f2933"];
export const toneOf = (code: string) =>
  TONES[[...code].reduce((n, c) => n + c.charCodeAt(0), 0) % TONES.length] as string;

export const reservedLines = (o: Order) => o.lines.filter((l) => l.status === "reserved");
export const waitlistedLines = (o: Order) => o.lines.filter((l) => l.status === "waitlisted");
export const unitCount = (lines: Line[]) => lines.reduce((n, l) => n + l.qty, 0);

/** What a coupon takes off this subtotal, as the server works it out (percent: rounded down). */
export function couponDiscount(
  c: { kind: "amount" | "percent"; value: number } | undefined,
  subtotal: number,
) {
  if (!c) return 0;
  return c.kind === "amount" ? Math.min(c.value, subtotal) : Math.floor((subtotal * c.value) / 100);
}

/**
 * Points typed by the buyer ("1,200", "１２") as a whole number, read strictly (parseWhole): 0
 * for empty and for anything that is not one — "-5" and "12.5" are 0, never 5 or 125. The
 * checkout itself uses parseWhole, to say why.
 */
export function parsePoints(text: string): number {
  const r = parseWhole(text, { max: Number.MAX_SAFE_INTEGER });
  return r.ok ? r.value : 0;
}

/** Points usable as cash: no more than the balance, nor than what is left to pay after the coupon. */
export const pointsCap = (balance: number, subtotal: number, discount: number) =>
  Math.max(0, Math.min(balance, subtotal - discount));
