/**
 * 線上買門市取: paid online orders with a pickup store, as that store's staff work them —
 *   waiting (待備貨) → preparing (備貨中) → ready (可取貨: the member gets a LINE message with the
 *   order, the store and a pickup code) → picked_up (the member's card or the pickup code proves
 *   who collects; the order becomes fulfilled).
 * Each step is one conditional update on the state it comes from, so a repeat (a double tap, a
 * retry) answers the order as it is and a step from the wrong state is a 409. A ready order not
 * collected within `pickup_overdue_days` (default 7) is flagged overdue for the store.
 * Unpaid (created) orders are not listed: a pickup order is worked once the shop says it is paid.
 */
import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { members, onlineOrders, stores } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { readAppSetting, writeAppSetting } from "../../lib/settings";
import type { StaffRow } from "../staff";
import { fulfilOrder, type OrderRow } from "./orders";
import { matchesPickupCode } from "./pickup-code";
import { sendReadyMessage } from "./pickup-message";

export type PickupState = NonNullable<OrderRow["pickupState"]>;
export type PickupFilter = PickupState | "overdue";

const DAY_MS = 86_400_000;
const OVERDUE_KEY = "pickup_overdue_days";
export const DEFAULT_OVERDUE_DAYS = 7;
export const MAX_OVERDUE_DAYS = 90;

export async function pickupSettings(deps: Pick<AppDeps, "db">): Promise<{ overdueDays: number }> {
  const raw = Number(await readAppSetting(deps.db, OVERDUE_KEY));
  const ok = Number.isInteger(raw) && raw >= 1 && raw <= MAX_OVERDUE_DAYS;
  return { overdueDays: ok ? raw : DEFAULT_OVERDUE_DAYS };
}

export async function putPickupSettings(deps: Pick<AppDeps, "db">, s: { overdueDays: number }) {
  await writeAppSetting(deps.db, OVERDUE_KEY, String(s.overdueDays));
  return pickupSettings(deps);
}

/**
 * The store a staff member acts for: their own. An admin-role staff member may name another
 * (`storeId`); a store clerk naming another store is refused.
 */
export function actingStore(who: StaffRow, requested?: string | undefined): string | null {
  if (who.role === "admin") return requested ?? who.storeId;
  if (!who.storeId)
    throw new AppError("FORBIDDEN", say("此功能僅限門市店員使用。", "Only store staff can do this."));
  if (requested && requested !== who.storeId)
    throw new AppError(
      "FORBIDDEN",
      say("您只能處理自己門市的取貨訂單。", "You can only handle your own store's pickups."),
      { reason: "WRONG_STORE" },
    );
  return who.storeId;
}

const isOverdue = (o: Pick<OrderRow, "pickupState" | "readyAt">, cutoff: Date) =>
  o.pickupState === "ready" && !!o.readyAt && o.readyAt.getTime() <= cutoff.getTime();

export interface PickupView {
  order: OrderRow;
  member: { id: string; memberCode: string; displayName: string | null } | null;
  overdue: boolean;
}

/** The store's pickup orders: open ones (or one state of them), oldest first; picked up, newest first. */
export async function listPickups(deps: AppDeps, storeId: string, filter?: PickupFilter) {
  const { overdueDays } = await pickupSettings(deps);
  const cutoff = new Date(deps.clock.now().getTime() - overdueDays * DAY_MS);
  const atStore = eq(onlineOrders.pickupStoreId, storeId);
  const open = and(atStore, eq(onlineOrders.state, "paid"));
  const where =
    filter === "picked_up"
      ? and(atStore, eq(onlineOrders.pickupState, "picked_up"))
      : filter === "overdue"
        ? and(open, eq(onlineOrders.pickupState, "ready"), lte(onlineOrders.readyAt, cutoff))
        : filter
          ? and(open, eq(onlineOrders.pickupState, filter))
          : and(open, inArray(onlineOrders.pickupState, ["waiting", "preparing", "ready"]));
  const rows = await deps.db
    .select({
      order: onlineOrders,
      memberCode: members.memberCode,
      name: members.name,
      displayName: members.displayName,
    })
    .from(onlineOrders)
    .leftJoin(members, eq(members.id, onlineOrders.memberId))
    .where(where)
    .orderBy(
      ...(filter === "picked_up"
        ? [desc(onlineOrders.pickedUpAt)]
        : [asc(sql`coalesce(${onlineOrders.readyAt}, ${onlineOrders.paidAt}, ${onlineOrders.createdAt})`)]),
      asc(onlineOrders.id),
    )
    .limit(filter === "picked_up" ? 50 : 500);
  const [counts] = await deps.db
    .select({
      waiting: sql<number>`coalesce(sum(${onlineOrders.pickupState} = 'waiting'), 0)`,
      preparing: sql<number>`coalesce(sum(${onlineOrders.pickupState} = 'preparing'), 0)`,
      ready: sql<number>`coalesce(sum(${onlineOrders.pickupState} = 'ready'), 0)`,
      overdue: sql<number>`coalesce(sum(${onlineOrders.pickupState} = 'ready' AND ${onlineOrders.readyAt} <= ${cutoff.getTime()}), 0)`,
    })
    .from(onlineOrders)
    .where(open);
  const pickups: PickupView[] = rows.map((r) => ({
    order: r.order,
    member:
      r.order.memberId && r.memberCode
        ? { id: r.order.memberId, memberCode: r.memberCode, displayName: r.name ?? r.displayName }
        : null,
    overdue: isOverdue(r.order, cutoff),
  }));
  return {
    storeId,
    overdueDays,
    counts: {
      waiting: Number(counts?.waiting ?? 0),
      preparing: Number(counts?.preparing ?? 0),
      ready: Number(counts?.ready ?? 0),
      overdue: Number(counts?.overdue ?? 0),
    },
    pickups,
  };
}

