/** The members, coupons and points reports shaped for the page (see report-shape-core.ts). */
import type { Reports } from "./api";
import { COLORS, chartWithTable, type ReportView, type ShapeHelp, STORE_PALETTE } from "./report-shape-core";

export function membersView(x: Reports["members"], h: ShapeHelp): ReportView {
  const { m, labels, nameOr } = h;
  return {
    kpis: [
      { key: "bound", label: m.kBound, value: x.totals.bound, unit: "people" },
      { key: "kept", label: m.kKept, value: x.totals.kept, unit: "people" },
      { key: "buyers", label: m.kBuyers, value: x.totals.buyers, unit: "people" },
      { key: "newBuyers", label: m.kNewBuyers, value: x.totals.newBuyers, unit: "people" },
      { key: "returningBuyers", label: m.kReturning, value: x.totals.returningBuyers, unit: "people" },
    ],
    charts: [
      chartWithTable(
        {
          id: "bound",
          title: m.cBound,
          kind: "bar",
          stacked: true,
          unit: "people",
          labels: labels(x.series),
          series: x.byStore.slice(0, 8).map((s, i) => ({
            key: `s${i}`,
            label: nameOr(s.storeName),
            color: STORE_PALETTE[i % STORE_PALETTE.length] as string,
            data: s.series.map((p) => p.bound),
          })),
        },
        m,
      ),
      chartWithTable(
        {
          id: "buyers",
          title: m.cBuyers,
          kind: "bar",
          stacked: true,
          unit: "people",
          labels: labels(x.series),
          series: [
            {
              key: "newBuyers",
              label: m.kNewBuyers,
              color: COLORS.online,
              data: x.series.map((p) => p.newBuyers),
            },
            {
              key: "returningBuyers",
              label: m.kReturning,
              color: COLORS.green2,
              data: x.series.map((p) => p.returningBuyers),
            },
          ],
        },
        m,
      ),
    ],
    tables: [
      {
        id: "by-store",
        title: m.tByStore,
        columns: [
          { key: "store", label: m.storeLabel, unit: "text" },
          { key: "bound", label: m.kBound, unit: "people" },
          { key: "kept", label: m.kKept, unit: "people" },
        ],
        rows: x.byStore.map((s) => ({ store: nameOr(s.storeName), bound: s.bound, kept: s.kept })),
      },
      {
        id: "by-staff",
        title: m.tByStaff,
        columns: [
          { key: "staff", label: m.colStaff, unit: "text" },
          { key: "store", label: m.storeLabel, unit: "text" },
          { key: "bound", label: m.kBound, unit: "people" },
          { key: "kept", label: m.kKept, unit: "people" },
        ],
        rows: x.byStaff.map((s) => ({
          staff: nameOr(s.staffName),
          store: nameOr(s.storeName),
          bound: s.bound,
          kept: s.kept,
        })),
      },
    ],
  };
}

export function couponsView(x: Reports["coupons"], h: ShapeHelp): ReportView {
  const { m, labels } = h;
  const t = x.totals;
  return {
    kpis: [
      { key: "issued", label: m.kIssued, value: t.issued, unit: "coupons" },
      { key: "redeemed", label: m.kRedeemed, value: t.redeemed, unit: "coupons" },
      { key: "rate", label: m.kRedemptionRate, value: t.redemptionRate, unit: "pct" },
      { key: "revenue", label: m.kCouponRevenue, value: t.revenue, unit: "money" },
    ],
    charts: [
      chartWithTable(
        {
          id: "funnel",
          title: m.cFunnel,
          kind: "bar",
          stacked: false,
          horizontal: true,
          unit: "coupons",
          labels: [m.kIssued, m.kRedeemed, m.kExpired, m.kVoided, m.kOutstanding],
          series: [
            {
              key: "coupons",
              label: m.secCoupon,
              color: COLORS.online,
              data: [t.issued, t.redeemed, t.expired, t.voided, t.outstanding],
            },
          ],
        },
        m,
        m.colName,
      ),
      chartWithTable(
        {
          id: "coupon-series",
          title: m.cCouponsOverTime,
          kind: "line",
          stacked: false,
          unit: "coupons",
          labels: labels(x.series),
          series: [
            {
              key: "issued",
              label: m.kIssued,
              color: COLORS.online,
              data: x.series.map((p) => p.issued),
            },
            {
              key: "redeemed",
              label: m.kRedeemed,
              color: COLORS.store,
              data: x.series.map((p) => p.redeemed),
            },
            {
              key: "expired",
              label: m.kExpired,
              color: COLORS.gray,
              data: x.series.map((p) => p.expired),
            },
          ],
        },
        m,
      ),
    ],
    tables: [
      {
        id: "by-template",
        title: m.tByTemplate,
        columns: [
          { key: "name", label: m.colTemplate, unit: "text" },
          { key: "issued", label: m.kIssued, unit: "count" },
          { key: "redeemed", label: m.kRedeemed, unit: "count" },
          { key: "expired", label: m.kExpired, unit: "count" },
          { key: "outstanding", label: m.kOutstanding, unit: "count" },
          { key: "rate", label: m.kRedemptionRate, unit: "pct" },
          { key: "revenue", label: m.kCouponRevenue, unit: "money" },
        ],
        rows: x.byTemplate.map((c) => ({
          name: c.templateName,
          issued: c.issued,
          redeemed: c.redeemed,
          expired: c.expired,
          outstanding: c.outstanding,
          rate: c.redemptionRate,
          revenue: c.revenue,
        })),
      },
    ],
  };
}

export function pointsView(x: Reports["points"], h: ShapeHelp): ReportView {
  const { m, labels } = h;
  return {
    kpis: [
      { key: "earned", label: m.kEarned, value: x.totals.earned, unit: "points" },
      { key: "redeemed", label: m.kPointsRedeemed, value: x.totals.redeemed, unit: "points" },
      { key: "expired", label: m.kPointsExpired, value: x.totals.expired, unit: "points" },
      { key: "liability", label: m.kLiability, value: x.liability.closing, unit: "points" },
      { key: "holders", label: m.kHolders, value: x.liability.holders, unit: "people" },
    ],
    charts: [
      chartWithTable(
        {
          id: "moves",
          title: m.cPointsMoves,
          kind: "bar",
          stacked: false,
          unit: "points",
          labels: labels(x.series),
          series: [
            { key: "earned", label: m.kEarned, color: COLORS.store, data: x.series.map((p) => p.earned) },
            {
              key: "redeemed",
              label: m.kPointsRedeemed,
              color: COLORS.online,
              data: x.series.map((p) => p.redeemed),
            },
            {
              key: "expired",
              label: m.kPointsExpired,
              color: COLORS.gray,
              data: x.series.map((p) => p.expired),
            },
          ],
        },
        m,
      ),
      chartWithTable(
        {
          id: "liability",
          title: m.cLiability,
          kind: "line",
          stacked: false,
          unit: "points",
          labels: labels(x.series),
          series: [
            {
              key: "outstanding",
              label: m.outstandingLabel,
              color: COLORS.live,
              data: x.series.map((p) => p.outstanding),
              line: true,
            },
          ],
        },
        m,
      ),
    ],
    tables: [],
    note: { ok: x.liability.consistent, text: m.liabilityCheck(x.liability.consistent) },
  };
}
