/**
 * Writing the demo history fast: each table's rows go as one JSON array bound to ONE parameter
 * (`INSERT … SELECT json_extract(value, '$[i]') … FROM json_each(?)`), so tens of thousands of
 * rows take a handful of statements whatever the database's parameter limit, and each statement
 * is guarded — it inserts only for the run that wrote the guard row — with ON CONFLICT DO NOTHING
 * on the natural keys besides.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import type { BatchStatement } from "../../lib/batch";
import type { Person } from "./crowd-people";

type Row = Record<string, unknown>;
/** Rows per statement: a few MB of JSON at most. */
const ROWS_PER_STATEMENT = 5000;

/** The guarded INSERT … SELECT statements for one table's rows (columns: the first row's keys). */
export function insertRows(db: Db, table: string, rows: readonly Row[], guard: SQL): BatchStatement[] {
  const first = rows[0];
  if (!first) return [];
  // Columns null in every row are left to their default (NULL): fewer values to read.
  const columns = Object.keys(first).filter((c) => rows.some((r) => r[c] !== null && r[c] !== undefined));
  for (const c of [table, ...columns]) if (!/^[a-z_]+$/.test(c)) throw new Error(`bad name ${c}`);
  const names = sql.raw(columns.join(", "));
  const values = sql.raw(columns.map((_, i) => `json_extract(value, '$[${i}]')`).join(", "));
  // In key order (the first column leads every primary key here): the B-tree fills at its end.
  const key = columns[0] as string;
  const at = (r: Row) => String(r[key]);
  const inOrder = rows.every((r, i) => i === 0 || at(rows[i - 1] as Row) <= at(r));
  const sorted = inOrder ? rows : [...rows].sort((a, b) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0));
  const out: BatchStatement[] = [];
  for (let i = 0; i < sorted.length; i += ROWS_PER_STATEMENT) {
    const json = JSON.stringify(
      sorted.slice(i, i + ROWS_PER_STATEMENT).map((r) => columns.map((c) => r[c] ?? null)),
    );
    out.push(
      db.run(
        sql`INSERT INTO ${sql.raw(table)} (${names}) SELECT ${values} FROM json_each(${json}) WHERE ${guard} ON CONFLICT DO NOTHING`,
      ),
    );
  }
  return out;
}

/** The crowd's member rows (balance and tier as the ledger left them) and binding scans. */
export function memberRows(
  people: readonly Person[],
  ledger: Map<string, { balance: number; tier: string }>,
  refs: { store: Record<string, string>; staff: Record<string, string>; consentVersion: string },
): { members: Row[]; binding_scans: Row[] } {
  const members = people.map((p) => {
    const settled = ledger.get(p.id);
    return {
      id: p.id,
      line_user_id: p.lineUserId,
      member_code: p.memberCode,
      status: p.registered ? "member" : "guest",
      friendship: p.blockedAt === null ? "friend" : "blocked",
      display_name: p.displayName,
      picture_url: null,
      language: p.language,
      home_store_id: p.store ? refs.store[p.store] : null,
      referrer_staff_id: p.referrer ? (refs.staff[p.referrer] ?? null) : null,
      source: p.source,
      bound_at: p.boundAt,
      registered_at: p.registeredAt,
      blocked_at: p.blockedAt,
      name: p.name,
      phone: p.phone,
      phone_verified_at: p.phoneVerifiedAt,
      birthday: p.birthday,
      email: p.email,
      consent_version: p.registeredAt !== null ? refs.consentVersion : null,
      consent_at: p.registeredAt,
      marketing_opt_out_at: p.optOutAt,
      deleted_at: null,
      points_balance: settled?.balance ?? 0,
      tier: settled?.tier ?? "regular",
      created_at: p.createdAt,
      updated_at: Math.max(p.createdAt, p.registeredAt ?? 0, p.blockedAt ?? 0, p.optOutAt ?? 0),
    };
  });
  const binding_scans = people.flatMap((p) =>
    p.scans.map((s) => ({
      id: s.id,
      token_id: s.source === "store_qr" ? `demo-qr-${s.store}` : `demo-link-${s.staff}`,
      member_id: p.id,
      line_user_id: p.lineUserId,
      store_id: refs.store[s.store],
      staff_id: refs.staff[s.staff] ?? null,
      source: s.source,
      result: s.result,
      scanned_at: s.at,
    })),
  );
  return { members, binding_scans };
}