/** One pickup order as the store sees it (404 for none, 403 for another store's). */
export async function pickupView(deps: AppDeps, orderId: string, storeId: string | null) {
  const row = await pickupOrder(deps, orderId, storeId);
  const { overdueDays } = await pickupSettings(deps);
  const cutoff = new Date(deps.clock.now().getTime() - overdueDays * DAY_MS);
  const [m] = row.memberId
    ? await deps.db
        .select({ memberCode: members.memberCode, name: members.name, displayName: members.displayName })
        .from(members)
        .where(eq(members.id, row.memberId))
    : [];
  const view: PickupView = {
    order: row,
    member:
      row.memberId && m
        ? { id: row.memberId, memberCode: m.memberCode, displayName: m.name ?? m.displayName }
        : null,
    overdue: isOverdue(row, cutoff),
  };
  return view;
}

async function pickupOrder(deps: AppDeps, orderId: string, storeId: string | null): Promise<OrderRow> {
  const [row] = await deps.db.select().from(onlineOrders).where(eq(onlineOrders.id, orderId));
  if (!row) throw new AppError("NOT_FOUND", say("查無此訂單。", "No such order."));
  if (!row.pickupStoreId || !row.pickupState)
    throw new AppError("CONFLICT", say("此訂單不是門市取貨。", "This order is not for store pickup."), {
      reason: "NOT_PICKUP",
    });
  if (storeId !== null && row.pickupStoreId !== storeId)
    throw new AppError(
      "FORBIDDEN",
      say("此訂單不在您的門市取貨。", "This order is picked up at another store."),
      {
        reason: "WRONG_STORE",
      },
    );
  return row;
}

function mustBeOpen(o: OrderRow) {
  if (o.state === "created")
    throw new AppError("CONFLICT", say("此訂單尚未付款。", "This order is not paid yet."), {
      reason: "NOT_PAID",
    });
  if (o.state === "cancelled" || o.state === "refunded")
    throw new AppError("CONFLICT", say("此訂單已取消或退款。", "This order was cancelled or refunded."), {
      reason: "ORDER_CANCELLED",
    });
}

const STATE_ZH: Record<PickupState, string> = {
  waiting: "待備貨",
  preparing: "備貨中",
  ready: "可取貨",
  picked_up: "已取貨",
};
const illegal = (from: PickupState, to: PickupState) =>
  new AppError(
    "CONFLICT",
    say(
      `此訂單目前為「${STATE_ZH[from]}」，無法改為「${STATE_ZH[to]}」。`,
      `This order is ${from.replace("_", " ")}; it cannot become ${to.replace("_", " ")}.`,
    ),
    { reason: "PICKUP_STATE", from, to },
  );

/** Moves the order to `to` from one of `from` (one conditional update); the order as it is then. */
async function step(deps: AppDeps, o: OrderRow, to: PickupState, from: PickupState[], set = {}) {
  const now = deps.clock.now();
  await deps.db
    .update(onlineOrders)
    .set({ pickupState: to, updatedAt: now, ...set })
    .where(
      and(eq(onlineOrders.id, o.id), eq(onlineOrders.state, "paid"), inArray(onlineOrders.pickupState, from)),
    );
  const [fresh] = await deps.db.select().from(onlineOrders).where(eq(onlineOrders.id, o.id));
  if (!fresh) throw new Error("order vanished");
  return fresh;
}

