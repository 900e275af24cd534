import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses } from "../../lib/openapi";
import { profileJson } from "./me";
import { deleteMyData, RegistrationInput, register, withdrawConsent } from "./registration";
import { Profile } from "./schema";
import { recordLiffVisit } from "./service";

/** The member's own data: registration details, consent, and deleting it all. */
export function profileRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me/profile",
      tags: ["Member"],
      summary: "My registration details and consent",
      security: [{ liffIdToken: [] }],
      responses: {
        200: { description: "Profile", content: { "application/json": { schema: Profile } } },
        ...errorResponses(401),
      },
    }),
    async (c) => c.json(profileJson(await recordLiffVisit(c.var.deps, c.var.lineUser)), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/api/me/profile",
      tags: ["Member"],
      summary:
        "Register or update my details (phone normalised to E.164 and unverified until an SMS code proves it; birthday not in the future nor before 1900; consent to the current terms)",
      security: [{ liffIdToken: [] }],
      request: { body: { content: { "application/json": { schema: RegistrationInput } }, required: true } },
      responses: {
        200: { description: "Registered", content: { "application/json": { schema: Profile } } },
        ...errorResponses(400, 401, 409),
      },
    }),
    async (c) => c.json(profileJson(await register(c.var.deps, c.var.lineUser, c.req.valid("json"))), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/me/consent/withdraw",
      tags: ["Member"],
      summary: "Stop marketing messages (membership stays)",
      security: [{ liffIdToken: [] }],
      responses: {
        200: {
          description: "Withdrawn",
          content: { "application/json": { schema: z.object({ marketingOptOut: z.literal(true) }) } },
        },
        ...errorResponses(401),
      },
    }),
    async (c) => {
      await withdrawConsent(c.var.deps, c.var.lineUser);
      return c.json({ marketingOptOut: true as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/me",
      tags: ["Member"],
      summary: "Delete my data (purchases and points history are kept, anonymised, as the law requires)",
      security: [{ liffIdToken: [] }],
      request: {
        body: {
          content: { "application/json": { schema: z.object({ confirm: z.literal("DELETE") }) } },
          required: true,
        },
      },
      responses: {
        200: {
          description: "Deleted",
          content: { "application/json": { schema: z.object({ deleted: z.literal(true) }) } },
        },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      await deleteMyData(c.var.deps, c.var.lineUser);
      return c.json({ deleted: true as const }, 200);
    },
  );
}
