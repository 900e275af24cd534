/**
 * Who an online order counts for (門市推薦人). A staff member's link (線上推廣連結, a cart link)
 * carries an attribution token the shop passes back on the order: a JWT signed under a key for
 * this purpose only, naming the link, the staff member and the shop, with an expiry. The order
 * then counts, by the brand's precedence (a setting, default below), for:
 *   link     — the staff member whose link was used for this order;
 *   referrer — the member's referrer staff, within `referrerDays` of binding;
 *   store    — the member's home store (no staff).
 */
import { z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { errors, jwtVerify, SignJWT } from "jose";
import { members, staff, staffLinks } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { purposeKey } from "../../lib/keys";
import { readAppSetting, writeAppSetting } from "../../lib/settings";

const ISSUER = "omo-line";
const AUDIENCE = "omo-line:shop-link";
const KEY = "eshop_attribution";

export const AttributionSettings = z
  .object({
    precedence: z
      .array(z.enum(["link", "referrer", "store"]))
      .min(1)
      .max(3)
      .refine((a) => new Set(a).size === a.length, "each source once")
      .openapi({ description: "Which source decides first", example: ["link", "referrer", "store"] }),
    referrerDays: z.number().int().min(0).max(3650).openapi({
      description: "How long after binding the member's referrer still gets the credit (0: no limit)",
    }),
  })
  .openapi("AttributionSettings");
export type AttributionSettings = z.infer<typeof AttributionSettings>;

export const DEFAULT_ATTRIBUTION: AttributionSettings = {
  precedence: ["link", "referrer", "store"],
  referrerDays: 365,
};

export async function attributionSettings(deps: Pick<AppDeps, "db">): Promise<AttributionSettings> {
  const raw = await readAppSetting(deps.db, KEY);
  const parsed = raw ? AttributionSettings.safeParse(JSON.parse(raw)) : null;
  return parsed?.success ? parsed.data : DEFAULT_ATTRIBUTION;
}

export async function putAttributionSettings(deps: Pick<AppDeps, "db">, s: AttributionSettings) {
  await writeAppSetting(deps.db, KEY, JSON.stringify(s));
  return s;
}

export interface LinkClaims {
  linkId: string;
  staffId: string;
  shopId: string;
  expiresAt: Date;
}

/** The token for a staff link (its row must exist: the token names it). */
export async function signLinkToken(deps: Pick<AppDeps, "config">, c: LinkClaims): Promise<string> {
  return new SignJWT({ stf: c.staffId, shp: c.shopId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(c.linkId)
    .setExpirationTime(Math.floor(c.expiresAt.getTime() / 1000))
    .sign(await purposeKey(deps.config, "shop-link"));
}

/** A token's claims if it is genuine, for this shop and not expired; otherwise why not. */
export async function readLinkToken(
  deps: Pick<AppDeps, "config" | "clock">,
  token: string,
  shopId: string,
): Promise<LinkClaims> {
  const bad = (why: string, en: string) =>
    new AppError("UNPROCESSABLE", say(why, en), { reason: "BAD_ATTRIBUTION", field: "attributionToken" });
  try {
    const { payload } = await jwtVerify(token, await purposeKey(deps.config, "shop-link"), {
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: deps.clock.now(),
    });
    if (payload.shp !== shopId) throw bad("此推廣連結屬於其他商店。", "The link is another shop's.");
    return {
      linkId: String(payload.jti),
      staffId: String(payload.stf),
      shopId,
      expiresAt: new Date((payload.exp ?? 0) * 1000),
    };
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof errors.JWTExpired) throw bad("推廣連結已過期。", "The staff link has expired.");
    throw bad("推廣連結無效。", "The attribution token is not valid.");
  }
}

export interface Attribution {
  attribution: "link" | "referrer" | "store" | "none";
  staffId: string | null;
  storeId: string | null;
  staffLinkId: string | null;
}

/**
 * The order's credit by the brand's precedence. A link token that is forged, expired or another
 * shop's is refused (the shop learns at once); a genuine one whose staff member left counts for
 * the next source.
 */
export async function attribute(
  deps: Pick<AppDeps, "db" | "config" | "clock">,
  input: { shopId: string; memberId: string | null; token?: string | undefined },
): Promise<Attribution> {
  const { db } = deps;
  const settings = await attributionSettings(deps);
  const claims = input.token ? await readLinkToken(deps, input.token, input.shopId) : null;
  const [member] = input.memberId
    ? await db.select().from(members).where(eq(members.id, input.memberId))
    : [];
  const staffStore = async (id: string) => {
    const [s] = await db.select().from(staff).where(eq(staff.id, id));
    return s?.active === false ? null : (s ?? null);
  };
  for (const source of settings.precedence) {
    if (source === "link" && claims) {
      const [link] = await db.select().from(staffLinks).where(eq(staffLinks.id, claims.linkId));
      const s = link && link.staffId === claims.staffId ? await staffStore(claims.staffId) : null;
      if (s) return { attribution: "link", staffId: s.id, storeId: s.storeId, staffLinkId: claims.linkId };
    }
    if (source === "referrer" && member?.referrerStaffId && member.boundAt) {
      const within =
        settings.referrerDays === 0 ||
        deps.clock.now().getTime() - member.boundAt.getTime() <= settings.referrerDays * 86_400_000;
      const s = within ? await staffStore(member.referrerStaffId) : null;
      if (s)
        return {
          attribution: "referrer",
          staffId: s.id,
          storeId: member.homeStoreId ?? s.storeId,
          staffLinkId: null,
        };
    }
    if (source === "store" && member?.homeStoreId)
      return { attribution: "store", staffId: null, storeId: member.homeStoreId, staffLinkId: null };
  }
  return { attribution: "none", staffId: null, storeId: null, staffLinkId: null };
}
