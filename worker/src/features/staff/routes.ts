import { createRoute, z } from "@hono/zod-openapi";
import { and, eq, gt } from "drizzle-orm";
import { coupons, couponTemplates, members, purchases, stores } from "../../../../db/schema";
import { requireAdmin } from "../../lib/admin-auth";
import { AppError } from "../../lib/errors";
import { createRouter } from "../../lib/hono";
import { refuseInvalidInput } from "../../lib/input-refusal";
import { requireLineUser } from "../../lib/liff-auth";
import { MAX_AMOUNT, MAX_POINTS_TO_USE } from "../../lib/limits";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { issueBindingLink } from "../binding";
import { earnRules, Refund, RefundInput, recordPurchase, refundJson, refundPurchase } from "../loyalty";
import { Merge, mergeByStaff, mergeJson, normalizePhone } from "../members";
import { requireStaff, storeOf } from "./auth";
import { acceptInvite, createInvite } from "./invite";
import { couponByCode, redeemInStore, storeClerk } from "./redeem";
import { BindingQr, MemberSummary, Purchase, StaffCoupon, StaffMe, StaffToday } from "./schema";
import { staffToday } from "./today";

const staffSecurity = [{ liffIdToken: [] }];
const tags = ["Staff"];
const limits = { maxAmount: MAX_AMOUNT };
/** NT$ in whole dollars: a purchase amount the API takes (1 … MAX_AMOUNT). */
const Amount = z.number().int().min(1).max(MAX_AMOUNT);

