import type { components } from "./schema.gen";

/**
 * The one refusal type of every front end (LIFF pages, console, simulator): the API's error shape
 * `{ error: { code, message, requestId, details } }` with its HTTP status.
 */
type ErrorCode = components["schemas"]["ErrorCode"];
type ErrorReason = components["schemas"]["ErrorReason"];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** One of the API's closed catalogue, or `HTTP_<status>` for a body not in the error shape. */
    readonly code: ErrorCode | `HTTP_${number}`,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The refusal reason some errors carry (`details.reason`), e.g. ALREADY_REDEEMED. */
  get reason(): ErrorReason | undefined {
    const d = this.details as { reason?: unknown } | undefined;
    return typeof d?.reason === "string" ? (d.reason as ErrorReason) : undefined;
  }

  /** zod issues of a VALIDATION_FAILED answer: `products.0.price` → message. */
  get issues(): Array<{ path: string; message: string }> {
    const d = this.details as { issues?: Array<{ path: string; message: string }> } | undefined;
    return Array.isArray(d?.issues) ? d.issues : [];
  }

  /** Any failed response as an ApiError (a body that is not the error shape keeps the status). */
  static async from(res: Response): Promise<ApiError> {
    const body = (await res.json().catch(() => null)) as {
      error?: { code?: ErrorCode; message?: string; details?: unknown };
      message?: unknown;
    } | null;
    const e = body?.error;
    // LINE's own shape (the emulator's /v2/bot answers): `{ message, details? }`.
    const line = typeof body?.message === "string" ? body.message : undefined;
    return new ApiError(
      res.status,
      e?.code ?? `HTTP_${res.status}`,
      e?.message ?? line ?? `HTTP ${res.status}`,
      e?.details,
    );
  }
}
