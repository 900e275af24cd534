/**
 * The auth matrix: every operation in the app's own /openapi.json (read at test time, so a new
 * route is in it without editing this file) against a caller of every kind — none, a member, a
 * clerk of another store, an agent, a POS key, a sale's ingestion key, another sale's ingestion
 * key, and the admin token. What each route declares in `security` decides the expectation:
 *
 * - a kind the route does not declare: 401 (none: exactly 401), or 403 — never a 2xx, never a
 *   5xx, in the error shape, with no row of the database changed and nothing sent to LINE;
 *   liffIdToken routes that declare a 403 are staff-only, so a member who is not staff gets 403;
 * - a declared kind: neither a 5xx nor a 401 (the credential is good), and public routes no 5xx.
 *
 * Bodies are made from each route's request schema (a few overridden with real ids), so a route
 * that forgot its guard would run and fail here with its 2xx or 4xx instead of 401/403.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CallerSet, type Credential, callersOf, type DemoIds } from "../test/credentials";
import { startTestApp, type TestApp } from "../test/harness";
import { lineRequests } from "../test/line-helpers";
import { loadDoc, type OpenApiDoc, type Operation, operations, sampleBody } from "../test/openapi-kit";
import { createApp } from "./app";
import { allFeatures } from "./features/registry";

/**
 * Routes the app serves but the document leaves out, with the security they have. A new
 * undocumented route fails the test below until it is documented or listed here.
 */
const UNDOCUMENTED: Array<{ method: string; path: string; schemes: string[] | null; call: boolean }> = [
  { method: "GET", path: "/healthz", schemes: null, call: true },
  { method: "GET", path: "/docs", schemes: null, call: true },
  { method: "GET", path: "/openapi.json", schemes: null, call: true },
  { method: "GET", path: "/api/lives/{id}/picking.csv", schemes: ["adminToken"], call: true },
  // A server-sent event stream that does not end by itself; public like /tally.
  { method: "GET", path: "/api/lives/{id}/tally/stream", schemes: null, call: false },
];

/** Path parameters: the demo's real objects (a guard that looks the object up first still runs). */
function fillPath(path: string, ids: DemoIds): { url: string; dummies: string[] } {
  const dummies: string[] = [];
  const url = path.replace(/\{(\w+)\}/g, (_m, name: string, offset: number) => {
    const before = path.slice(0, offset).split("/").filter(Boolean).at(-1) ?? "";
    const value = paramValue(before, name, ids);
    if (value === undefined) dummies.push(name);
    return encodeURIComponent(value ?? `${name}_matrix`);
  });
  return { url, dummies };
}

function paramValue(collection: string, name: string, ids: DemoIds): string | undefined {
  if (name === "id") {
    const byCollection: Record<string, string> = {
      outbox: ids.outboxId,
      events: ids.eventId,
      "coupon-templates": ids.couponTemplateId,
      staff: ids.staffA,
      stores: ids.storeA.id,
      "pos-keys": ids.sparePosKeyId,
      agents: ids.agentStaffId,
      purchases: "pur_matrix_0001",
      lives: ids.saleId,
      keywords: ids.keywordId,
      conversations: ids.conversationId,
      suggestions: "sug_matrix_0001",
      knowledge: ids.knowledgeId,
      segments: "seg_matrix_0001",
      "tag-rules": "trl_matrix_0001",
      broadcasts: ids.broadcastId,
      shops: ids.shopId,
      members: ids.member.id,
      // An online order picked up in store (none has it: 404 once the caller is let in).
      pickups: "ord_matrix_0001",
      // A candidate FAQ entry (none has it: 409 once the caller is let in).
      candidates: "kbc_matrix_0001",
    };
    return byCollection[collection];
  }
  if (name === "code") return collection === "members" ? ids.member.memberCode : ids.couponCode;
  if (name === "memberId") return ids.member.id;
  const byName: Record<string, string> = {
    tokenId: "blt_matrix_0001",
    learnedId: "kbl_matrix_0001",
    tag: "matrix",
    externalId: "ext-matrix-0001",
    orderId: "ord_matrix_0001",
    // A coupon gift link's token (none has it: 404 once the caller is let in).
    token: "MatrixGiftToken00000000000000000",
  };
  return byName[name];
}

