/**
 * What a broadcast sends: the admin's messages, `{brand}` filled, a coupon card appended when it
 * carries a coupon, and — when a text names the member — `{displayName}` / `{name}` filled per
 * recipient.
 *
 * Variables and multicast: a multicast is one body for up to 500 users, and LINE's own
 * substitution (text message v2, `substitution`) knows only mentions and emoji — no display
 * name, and mentions only in group chats. So a broadcast whose texts name the member goes out as
 * one push per recipient (counted the same: each recipient is one message either way), its text
 * filled in SQL when the send is planned; every other broadcast goes by multicast, 500 at a time.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Config } from "../../config";
import { uriButtonFooter } from "../../line/flex";
import { LIMITS, type Problem, validateMessages } from "../../line/message-rules";
import type { LineMessage } from "../../ports/line";

/** The per-recipient variables, with the longest value each can take (SQL cuts them there). */
const VARIABLES = { displayName: 20, name: 40 } as const;
const VARIABLE = /\{(displayName|name)\}/;
/** LINE's rule for a unit name (messaging-api.yml, MulticastRequest.customAggregationUnits). */
export const UNIT_NAME = /^[a-zA-Z0-9_]{1,30}$/;

/** A text naming the member makes the broadcast personal: sent by push, one per recipient. */
export function isPersonal(messages: LineMessage[]): boolean {
  return messages.some((m) => m.type === "text" && VARIABLE.test(m.text));
}

/** `{brand}` in texts, the same for everyone. */
function fillBrand(messages: LineMessage[], brand: string): LineMessage[] {
  return messages.map((m) => (m.type === "text" ? { ...m, text: m.text.replaceAll("{brand}", brand) } : m));
}

/** The card with the coupon's claim button: it opens the LIFF coupons page, which claims it. */
export function couponMessage(liffId: string, broadcastId: string, couponName: string): LineMessage {
  const uri = `https://liff.line.me/${liffId}/member/coupons?broadcast=${encodeURIComponent(broadcastId)}`;
  return {
    type: "flex",
    altText: `🎁 ${couponName}：點此領取 Tap to claim`.slice(0, LIMITS.altTextLength),
    contents: {
      type: "bubble",
      body: {
        type: "box",
        layout: "vertical",
        spacing: "sm",
        contents: [
          { type: "text", text: "🎁 專屬優惠券 A coupon for you", weight: "bold", color: "#D64541" },
          { type: "text", text: couponName, wrap: true, size: "sm" },
        ],
      },
      footer: uriButtonFooter("領取 Claim", uri),
    },
  };
}

/** The messages as sent (before per-recipient variables): brand filled, the coupon card last. */
export function outgoingMessages(
  config: Pick<Config, "brand" | "line">,
  b: { id: string; messages: LineMessage[]; coupon: { name: string } | null },
): LineMessage[] {
  const filled = fillBrand(b.messages, config.brand.name);
  return b.coupon ? [...filled, couponMessage(config.line.liffId, b.id, b.coupon.name)] : filled;
}

/**
 * LINE's limits on the messages as they will go out: the variables at their longest (counted
 * twice over, for names of characters outside the BMP), the coupon card taking the fifth place
 * of a request. Variables may stand in a text's own `text` only: anywhere else (a Flex card, a
 * URL, a quick reply) they would be sent as typed.
 */
export function checkBroadcastMessages(messages: unknown[], withCoupon: boolean): Problem[] {
  const problems: Problem[] = [];
  const max = LIMITS.messagesPerRequest - (withCoupon ? 1 : 0);
  if (messages.length > max)
    problems.push({
      property: "messages",
      message: withCoupon
        ? `At most ${max} messages with a coupon: the coupon's card is the ${LIMITS.messagesPerRequest}th`
        : `Size must be between 1 and ${max}`,
    });
  const longest = messages.map((m, i) => {
    if (typeof m !== "object" || m === null) return m;
    const { text, ...rest } = m as Record<string, unknown>;
    const isText = (m as { type?: unknown }).type === "text";
    if (VARIABLE.test(JSON.stringify(isText ? rest : m)))
      problems.push({
        property: `messages[${i}]`,
        message: "{displayName} and {name} are filled in a text message's text only",
      });
    if (!isText || typeof text !== "string") return m;
    let worst = text;
    for (const [name, length] of Object.entries(VARIABLES))
      worst = worst.replaceAll(`{${name}}`, "x".repeat(length * 2));
    return { ...m, text: worst };
  });
  problems.push(...validateMessages(longest.slice(0, LIMITS.messagesPerRequest)));
  return problems;
}

/** A JSON string literal's inside for `value`, so it can be spliced into a JSON text in SQL. */
const jsonInside = (value: SQL): SQL =>
  sql`substr(json_quote(${value}), 2, length(json_quote(${value})) - 2)`;

/**
 * The outgoing messages' JSON with `{name}` and `{displayName}` filled from `members m`, in SQL:
 * the registered name (else the LINE name) up to 40 characters, the LINE name up to 20, empty
 * when unknown.
 */
export function personalJsonSql(json: string): SQL {
  const name = sql`substr(coalesce(m.name, m.display_name, ''), 1, ${sql.raw(String(VARIABLES.name))})`;
  const display = sql`substr(coalesce(m.display_name, ''), 1, ${sql.raw(String(VARIABLES.displayName))})`;
  return sql`replace(replace(${json}, '{name}', ${jsonInside(name)}), '{displayName}', ${jsonInside(display)})`;
}

/** The same filling in JS, for one member (the test send). */
export function personalMessages(
  messages: LineMessage[],
  member: { name: string | null; displayName: string | null },
): LineMessage[] {
  const cut = (s: string | null, n: number) => [...(s ?? "")].slice(0, n).join("");
  const name = cut(member.name ?? member.displayName, VARIABLES.name);
  const display = cut(member.displayName, VARIABLES.displayName);
  return messages.map((m) =>
    m.type === "text"
      ? { ...m, text: m.text.replaceAll("{name}", name).replaceAll("{displayName}", display) }
      : m,
  );
}

/**
 * The unit LINE's statistics count this broadcast under: its own `aggregationUnit`, else its id
 * (`brd_` and 22 of [0-9A-Za-z]: within LINE's rule, 1–30 of `[a-zA-Z0-9_]`).
 */
export function unitName(b: { id: string; aggregationUnit: string | null }): string {
  return b.aggregationUnit ?? b.id.replace(/[^a-zA-Z0-9_]/g, "_").slice(0, 30);
}
