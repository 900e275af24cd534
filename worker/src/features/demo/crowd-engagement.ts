/**
 * What the crowd did besides buying, for tags, the inbox and RFM's I: member tags (admin, CSV and
 * keyword rules), 1:1 chats (a conversation each, inbound messages answered by a keyword rule —
 * a free reply — or by the agent — a counted push), LIFF visit days, and the messages other
 * features sent them: the binding welcome, the live sales' comment confirmations, the loyalty
 * sweeps' birthday greetings and expiry reminders. Old chats are closed: the inbox's queue stays
 * the sandbox user's own.
 */

import { sentRow } from "./crowd-campaigns";
import type { Ledger } from "./crowd-ledger";
import type { LiveWorld } from "./crowd-live";
import type { Person } from "./crowd-people";
import { type Calendar, DAY, HOUR, MINUTE, type Rng } from "./crowd-rng";
import type { Sale } from "./crowd-sales";
import { DEMO_FAQ, DEMO_STORES } from "./data";

type Row = Record<string, unknown>;
export interface EngagementRefs {
  /** The demo agent's staff id (A001), who answers what no rule does. */
  agent: string | null;
  /** Keyword rule ids by their demo key (hours, returns, shipping, points). */
  keywordRule: Record<string, string>;
}

interface Topic {
  text: string;
  keyword?: "hours" | "returns" | "shipping" | "points";
  tag?: string;
  answer?: string;
}
const TOPICS: Topic[] = [
  { text: "請問營業時間到幾點？", keyword: "hours" },
  { text: "運費怎麼算？滿多少免運", keyword: "shipping", tag: "詢問運費" },
  { text: "尺寸不合想退貨可以嗎", keyword: "returns", tag: "詢問退貨" },
  { text: "我的點數什麼時候到期", keyword: "points" },
  { text: "請問素T黑色L還有貨嗎？", answer: "您好，黑 L 台北信義店和線上都還有喔！需要幫您保留嗎？" },
  { text: "可以幫我查一下訂單寄了沒", answer: "已幫您查詢，包裹今天出貨，明天會送達喔 🚚" },
  { text: "直播的商品什麼時候可以取貨", answer: "到貨後會用 LINE 通知您，請於 7 天內到門市取貨 😊" },
  { text: "謝謝你們！", answer: "不客氣，期待再見到您 🙌" },
];
const ANSWERS: Record<string, string> = {
  hours: DEMO_FAQ[0].answer,
  returns: DEMO_FAQ[1].answer,
  shipping: DEMO_FAQ[2].answer,
  points: DEMO_FAQ[3].answer,
};

export interface Engagement {
  tables: Record<
    "member_tags" | "conversations" | "conversation_messages" | "member_visits" | "outbox_messages",
    Row[]
  >;
}