/** Bodies whose meaning matters (real ids, a LINE message); the rest come from the schemas. */
function bodyFor(doc: OpenApiDoc, o: Operation, ids: DemoIds): unknown {
  const overrides: Record<string, unknown> = {
    "POST /api/keywords": { match: "contains", pattern: "矩陣", replies: [{ type: "text", text: "矩陣" }] },
    "POST /api/lives": {
      title: "矩陣直播",
      products: [{ code: "M", name: "矩陣圍巾", price: 390, stock: 5 }],
    },
    "POST /api/lives/{id}/comments": {
      comments: [
        {
          platform: "facebook",
          commentId: "matrix-c1",
          userId: "fb-matrix",
          userName: "viewer",
          text: "A+1",
          postedAt: "2026-11-24T02:00:00Z",
        },
      ],
    },
    "POST /api/lives/{id}/claim-links": { buyers: [{ platform: "facebook", userId: "fb-matrix" }] },
    "POST /api/pos/transactions": {
      externalId: "ext-matrix-0001",
      memberCode: ids.member.memberCode,
      total: 1000,
    },
    "POST /api/staff/purchases": {
      purchaseId: "pur_matrix_0001",
      memberCode: ids.member.memberCode,
      amount: 1000,
    },
    "POST /api/inbox/conversations/{id}/messages": { text: "矩陣測試回覆" },
  };
  const key = `${o.method} ${o.path}`;
  return key in overrides ? overrides[key] : sampleBody(doc, o.op);
}

type Verdict = "refuse" | "allow" | "public";

function verdictOf(o: Operation, cred: Credential): { verdict: Verdict; statuses?: number[] } {
  if (o.schemes === null) return { verdict: "public" };
  if (cred.scheme === null) return { verdict: "refuse", statuses: [401] };
  if (cred.foreign || !o.schemes.includes(cred.scheme)) return { verdict: "refuse", statuses: [401, 403] };
  const staffOnly = o.schemes.length === 1 && o.schemes[0] === "liffIdToken" && "403" in o.op.responses;
  if (staffOnly && cred.staff === false) return { verdict: "refuse", statuses: [403] };
  return { verdict: "allow" };
}

interface Cell {
  route: string;
  kind: string;
  verdict: Verdict;
  status: number;
  problem?: string;
}

