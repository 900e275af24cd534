import type { Context } from "hono";
import { z } from "zod";

/** Control API errors: `{ message }`, like LINE's, so the page shows them as they are. */
export const refuse = (c: Context, message: string, status: 400 | 404 | 409 = 400) =>
  c.json({ message }, status);

/** The JSON body checked against a schema, or a 400 naming every problem. */
export async function parseBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T> | Response> {
  const raw: unknown = await c.req.json().catch(() => undefined);
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  return refuse(c, parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
}

export const chatSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("user"), userId: z.string().min(1) }),
  z.object({ type: z.literal("group"), groupId: z.string().min(1) }),
]);
export type ChatRef = z.infer<typeof chatSchema>;
