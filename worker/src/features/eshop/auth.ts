import type { MiddlewareHandler } from "hono";
import { bearerToken } from "../../lib/admin-auth";
import { AppError, say } from "../../lib/errors";
import type { AppEnv } from "../../lib/hono";
import { shopForKey } from "./shops";

/** E-shop endpoints: `Authorization: Bearer <shop key>`; the key decides the shop. */
export const requireShopKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = bearerToken(c.req.header("authorization"));
  if (!key)
    throw new AppError("UNAUTHORIZED", say("請提供商店金鑰。", "Send Authorization: Bearer <shop key>."));
  const shop = await shopForKey(c.var.deps, key);
  if (!shop) throw new AppError("UNAUTHORIZED", say("商店金鑰無效。", "The shop key is not valid."));
  c.set("shopId", shop.id);
  await next();
};
