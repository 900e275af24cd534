import { OpenAPIHono } from "@hono/zod-openapi";
import type { staff } from "../../../db/schema";
import type { AppDeps } from "../deps";
import { AppError, say } from "./errors";
import type { LineIdentity } from "./id-token";
import { issueText } from "./input-refusal";

/** Request variables; `lineUser` and `staff` are set by the auth middleware of the routes that need them. */
export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    lineUser: LineIdentity;
    staff: typeof staff.$inferSelect;
    posStoreId: string;
    /** The e-shop an e-shop API key acts for. */
    shopId: string;
    /** Console agent: `admin` (admin token) or the staff id of an agent token. */
    agent: string;
  };
};

/**
 * A router whose validation failures use the one error shape. Every feature builds its routes
 * with this, so `/openapi.json` describes them all.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
        const first = result.error.issues[0];
        throw new AppError(
          "VALIDATION_FAILED",
          first
            ? issueText(first, "data" in result ? result.data : undefined)
            : say("請求格式不正確。", "The request is not valid."),
          { issues },
        );
      }
    },
  });
}
