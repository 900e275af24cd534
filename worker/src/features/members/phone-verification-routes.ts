import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../../lib/errors";
import { createRouter } from "../../lib/hono";
import { errorResponses } from "../../lib/openapi";
import {
  confirmPhoneCode,
  PHONE_CODE_MAX_TRIES,
  PHONE_CODE_TTL_MS,
  SEND_GAP_MS,
  SENDS_PER_HOUR,
  sendPhoneCode,
} from "./phone-verification";

const CodeSent = z
  .object({
    sentTo: z.string().openapi({ example: "0912-***-678" }),
    expiresAt: z.string(),
    resendAt: z.string(),
    /** The same two instants as waits from now, for a client whose clock may differ. */
    expiresInSeconds: z.number().int(),
    resendInSeconds: z.number().int(),
  })
  .openapi("PhoneCodeSent");
const PhoneVerified = z
  .object({
    phoneVerified: z.literal(true),
    phoneVerifiedAt: z.string(),
    /** Another member had this number verified and no longer has. */
    tookOver: z.boolean(),
  })
  .openapi("PhoneVerified");

/** A 429 says how long to wait in a Retry-After header too. */
async function withRetryAfter<T>(c: { header(name: string, value: string): void }, run: () => Promise<T>) {
  try {
    return await run();
  } catch (err) {
    const wait =
      err instanceof AppError ? (err.details as { retryAfterSeconds?: number } | undefined) : undefined;
    if (err instanceof AppError && err.status === 429 && wait?.retryAfterSeconds)
      c.header("retry-after", String(wait.retryAfterSeconds));
    throw err;
  }
}

/**
 * Proving the registered phone with a one-time SMS code (mounted under the member API's auth).
 * A verified phone is what a staff 歸戶 merge needs.
 */
export function phoneVerificationRoutes() {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/me/phone/verification",
      tags: ["Member"],
      summary: "Send a one-time code by SMS to my registered phone",
      description: `6 digits, valid 10 minutes, single use; only the newest code counts. At most one send per ${SEND_GAP_MS / 1000} s and ${SENDS_PER_HOUR} per hour, per member and per phone number: 429 with details.reason SEND_TOO_SOON or TOO_MANY_SENDS, details.retryAfterSeconds and Retry-After. 503 SMS_NOT_CONFIGURED when no SMS provider is set; 502/422 SMS_SEND_FAILED when the provider fails or refuses.`,
      security: [{ liffIdToken: [] }],
      responses: {
        200: { description: "Sent", content: { "application/json": { schema: CodeSent } } },
        ...errorResponses(401, 409, 422, 429, 502, 503),
      },
    }),
    async (c) =>
      withRetryAfter(c, async () => {
        const r = await sendPhoneCode(c.var.deps, c.var.lineUser);
        return c.json(
          {
            sentTo: r.sentTo,
            expiresAt: r.expiresAt.toISOString(),
            resendAt: r.resendAt.toISOString(),
            expiresInSeconds: PHONE_CODE_TTL_MS / 1000,
            resendInSeconds: SEND_GAP_MS / 1000,
          },
          200,
        );
      }),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/me/phone/verification/confirm",
      tags: ["Member"],
      summary: "Confirm my phone with the code the SMS brought",
      description: `Refusals (details.reason): WRONG_CODE (with attemptsLeft), TOO_MANY_ATTEMPTS (429, after ${PHONE_CODE_MAX_TRIES} wrong codes), CODE_EXPIRED, CODE_USED, NO_CODE, PHONE_CHANGED, NOT_REGISTERED; ALREADY_VERIFIED (409). If another member had this number verified, the verification moves to me.`,
      security: [{ liffIdToken: [] }],
      request: {
        body: {
          content: {
            "application/json": { schema: z.object({ code: z.string().regex(/^\d{6}$/, "6 digits") }) },
          },
          required: true,
        },
      },
      responses: {
        200: { description: "Verified", content: { "application/json": { schema: PhoneVerified } } },
        ...errorResponses(400, 401, 409, 422, 429),
      },
    }),
    async (c) => {
      const r = await confirmPhoneCode(c.var.deps, c.var.lineUser, c.req.valid("json").code);
      return c.json(
        { phoneVerified: true as const, phoneVerifiedAt: r.verifiedAt.toISOString(), tookOver: r.tookOver },
        200,
      );
    },
  );
  return app;
}
