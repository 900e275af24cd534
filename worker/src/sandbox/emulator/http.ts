import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { EndpointName } from "./types";
import type { Problem } from "./validate-common";

/** What the Messaging API middleware hands each handler. */
export type LineEnv = {
  Variables: {
    requestId: string;
    endpoint: EndpointName;
    /** The parsed JSON body; `INVALID_JSON` when it did not parse, undefined when there was none. */
    body: unknown;
  };
};
export type LineContext = Context<LineEnv>;

export const INVALID_JSON = Symbol("invalid-json");

export const AUTH_FAILED =
  "Authentication failed due to the following reason: invalid token. Confirm that the access token in the authorization header is valid.";

/** LINE's error body: `{ message, details? }`. */
export function lineError(c: Context, status: ContentfulStatusCode, message: string, details?: Problem[]) {
  return c.json(details && details.length > 0 ? { message, details } : { message }, status);
}

export function invalidBody(c: Context, problems: Problem[]) {
  return lineError(c, 400, `The request body has ${problems.length} error(s)`, problems);
}

/** The parsed JSON object body, or a 400 response as LINE gives for a body it cannot read. */
export function jsonBody(c: LineContext): Record<string, unknown> | Response {
  const body = c.get("body");
  if (body === INVALID_JSON || body === undefined) {
    return lineError(c, 400, "The request body could not be parsed as JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return invalidBody(c, [{ property: "body", message: "must be an object" }]);
  }
  return body as Record<string, unknown>;
}

/** LINE-like bodies for statuses a fault injects without a body of its own. */
export function faultMessage(status: number): string {
  if (status === 400) return "Bad request";
  if (status === 401) return AUTH_FAILED;
  if (status === 403) return "Access to this API is not available for your account";
  if (status === 404) return "Not found";
  if (status === 409) return "The retry key is already accepted";
  if (status === 413) return "Request entity too large";
  if (status === 429) return "The API rate limit has been exceeded. Try again later.";
  return "An error occurred in the server. Try again later.";
}

export const binary = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => bytes as Uint8Array<ArrayBuffer>;
