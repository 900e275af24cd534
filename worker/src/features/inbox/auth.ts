import { and, eq, inArray, isNull } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { agentTokens, staff } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { bearerToken, secretsEqual } from "../../lib/admin-auth";
import { AppError, say } from "../../lib/errors";
import type { AppEnv } from "../../lib/hono";
import { sha256Hex } from "../../lib/keys";
import { randomToken } from "../../lib/random-token";

/** A console token for an agent or admin staff member; only its hash is stored. */
export async function issueAgentToken(deps: AppDeps, staffId: string): Promise<string> {
  const [person] = await deps.db.select().from(staff).where(eq(staff.id, staffId));
  if (!person) throw new AppError("NOT_FOUND", say("找不到此員工。", "No such staff member."));
  if (person.role === "staff") {
    throw new AppError(
      "FORBIDDEN",
      say("只有客服與管理員可登入後台。", "Only agents and admins sign in to the console."),
    );
  }
  const token = `agt_${randomToken(32)}`;
  await deps.db.insert(agentTokens).values({
    id: deps.ids.id("agt"),
    staffId,
    tokenHash: await sha256Hex(token),
    createdAt: deps.clock.now(),
  });
  return token;
}

/** The console: the admin token (agent `admin`) or an agent's token (agent = their staff id). */
export const requireAgent: MiddlewareHandler<AppEnv> = async (c, next) => {
  const given = bearerToken(c.req.header("authorization"));
  if (!given) throw new AppError("UNAUTHORIZED", say("請先登入後台。", "Sign in to the console first."));
  const { config, db } = c.var.deps;
  if (config.adminToken && (await secretsEqual(given, config.adminToken))) {
    c.set("agent", "admin");
    return next();
  }
  const [row] = await db
    .select({ staffId: agentTokens.staffId })
    .from(agentTokens)
    .innerJoin(staff, eq(staff.id, agentTokens.staffId))
    .where(
      and(
        eq(agentTokens.tokenHash, await sha256Hex(given)),
        isNull(agentTokens.revokedAt),
        eq(staff.active, true),
        inArray(staff.role, ["admin", "agent"]),
      ),
    );
  if (!row) throw new AppError("UNAUTHORIZED", say("後台權杖無效。", "This console token is not valid."));
  c.set("agent", row.staffId);
  await next();
};
