/**
 * RFM(+I) computed in plain JS from rows read back with plain selects, written apart from rfm.ts
 * (its own copy of DOMAIN.md's map, its own quintiles) so the SQL can be checked against it.
 *
 * Quintiles are NTILE(5)'s: the values sorted (R by days since the last purchase, most days
 * first; F, M, I ascending), cut into 5 tiles of ⌈n/5⌉ / ⌊n/5⌋ rows; a value's score is the tile
 * of the first row it holds, so equal values share a score.
 */
import type { Db } from "../../db/client";
import {
  conversationMessages,
  conversations,
  liveBuyers,
  liveComments,
  members,
  memberVisits,
  purchases,
} from "../../db/schema";

const DAY = 86_400_000;

/** DOMAIN.md's table: rows R 5 → 1, columns FM 1 → 5. */
const MAP = [
  ["new", "potential", "potential", "champions", "champions"],
  ["promising", "potential", "loyal", "champions", "champions"],
  ["about_to_sleep", "need_attention", "need_attention", "loyal", "loyal"],
  ["hibernating", "about_to_sleep", "at_risk", "at_risk", "cant_lose"],
  ["lost", "hibernating", "at_risk", "cant_lose", "cant_lose"],
];

export interface OracleScore {
  memberId: string;
  recencyDays: number;
  frequency: number;
  monetary: number;
  interactions: number;
  r: number;
  f: number;
  m: number;
  i: number;
  rfmGroup: string;
}

export async function rfmSnapshot(db: Db) {
  const [ms, ps, cs, msgs, buyers, comments, visits] = await Promise.all([
    db.select().from(members),
    db.select().from(purchases),
    db.select().from(conversations),
    db.select().from(conversationMessages),
    db.select().from(liveBuyers),
    db.select().from(liveComments),
    db.select().from(memberVisits),
  ]);
  return { members: ms, purchases: ps, conversations: cs, messages: msgs, buyers, comments, visits };
}
export type RfmSnapshot = Awaited<ReturnType<typeof rfmSnapshot>>;

/** The tile (1–5) of each 0-based position among n rows, as NTILE(5) deals them. */
function tiles(n: number): number[] {
  const out: number[] = [];
  for (let tile = 1; tile <= 5; tile++) {
    const size = Math.floor(n / 5) + (tile <= n % 5 ? 1 : 0);
    for (let k = 0; k < size; k++) out.push(tile);
  }
  return out;
}

/** Each member's score on one axis: sorted by `key` ascending, ties the tile of their first row. */
function scoreBy<T extends { memberId: string }>(rows: T[], key: (x: T) => number): Map<string, number> {
  const sorted = [...rows].sort((a, b) => key(a) - key(b));
  const tileAt = tiles(sorted.length);
  const firstTile = new Map<number, number>();
  sorted.forEach((x, pos) => {
    if (!firstTile.has(key(x))) firstTile.set(key(x), tileAt[pos] as number);
  });
  return new Map(sorted.map((x) => [x.memberId, firstTile.get(key(x)) as number]));
}

/** Everyone's scores at `now` (window 365 days, interactions 90), by member id. */
export function rfmOracle(s: RfmSnapshot, now: Date, windowDays = 365, interactionDays = 90) {
  const t = now.getTime();
  const since = t - windowDays * DAY;
  const sinceI = t - interactionDays * DAY;
  const live = s.members.filter((m) => m.deletedAt === null);
  const byLine = new Map(live.map((m) => [m.lineUserId, m.id]));
  const inI = (at: Date) => at.getTime() >= sinceI && at.getTime() <= t;

  const touches = new Map<string, number>();
  const touch = (id: string | undefined) => {
    if (id) touches.set(id, (touches.get(id) ?? 0) + 1);
  };
  const convUser = new Map(s.conversations.map((c) => [c.id, c.lineUserId]));
  for (const msg of s.messages)
    if (msg.direction === "in" && inI(msg.createdAt))
      touch(byLine.get(convUser.get(msg.conversationId) ?? ""));
  const buyerUser = new Map(s.buyers.map((b) => [b.id, b.lineUserId]));
  for (const c of s.comments)
    if (inI(c.receivedAt)) touch(byLine.get(buyerUser.get(c.buyerId) ?? "") ?? undefined);
  for (const v of s.visits)
    if (inI(v.at)) touch(live.some((m) => m.id === v.memberId) ? v.memberId : undefined);

  const rows = live.flatMap((m) => {
    const mine = s.purchases.filter(
      (p) => p.memberId === m.id && p.createdAt.getTime() >= since && p.createdAt.getTime() <= t,
    );
    if (mine.length === 0) return [];
    const last = Math.max(...mine.map((p) => p.createdAt.getTime()));
    return [
      {
        memberId: m.id,
        recencyDays: Math.floor((t - last) / DAY),
        frequency: mine.length,
        monetary: mine.reduce((a, p) => a + p.paid - p.refundedAmount, 0),
        interactions: touches.get(m.id) ?? 0,
      },
    ];
  });
  const R = scoreBy(rows, (x) => -x.recencyDays);
  const F = scoreBy(rows, (x) => x.frequency);
  const M = scoreBy(rows, (x) => x.monetary);
  const I = scoreBy(rows, (x) => x.interactions);
  const out = new Map<string, OracleScore>();
  for (const x of rows) {
    const r = R.get(x.memberId) as number;
    const f = F.get(x.memberId) as number;
    const m = M.get(x.memberId) as number;
    const fm = Math.round((f + m) / 2);
    out.set(x.memberId, {
      ...x,
      r,
      f,
      m,
      i: I.get(x.memberId) as number,
      rfmGroup: MAP[5 - r]?.[fm - 1] as string,
    });
  }
  return out;
}

/** Whether some value on an axis holds rows in two tiles (so the tie rule is exercised). */
export function tiesAcrossTiles(scores: OracleScore[], key: (x: OracleScore) => number): boolean {
  const sorted = [...scores].sort((a, b) => key(a) - key(b));
  const tileAt = tiles(sorted.length);
  return sorted.some(
    (x, pos) => pos > 0 && key(sorted[pos - 1] as OracleScore) === key(x) && tileAt[pos - 1] !== tileAt[pos],
  );
}
