/**
 * Client-side checks that spare a round trip; the server decides (libphonenumber-js, E.164).
 * Taiwan mobiles in the usual ways (0912-345-678, 0912 345 678, +886 912 345 678) or any
 * international number with its + country code.
 */
export function looksLikePhone(input: string): boolean {
  const s = input.replace(/[\s\-()]/g, "");
  return /^(?:\+?886|0)9\d{8}$/.test(s) || /^\+[1-9]\d{7,14}$/.test(s);
}

export function looksLikeEmail(input: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.trim());
}
