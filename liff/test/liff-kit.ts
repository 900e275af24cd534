/**
 * What the LIFF member and staff browser tests share: a server in sandbox mode (Tuesday 11:00 in
 * Taipei), the clerk and the member each test makes through the API, and the codes a counter
 * scanner would read off the page.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import type { Locator, Page } from "playwright-core";
import { ARTIFACTS } from "./browser";
import { browserSuite, type Server, sandboxApp } from "./sandbox";

const ZBAR = "/usr/bin/zbarimg";

export const liffSuite = () => browserSuite(() => sandboxApp({ start: "2026-11-24T03:00:00.000Z" }));

export const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${ARTIFACTS}/liff-${name}.png`, fullPage: true });

/** Decodes a barcode or QR drawn on the page with zbarimg (Debian's zbar-tools), when installed. */
export async function decode(l: Locator, name: string): Promise<string | null> {
  if (!existsSync(ZBAR)) return null;
  const file = `${ARTIFACTS}/liff-decode-${name}.png`;
  await l.screenshot({ path: file });
  const out = execFileSync(ZBAR, ["--raw", "-q", file], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return out.trim();
}

/** The personal binding link a clerk shows as a QR (it credits the clerk as referrer). */
export async function personalLink(s: Server, clerk: string): Promise<string> {
  return (await s.as<{ personalLink: { url: string } }>(clerk, "/api/staff/binding-qr")).personalLink.url;
}

export interface Member {
  userId: string;
  id: string;
  memberCode: string;
}

/**
 * 小美, who scanned the clerk's personal QR (bound to the Taipei store, the welcome coupon issued)
 * and registered as 林小美; a friend of the OA only when asked.
 */
export async function shopper(s: Server, clerk: string, opts: { friend?: boolean } = {}): Promise<Member> {
  const userId = opts.friend ? await s.friend("小美") : await s.user("小美");
  const token = new URL(await personalLink(s, clerk)).searchParams.get("t");
  await s.as(userId, "/api/bind", { token, consent: true });
  await s.register(userId, "林小美", "0912-345-678");
  return { userId, ...(await s.memberOf(userId)) };
}

let purchases = 0;
/** A store purchase the clerk records through the API. */
export const purchase = (s: Server, clerk: string, memberCode: string, amount: number) =>
  s.as<{ purchaseId: string; pointsEarned: number }>(clerk, "/api/staff/purchases", {
    purchaseId: `browser-test-${++purchases}`,
    memberCode,
    amount,
  });
