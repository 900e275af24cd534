import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import {
  appSettings,
  bindingScans,
  couponTemplates,
  members,
  revokedBindingTokens,
  staff,
  stores,
} from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import type { LineIdentity } from "../../lib/id-token";
import { errorMessage } from "../../lib/log";
import { queueMessages } from "../../line/outbox";
import { readerLangOf } from "../../line/reader";
import { issueCoupon } from "../loyalty";
import { memberRichMenuId, recordLiffVisit } from "../members";
import { boundMessage } from "./messages";
import { type BindingClaims, readBindingToken } from "./token";

export interface BindingTarget {
  claims: BindingClaims;
  store: { id: string; name: string; address: string };
  staff: { id: string; name: string } | null;
}

/** What a binding token points at, after checking it is genuine, current, not revoked, and its store/staff active. */
export async function resolveBindingToken(deps: AppDeps, token: string): Promise<BindingTarget> {
  const claims = await readBindingToken(deps, token);
  const [revoked] = await deps.db
    .select()
    .from(revokedBindingTokens)
    .where(eq(revokedBindingTokens.tokenId, claims.tokenId));
  if (revoked) {
    throw new AppError(
      "BINDING_TOKEN_REVOKED",
      say(
        "這個 QR Code 已停用，請向門市人員索取新的 QR Code。",
        "This QR code has been withdrawn; ask the store for a new one.",
      ),
    );
  }
  const [store] = await deps.db
    .select({ id: stores.id, name: stores.name, address: stores.address })
    .from(stores)
    .where(and(eq(stores.id, claims.storeId), eq(stores.active, true)));
  if (!store)
    throw new AppError(
      "BINDING_TOKEN_INVALID",
      say("這家門市目前不接受綁定。", "This store is not taking new members at the moment."),
    );
  let member: BindingTarget["staff"] = null;
  if (claims.staffId) {
    const [s] = await deps.db
      .select({ id: staff.id, name: staff.name })
      .from(staff)
      .where(and(eq(staff.id, claims.staffId), eq(staff.active, true), eq(staff.storeId, claims.storeId)));
    // A staff member who left still brings the shopper to the store, without credit.
    member = s ?? null;
  }
  return { claims, store, staff: member };
}

export type BindResult = { result: "bound" | "kept"; memberId: string; target: BindingTarget };

/**
 * Binds the caller to the token's store (and staff). The attribution rule is decided inside the
 * database: the member's home store and referrer change only if they have none or their binding
 * is older than the attribution window; either way the scan is logged, in the same batch.
 */
export async function bindMember(deps: AppDeps, user: LineIdentity, token: string): Promise<BindResult> {
  const target = await resolveBindingToken(deps, token);
  const member = await recordLiffVisit(deps, user);
  const now = deps.clock.now();
  const windowStart = new Date(now.getTime() - deps.config.binding.attributionDays * 86_400_000);
  const { claims } = target;
  const staffId = target.staff?.id ?? null;

  const update = deps.db
    .update(members)
    .set({
      homeStoreId: claims.storeId,
      referrerStaffId: staffId,
      source: claims.source,
      boundAt: now,
      updatedAt: now,
    })
    .where(and(eq(members.id, member.id), or(isNull(members.boundAt), lt(members.boundAt, windowStart))));
  const log = deps.db
    .insert(bindingScans)
    .values({
      id: deps.ids.id("bsc"),
      tokenId: claims.tokenId,
      memberId: member.id,
      lineUserId: user.userId,
      storeId: claims.storeId,
      staffId,
      source: claims.source,
      // Same batch, after the update: "bound" exactly when this scan set the attribution.
      result: sql`(CASE WHEN EXISTS (SELECT 1 FROM ${members} WHERE ${members.id} = ${member.id} AND ${members.boundAt} = ${now.getTime()} AND ${members.homeStoreId} = ${claims.storeId}) THEN 'bound' ELSE 'kept' END)`,
      scannedAt: now,
    })
    .returning({ result: bindingScans.result });
  const [, scan] = await batch(deps.db, [update, log]);
  const result = scan[0]?.result ?? "kept";

  if (result === "bound")
    await afterBinding(deps, user.userId, member.id, member.friendship === "friend", target);
  deps.log.info("binding scanned", {
    memberId: member.id,
    storeId: claims.storeId,
    result,
    source: claims.source,
  });
  return { result, memberId: member.id, target };
}

/** The member menu replaces the guest menu, and a friend gets a welcome in chat. */
async function afterBinding(
  deps: AppDeps,
  userId: string,
  memberId: string,
  isFriend: boolean,
  target: BindingTarget,
) {
  const menu = await memberRichMenuId(deps, userId);
  if (menu) {
    await deps.line
      .linkRichMenuToUser(userId, menu)
      .catch((err) => deps.log.warn("member rich menu not linked", { error: errorMessage(err) }));
  }
  const coupon = await issueWelcomeCoupon(deps, memberId);
  if (isFriend) {
    const lang = await readerLangOf(deps.db, userId);
    await queueMessages(
      deps,
      [{ kind: "push", to: userId, messages: [boundMessage(deps.config, target, coupon, lang)] }],
      {
        topic: "binding",
      },
    );
  }
}

/** The brand's welcome coupon (app setting `welcome_coupon_template`), once per member. */
async function issueWelcomeCoupon(deps: AppDeps, memberId: string): Promise<string | null> {
  const [setting] = await deps.db
    .select()
    .from(appSettings)
    .where(eq(appSettings.key, "welcome_coupon_template"));
  if (!setting) return null;
  try {
    const { coupon } = await issueCoupon(deps, {
      templateId: setting.value,
      memberId,
      issueKey: `welcome:${memberId}`,
    });
    const [tpl] = await deps.db
      .select({ name: couponTemplates.name })
      .from(couponTemplates)
      .where(eq(couponTemplates.id, coupon.templateId));
    return tpl?.name ?? null;
  } catch (err) {
    deps.log.warn("welcome coupon not issued", { memberId, error: errorMessage(err) });
    return null;
  }
}
