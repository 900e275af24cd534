/**
 * 新手導覽 (sandbox only, /sandbox/guide/*): what the simulator's first-run checklist needs. Each
 * step is one click in the simulator; what a click does that a LINE user cannot do themselves
 * (a clerk to scan, a purchase at the counter, the demo sale opened) goes through the product's
 * own API as the admin, the clerk or the shopper would — never around it. `GET …/state` says
 * which steps a simulated user has done, read from what the product recorded.
 *
 * Also the dev bar's "make this user staff of a store": a staff record made, invited and joined
 * by the user's LINE account, as a real clerk would join.
 */
import { and, eq, like, sql } from "drizzle-orm";
import { Hono } from "hono";
import {
  conversationMessages,
  conversations,
  liveOrders,
  members,
  purchases,
  staff,
  stores,
} from "../../../db/schema";
import type { AppDeps } from "../deps";
import type { LineEmulator } from "./emulator";

type Call = (path: string, init?: RequestInit) => Promise<Response>;

/** The demo sale a group's "+1" orders from (features/demo), and the demo store the guide's clerk works at. */
export const GUIDE_SALE = "sal_demo_friday";
const GUIDE_STORE = "TPE01";
const CLERK_NAME = "店員 小芳";

export function sandboxGuide(
  deps: AppDeps,
  emulator: LineEmulator,
  call: Call,
  opts: { consoleToken: boolean },
): Hono {
  const app = new Hono();
  const json = async <T>(res: Response): Promise<T> => {
    const body = (await res.json()) as T & { error?: { message: string } };
    if (!res.ok) throw new GuideError(res.status, body.error?.message ?? `HTTP ${res.status}`);
    return body;
  };
  const admin = <T>(method: string, path: string, body?: unknown) =>
    call(path, {
      method,
      headers: { authorization: `Bearer ${deps.config.adminToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).then((r) => json<T>(r));
  const as = async <T>(userId: string, method: string, path: string, body?: unknown) =>
    call(path, {
      method,
      headers: {
        authorization: `Bearer ${await emulator.issueIdToken(userId)}`,
        "content-type": "application/json",
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).then((r) => json<T>(r));
  const user = (userId: unknown) => {
    const u = typeof userId === "string" ? emulator.state.users.get(userId) : undefined;
    if (!u) throw new GuideError(404, `No simulated user ${String(userId)}`);
    return u;
  };

  /** Makes a simulated user a clerk of a store: a staff record, its invite, joined as them. */
  const makeStaff = async (userId: string, storeCode: string) => {
    const u = user(userId);
    const [linked] = await deps.db.select().from(staff).where(eq(staff.lineUserId, userId));
    if (linked) return { staffId: linked.id, storeId: linked.storeId, created: false };
    const [store] = await deps.db.select().from(stores).where(eq(stores.code, storeCode));
    if (!store) throw new GuideError(404, `No store ${storeCode}`);
    const [{ n } = { n: 0 }] = await deps.db
      .select({ n: sql<number>`count(*)` })
      .from(staff)
      .where(like(staff.code, "SBX-%"));
    const { id } = await admin<{ id: string }>("POST", "/api/admin/staff", {
      code: `SBX-${String(Number(n) + 1).padStart(3, "0")}`,
      name: u.displayName.slice(0, 40),
      role: "staff",
      storeId: store.id,
    });
    const { token } = await admin<{ token: string }>("POST", `/api/admin/staff/${id}/invite`);
    await as(userId, "POST", "/api/staff/join", { token });
    return { staffId: id, storeId: store.id, created: true };
  };

  /** The guide's clerk at the demo store: a simulated friend of the OA who joined as staff. */
  const clerk = async (): Promise<string> => {
    const existing = [...emulator.state.users.values()].find((u) => u.displayName === CLERK_NAME);
    let userId = existing?.userId;
    if (!userId) {
      const control = (path: string, body?: unknown) =>
        emulator.app.request(`/sandbox/api${path}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      const made = await json<{ userId: string }>(await control("/users", { displayName: CLERK_NAME }));
      await json(await control(`/users/${made.userId}/follow`));
      userId = made.userId;
    }
    await makeStaff(userId, GUIDE_STORE);
    return userId;
  };

  const memberOf = (userId: string) =>
    as<{ member: { id: string; memberCode: string } }>(userId, "GET", "/api/me");

  app.get("/sandbox/guide/state", async (c) => {
    const userId = c.req.query("userId") ?? "";
    const u = emulator.state.users.get(userId);
    const [m] = u ? await deps.db.select().from(members).where(eq(members.lineUserId, userId)) : [];
    const count = async (q: Promise<Array<{ n: number }>>) => Number((await q)[0]?.n ?? 0) > 0;
    const n = sql<number>`count(*)`;
    const [faq, bought, ordered, replied] = m
      ? await Promise.all([
          count(
            deps.db
              .select({ n })
              .from(conversationMessages)
              .innerJoin(conversations, eq(conversations.id, conversationMessages.conversationId))
              .where(
                and(
                  eq(conversations.lineUserId, userId),
                  eq(conversationMessages.direction, "out"),
                  eq(conversationMessages.sender, "keywords"),
                ),
              ),
          ),
          count(deps.db.select({ n }).from(purchases).where(eq(purchases.memberId, m.id))),
          count(deps.db.select({ n }).from(liveOrders).where(eq(liveOrders.memberId, m.id))),
          count(
            deps.db
              .select({ n })
              .from(conversationMessages)
              .innerJoin(conversations, eq(conversations.id, conversationMessages.conversationId))
              .where(and(eq(conversations.lineUserId, userId), like(conversationMessages.sender, "agent:%"))),
          ),
        ])
      : [false, false, false, false];
    return c.json({
      steps: {
        user: !!u,
        friend: u?.friendship === "friend",
        faq,
        bind: !!m?.homeStoreId,
        purchase: bought,
        plusOne: ordered,
        reply: replied,
      },
      memberCode: m?.memberCode ?? null,
      links: {
        // Signed in only with the token the sandbox made for itself (as the printed link is).
        console: opts.consoleToken
          ? `/console/#token=${encodeURIComponent(deps.config.adminToken ?? "")}`
          : "/console/",
        docs: "/docs",
      },
    });
  });

  app.get("/sandbox/guide/stores", async (c) =>
    c.json({
      stores: await deps.db
        .select({ code: stores.code, name: stores.name })
        .from(stores)
        .where(eq(stores.active, true))
        .orderBy(stores.code),
    }),
  );

  app.post("/sandbox/guide/staff", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { userId?: unknown; storeCode?: unknown };
    const storeCode = typeof body.storeCode === "string" ? body.storeCode : GUIDE_STORE;
    return c.json(await makeStaff(user(body.userId).userId, storeCode));
  });

  // 綁定門市: the clerk's personal binding QR, to open as the shopper (the LIFF bind page).
  app.post("/sandbox/guide/bind", async (c) => {
    user(((await c.req.json().catch(() => ({}))) as { userId?: unknown }).userId);
    const qr = await as<{ personalLink: { url: string } }>(await clerk(), "GET", "/api/staff/binding-qr");
    return c.json({ url: qr.personalLink.url });
  });

  // 門市消費: the clerk records a purchase on the shopper's card (points earned as in a store).
  app.post("/sandbox/guide/purchase", async (c) => {
    const { userId } = (await c.req.json().catch(() => ({}))) as { userId?: unknown };
    const shopper = user(userId);
    const clerkId = await clerk();
    const { member } = await memberOf(shopper.userId);
    const r = await as<{ pointsEarned?: number }>(clerkId, "POST", "/api/staff/purchases", {
      purchaseId: `guide-${member.id}-${deps.ids.id("gp").slice(-8)}`,
      memberCode: member.memberCode,
      amount: 1280,
    });
    return c.json({ amount: 1280, pointsEarned: r.pointsEarned ?? null });
  });

  // 直播 +1: the demo sale opened (if it is not), so a "+1" in a group orders its featured product.
  app.post("/sandbox/guide/live", async (c) => {
    const sale = await admin<{ status: string; title: string }>("GET", `/api/lives/${GUIDE_SALE}`);
    if (sale.status === "draft") await admin("POST", `/api/lives/${GUIDE_SALE}/open`);
    return c.json({ saleId: GUIDE_SALE, title: sale.title, text: "+1" });
  });

  // The API's error shape and codes; a step the product refused says the product's own message.
  app.onError((err, c) => {
    const status = err instanceof GuideError ? err.status : 500;
    const code =
      status === 404 ? "NOT_FOUND" : status === 409 ? "CONFLICT" : status < 500 ? "BAD_REQUEST" : "INTERNAL";
    return c.json({ error: { code, message: err.message } }, status as 400);
  });
  return app;
}

class GuideError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