/** Staff API (LIFF staff pages): join by invite, look up a member card, record purchases, redeem coupons. */
export function staffRoutes() {
  const app = createRouter();
  app.use("/api/admin/staff/*", requireAdmin);
  app.use("/api/staff/*", requireLineUser);
  const staffOnly = requireStaff();
  app.use("/api/staff/me", staffOnly);
  app.use("/api/staff/members/*", staffOnly);
  app.use("/api/staff/purchases", requireStaff("staff", "admin"));
  app.use("/api/staff/purchases/*", requireStaff("staff", "admin"));
  app.use("/api/staff/merges", requireStaff("staff", "admin"));
  app.use("/api/staff/coupons/*", requireStaff("staff", "admin"));
  app.use("/api/staff/today", requireStaff("staff", "admin"));
  app.use("/api/staff/binding-qr", requireStaff("staff", "admin"));

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/staff/{id}/invite",
      tags,
      security: [{ adminToken: [] }],
      summary: "A one-time invite link (LIFF) that links a LINE account to this staff record",
      request: { params: z.object({ id: z.string() }) },
      responses: {
        201: json(z.object({ url: z.string(), token: z.string(), expiresAt: z.string() }), "The invite"),
        ...errorResponses(401, 404, 409),
      },
    }),
    async (c) => {
      const invite = await createInvite(c.var.deps, c.req.valid("param").id);
      return c.json({ url: invite.url, token: invite.token, expiresAt: invite.expiresAt.toISOString() }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/staff/join",
      tags,
      security: staffSecurity,
      summary: "Accept a staff invite as the signed-in LINE user",
      request: {
        body: {
          content: { "application/json": { schema: z.object({ token: z.string().min(1) }) } },
          required: true,
        },
      },
      responses: { 200: json(StaffMe, "You are now staff"), ...errorResponses(400, 401, 409) },
    }),
    async (c) => {
      const row = await acceptInvite(c.var.deps, c.var.lineUser, c.req.valid("json").token);
      return c.json(
        {
          id: row.id,
          name: row.name,
          role: row.role,
          store: await storeOf(c.var.deps.db, row.storeId),
          limits,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/staff/me",
      tags,
      security: staffSecurity,
      summary: "The signed-in staff member and their store (403 for anyone else)",
      responses: { 200: json(StaffMe, "Staff"), ...errorResponses(401, 403) },
    }),
    async (c) => {
      const s = c.var.staff;
      return c.json(
        { id: s.id, name: s.name, role: s.role, store: await storeOf(c.var.deps.db, s.storeId), limits },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/staff/members/{code}",
      tags,
      security: staffSecurity,
      summary: "Look up a member by the code on their card (points are usable in every store)",
      request: { params: z.object({ code: z.string().min(4).max(32) }) },
      responses: { 200: json(MemberSummary, "The member"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { db, clock } = c.var.deps;
      const [row] = await db
        .select({ m: members, storeName: stores.name })
        .from(members)
        .leftJoin(stores, eq(stores.id, members.homeStoreId))
        .where(eq(members.memberCode, c.req.valid("param").code.trim()));
      if (!row) throw new AppError("NOT_FOUND", "No member has this code. 查無此會員。");
      const rules = await earnRules(db);
      const available = await db
        .select({ c: coupons, t: couponTemplates })
        .from(coupons)
        .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
        .where(
          and(
            eq(coupons.memberId, row.m.id),
            eq(coupons.status, "issued"),
            gt(coupons.expiresAt, clock.now()),
          ),
        );
      return c.json(
        {
          id: row.m.id,
          memberCode: row.m.memberCode,
          displayName: row.m.displayName,
          status: row.m.status,
          points: row.m.pointsBalance,
          homeStore: row.storeName ?? null,
          earn: {
            amountPerPoint: rules.amountPerPoint,
            // As pointsFor rounds it: tier × channel in hundredths.
            percent: Math.round(rules.tierMultipliers[row.m.tier] * rules.channelMultipliers.store * 100),
          },
          coupons: available
            .filter((x) => x.t.channel !== "online")
            .map((x) => ({
              code: x.c.code,
              name: x.t.name,
              kind: x.t.kind,
              value: x.t.value,
              minSpend: x.t.minSpend,
              expiresAt: x.c.expiresAt.toISOString(),
            })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/staff/purchases",
      tags,
      security: staffSecurity,
      summary: "Record a store purchase (coupon and points applied, points earned); idempotent on purchaseId",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                purchaseId: z.string().min(8).max(64),
                memberCode: z.string().min(4).max(32),
                amount: Amount.openapi({ description: "Before coupon and points (NT$, whole dollars)" }),
                couponCode: z.string().max(32).optional(),
                pointsToUse: z.number().int().min(0).max(MAX_POINTS_TO_USE).optional().openapi({
                  description: "Points used as cash (1 point = NT$1), at most what is left to pay",
                }),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(Purchase, "Recorded (or the earlier identical request)"),
        ...errorResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => {
      const clerk = c.var.staff;
      if (!clerk.storeId)
        throw new AppError(
          "FORBIDDEN",
          "Only staff of a store can record store purchases. 僅門市人員可登錄門市消費。",
        );
      const body = c.req.valid("json");
      const { purchase, replayed } = await recordPurchase(c.var.deps, {
        source: "staff",
        externalId: body.purchaseId,
        storeId: clerk.storeId,
        staffId: clerk.id,
        memberCode: body.memberCode,
        amount: body.amount,
        couponCode: body.couponCode,
        pointsToUse: body.pointsToUse,
      });
      return c.json(
        {
          id: purchase.id,
          purchaseId: purchase.externalId,
          amount: purchase.amount,
          couponDiscount: purchase.couponDiscount,
          pointsUsed: purchase.pointsUsed,
          paid: purchase.paid,
          pointsEarned: purchase.pointsEarned,
          replayed,
        },
        200,
      );
    },
    refuseInvalidInput,
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/staff/purchases/{id}/refund",
      tags,
      security: staffSecurity,
      summary:
        "Refund a purchase of my store, in full or in part (idempotent on refundId): reverses the points it earned in proportion",
      description:
        "Money is refunded up to what was paid, over all of the purchase's refunds. The coupon and points used stay used. Points are taken back from the purchase's own lot first, then the member's others; points already spent are recorded as the shortfall, never taken below zero.",
      request: {
        params: z.object({ id: z.string().openapi({ description: "The purchase id (pur_…)" }) }),
        body: { content: { "application/json": { schema: RefundInput } }, required: true },
      },
      responses: {
        200: json(Refund, "Refunded (or the earlier identical request)"),
        ...errorResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const clerk = storeClerk(c.var.staff);
      const [purchase] = await c.var.deps.db
        .select()
        .from(purchases)
        .where(eq(purchases.id, c.req.valid("param").id));
      if (!purchase) throw new AppError("NOT_FOUND", "No such purchase. 查無此筆消費。");
      const body = c.req.valid("json");
      const r = await refundPurchase(c.var.deps, {
        source: "staff",
        storeId: clerk.storeId,
        staffId: clerk.id,
        refundId: body.refundId,
        purchase,
        amount: body.amount,
        reason: body.reason,
      });
      return c.json(refundJson(r.refund, r.purchase, r.replayed), 200);
    },
    refuseInvalidInput,
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/staff/merges",
      tags,
      security: staffSecurity,
      summary:
        "Merge an offline customer (POS sales with this phone and no card) into the member whose card I scanned (歸戶)",
      description:
        "Proof is the clerk in the store with the member's card: the member must be registered with this very phone and have verified it by SMS (else 422 with details.reason PHONE_NOT_VERIFIED; PHONE_MISMATCH, NOT_REGISTERED). A typed phone alone moves nothing. Idempotent on requestId.",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                memberCode: z.string().min(4).max(32),
                phone: z.string().trim().min(6).max(30),
                requestId: z.string().min(8).max(64).optional(),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(Merge, "Merged (or the earlier identical request)"),
        ...errorResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const clerk = storeClerk(c.var.staff);
      const body = c.req.valid("json");
      const phone = normalizePhone(body.phone);
      if (!phone)
        throw new AppError("VALIDATION_FAILED", "Not a valid phone number. 手機號碼格式不正確。", {
          field: "phone",
        });
      const result = await mergeByStaff(c.var.deps, clerk, {
        memberCode: body.memberCode,
        phone,
        requestId: body.requestId,
      });
      return c.json(mergeJson(result), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/staff/coupons/redeem",
      tags,
      security: staffSecurity,
      summary: "Redeem a coupon in store (single use, even from two devices at once)",
      description:
        "A coupon with a minimum spend needs the amount of the purchase it is used on: without it, 400 `AMOUNT_REQUIRED`; below the minimum, 422 `MIN_SPEND_NOT_MET` (both with `details.minSpend`).",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                code: z.string().min(4).max(32),
                /** Made when the screen opened: a repeat (double tap, retry) answers the same success. */
                requestId: z.string().min(8).max(64).optional(),
                amount: Amount.optional().openapi({
                  description:
                    "The purchase the coupon is used on (NT$); required when the coupon has a minimum spend",
                }),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(
          z.object({
            code: z.string(),
            status: z.literal("redeemed"),
            redeemedAt: z.string(),
            name: z.string(),
            replayed: z.boolean(),
          }),
          "Redeemed (or the earlier identical request)",
        ),
        ...errorResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => {
      const clerk = c.var.staff;
      const body = c.req.valid("json");
      const reference = body.requestId ? `staff-redeem:${clerk.id}:${body.requestId}` : undefined;
      const { coupon, replayed } = await redeemInStore(c.var.deps, clerk, {
        code: body.code,
        reference,
        amount: body.amount,
      });
      const [tpl] = await c.var.deps.db
        .select({ name: couponTemplates.name })
        .from(couponTemplates)
        .where(eq(couponTemplates.id, coupon.templateId));
      return c.json(
        {
          code: coupon.code,
          status: "redeemed" as const,
          redeemedAt: (coupon.redeemedAt as Date).toISOString(),
          name: tpl?.name ?? "",
          replayed,
        },
        200,
      );
    },
    refuseInvalidInput,
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/staff/coupons/{code}",
      tags,
      security: staffSecurity,
      summary: "A coupon by its code, before redeeming it: name, value, minimum spend, status",
      request: { params: z.object({ code: z.string().min(4).max(32) }) },
      responses: { 200: json(StaffCoupon, "The coupon"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { c: coupon, t: tpl } = await couponByCode(c.var.deps, c.req.valid("param").code);
      const expired = coupon.status === "issued" && coupon.expiresAt <= c.var.deps.clock.now();
      return c.json(
        {
          code: coupon.code,
          name: tpl.name,
          kind: tpl.kind,
          value: tpl.value,
          minSpend: tpl.minSpend,
          status: expired ? ("expired" as const) : coupon.status,
          expiresAt: coupon.expiresAt.toISOString(),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/staff/today",
      tags,
      security: staffSecurity,
      summary: "Today (brand time zone): members bound and purchases recorded by me and by my store",
      responses: { 200: json(StaffToday, "Today's figures"), ...errorResponses(401, 403) },
    }),
    async (c) => {
      const clerk = storeClerk(c.var.staff);
      const today = await staffToday(c.var.deps, clerk);
      return c.json(
        {
          since: today.since.toISOString(),
          timeZone: c.var.deps.config.brand.timeZone,
          store: await storeOf(c.var.deps.db, clerk.storeId),
          me: today.me,
          storeTotals: today.store,
          purchases: today.purchases,
          members: today.members,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/staff/binding-qr",
      tags,
      security: staffSecurity,
      summary: "My binding QR codes: my store's, and my personal one (credits me as referrer)",
      responses: {
        200: json(BindingQr, "Signed LIFF links to show as QR codes"),
        ...errorResponses(401, 403),
      },
    }),
    async (c) => {
      const clerk = storeClerk(c.var.staff);
      const deps = c.var.deps;
      const [storeLink, personal] = await Promise.all([
        issueBindingLink(deps, { storeId: clerk.storeId, source: "store_qr" }),
        issueBindingLink(deps, { storeId: clerk.storeId, staffId: clerk.id, source: "store_qr" }),
      ]);
      const pick = (l: typeof storeLink) => ({ url: l.url, tokenId: l.tokenId, expiresAt: l.expiresAt });
      return c.json(
        {
          store: await storeOf(deps.db, clerk.storeId),
          staff: { id: clerk.id, name: clerk.name },
          storeLink: pick(storeLink),
          personalLink: pick(personal),
        },
        200,
      );
    },
  );
  return app;
}
