/** The revenue, live and message cost reports shaped for the page (see report-shape-core.ts). */
import type { Reports } from "./api";
import { CHANNEL_COLORS, COLORS, chartWithTable, type ReportView, type ShapeHelp } from "./report-shape-core";

export function revenueView(x: Reports["revenue"], h: ShapeHelp): ReportView {
  const { m, labels, nameOr } = h;
  const ch = ["store", "online", "live"] as const;
  return {
    kpis: [
      { key: "revenue", label: m.kRevenue, value: x.totals.revenue, unit: "money" },
      ...ch.map((c) => ({
        key: c,
        label: m.channels[c] ?? c,
        value: x.totals.byChannel[c],
        unit: "money" as const,
      })),
      { key: "orders", label: m.kOrders, value: x.totals.orders, unit: "orders" },
      {
        key: "aov",
        label: m.kAov,
        value: x.totals.orders ? x.totals.revenue / x.totals.orders : null,
        unit: "money",
      },
    ],
    charts: [
      chartWithTable(
        {
          id: "channels",
          title: m.cRevenueChannel,
          kind: "bar",
          stacked: true,
          unit: "money",
          labels: labels(x.series),
          series: ch.map((c) => ({
            key: c,
            label: m.channels[c] ?? c,
            color: CHANNEL_COLORS[c],
            data: x.series.map((p) => p.byChannel[c]),
          })),
        },
        m,
      ),
      chartWithTable(
        {
          id: "stores",
          title: m.cRevenueStore,
          kind: "bar",
          stacked: true,
          horizontal: true,
          unit: "money",
          labels: x.byStore.map((s) => nameOr(s.storeName)),
          series: ch.map((c) => ({
            key: c,
            label: m.channels[c] ?? c,
            color: CHANNEL_COLORS[c],
            data: x.byStore.map((s) => s.byChannel[c]),
          })),
        },
        m,
        m.attributedStore,
      ),
    ],
    tables: [
      {
        id: "by-staff",
        title: m.tRevenueStaff,
        columns: [
          { key: "staff", label: m.colStaff, unit: "text" },
          { key: "store", label: m.storeLabel, unit: "text" },
          { key: "referred", label: m.colReferred, unit: "money" },
          { key: "store$", label: m.channels.store ?? "store", unit: "money" },
          { key: "revenue", label: m.colTotalRevenue, unit: "money" },
          { key: "orders", label: m.kOrders, unit: "count" },
        ],
        rows: x.byStaff.map((s) => ({
          staff: nameOr(s.staffName),
          store: nameOr(s.storeName),
          referred: s.referred,
          store$: s.byChannel.store,
          revenue: s.revenue,
          orders: s.orders,
        })),
      },
    ],
  };
}

export function liveView(x: Reports["live"], h: ShapeHelp): ReportView {
  const { m, labels } = h;
  return {
    kpis: [
      { key: "orders", label: m.kLiveOrders, value: x.totals.orders, unit: "orders" },
      { key: "paid", label: m.kPaidOrders, value: x.totals.paidOrders, unit: "orders" },
      { key: "conversion", label: m.kConversion, value: x.totals.conversionRate, unit: "pct" },
      { key: "units", label: m.kUnitsSold, value: x.totals.unitsSold, unit: "count" },
      { key: "revenue", label: m.kLiveRevenue, value: x.totals.revenue, unit: "money" },
    ],
    charts: [
      chartWithTable(
        {
          id: "live-orders",
          title: m.cLiveOrders,
          kind: "bar",
          stacked: false,
          unit: "orders",
          labels: labels(x.series),
          series: [
            {
              key: "orders",
              label: m.kLiveOrders,
              color: COLORS.live,
              data: x.series.map((p) => p.orders),
            },
            {
              key: "paidOrders",
              label: m.kPaidOrders,
              color: COLORS.store,
              data: x.series.map((p) => p.paidOrders),
            },
          ],
        },
        m,
      ),
    ],
    tables: [
      {
        id: "by-sale",
        title: m.tBySale,
        columns: [
          { key: "title", label: m.colSaleTitle, unit: "text" },
          { key: "orders", label: m.kLiveOrders, unit: "count" },
          { key: "paid", label: m.colPaid, unit: "count" },
          { key: "cancelled", label: m.colCancelled, unit: "count" },
          { key: "expired", label: m.colExpiredOrders, unit: "count" },
          { key: "units", label: m.colUnits, unit: "count" },
          { key: "conversion", label: m.kConversion, unit: "pct" },
          { key: "revenue", label: m.revenue, unit: "money" },
        ],
        rows: x.bySale.map((s) => ({
          title: s.title,
          orders: s.orders,
          paid: s.paidOrders,
          cancelled: s.cancelledOrders,
          expired: s.expiredOrders,
          units: s.unitsSold,
          conversion: s.conversionRate,
          revenue: s.revenue,
        })),
      },
    ],
  };
}

export function messagesView(x: Reports["messages"], h: ShapeHelp): ReportView {
  const { m, labels } = h;
  const feature = (f: string) => m.features[f] ?? f;
  return {
    kpis: [
      { key: "free", label: m.kFree, value: x.totals.free, unit: "messages" },
      { key: "counted", label: m.kCounted, value: x.totals.counted, unit: "messages" },
      { key: "requests", label: m.kCountedRequests, value: x.totals.countedRequests, unit: "count" },
    ],
    charts: [
      chartWithTable(
        {
          id: "messages",
          title: m.cMessages,
          kind: "bar",
          stacked: true,
          unit: "messages",
          labels: labels(x.series),
          series: [
            { key: "free", label: m.colFree, color: COLORS.green2, data: x.series.map((p) => p.free) },
            {
              key: "counted",
              label: m.colCounted,
              color: COLORS.red,
              data: x.series.map((p) => p.counted),
            },
          ],
        },
        m,
      ),
    ],
    tables: [
      {
        id: "by-feature",
        title: m.tByFeature,
        columns: [
          { key: "feature", label: m.colFeature, unit: "text" },
          { key: "free", label: m.colFree, unit: "messages" },
          { key: "counted", label: m.colCounted, unit: "messages" },
        ],
        rows: x.byFeature.map((f) => ({ feature: feature(f.feature), free: f.free, counted: f.counted })),
      },
      {
        id: "by-campaign",
        title: m.tByCampaign,
        columns: [
          { key: "name", label: m.colCampaign, unit: "text" },
          { key: "kind", label: m.colKind, unit: "text" },
          { key: "counted", label: m.colCounted, unit: "messages" },
          { key: "free", label: m.colFree, unit: "messages" },
        ],
        rows: x.byCampaign.map((c) => ({
          name: c.name ?? c.id,
          kind: m.campaignKinds[c.kind] ?? c.kind,
          counted: c.counted,
          free: c.free,
        })),
      },
    ],
  };
}
