/**
 * Successful answers checked against the response schema the same route declares in
 * /openapi.json (the one the LIFF client's types are generated from), for representative calls
 * of every feature: admin, members, staff, POS, live selling, keywords, the inbox and knowledge.
 * A route whose body has drifted from its declaration fails here — unless it is in
 * KNOWN_MISMATCHES, which is checked to still mismatch, so fixing one forces removing it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CallerSet, type CredentialKind, callersOf } from "../test/credentials";
import { startTestApp, type TestApp } from "../test/harness";
import { loadDoc, type OpenApiDoc, responseValidator } from "../test/openapi-kit";

interface Case {
  as: CredentialKind;
  method: string;
  /** The OpenAPI template (the schema is looked up by it). */
  path: string;
  /** The URL called; defaults to `path` with ids filled by `fill`. */
  url?: (ids: CallerSet["ids"]) => string;
  body?: (ids: CallerSet["ids"]) => unknown;
  status: number;
}

const get = (as: CredentialKind, path: string, url?: Case["url"]): Case => ({
  as,
  method: "GET",
  path,
  status: 200,
  ...(url ? { url } : {}),
});

/** In call order: later cases may rely on what earlier ones did. */
const CASES: Case[] = [
  get("none", "/api/liff/config"),
  // admin
  get("admin", "/api/admin/stores"),
  get("admin", "/api/admin/coupon-templates"),
  get("admin", "/api/admin/loyalty/settings"),
  get("admin", "/api/admin/loyalty/earn-rules"),
  get("admin", "/api/admin/events"),
  get("admin", "/api/admin/outbox"),
  get("admin", "/api/admin/outbox/stats"),
  {
    as: "admin",
    method: "POST",
    path: "/api/admin/binding-links",
    body: (ids) => ({ storeId: ids.storeA.id }),
    status: 201,
  },
  {
    as: "admin",
    method: "POST",
    path: "/api/admin/staff/{id}/invite",
    url: (ids) => `/api/admin/staff/${ids.staffA}/invite`,
    status: 201,
  },
  get("admin", "/api/admin/stores/{id}", (ids) => `/api/admin/stores/${ids.storeA.id}`),
  get("admin", "/api/admin/stores/{id}/pos-keys", (ids) => `/api/admin/stores/${ids.storeA.id}/pos-keys`),
  {
    as: "admin",
    method: "PATCH",
    path: "/api/admin/stores/{id}",
    url: (ids) => `/api/admin/stores/${ids.storeA.id}`,
    body: () => ({ openingHours: "11:00–22:00" }),
    status: 200,
  },
  {
    as: "admin",
    method: "PATCH",
    path: "/api/admin/staff/{id}",
    url: (ids) => `/api/admin/staff/${ids.staffA}`,
    body: () => ({ name: "結構店員" }),
    status: 200,
  },
  {
    as: "admin",
    method: "POST",
    path: "/api/admin/staff/{id}/deactivate",
    url: (ids) => `/api/admin/staff/${ids.staffA}/deactivate`,
    body: () => ({ reason: "結構測試" }),
    status: 200,
  },
  {
    as: "admin",
    method: "POST",
    path: "/api/admin/staff/{id}/reactivate",
    url: (ids) => `/api/admin/staff/${ids.staffA}/reactivate`,
    body: () => ({}),
    status: 200,
  },
  {
    as: "admin",
    method: "POST",
    path: "/api/admin/pos-keys/{id}/rotate",
    url: (ids) => `/api/admin/pos-keys/${ids.sparePosKeyId}/rotate`,
    status: 201,
  },
  {
    as: "admin",
    method: "POST",
    path: "/api/admin/pos-keys/{id}/revoke",
    url: (ids) => `/api/admin/pos-keys/${ids.sparePosKeyId}/revoke`,
    status: 200,
  },
  // members
  get("member", "/api/me"),
  get("member", "/api/me/card"),
  get("member", "/api/me/points"),
  get("member", "/api/me/coupons"),
  get("member", "/api/me/profile"),
  // staff (of store B) and POS (store A)
  get("staffOtherStore", "/api/staff/me"),
  get("staffOtherStore", "/api/staff/members/{code}", (ids) => `/api/staff/members/${ids.member.memberCode}`),
  get("staffOtherStore", "/api/staff/coupons/{code}", (ids) => `/api/staff/coupons/${ids.couponCode}`),
  get("staffOtherStore", "/api/staff/today"),
  get("staffOtherStore", "/api/staff/binding-qr"),
  get("staffOtherStore", "/api/staff/pickups"),
  get("admin", "/api/admin/eshop/pickup-settings"),
  {
    as: "staffOtherStore",
    method: "POST",
    path: "/api/staff/purchases",
    body: (ids) => ({ purchaseId: "pur_schema_0001", memberCode: ids.member.memberCode, amount: 1200 }),
    status: 200,
  },
  {
    as: "posKey",
    method: "POST",
    path: "/api/pos/transactions",
    body: (ids) => ({ externalId: "ext-schema-0001", memberCode: ids.member.memberCode, total: 800 }),
    status: 200,
  },
  {
    as: "posKey",
    method: "POST",
    path: "/api/pos/transactions/{externalId}/refund",
    url: () => "/api/pos/transactions/ext-schema-0001/refund",
    body: () => ({ refundId: "ref-schema-0001", amount: 800 }),
    status: 200,
  },
  // live selling
  get("admin", "/api/lives"),
  get("admin", "/api/lives/{id}", (ids) => `/api/lives/${ids.saleId}`),
  {
    as: "ingestKey",
    method: "POST",
    path: "/api/lives/{id}/comments",
    url: (ids) => `/api/lives/${ids.saleId}/comments`,
    body: () => ({
      comments: [
        {
          platform: "facebook",
          commentId: "schema-c1",
          userId: "fb-schema",
          userName: "viewer",
          text: "A+1",
          postedAt: "2026-11-24T02:00:00Z",
        },
      ],
    }),
    status: 200,
  },
  get("admin", "/api/lives/{id}/comments", (ids) => `/api/lives/${ids.saleId}/comments`),
  get("none", "/api/lives/{id}/tally", (ids) => `/api/lives/${ids.saleId}/tally`),
  get("admin", "/api/lives/{id}/orders", (ids) => `/api/lives/${ids.saleId}/orders`),
  get("admin", "/api/lives/{id}/messages", (ids) => `/api/lives/${ids.saleId}/messages`),
  {
    as: "ingestKey",
    method: "POST",
    path: "/api/lives/{id}/claim-links",
    url: (ids) => `/api/lives/${ids.saleId}/claim-links`,
    body: () => ({ buyers: [{ platform: "facebook", userId: "fb-schema" }] }),
    status: 200,
  },
  get("member", "/api/me/lives/{id}/cart", (ids) => `/api/me/lives/${ids.saleId}/cart`),
  // keywords
  get("admin", "/api/keywords"),
  get("admin", "/api/keywords/{id}", (ids) => `/api/keywords/${ids.keywordId}`),
  {
    as: "admin",
    method: "POST",
    path: "/api/keywords",
    body: () => ({ match: "contains", pattern: "結構", replies: [{ type: "text", text: "結構" }] }),
    status: 201,
  },
  {
    as: "admin",
    method: "POST",
    path: "/api/keywords/test",
    body: () => ({ text: "營業時間" }),
    status: 200,
  },
  // inbox and knowledge, as an agent
  get("agent", "/api/inbox/me"),
  get("agent", "/api/inbox/agents"),
  get("agent", "/api/inbox/conversations"),
  get("agent", "/api/inbox/conversations/{id}", (ids) => `/api/inbox/conversations/${ids.conversationId}`),
  {
    as: "agent",
    method: "POST",
    path: "/api/inbox/conversations/{id}/messages",
    url: (ids) => `/api/inbox/conversations/${ids.conversationId}/messages`,
    body: () => ({ text: "您好，可以的。" }),
    status: 201,
  },
  get("agent", "/api/inbox/metrics"),
  get("agent", "/api/inbox/settings"),
  get("agent", "/api/knowledge"),
  {
    as: "agent",
    method: "POST",
    path: "/api/knowledge",
    body: () => ({ question: "可以寄國外嗎？", answer: "目前僅寄送台灣。" }),
    status: 201,
  },
  {
    as: "agent",
    method: "POST",
    path: "/api/inbox/conversations/{id}/member/tags",
    url: (ids) => `/api/inbox/conversations/${ids.conversationId}/member/tags`,
    body: () => ({ tag: "客服標記" }),
    status: 200,
  },
  // marketing: RFM and tags (the staff and POS purchases above are scored)
  { as: "admin", method: "POST", path: "/api/marketing/rfm/recompute", status: 200 },
  get("admin", "/api/marketing/rfm"),
  get(
    "admin",
    "/api/marketing/members/{memberId}/rfm",
    (ids) => `/api/marketing/members/${ids.member.id}/rfm`,
  ),
  {
    as: "admin",
    method: "POST",
    path: "/api/marketing/members/{memberId}/tags",
    url: (ids) => `/api/marketing/members/${ids.member.id}/tags`,
    body: () => ({ tag: "結構" }),
    status: 200,
  },
  get(
    "admin",
    "/api/marketing/members/{memberId}/tags",
    (ids) => `/api/marketing/members/${ids.member.id}/tags`,
  ),
  {
    as: "admin",
    method: "POST",
    path: "/api/marketing/tags/bulk",
    body: (ids) => ({ tag: "結構名單", memberCodes: [ids.member.memberCode, "NOPE-0001"] }),
    status: 200,
  },
  get("admin", "/api/marketing/tags"),
  {
    as: "admin",
    method: "POST",
    path: "/api/marketing/tag-rules",
    body: () => ({ tag: "結構規則", rule: { field: "tier", op: "eq", value: "regular" } }),
    status: 201,
  },
  get("admin", "/api/marketing/tag-rules"),
  { as: "admin", method: "POST", path: "/api/marketing/tag-rules/run", status: 200 },
  // broadcasts, as the admin; the coupon claimed by the member it reached
  {
    as: "admin",
    method: "POST",
    path: "/api/broadcasts",
    body: () => ({
      name: "結構群發",
      rule: { field: "following", op: "eq", value: true },
      messages: [{ type: "text", text: "{displayName} 您好" }],
    }),
    status: 201,
  },
  get("admin", "/api/broadcasts"),
  get("admin", "/api/broadcasts/{id}", (ids) => `/api/broadcasts/${ids.broadcastId}`),
  {
    as: "admin",
    method: "POST",
    path: "/api/broadcasts/{id}/test",
    url: (ids) => `/api/broadcasts/${ids.broadcastId}/test`,
    body: (ids) => ({ lineUserId: ids.member.userId }),
    status: 202,
  },
  {
    as: "admin",
    method: "POST",
    path: "/api/broadcasts/{id}/send",
    url: (ids) => `/api/broadcasts/${ids.broadcastId}/send`,
    body: () => ({}),
    status: 202,
  },
  {
    as: "member",
    method: "POST",
    path: "/api/me/broadcasts/{id}/claim",
    url: (ids) => `/api/me/broadcasts/${ids.broadcastId}/claim`,
    status: 200,
  },
  {
    as: "admin",
    method: "POST",
    path: "/api/broadcasts/{id}/cancel",
    url: (ids) => `/api/broadcasts/${ids.spareBroadcastId}/cancel`,
    status: 200,
  },
  get("admin", "/api/broadcast-settings"),
  {
    as: "admin",
    method: "PUT",
    path: "/api/broadcast-settings",
    body: () => ({ quietHours: { from: "22:00", to: "08:00" }, frequencyCap: null, unitStatistics: false }),
    status: 200,
  },
];

