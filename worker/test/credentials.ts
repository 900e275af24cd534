/**
 * One caller of every kind the API knows, on a demo app, each checked to work before a test
 * relies on it being refused elsewhere (a dead credential would be refused everywhere and prove
 * nothing): no credential, a member's LIFF ID token, a clerk of another store, an agent's console
 * token, a POS key, a sale's ingestion key (and another sale's), and the admin token.
 */
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { staff } from "../../db/schema";
import { TEST_ADMIN_TOKEN, type TestApp } from "./harness";
import { say } from "./line-helpers";
import { type DemoStore, kit } from "./member-kit";

export type CredentialKind =
  | "none"
  | "member"
  | "staffOtherStore"
  | "agent"
  | "posKey"
  | "shopKey"
  | "ingestKey"
  | "ingestKeyOtherSale"
  | "admin";

export interface Credential {
  kind: CredentialKind;
  /** The OpenAPI security scheme this credential is of (null: none). */
  scheme: string | null;
  /** A LIFF user who is not staff (the member) or is (the clerk). */
  staff?: boolean;
  /** Bound to a resource other than the one the paths name: right scheme, wrong object. */
  foreign?: boolean;
  authorization?: string;
}

/** Real ids of the demo app's objects, for path parameters. */
export interface DemoIds {
  storeA: DemoStore;
  storeB: DemoStore;
  /** A store staff record of store A (invites). */
  staffA: string;
  agentStaffId: string;
  member: { userId: string; id: string; memberCode: string };
  clerkB: string;
  saleId: string;
  otherSaleId: string;
  conversationId: string;
  keywordId: string;
  knowledgeId: string;
  couponTemplateId: string;
  couponCode: string;
  eventId: string;
  outboxId: string;
  /** A draft broadcast to the demo's registered members, with the demo coupon to claim. */
  broadcastId: string;
  /** Another draft, for a call that ends one (cancel). */
  spareBroadcastId: string;
  shopId: string;
  /** A POS key of store A that is not the POS credential (calls that rotate or revoke one). */
  sparePosKeyId: string;
}

export interface CallerSet {
  credentials: Credential[];
  ids: DemoIds;
}

const bearer = (token: string) => `Bearer ${token}`;

