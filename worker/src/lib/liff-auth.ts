import type { MiddlewareHandler } from "hono";
import { bearerToken } from "./admin-auth";
import { AppError, say } from "./errors";
import type { AppEnv } from "./hono";
import { verifyLiffIdToken } from "./id-token";

/** Member and staff endpoints: `Authorization: Bearer <LIFF ID token>`, verified every request. */
export const requireLineUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearerToken(c.req.header("authorization"));
  if (!token)
    throw new AppError(
      "UNAUTHORIZED",
      say("請先以 LINE 登入。", "Sign in with LINE first (Authorization: Bearer <ID token>)."),
    );
  const { config, clock } = c.var.deps;
  c.set(
    "lineUser",
    await verifyLiffIdToken(token, {
      jwksUrl: config.line.jwksUrl,
      audience: config.line.loginChannelId,
      now: clock.now(),
    }),
  );
  await next();
};