/** 開始備貨: waiting → preparing (a repeat answers as it is). */
export async function startPreparing(deps: AppDeps, orderId: string, storeId: string | null) {
  const o = await pickupOrder(deps, orderId, storeId);
  if (o.pickupState === "preparing") return o;
  mustBeOpen(o);
  const fresh = await step(deps, o, "preparing", ["waiting"]);
  if (fresh.pickupState !== "preparing") throw illegal(fresh.pickupState ?? "waiting", "preparing");
  return fresh;
}

/**
 * 通知取貨: waiting or preparing → ready, and the member's LINE message (queued under the order's
 * own outbox ids, so however often this runs the member gets it once).
 */
export async function markReady(deps: AppDeps, orderId: string, storeId: string | null) {
  const o = await pickupOrder(deps, orderId, storeId);
  if (o.pickupState !== "ready") {
    mustBeOpen(o);
    const fresh = await step(deps, o, "ready", ["waiting", "preparing"], { readyAt: deps.clock.now() });
    if (fresh.pickupState !== "ready") throw illegal(fresh.pickupState ?? "waiting", "ready");
    await notify(deps, fresh);
    return fresh;
  }
  await notify(deps, o); // a crash between the update and the queue: queued now, else nothing new
  return o;
}

async function notify(deps: AppDeps, o: OrderRow) {
  if (!o.memberId || !o.pickupStoreId) return;
  const [row] = await deps.db
    .select({ member: members, store: stores })
    .from(members)
    .innerJoin(stores, eq(stores.id, o.pickupStoreId))
    .where(eq(members.id, o.memberId));
  if (!row || row.member.deletedAt) return;
  await sendReadyMessage(deps, o, row.member, row.store);
}

export type PickupProof = { memberCode?: string | undefined; pickupCode?: string | undefined };

const normalCode = (s: string) => s.normalize("NFKC").replace(/[\s-]/g, "");

/**
 * 完成取貨: ready → picked_up, proven by the member's card (its code must be the order's
 * member's) or the pickup code from the ready message; then the order is fulfilled.
 */
export async function completePickup(
  deps: AppDeps,
  orderId: string,
  storeId: string | null,
  by: StaffRow,
  proof: PickupProof,
) {
  const o = await pickupOrder(deps, orderId, storeId);
  await checkProof(deps, o, proof);
  if (o.pickupState === "picked_up") return o.state === "paid" ? fulfilOrder(deps, o) : o;
  mustBeOpen(o);
  if (o.pickupState !== "ready")
    throw new AppError(
      "CONFLICT",
      say("請先通知顧客取貨，再完成取貨。", "Tell the customer it is ready before handing it over."),
      { reason: "NOT_READY", from: o.pickupState, to: "picked_up" },
    );
  const now = deps.clock.now();
  const fresh = await step(deps, o, "picked_up", ["ready"], { pickedUpAt: now, pickedUpBy: by.id });
  if (fresh.pickupState !== "picked_up") throw illegal(fresh.pickupState ?? "waiting", "picked_up");
  return fresh.state === "paid" ? fulfilOrder(deps, fresh) : fresh;
}

async function checkProof(deps: AppDeps, o: OrderRow, proof: PickupProof) {
  if (proof.memberCode) {
    const code = normalCode(proof.memberCode);
    const [m] = o.memberId
      ? await deps.db
          .select({ id: members.id })
          .from(members)
          .where(and(eq(members.memberCode, code), eq(members.id, o.memberId)))
      : [];
    if (!m)
      throw new AppError(
        "UNPROCESSABLE",
        say("這張會員卡不是此訂單的訂購人。", "This member card is not the customer who placed this order."),
        { reason: "WRONG_CUSTOMER", field: "memberCode" },
      );
    return;
  }
  if (proof.pickupCode) {
    if (!(await matchesPickupCode(deps, o.id, proof.pickupCode)))
      throw new AppError("UNPROCESSABLE", say("取貨碼不正確。", "This pickup code is not the order's."), {
        reason: "WRONG_CUSTOMER",
        field: "pickupCode",
      });
    return;
  }
  throw new AppError(
    "VALIDATION_FAILED",
    say("請掃描會員卡或輸入取貨碼。", "Scan the member card or type the pickup code."),
    { reason: "REQUIRED", field: "memberCode" },
  );
}