export async function callersOf(t: TestApp): Promise<CallerSet> {
  const k = kit(t);
  const admin = async <T>(path: string, init: RequestInit = {}, status = 200): Promise<T> => {
    const res = await t.admin(path, init);
    expect(res.status, `${init.method ?? "GET"} ${path}`).toBe(status);
    return (await res.json()) as T;
  };
  const post = (body: unknown) => ({ method: "POST", body: JSON.stringify(body) });

  const stores = await k.stores();
  const storeA = stores.find((s) => s.code === "TPE01") as DemoStore;
  const storeB = stores.find((s) => s.code === "KHH01") as DemoStore;
  const staffA = storeA.staff[1]?.id as string;
  const [agent] = await t.app.deps.db.select().from(staff).where(eq(staff.role, "agent"));
  if (!agent) throw new Error("the demo has no agent");

  const member = await k.member("矩陣會員", "0912000111");
  const clerkB = await k.clerk("KHH01", 0, "高雄店員");
  await say(t, member.userId, "請問可以寄到國外嗎"); // no rule answers: a conversation for the inbox

  const sale = (product: string) =>
    post({
      title: `矩陣直播 ${product}`,
      products: [{ code: product, name: "圍巾", price: 390, stock: 10 }],
    });
  const s1 = await admin<{ id: string; ingestKey: string }>("/api/lives", sale("A"), 201);
  const s2 = await admin<{ id: string; ingestKey: string }>("/api/lives", sale("B"), 201);
  await admin(`/api/lives/${s1.id}/open`, { method: "POST" });

  const { token: agentToken } = await admin<{ token: string }>(
    `/api/admin/agents/${agent.id}/tokens`,
    post({}),
    201,
  );
  const posKey = await k.posKey(storeA.id);
  const sparePosKey = await admin<{ id: string }>(
    `/api/admin/stores/${storeA.id}/pos-keys`,
    post({ label: "備用" }),
    201,
  );
  const shop = (await (
    await t.admin("/api/admin/shops", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "矩陣商店", baseUrl: "https://shop.matrix.example" }),
    })
  ).json()) as { id: string; key: string };

  const conversations = await admin<{ conversations: Array<{ id: string; lineUserId: string }> }>(
    "/api/inbox/conversations",
  );
  const conversationId = conversations.conversations.find((c) => c.lineUserId === member.userId)?.id;
  const keywords = await admin<{ rules: Array<{ id: string }> }>("/api/keywords");
  const knowledge = await admin<{ entries: Array<{ id: string }> }>("/api/knowledge");
  const templates = await admin<{ templates: Array<{ id: string }> }>("/api/admin/coupon-templates");
  await admin(
    `/api/admin/coupon-templates/${required(templates.templates[0]?.id, "coupon template")}/issue`,
    post({ batchKey: "matrix", memberCodes: [member.memberCode], reason: "matrix" }),
  );
  const myCoupons = await k.json<{ coupons: Array<{ code: string }> }>(
    k.get(member.userId, "/api/me/coupons"),
  );
  const broadcastCoupon = await admin<{ id: string }>(
    "/api/admin/coupon-templates",
    post({ name: "矩陣群發券", kind: "amount", value: 50, validDays: 30 }),
    201,
  );
  const broadcast = (name: string) =>
    admin<{ id: string }>(
      "/api/broadcasts",
      post({
        name,
        rule: { field: "registered", op: "eq", value: true },
        messages: [{ type: "text", text: name }],
        couponTemplateId: broadcastCoupon.id,
      }),
      201,
    );
  const [broadcast1, broadcast2] = [await broadcast("矩陣群發"), await broadcast("矩陣群發 2")];
  const events = await admin<{ events: Array<{ id: string }> }>("/api/admin/events");
  const outbox = await admin<{ messages: Array<{ id: string }> }>("/api/admin/outbox");

  const ids: DemoIds = {
    storeA,
    storeB,
    staffA,
    agentStaffId: agent.id,
    member,
    clerkB,
    saleId: s1.id,
    otherSaleId: s2.id,
    conversationId: required(conversationId, "conversation"),
    keywordId: required(keywords.rules[0]?.id, "keyword rule"),
    knowledgeId: required(knowledge.entries[0]?.id, "knowledge entry"),
    couponTemplateId: required(templates.templates[0]?.id, "coupon template"),
    couponCode: required(myCoupons.coupons[0]?.code, "member coupon"),
    eventId: required(events.events[0]?.id, "webhook event"),
    outboxId: required(outbox.messages[0]?.id, "outbox message"),
    broadcastId: broadcast1.id,
    spareBroadcastId: broadcast2.id,
    shopId: shop.id,
    sparePosKeyId: sparePosKey.id,
  };

  const credentials: Credential[] = [
    { kind: "none", scheme: null },
    {
      kind: "member",
      scheme: "liffIdToken",
      staff: false,
      authorization: bearer(await t.line.emulator.issueIdToken(member.userId)),
    },
    {
      kind: "staffOtherStore",
      scheme: "liffIdToken",
      staff: true,
      authorization: bearer(await t.line.emulator.issueIdToken(clerkB)),
    },
    { kind: "agent", scheme: "agentToken", authorization: bearer(agentToken) },
    { kind: "posKey", scheme: "posKey", authorization: bearer(posKey) },
    { kind: "shopKey", scheme: "shopKey", authorization: bearer(shop.key) },
    { kind: "ingestKey", scheme: "ingestKey", authorization: bearer(s1.ingestKey) },
    { kind: "ingestKeyOtherSale", scheme: "ingestKey", foreign: true, authorization: bearer(s2.ingestKey) },
    { kind: "admin", scheme: "adminToken", authorization: bearer(TEST_ADMIN_TOKEN) },
  ];
  await t.settle();
  return { credentials, ids };
}

function required<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`the demo app has no ${what}`);
  return value;
}
