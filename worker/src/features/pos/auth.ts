import type { MiddlewareHandler } from "hono";
import { bearerToken } from "../../lib/admin-auth";
import { AppError, say } from "../../lib/errors";
import type { AppEnv } from "../../lib/hono";
import { storeForPosKey } from "./service";

/** POS endpoints: `Authorization: Bearer <POS key>`; the key decides the store. */
export const requirePosKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = bearerToken(c.req.header("authorization"));
  if (!key)
    throw new AppError("UNAUTHORIZED", say("請提供 POS 金鑰。", "Send Authorization: Bearer <POS key>."));
  const storeId = await storeForPosKey(c.var.deps, key);
  if (!storeId) throw new AppError("UNAUTHORIZED", say("POS 金鑰無效。", "The POS key is not valid."));
  c.set("posStoreId", storeId);
  await next();
};
