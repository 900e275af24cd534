import { z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bearerToken, secretsEqual } from "../../../lib/admin-auth";
import { AppError, say } from "../../../lib/errors";
import type { AppEnv } from "../../../lib/hono";
import { sha256Hex } from "../../../lib/keys";
import { requireSale } from "../sales";

/** What the live routes share: their OpenAPI tag, security schemes and path parameter. */

export const admin = [{ adminToken: [] }];
export const adminOrKey: Array<Record<string, string[]>> = [{ adminToken: [] }, { ingestKey: [] }];
export const tags = ["Live sales (+1)"];
export const Id = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });

/** The admin token, or the sale's own ingestion key (for comment relays of other platforms). */
export const adminOrIngestKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const given = bearerToken(c.req.header("authorization"));
  if (!given) {
    throw new AppError(
      "UNAUTHORIZED",
      say("請提供權杖。", "Send Authorization: Bearer <admin token or ingestion key>."),
    );
  }
  const expected = c.var.deps.config.adminToken;
  if (expected && (await secretsEqual(given, expected))) return next();
  const sale = await requireSale(c.var.deps.db, c.req.param("id") ?? "");
  if (await secretsEqual(await sha256Hex(given), sale.ingestKeyHash)) return next();
  throw new AppError("UNAUTHORIZED", say("權杖無效。", "The token is not valid for this sale."));
};