/**
 * Routes whose successful body does not match their declared schema today, with what is wrong.
 * Each is checked to still mismatch: when the route (or its declaration) is fixed, remove it.
 */
const KNOWN_MISMATCHES: Record<string, string> = {};

describe("responses match the schemas /openapi.json declares for them", () => {
  let t: TestApp;
  let doc: OpenApiDoc;
  let callers: CallerSet;
  let validate: ReturnType<typeof responseValidator>;
  const results = new Map<string, { status: number; issues: string[]; declared: boolean }>();

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    callers = await callersOf(t);
    doc = await loadDoc(t.app.url);
    validate = responseValidator(doc);
    for (const c of CASES) {
      const cred = callers.credentials.find((x) => x.kind === c.as);
      const url = c.url ? c.url(callers.ids) : c.path;
      const body = c.body?.(callers.ids);
      const res = await fetch(`${t.app.url}${url}`, {
        method: c.method,
        headers: {
          ...(cred?.authorization ? { authorization: cred.authorization } : {}),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      const json = text ? JSON.parse(text) : undefined;
      const v = validate(c.method, c.path, res.status, json);
      const issues = res.status === c.status ? v.issues : [`status ${res.status}: ${text.slice(0, 200)}`];
      results.set(`${c.method} ${c.path}`, { status: res.status, issues, declared: v.declared });
      await t.settle();
    }
  }, 120_000);
  afterAll(() => t?.close());

  it("every case names a documented operation", () => {
    const missing = CASES.filter((c) => !doc.paths[c.path]?.[c.method.toLowerCase()]);
    expect(missing.map((c) => `${c.method} ${c.path}`)).toEqual([]);
    expect(Object.keys(KNOWN_MISMATCHES).filter((k) => !results.has(k))).toEqual([]);
  });

  it.each(CASES.map((c) => [`${c.method} ${c.path}`, c] as const))("%s", (key, c) => {
    const r = results.get(key);
    expect(r?.status, JSON.stringify(r?.issues)).toBe(c.status);
    expect(r?.declared, `no JSON schema declared for ${c.status}`).toBe(true);
    if (key in KNOWN_MISMATCHES)
      expect(r?.issues, `${key} now matches: remove it from KNOWN_MISMATCHES`).not.toEqual([]);
    else expect(r?.issues).toEqual([]);
  });

  it("the validator refuses a body that breaks the declared schema", () => {
    expect(validate("GET", "/api/me", 200, { member: "nope" }).issues).not.toEqual([]);
    expect(validate("GET", "/api/admin/stores", 200, { stores: [{ id: 1 }] }).issues).not.toEqual([]);
    expect(validate("POST", "/api/keywords", 401, { error: { code: "X" } }).issues).not.toEqual([]);
    expect(
      validate("POST", "/api/keywords", 401, {
        error: { code: "UNAUTHORIZED", message: "m", requestId: "r" },
      }).issues,
    ).toEqual([]);
  });
});
