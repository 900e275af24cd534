/** Helpers for the live-selling route tests: a sale, comments posted to it, its tally, LINE chat. */
import { expect } from "vitest";
import type { TestApp } from "../../../test/harness";

export interface Result {
  commentId: string;
  outcome: string;
  items: Array<{ code: string; variant?: string; qty: number; status: string; reason?: string }>;
  reason?: string;
}
export interface TallyRow {
  code: string;
  variant?: string;
  stock: number;
  ordered: number;
  remaining: number;
  waitlisted: number;
}

export const json = (body: unknown) => ({ method: "POST", body: JSON.stringify(body) });

let seq = 0;
export const comment = (userId: string, text: string, commentId = `c${++seq}`) => ({
  platform: "facebook",
  commentId,
  userId,
  userName: `viewer ${userId}`,
  text,
  postedAt: "2026-11-24T02:00:00Z",
});

export const unit = (rows: TallyRow[], code: string, variant?: string) =>
  rows.find((r) => r.code === code && r.variant === variant) as TallyRow;

/** Calls on the test app of the moment (a new one per test). */
export function liveKit(app: () => TestApp) {
  async function newSale(body: Record<string, unknown> = {}, open = true) {
    const res = await app().admin(
      "/api/lives",
      json({
        title: "週五直播",
        featuredCode: "A",
        products: [
          { code: "A", name: "羊毛圍巾", price: 390, stock: 10 },
          {
            code: "B02",
            name: "針織外套",
            price: 1280,
            stock: 0,
            perBuyerLimit: 2,
            variants: [
              { name: "紅 M", stock: 2 },
              { name: "黑 L", stock: 1 },
            ],
          },
        ],
        ...body,
      }),
    );
    expect(res.status).toBe(201);
    const sale = (await res.json()) as { id: string; ingestKey: string; status: string };
    if (open) expect((await app().admin(`/api/lives/${sale.id}/open`, { method: "POST" })).status).toBe(200);
    return sale;
  }

  async function post(saleId: string, comments: unknown[], token?: string): Promise<Result[]> {
    const res = await app().admin(`/api/lives/${saleId}/comments`, {
      ...json({ comments }),
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { results: Result[] }).results;
  }

  async function tally(saleId: string): Promise<TallyRow[]> {
    const res = await fetch(`${app().app.url}/api/lives/${saleId}/tally`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { products: TallyRow[] }).products;
  }

  /** A text message from `from` in a LINE chat of the emulator; waits until it is handled. */
  async function say(chat: Record<string, unknown>, from: string, text: string) {
    const res = await app().line.control("/messages", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat, from, message: { type: "text", text } }),
    });
    expect(res.status).toBe(202);
    await app().settle();
    return ((await res.json()) as { eventId: string }).eventId;
  }

  return { newSale, post, tally, say };
}
