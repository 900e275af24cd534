/**
 * The marketing pages' calls (segments, RFM, tags, broadcasts, reports), on the console's client
 * with the admin token. Types come from the API's document (`../../api/schema.gen.ts`).
 */
import { ApiError } from "../../api/error";
import type { components } from "../../api/schema.gen";
import type { Api } from "../api";
import type { Ctx } from "../nav";
import type { ReportTab } from "./routes";

type Schemas = components["schemas"];
export type FieldSpec = Schemas["SegmentFields"]["fields"][number];
export type Segment = Schemas["Segment"];
export type SegmentMember = Schemas["SegmentMember"];
export type Preview = Schemas["SegmentPreview"];
export type MembersPage = Schemas["SegmentMembers"];
export type RfmGrid = Schemas["RfmGrid"];
export type RfmCode = Schemas["RfmGroupCode"];
export type MemberRfm = Schemas["MemberRfm"];
export type RfmCounts = Schemas["RfmCounts"];
export type TagSummary = Schemas["TagSummary"];
export type BulkTagResult = Schemas["BulkTagResult"];
export type TagRule = Schemas["TagRule"];
export type TagRuleRun = Schemas["TagRuleRun"];
export type Broadcast = Schemas["Broadcast"];
export type BroadcastSummary = Schemas["BroadcastSummary"];
export type CreatedBroadcast = Schemas["CreatedBroadcast"];
export type Quota = Schemas["MessageQuota"];
export type CreateBroadcast = Schemas["CreateBroadcast"];
export type CouponTemplate = Schemas["CouponTemplate"];
export type Store = Schemas["Store"];
export type MembersReport = Schemas["MembersReport"];
export type RevenueReport = Schemas["RevenueReport"];
export type CouponsReport = Schemas["CouponsReport"];
export type PointsReport = Schemas["PointsReport"];
export type LiveReport = Schemas["LiveReport"];

export type CampaignResults = Schemas["CampaignResults"];
export type GroupResults = Schemas["CampaignGroupResults"];
export type MessagesReport = Schemas["MessagesReport"];

/** What a report answers, by tab. */
export interface Reports {
  members: MembersReport;
  revenue: RevenueReport;
  coupons: CouponsReport;
  points: PointsReport;
  live: LiveReport;
  messages: MessagesReport;
}
export interface ReportQuery {
  /** Empty: the server's default (the last 30 days, to its today). */
  from: string;
  to: string;
  granularity: "day" | "week" | "month";
  storeId?: string;
}

const enc = encodeURIComponent;
const qs = (q: ReportQuery) =>
  new URLSearchParams({
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    granularity: q.granularity,
    ...(q.storeId ? { storeId: q.storeId } : {}),
  }).toString();

