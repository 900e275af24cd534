import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../lib/hono";
import { requireLineUser } from "../../lib/liff-auth";
import { errorResponses } from "../../lib/openapi";
import { memberTier } from "../loyalty";
import { memberCard, memberCoupons, pointsHistory } from "./card";
import { liffClientConfig } from "./liff-page";
import { mergeJson, mergeWithCode } from "./merge";
import { Merge } from "./merge-schema";
import { phoneVerificationRoutes } from "./phone-verification-routes";
import { CONSENT_VERSION, deleteMyData, RegistrationInput, register, withdrawConsent } from "./registration";
import { memberWithStore } from "./repo";
import { recordLiffVisit } from "./service";

const Me = z
  .object({
    userId: z.string(),
    displayName: z.string().nullable(),
    member: z.object({
      id: z.string(),
      memberCode: z.string(),
      status: z.enum(["guest", "member"]),
      friendship: z.enum(["unknown", "friend", "blocked"]),
      source: z.string(),
      homeStore: z.object({ id: z.string(), name: z.string() }).nullable(),
      referrerStaff: z.object({ id: z.string(), name: z.string() }).nullable(),
      registeredAt: z.string().nullable(),
    }),
  })
  .openapi("Me");

/** Member API. The caller is whoever the verified LIFF ID token says, never a client-sent id. */
export function memberRoutes() {
  const app = createRouter();
  app.use("/api/me", requireLineUser);
  app.use("/api/me/*", requireLineUser);
  app.route("/", phoneVerificationRoutes());

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/liff/config",
      tags: ["Member"],
      summary: "What the LIFF pages need to start (also inlined into the LIFF page itself)",
      responses: {
        200: {
          description: "LIFF app id, sandbox mode, brand",
          content: {
            "application/json": {
              schema: z
                .object({ liffId: z.string(), sandbox: z.boolean(), brand: z.string(), timeZone: z.string() })
                .openapi("LiffConfig"),
            },
          },
        },
      },
    }),
    (c) => c.json(liffClientConfig(c.var.deps.config), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me",
      tags: ["Member"],
      summary: "Who am I: the caller's member record (created as a guest on first visit)",
      security: [{ liffIdToken: [] }],
      responses: {
        200: { description: "The caller", content: { "application/json": { schema: Me } } },
        ...errorResponses(401),
      },
    }),
    async (c) => {
      const deps = c.var.deps;
      const user = c.var.lineUser;
      await recordLiffVisit(deps, user);
      const row = await memberWithStore(deps.db, user.userId);
      if (!row) throw new Error("member vanished");
      const m = row.member;
      return c.json(
        {
          userId: user.userId,
          displayName: m.displayName,
          member: {
            id: m.id,
            memberCode: m.memberCode,
            status: m.status,
            friendship: m.friendship,
            source: m.source,
            homeStore: m.homeStoreId && row.storeName ? { id: m.homeStoreId, name: row.storeName } : null,
            referrerStaff:
              m.referrerStaffId && row.staffName ? { id: m.referrerStaffId, name: row.staffName } : null,
            registeredAt: m.registeredAt?.toISOString() ?? null,
          },
        },
        200,
      );
    },
  );
  const Card = z
    .object({
      memberCode: z.string(),
      status: z.enum(["guest", "member"]),
      points: z.number().int(),
      expiringSoon: z.object({ points: z.number().int(), firstAt: z.string().nullable() }),
      homeStore: z.string().nullable(),
      /** The registered name, else the LINE display name. */
      name: z.string().nullable(),
      tier: z.object({
        code: z.enum(["regular", "gold", "platinum"]),
        spend: z.number().int(),
        windowDays: z.number().int(),
        next: z
          .object({
            code: z.enum(["regular", "gold", "platinum"]),
            threshold: z.number().int(),
            remaining: z.number().int(),
          })
          .nullable(),
      }),
    })
    .openapi("MemberCard");
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me/card",
      tags: ["Member"],
      summary:
        "My member card: code for the QR/barcode, tier and progress to the next, points, points expiring within 60 days",
      security: [{ liffIdToken: [] }],
      responses: {
        200: { description: "The card", content: { "application/json": { schema: Card } } },
        ...errorResponses(401),
      },
    }),
    async (c) => {
      const deps = c.var.deps;
      await recordLiffVisit(deps, c.var.lineUser);
      const card = await memberCard(deps, c.var.lineUser.userId);
      if (!card) throw new Error("member vanished");
      return c.json(
        {
          memberCode: card.member.memberCode,
          status: card.member.status,
          points: card.points,
          expiringSoon: {
            points: card.expiringSoon.points,
            firstAt: card.expiringSoon.firstAt?.toISOString() ?? null,
          },
          homeStore: card.homeStore,
          name: card.member.name ?? card.member.displayName,
          tier: await memberTier(deps, card.member.id),
        },
        200,
      );
    },
  );

  const Entry = z
    .object({
      id: z.string(),
      kind: z.enum(["earn", "redeem", "expire", "reverse", "adjust"]),
      points: z.number().int(),
      reason: z.string(),
      createdAt: z.string(),
    })
    .openapi("PointEntry");
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me/points",
      tags: ["Member"],
      summary: "My points history, newest first (cursor paging)",
      security: [{ liffIdToken: [] }],
      request: {
        query: z.object({
          before: z.string().max(80).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
      responses: {
        200: {
          description: "A page",
          content: {
            "application/json": {
              schema: z.object({ entries: z.array(Entry), nextCursor: z.string().nullable() }),
            },
          },
        },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const deps = c.var.deps;
      const me = await recordLiffVisit(deps, c.var.lineUser);
      const q = c.req.valid("query");
      const page = await pointsHistory(deps, me.id, {
        limit: q.limit,
        ...(q.before ? { before: q.before } : {}),
      });
      return c.json(
        {
          entries: page.entries.map((e) => ({
            id: e.id,
            kind: e.kind,
            points: e.points,
            reason: e.reason,
            createdAt: e.createdAt.toISOString(),
          })),
          nextCursor: page.nextCursor,
        },
        200,
      );
    },
  );

  const CouponJson = z
    .object({
      code: z.string(),
      name: z.string(),
      kind: z.enum(["amount", "percent"]),
      value: z.number(),
      minSpend: z.number(),
      channel: z.enum(["online", "store", "both"]),
      status: z.enum(["issued", "redeemed", "expired", "voided"]),
      expiresAt: z.string(),
      redeemedAt: z.string().nullable(),
    })
    .openapi("MemberCoupon");
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me/coupons",
      tags: ["Member"],
      summary: "My coupons: available, used or expired",
      security: [{ liffIdToken: [] }],
      request: { query: z.object({ status: z.enum(["available", "used", "expired"]).default("available") }) },
      responses: {
        200: {
          description: "Coupons",
          content: { "application/json": { schema: z.object({ coupons: z.array(CouponJson) }) } },
        },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const deps = c.var.deps;
      const me = await recordLiffVisit(deps, c.var.lineUser);
      const rows = await memberCoupons(deps, me.id, c.req.valid("query").status);
      return c.json(
        {
          coupons: rows.map(({ c: cp, t }) => ({
            code: cp.code,
            name: t.name,
            kind: t.kind,
            value: t.value,
            minSpend: t.minSpend,
            channel: t.channel,
            status: cp.status,
            expiresAt: cp.expiresAt.toISOString(),
            redeemedAt: cp.redeemedAt?.toISOString() ?? null,
          })),
        },
        200,
      );
    },
  );
  const Profile = z
    .object({
      name: z.string().nullable(),
      phone: z.string().nullable(),
      /** Proved by an SMS code (POST /api/me/phone/verification); a changed phone is unverified again. */
      phoneVerified: z.boolean(),
      phoneVerifiedAt: z.string().nullable(),
      birthday: z.string().nullable(),
      email: z.string().nullable(),
      status: z.enum(["guest", "member"]),
      consent: z.object({
        version: z.string().nullable(),
        at: z.string().nullable(),
        current: z.string(),
        marketingOptOut: z.boolean(),
      }),
    })
    .openapi("Profile");
  const toProfile = (m: Awaited<ReturnType<typeof register>>) => ({
    name: m.name,
    phone: m.phone,
    phoneVerified: m.phoneVerifiedAt !== null,
    phoneVerifiedAt: m.phoneVerifiedAt?.toISOString() ?? null,
    birthday: m.birthday,
    email: m.email,
    status: m.status,
    consent: {
      version: m.consentVersion,
      at: m.consentAt?.toISOString() ?? null,
      current: CONSENT_VERSION,
      marketingOptOut: m.marketingOptOutAt !== null,
    },
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me/profile",
      tags: ["Member"],
      summary: "My registration details and consent",
      security: [{ liffIdToken: [] }],
      responses: {
        200: { description: "Profile", content: { "application/json": { schema: Profile } } },
        ...errorResponses(401),
      },
    }),
    async (c) => c.json(toProfile(await recordLiffVisit(c.var.deps, c.var.lineUser)), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/api/me/profile",
      tags: ["Member"],
      summary:
        "Register or update my details (phone normalised to E.164 and unverified until an SMS code proves it; birthday not in the future nor before 1900; consent to the current terms)",
      security: [{ liffIdToken: [] }],
      request: { body: { content: { "application/json": { schema: RegistrationInput } }, required: true } },
      responses: {
        200: { description: "Registered", content: { "application/json": { schema: Profile } } },
        ...errorResponses(400, 401, 409),
      },
    }),
    async (c) => c.json(toProfile(await register(c.var.deps, c.var.lineUser, c.req.valid("json"))), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/me/consent/withdraw",
      tags: ["Member"],
      summary: "Stop marketing messages (membership stays)",
      security: [{ liffIdToken: [] }],
      responses: {
        200: {
          description: "Withdrawn",
          content: { "application/json": { schema: z.object({ marketingOptOut: z.literal(true) }) } },
        },
        ...errorResponses(401),
      },
    }),
    async (c) => {
      await withdrawConsent(c.var.deps, c.var.lineUser);
      return c.json({ marketingOptOut: true as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/me",
      tags: ["Member"],
      summary: "Delete my data (purchases and points history are kept, anonymised, as the law requires)",
      security: [{ liffIdToken: [] }],
      request: {
        body: {
          content: { "application/json": { schema: z.object({ confirm: z.literal("DELETE") }) } },
          required: true,
        },
      },
      responses: {
        200: {
          description: "Deleted",
          content: { "application/json": { schema: z.object({ deleted: z.literal(true) }) } },
        },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      await deleteMyData(c.var.deps, c.var.lineUser);
      return c.json({ deleted: true as const }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/me/merge",
      tags: ["Member"],
      summary:
        "Merge my in-store purchases made without the card (歸戶) with the one-time code the store's POS gave me",
      description:
        "Works only for a member registered with the phone the POS used; the code is single use and valid 10 minutes. After 5 wrong codes for a phone in an hour, codes are refused (429) for that phone.",
      security: [{ liffIdToken: [] }],
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({ code: z.string().regex(/^\d{6}$/, "6 digits") }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: { description: "Merged", content: { "application/json": { schema: Merge } } },
        ...errorResponses(400, 401, 404, 422, 429),
      },
    }),
    async (c) =>
      c.json(mergeJson(await mergeWithCode(c.var.deps, c.var.lineUser, c.req.valid("json").code)), 200),
  );
  return app;
}