describe("auth matrix: every route in /openapi.json × every credential kind", () => {
  let t: TestApp;
  let doc: OpenApiDoc;
  let callers: CallerSet;
  let ops: Operation[];
  const cells: Cell[] = [];
  const dummyParams = new Set<string>();

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    callers = await callersOf(t);
    doc = await loadDoc(t.app.url);
    ops = operations(doc);
    for (const u of UNDOCUMENTED.filter((r) => r.call && r.schemes !== null)) {
      ops.push({ method: u.method, path: u.path, op: { responses: {} }, schemes: u.schemes });
    }
  }, 120_000);
  afterAll(async () => {
    if (process.env.AUTH_MATRIX_TABLE) console.log(table()); // AUTH_MATRIX_TABLE=1: print it on success too
    await t?.close();
  });

  const call = async (o: Operation, cred: Credential) => {
    const { url, dummies } = fillPath(o.path, callers.ids);
    for (const d of dummies) dummyParams.add(`${o.path} {${d}}`);
    const body = o.method === "GET" || o.method === "DELETE" ? undefined : bodyFor(doc, o, callers.ids);
    const res = await fetch(`${t.app.url}${url}`, {
      method: o.method,
      headers: {
        ...(cred.authorization ? { authorization: cred.authorization } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, text, contentType: res.headers.get("content-type") ?? "" };
  };

  /** Every table's rows, to compare before and after the refused calls of one route. */
  const snapshot = async (): Promise<Map<string, string>> => {
    const db = t.app.deps.db;
    const tables = await db.all<{ name: string }>(
      sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`,
    );
    const out = new Map<string, string>();
    for (const { name } of tables) {
      out.set(name, JSON.stringify(await db.all(sql.raw(`select * from "${name}"`))));
    }
    return out;
  };
  const changedTables = (a: Map<string, string>, b: Map<string, string>) =>
    [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));

  const table = () => {
    const kinds = callers.credentials.map((c) => c.kind);
    const routes = [...new Set(cells.map((c) => c.route))];
    const lines = [`${"route".padEnd(56)} ${kinds.map((k) => k.slice(0, 10).padStart(10)).join(" ")}`];
    for (const r of routes) {
      const row = kinds.map((k) => {
        const c = cells.find((x) => x.route === r && x.kind === k);
        if (!c) return "".padStart(10);
        const mark = c.problem ? "!" : c.verdict === "refuse" ? "" : c.verdict === "allow" ? "+" : "~";
        return `${mark}${c.status}`.padStart(10);
      });
      lines.push(`${r.padEnd(56)} ${row.join(" ")}`);
    }
    const problems = cells.filter((c) => c.problem).map((c) => `  ${c.route} as ${c.kind}: ${c.problem}`);
    return [
      "(plain = must be refused, + = declared kind, ~ = public route, ! = problem)",
      ...lines,
      "problems:",
      ...problems,
    ].join("\n");
  };

  it("reads the whole document and knows every security scheme it uses", () => {
    expect(ops.length).toBeGreaterThan(80);
    const used = new Set(ops.flatMap((o) => o.schemes ?? []));
    const known = new Set(callers.credentials.map((c) => c.scheme));
    expect([...used].filter((s) => !known.has(s))).toEqual([]);
    expect(Object.keys(doc.components?.securitySchemes ?? {}).sort()).toEqual([...used].sort());
    // Every secured operation says how it answers a caller without credentials.
    const documented = ops.filter((o) => o.path in doc.paths);
    expect(
      documented.filter((o) => o.schemes !== null && !("401" in o.op.responses)).map((o) => o.path),
    ).toEqual([]);
  });

  it("refuses every credential kind a route does not declare with 401/403, changing nothing", async () => {
    const problems: string[] = [];
    for (const o of ops) {
      const refused = callers.credentials.filter((c) => verdictOf(o, c).verdict === "refuse");
      if (refused.length === 0) continue;
      await t.settle();
      const before = await snapshot();
      const sentBefore = (await lineRequests(t)).length;
      for (const cred of refused) {
        const { statuses = [] } = verdictOf(o, cred);
        const res = await call(o, cred);
        const cell: Cell = {
          route: `${o.method} ${o.path}`,
          kind: cred.kind,
          verdict: "refuse",
          status: res.status,
        };
        if (!statuses.includes(res.status))
          cell.problem = `expected ${statuses.join("/")}, got ${res.status}`;
        else if (!/application\/json/.test(res.contentType) || !/"error":\{"code":"[A-Z_]+"/.test(res.text)) {
          cell.problem = `refusal not in the error shape: ${res.text.slice(0, 80)}`;
        }
        cells.push(cell);
      }
      await t.settle();
      const changed = changedTables(before, await snapshot());
      const sent = (await lineRequests(t)).length - sentBefore;
      if (changed.length > 0)
        problems.push(`${o.method} ${o.path}: refused calls changed ${changed.join(", ")}`);
      if (sent > 0) problems.push(`${o.method} ${o.path}: refused calls made ${sent} LINE API request(s)`);
    }
    problems.push(...cells.filter((c) => c.problem).map((c) => `${c.route} as ${c.kind}: ${c.problem}`));
    expect(problems, table()).toEqual([]);
    expect(cells.length).toBeGreaterThan(400);
  }, 120_000);

  it("gives every declared kind neither a 5xx nor a 401, and public routes no 5xx", async () => {
    // Destructive calls last, so the rest see the demo objects.
    const rank = (o: Operation) =>
      o.method === "DELETE" ? 2 : /\/(close|withdraw|revoke|void|retry-failed)$/.test(o.path) ? 1 : 0;
    const ordered = [...ops].sort((a, b) => rank(a) - rank(b));
    const worked = new Set<string>();
    const problems: string[] = [];
    for (const o of ordered) {
      for (const cred of callers.credentials) {
        const { verdict } = verdictOf(o, cred);
        if (verdict === "refuse") continue;
        const res = await call(o, cred);
        const cell: Cell = { route: `${o.method} ${o.path}`, kind: cred.kind, verdict, status: res.status };
        if (res.status >= 500) cell.problem = `${res.status}: ${res.text.slice(0, 120)}`;
        else if (verdict === "allow" && res.status === 401)
          cell.problem = `401 for a declared kind: ${res.text.slice(0, 120)}`;
        if (verdict === "allow" && res.status < 300) worked.add(cred.kind);
        if (cell.problem) problems.push(`${cell.route} as ${cred.kind}: ${cell.problem}`);
        cells.push(cell);
      }
    }
    expect(problems, table()).toEqual([]);
    // Each credential is good somewhere, so its refusals above are refusals of a live credential.
    const live = callers.credentials.filter((c) => c.scheme !== null && !c.foreign).map((c) => c.kind);
    expect(
      live.filter((k) => !worked.has(k)),
      table(),
    ).toEqual([]);
  }, 120_000);

  it("an ingestion key opens its own sale only", async () => {
    const own = callers.credentials.find((c) => c.kind === "ingestKey") as Credential;
    const comments = ops.find(
      (o) => o.method === "POST" && o.path === "/api/lives/{id}/comments",
    ) as Operation;
    const other = { ...comments, path: comments.path.replace("{id}", callers.ids.otherSaleId) };
    expect((await call(other, own)).status).toBe(401);
  });

  it("every route the app serves is in the document or listed as undocumented", () => {
    const app = createApp({ deps: t.app.deps, features: allFeatures(), recorder: () => null });
    const documented = new Set(ops.map((o) => `${o.method} ${o.path}`));
    const listed = new Set(UNDOCUMENTED.map((u) => `${u.method} ${u.path}`));
    const served = new Set(
      app.routes
        .filter((r) => r.method !== "ALL")
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
    );
    expect([...served].filter((r) => !documented.has(r) && !listed.has(r))).toEqual([]);
    expect([...listed].filter((r) => !served.has(r))).toEqual([]);
  });

  it("had a demo object or a fixed dummy for every path parameter", () => {
    // A new parameter name gets `<name>_matrix`; give it a real object in paramValue.
    expect([...dummyParams].sort()).toEqual([]);
  });
});