export function makeEngagement(
  rng: Rng,
  cal: Calendar,
  people: readonly Person[],
  x: {
    sales: readonly Sale[];
    live: LiveWorld;
    ledger: Ledger;
    refs: EngagementRefs;
    liffId: string;
    brand: string;
  },
): Engagement {
  const e: Engagement = {
    tables: {
      member_tags: [],
      conversations: [],
      conversation_messages: [],
      member_visits: [],
      outbox_messages: [],
    },
  };
  let n = 0;
  const outbox = (m: Parameters<typeof sentRow>[1]) => {
    e.tables.outbox_messages.push(sentRow(rng, m));
    return m.id;
  };
  const salesOf = new Map<Person, Sale[]>();
  for (const s of x.sales) {
    if (!s.person) continue;
    const list = salesOf.get(s.person);
    if (list) list.push(s);
    else salesOf.set(s.person, [s]);
  }

  for (const p of people) {
    const tags = new Map(p.tags.map((t) => [t.tag, t.source]));
    // The binding's welcome, pushed to friends (counted).
    const bound = p.scans.find((s) => s.result === "bound");
    if (bound && (p.blockedAt === null || p.blockedAt > bound.at)) {
      const store = DEMO_STORES.find((s) => s.code === bound.store)?.name ?? "";
      outbox({
        id: `obx_crowd_bind_${p.index}`,
        kind: "push",
        to: [p.lineUserId],
        messages: [
          {
            type: "text",
            text: `🎉 歡迎加入 ${x.brand}！已為您綁定「${store}」，新會員禮已放進「優惠券」。`,
          },
        ],
        topic: "binding",
        at: bound.at + 2000,
      });
    }
    // Chats: about a quarter of the crowd wrote to the OA, more of them lately.
    const threads = rng.chance(0.27) ? 1 + rng.poisson(0.6) : 0;
    if (threads > 0) {
      const conversationId = `cnv_crowd_${p.index}`;
      const times = Array.from({ length: threads }, () => {
        const recent = rng.chance(0.55);
        const from = Math.max(p.createdAt, recent ? cal.now - 90 * DAY : p.createdAt);
        return Math.floor(from + rng.next() * (cal.now - 2 * HOUR - from));
      }).sort((a, b) => a - b);
      let last = 0;
      let lastIn = 0;
      for (const at of times) {
        if (at <= p.createdAt || (p.blockedAt !== null && at >= p.blockedAt)) continue;
        const topic = rng.pick(TOPICS);
        const inId = `msg_crowd_${++n}`;
        e.tables.conversation_messages.push(message(inId, conversationId, "in", "user", topic.text, at));
        lastIn = at;
        last = at;
        if (topic.keyword) {
          const text = ANSWERS[topic.keyword] as string;
          const id = outbox({
            id: `obx_crowd_kw_${n}`,
            kind: "reply",
            to: [p.lineUserId],
            messages: [{ type: "text", text }],
            topic: "keywords",
            at: at + 1500,
          });
          e.tables.conversation_messages.push(
            message(`msg_${id}_0`, conversationId, "out", "keywords", text, at + 1500),
          );
          const rule = x.refs.keywordRule[topic.keyword];
          if (topic.tag && rule && !tags.has(topic.tag)) tags.set(topic.tag, `keyword:${rule}`);
          last = at + 1500;
        } else if (topic.answer && x.refs.agent) {
          const wait = rng.int(2, 90) * MINUTE;
          const id = outbox({
            id: `obx_crowd_agent_${n}`,
            kind: "push",
            to: [p.lineUserId],
            messages: [{ type: "text", text: topic.answer }],
            topic: "inbox:agent",
            at: at + wait,
          });
          e.tables.conversation_messages.push({
            ...message(
              `msg_${id}_0`,
              conversationId,
              "out",
              `agent:${x.refs.agent}`,
              topic.answer,
              at + wait,
            ),
            response_ms: wait,
          });
          last = at + wait;
        }
      }
      if (lastIn > 0)
        e.tables.conversations.push({
          id: conversationId,
          line_user_id: p.lineUserId,
          status: "closed",
          assigned_to: null,
          waiting_since: null,
          last_message_at: last,
          last_inbound_at: lastIn,
          away_sent_at: null,
          created_at: times[0],
        });
    }
    for (const [tag, source] of tags) {
      const at = Math.min(cal.now - HOUR, p.createdAt + rng.int(1, 60) * DAY);
      e.tables.member_tags.push({ member_id: p.id, tag, source, created_at: Math.max(p.createdAt, at) });
    }
    visits(rng, cal, p, salesOf.get(p) ?? [], e);
  }
  for (const r of x.live.replies)
    outbox({
      id: `obx_crowd_live_${++n}`,
      kind: "reply",
      to: [r.lineUserId],
      messages: [{ type: "text", text: `✅ 已收到：${r.text}` }],
      topic: `live:${r.saleId}`,
      at: r.at,
    });
  for (const m of x.ledger.pushes)
    outbox({
      id: m.id,
      kind: "push",
      to: [m.to],
      messages: [{ type: "text", text: `${m.text}\nhttps://liff.line.me/${x.liffId}/member` }],
      topic: m.topic,
      at: m.at,
    });
  return e;
}

function message(
  id: string,
  conversationId: string,
  direction: "in" | "out",
  sender: string,
  text: string,
  at: number,
): Row {
  return {
    id,
    conversation_id: conversationId,
    direction,
    sender,
    type: "text",
    text,
    payload: JSON.stringify({ type: "text", text }),
    suggest_state: "none",
    reply_token: null,
    reply_token_expires_at: null,
    suggestion_id: null,
    response_ms: null,
    created_at: at,
  };
}

/** LIFF visit days: registering, showing the card at some purchases, and now and then lately. */
function visits(rng: Rng, cal: Calendar, p: Person, sales: readonly Sale[], e: Engagement) {
  if (p.blockedAt !== null && p.blockedAt < cal.now - 120 * DAY) return;
  const days = new Map<string, number>();
  const visit = (at: number) => {
    if (at <= p.createdAt || at >= cal.now) return;
    const day = cal.ymd(at);
    if (!days.has(day)) days.set(day, at);
  };
  if (p.registeredAt !== null) visit(p.registeredAt + MINUTE);
  for (const s of sales) if (rng.chance(s.channel === "store" ? 0.35 : 0.2)) visit(s.at - 3 * MINUTE);
  const since = Math.max(p.createdAt, cal.now - 120 * DAY);
  const extra = rng.poisson(
    p.persona === "heavy" ? 6 : p.persona === "regular" ? 3 : p.persona === "casual" ? 1.2 : 0.3,
  );
  for (let k = 0; k < extra; k++) visit(since + rng.next() * (cal.now - since));
  for (const [day, at] of days) e.tables.member_visits.push({ member_id: p.id, day, at });
}
