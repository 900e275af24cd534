/**
 * Every report and the campaign results, as /openapi.json declares them: each JSON answer
 * matches its declared schema (by day, week and month, for all stores and one), each has a CSV
 * twin, and none of it answers without the admin token (the auth matrix tries every other kind).
 */
import { describe, expect, it } from "vitest";
import { loadDoc, responseValidator } from "../../../../test/openapi-kit";
import { omoApp } from "../../../../test/report-kit";

const REPORTS = ["members", "revenue", "coupons", "points", "live", "messages"];
const QUERIES = [
  "",
  "?from=2026-06-01&to=2026-11-24&granularity=week",
  "?from=2025-12-01&to=2026-11-24&granularity=month&storeId=sto_b",
];

describe("report routes", () => {
  const app = omoApp({ n: 60, seed: 13 });

  it("answer what /openapi.json declares, and are documented with their CSV twins", async () => {
    const doc = await loadDoc(app().app.url);
    const validate = responseValidator(doc);
    const paths = [...REPORTS.map((r) => `/api/reports/${r}`), "/api/broadcasts/{id}/results"];
    for (const p of paths) {
      expect(doc.paths[p]?.get?.security).toEqual([{ adminToken: [] }]);
      expect(Object.keys(doc.paths[`${p}.csv`]?.get?.responses?.["200"]?.content ?? {})).toEqual([
        "text/csv",
      ]);
    }
    for (const r of REPORTS)
      for (const q of r === "messages" ? QUERIES.slice(0, 2) : QUERIES) {
        const res = await app().admin(`/api/reports/${r}${q}`);
        expect(res.status, `${r}${q}`).toBe(200);
        const v = validate("GET", `/api/reports/${r}`, 200, await res.json());
        expect(v, `${r}${q}`).toEqual({ declared: true, issues: [] });
      }
    const res = await app().admin("/api/broadcasts/brd_seed/results");
    expect(res.status).toBe(200);
    expect(validate("GET", "/api/broadcasts/{id}/results", 200, await res.json())).toEqual({
      declared: true,
      issues: [],
    });
    const refused = validate("GET", "/api/broadcasts/{id}/results", 200, { recipients: {} });
    expect(refused.issues).not.toEqual([]);
  });

  it("refuse a caller without the admin token, JSON and CSV alike", async () => {
    const paths = [
      ...REPORTS.flatMap((r) => [`/api/reports/${r}`, `/api/reports/${r}.csv`]),
      "/api/broadcasts/brd_seed/results",
      "/api/broadcasts/brd_seed/results.csv",
    ];
    for (const p of paths)
      for (const headers of [{}, { authorization: "Bearer not-the-admin-token" }] as Record<
        string,
        string
      >[]) {
        const res = await fetch(`${app().app.url}${p}`, { headers });
        expect(res.status, p).toBe(401);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
      }
  });
});
