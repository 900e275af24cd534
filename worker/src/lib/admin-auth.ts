import type { MiddlewareHandler } from "hono";
import { AppError, say } from "./errors";
import type { AppEnv } from "./hono";

const encoder = new TextEncoder();

/** Compares two secrets in time independent of where they differ (hashing equalises lengths). */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  const u = new Uint8Array(x);
  const v = new Uint8Array(y);
  let diff = 0;
  for (let i = 0; i < u.length; i++) diff |= (u[i] ?? 0) ^ (v[i] ?? 0);
  return diff === 0;
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(.+)$/i);
  return m?.[1]?.trim() || undefined;
}

/** `Authorization: Bearer $ADMIN_TOKEN`. With no admin token configured the admin API is closed. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.var.deps.config.adminToken;
  const given = bearerToken(c.req.header("authorization"));
  if (!given)
    throw new AppError("UNAUTHORIZED", say("請提供管理權杖。", "Send Authorization: Bearer <ADMIN_TOKEN>."));
  if (!expected || !(await secretsEqual(given, expected))) {
    throw new AppError("UNAUTHORIZED", say("管理權杖無效。", "The admin token is not valid."));
  }
  await next();
};
