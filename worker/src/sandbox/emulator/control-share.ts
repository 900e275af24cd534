import { Hono } from "hono";
import { z } from "zod";
import { parseBody, refuse } from "./control-http";
import type { EmulatorState } from "./state";
import { isObj } from "./validate-common";
import { validateMessages } from "./validate-messages";

/** Message types `liff.shareTargetPicker` sends (templates and Flex with URI actions only). */
const SHAREABLE = new Set(["text", "image", "video", "audio", "location", "template", "flex"]);

/** Every action inside a message that is not a URI action, as a path. */
function nonUriActions(v: unknown, at: string, out: string[] = []): string[] {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      nonUriActions(x, `${at}[${i}]`, out);
    });
  } else if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      if ((k === "action" || k === "defaultAction") && isObj(x) && x.type !== "uri") out.push(`${at}.${k}`);
      else nonUriActions(x, `${at}.${k}`, out);
    }
  }
  return out;
}

/**
 * `liff.shareTargetPicker` in the sandbox: a simulated user sends messages to another simulated
 * user. LINE puts them in the two friends' own chat, which the emulator does not model (it plays
 * the OA's side only), so the messages land in the recipient's chat with the OA, marked
 * `via: "share"` and from the sender; the OA is not told (no webhook), as in LINE.
 */
export function shareRoutes(state: EmulatorState) {
  const app = new Hono();
  app.post("/users/:userId/share", async (c) => {
    const from = state.users.get(c.req.param("userId"));
    if (!from) return refuse(c, "No such simulated user", 404);
    const input = await parseBody(
      c,
      z.object({ to: z.string().min(1), messages: z.array(z.record(z.string(), z.unknown())).min(1).max(5) }),
    );
    if (input instanceof Response) return input;
    const to = state.users.get(input.to);
    if (!to || to.userId === from.userId) return refuse(c, "Share with another simulated user", 404);
    const problems = validateMessages(input.messages).map((p) => `${p.property}: ${p.message}`);
    input.messages.forEach((m, i) => {
      if (!SHAREABLE.has(String(m.type))) problems.push(`messages[${i}].type: cannot be shared`);
      for (const p of nonUriActions(m, `messages[${i}]`))
        problems.push(`${p}: only URI actions can be shared`);
    });
    if (problems.length > 0) return refuse(c, problems.join("; "));
    for (const message of input.messages)
      state.log({ chatId: to.userId, direction: "in", from: from.userId, message, via: "share" });
    return c.json({ status: "success" });
  });
  return app;
}