export function marketingApi(api: Api, raw: Ctx["raw"]) {
  const call = api.request;
  const file = async (path: string, init?: RequestInit): Promise<Response> => {
    if (!raw) throw new ApiError(401, "UNAUTHORIZED", "Not signed in");
    const res = await raw(path, init);
    if (!res.ok) throw await ApiError.from(res);
    return res;
  };
  return {
    fields: () => call<Schemas["SegmentFields"]>("GET", "/api/segments/fields"),
    preview: (rule: unknown) => call<Preview>("POST", "/api/segments/preview", { rule }),
    segments: () => call<{ segments: Segment[] }>("GET", "/api/segments"),
    segment: (id: string) => call<Segment>("GET", `/api/segments/${enc(id)}`),
    createSegment: (name: string, rule: unknown) => call<Segment>("POST", "/api/segments", { name, rule }),
    updateSegment: (id: string, patch: { name?: string; rule?: unknown }) =>
      call<Segment>("PATCH", `/api/segments/${enc(id)}`, patch),
    deleteSegment: (id: string) => call<void>("DELETE", `/api/segments/${enc(id)}`),
    members: (id: string, cursor?: string | null) =>
      call<MembersPage>(
        "GET",
        `/api/segments/${enc(id)}/members?limit=50${cursor ? `&cursor=${enc(cursor)}` : ""}`,
      ),
    issueToSegment: (id: string, templateId: string, batchKey: string) =>
      call<Schemas["IssuedToSegment"]>("POST", `/api/segments/${enc(id)}/coupons`, { templateId, batchKey }),
    membersCsv: async (id: string) => (await file(`/api/segments/${enc(id)}/members.csv`)).blob(),
    rfm: () => call<RfmGrid>("GET", "/api/marketing/rfm"),
    recomputeRfm: () => call<RfmCounts>("POST", "/api/marketing/rfm/recompute"),
    memberRfm: (memberId: string) => call<MemberRfm>("GET", `/api/marketing/members/${enc(memberId)}/rfm`),
    tags: () => call<{ tags: TagSummary[] }>("GET", "/api/marketing/tags"),
    /** A CSV of member codes (first column) sent as it is; the server reads it. */
    bulkTag: async (tag: string, csv: string) =>
      (await (
        await file(`/api/marketing/tags/bulk?tag=${enc(tag)}`, {
          method: "POST",
          headers: { "content-type": "text/csv; charset=utf-8" },
          body: csv,
        })
      ).json()) as BulkTagResult,
    tagRules: () => call<{ rules: TagRule[] }>("GET", "/api/marketing/tag-rules"),
    tagRule: (id: string) => call<TagRule>("GET", `/api/marketing/tag-rules/${enc(id)}`),
    createTagRule: (body: { tag: string; rule: unknown; enabled: boolean }) =>
      call<TagRule>("POST", "/api/marketing/tag-rules", body),
    updateTagRule: (id: string, body: { tag?: string; rule?: unknown; enabled?: boolean }) =>
      call<TagRule>("PATCH", `/api/marketing/tag-rules/${enc(id)}`, body),
    deleteTagRule: (id: string) => call<void>("DELETE", `/api/marketing/tag-rules/${enc(id)}`),
    runTagRule: (id: string) => call<TagRuleRun>("POST", `/api/marketing/tag-rules/${enc(id)}/run`),
    broadcasts: () => call<{ broadcasts: BroadcastSummary[] }>("GET", "/api/broadcasts"),
    broadcast: (id: string) => call<Broadcast>("GET", `/api/broadcasts/${enc(id)}`),
    createBroadcast: (body: CreateBroadcast) => call<CreatedBroadcast>("POST", "/api/broadcasts", body),
    testBroadcast: (id: string, lineUserId: string) =>
      call<{ outboxId: string }>("POST", `/api/broadcasts/${enc(id)}/test`, { lineUserId }),
    sendBroadcast: (id: string, confirmOverQuota = false) =>
      call<Broadcast>("POST", `/api/broadcasts/${enc(id)}/send`, { confirmOverQuota }),
    cancelBroadcast: (id: string) => call<Broadcast>("POST", `/api/broadcasts/${enc(id)}/cancel`),
    results: (id: string) => call<CampaignResults>("GET", `/api/broadcasts/${enc(id)}/results`),
    resultsCsv: async (id: string) => (await file(`/api/broadcasts/${enc(id)}/results.csv`)).blob(),
    couponTemplates: () => call<{ templates: CouponTemplate[] }>("GET", "/api/admin/coupon-templates"),
    stores: () => call<{ stores: Store[] }>("GET", "/api/admin/stores"),
    report: <T extends ReportTab>(tab: T, q: ReportQuery) =>
      call<Reports[T]>("GET", `/api/reports/${tab}?${qs(q)}`),
    reportCsv: async (tab: ReportTab, q: ReportQuery) =>
      (await file(`/api/reports/${tab}.csv?${qs(q)}`)).blob(),
  };
}
export type MarketingApi = ReturnType<typeof marketingApi>;

/** Saves a blob as a file (the links need the token, so files are fetched first). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
