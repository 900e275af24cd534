import { z } from "@hono/zod-openapi";
import { ERROR_CODES, ERROR_REASONS } from "./errors";

/** The closed catalogues (lib/errors.ts), so a client can switch on them with nothing left over. */
export const ErrorCodeSchema = z.enum(ERROR_CODES).openapi("ErrorCode");
export const ErrorReasonSchema = z.enum(ERROR_REASONS).openapi("ErrorReason");

export const ErrorSchema = z
  .object({
    error: z.object({
      code: ErrorCodeSchema,
      message: z.string(),
      requestId: z.string(),
      details: z.object({ reason: ErrorReasonSchema.optional() }).catchall(z.unknown()).optional().openapi({
        description: "What else the code has to say: `reason` (why, within the code), the field, limits.",
      }),
    }),
  })
  .openapi("Error");

const DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input",
  401: "Missing or invalid credentials",
  403: "Not allowed for this role",
  404: "Not found",
  409: "Conflicts with the current state",
  413: "Body too large",
  422: "Understood but cannot be done",
};

/** The error responses an operation can give, all in the one error shape. */
export function errorResponses(...statuses: number[]) {
  const out: Record<
    number,
    { description: string; content: { "application/json": { schema: typeof ErrorSchema } } }
  > = {};
  for (const s of statuses) {
    out[s] = {
      description: DESCRIPTIONS[s] ?? "Error",
      content: { "application/json": { schema: ErrorSchema } },
    };
  }
  return out;
}

/** A JSON response for an OpenAPI route definition. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A JSON request body for an OpenAPI route definition (`request: { ...jsonBody(Schema) }`). */
export function jsonBody<T extends z.ZodType>(schema: T, required = true) {
  return { body: { content: { "application/json": { schema } }, required } };
}
