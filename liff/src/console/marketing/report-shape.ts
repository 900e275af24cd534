/** A report's JSON as headline figures, charts and tables (report-shape-core.ts has the parts). */
import type { Lang } from "../i18n";
import type { Reports } from "./api";
import type { MarketingStrings } from "./i18n";
import { bucketLabel, type ReportView, type ShapeHelp } from "./report-shape-core";
import type { ReportTab } from "./routes";
import { couponsView, membersView, pointsView } from "./shape-loyalty";
import { liveView, messagesView, revenueView } from "./shape-sales";

export * from "./report-shape-core";

export function shapeReport<T extends ReportTab>(
  tab: T,
  r: Reports[T],
  m: MarketingStrings,
  lang: Lang,
): ReportView {
  const g = r.range.granularity;
  const h: ShapeHelp = {
    m,
    lang,
    labels: (xs) => xs.map((x) => bucketLabel(x.bucket, g, lang, m)),
    nameOr: (x) => x ?? m.unattributed,
  };
  switch (tab) {
    case "members":
      return membersView(r as Reports["members"], h);
    case "revenue":
      return revenueView(r as Reports["revenue"], h);
    case "coupons":
      return couponsView(r as Reports["coupons"], h);
    case "points":
      return pointsView(r as Reports["points"], h);
    case "live":
      return liveView(r as Reports["live"], h);
    default:
      return messagesView(r as Reports["messages"], h);
  }
}
