import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Every error the API returns has one of these codes; the map decides the HTTP status. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  INVALID_WEBHOOK: 400,
  WEBHOOK_TOO_DEEP: 400,
  UNAUTHORIZED: 401,
  INVALID_SIGNATURE: 401,
  INVALID_TOKEN: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  BINDING_TOKEN_INVALID: 400,
  BINDING_TOKEN_EXPIRED: 400,
  BINDING_TOKEN_REVOKED: 400,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NOT_READY: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: unknown };
}

/** The one error class routes throw; the app's error handler renders it as ErrorBody. */
export class AppError extends HTTPException {
  constructor(
    readonly code: ErrorCode | (string & {}),
    message: string,
    readonly details?: unknown,
    status?: ContentfulStatusCode,
  ) {
    super(status ?? ERROR_STATUS[code as ErrorCode] ?? 400, { message });
    this.name = "AppError";
  }
}

/** The 500 message when nothing more specific is known. */
export const INTERNAL_MESSAGE = "Something went wrong on our side. 系統發生錯誤，請稍後再試。";

export interface RenderedError {
  status: ContentfulStatusCode;
  body: ErrorBody;
  /** Not an AppError or HTTPException: a bug or an outage, for the caller to log. */
  unexpected: boolean;
}

/**
 * Any thrown value as the API answers it: AppError with its code (and details), Hono's own
 * HTTPException by status, anything else a 500 INTERNAL with `internalMessage`. The one renderer
 * of the Hono app's error handler and the Node host's direct webhook path.
 */
export function renderError(
  err: unknown,
  requestId: string,
  internalMessage = INTERNAL_MESSAGE,
): RenderedError {
  if (err instanceof AppError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message, requestId } };
    if (err.details !== undefined) body.error.details = err.details;
    return { status: err.status, body, unexpected: false };
  }
  if (err instanceof HTTPException) {
    const code = err.status === 401 ? "UNAUTHORIZED" : err.status === 404 ? "NOT_FOUND" : "BAD_REQUEST";
    return {
      status: err.status,
      body: { error: { code, message: err.message || code, requestId } },
      unexpected: false,
    };
  }
  return {
    status: 500,
    body: { error: { code: "INTERNAL", message: internalMessage, requestId } },
    unexpected: true,
  };
}
