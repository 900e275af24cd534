import { and, eq, sql } from "drizzle-orm";
import { revokedBindingTokens, staff, stores } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import { type Actor, auditEntry, auditEntryIf } from "../audit";
import { type BindingSource, issueBindingToken } from "./token";

export interface BindingLink {
  tokenId: string;
  token: string;
  /** The LIFF URL the QR carries: `https://liff.line.me/{liffId}/bind?t=…`. */
  url: string;
  expiresAt: string;
}

/**
 * A signed binding link for a store (and optionally one of its staff): what the admin API, the
 * staff "my QR" page and posters show. The staff member must belong to the store.
 */
export async function issueBindingLink(
  deps: AppDeps,
  input: {
    storeId: string;
    staffId?: string | undefined;
    source: BindingSource;
    ttlDays?: number | undefined;
  },
): Promise<BindingLink> {
  const [store] = await deps.db.select().from(stores).where(eq(stores.id, input.storeId));
  if (!store)
    throw new AppError("NOT_FOUND", say(`找不到門市 ${input.storeId}。`, `No store ${input.storeId}.`));
  if (input.staffId) {
    const [s] = await deps.db
      .select()
      .from(staff)
      .where(and(eq(staff.id, input.staffId), eq(staff.storeId, input.storeId)));
    if (!s)
      throw new AppError(
        "NOT_FOUND",
        say(
          `門市 ${input.storeId} 沒有店員 ${input.staffId}。`,
          `No staff ${input.staffId} at store ${input.storeId}.`,
        ),
      );
  }
  const ttlDays =
    input.ttlDays ??
    (input.source === "staff_link" ? deps.config.binding.linkTtlDays : deps.config.binding.qrTtlDays);
  const { token, claims } = await issueBindingToken(deps, {
    storeId: input.storeId,
    staffId: input.staffId ?? null,
    source: input.source,
    ttlDays,
  });
  const url = `https://liff.line.me/${deps.config.line.liffId}/bind?t=${encodeURIComponent(token)}`;
  return { tokenId: claims.tokenId, token, url, expiresAt: claims.expiresAt.toISOString() };
}

/** The admin issues a link (a poster, a share link): the link, and its audit entry. */
export async function issueBindingLinkAudited(
  deps: AppDeps,
  input: Parameters<typeof issueBindingLink>[1],
  actor: Actor,
): Promise<BindingLink> {
  const link = await issueBindingLink(deps, input);
  await auditEntry(deps, {
    actor,
    action: "bindingLink.create",
    subject: { kind: "bindingLink", id: link.tokenId },
    storeId: input.storeId,
    after: { source: input.source, staffId: input.staffId ?? null, expiresAt: link.expiresAt },
  });
  return link;
}

/**
 * Withdraws a binding link (e.g. a lost poster): its token no longer binds. Repeat-safe: one
 * batch, the audit entry written only by the call that revoked it.
 */
export async function revokeBindingLinkAudited(
  deps: Pick<AppDeps, "db" | "clock" | "ids">,
  tokenId: string,
  actor: Actor,
): Promise<void> {
  await batch(deps.db, [
    deps.db
      .insert(revokedBindingTokens)
      .values({ tokenId, revokedAt: deps.clock.now() })
      .onConflictDoNothing(),
    auditEntryIf(
      deps,
      { actor, action: "bindingLink.revoke", subject: { kind: "bindingLink", id: tokenId } },
      sql`changes() = 1`,
    ),
  ]);
}
