import { and, eq, isNull } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { agentTokens, staff } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { bearerToken, secretsEqual } from "../../lib/admin-auth";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import type { AppEnv } from "../../lib/hono";
import { sha256Hex } from "../../lib/keys";
import { randomToken } from "../../lib/random-token";
import { ADMIN_ACTOR, auditEntry } from "../audit";

const inactive = (code: "CONFLICT" | "UNAUTHORIZED") =>
  new AppError(
    code,
    say(
      "此員工帳號已停用，請洽管理員重新啟用。",
      "This staff member is deactivated; ask an admin to reactivate them.",
    ),
    { reason: "STAFF_INACTIVE" },
  );

/**
 * A console token for an active agent or admin staff member; only its hash is stored. Audited
 * (`agentToken.create`) in the same batch.
 */
export async function issueAgentToken(deps: AppDeps, staffId: string): Promise<string> {
  const [person] = await deps.db.select().from(staff).where(eq(staff.id, staffId));
  if (!person) throw new AppError("NOT_FOUND", say("找不到此員工。", "No such staff member."));
  if (person.role === "staff") {
    throw new AppError(
      "FORBIDDEN",
      say("只有客服與管理員可登入後台。", "Only agents and admins sign in to the console."),
    );
  }
  if (!person.active) throw inactive("CONFLICT");
  const token = `agt_${randomToken(32)}`;
  const id = deps.ids.id("agt");
  await batch(deps.db, [
    deps.db.insert(agentTokens).values({
      id,
      staffId,
      tokenHash: await sha256Hex(token),
      createdAt: deps.clock.now(),
    }),
    auditEntry(deps, {
      actor: ADMIN_ACTOR,
      action: "agentToken.create",
      subject: { kind: "agentToken", id },
      storeId: person.storeId,
      after: { staffId, role: person.role },
    }),
  ]);
  return token;
}

/**
 * The console: the admin token (agent `admin`) or an agent's token (agent = their staff id). A
 * token of a deactivated staff member is refused (401, reason `STAFF_INACTIVE`) (it works again once
 * they are reactivated); one whose staff is now store staff is not valid.
 */
export const requireAgent: MiddlewareHandler<AppEnv> = async (c, next) => {
  const given = bearerToken(c.req.header("authorization"));
  if (!given) throw new AppError("UNAUTHORIZED", say("請先登入後台。", "Sign in to the console first."));
  const { config, db } = c.var.deps;
  if (config.adminToken && (await secretsEqual(given, config.adminToken))) {
    c.set("agent", "admin");
    return next();
  }
  const [row] = await db
    .select({ staffId: agentTokens.staffId, active: staff.active, role: staff.role })
    .from(agentTokens)
    .innerJoin(staff, eq(staff.id, agentTokens.staffId))
    .where(and(eq(agentTokens.tokenHash, await sha256Hex(given)), isNull(agentTokens.revokedAt)));
  if (!row || row.role === "staff")
    throw new AppError("UNAUTHORIZED", say("後台權杖無效。", "This console token is not valid."));
  if (!row.active) throw inactive("UNAUTHORIZED");
  c.set("agent", row.staffId);
  await next();
};
