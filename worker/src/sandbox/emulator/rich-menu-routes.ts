import { Hono } from "hono";
import { binary, invalidBody, jsonBody, type LineContext, type LineEnv, lineError } from "./http";
import { imageSize } from "./image-size";
import { type EmulatorState, type RichMenu, richMenuJson } from "./state";
import type { RichMenuArea } from "./types";
import { validateRichMenu } from "./validate-rich-menu";

const MAX_IMAGE_BYTES = 1024 * 1024;
const ALIAS_ID = /^[a-zA-Z0-9_-]{1,32}$/;
export const NEEDS_IMAGE = "must upload richmenu image before applying it to user";

/**
 * Rich menus as LINE keeps them: created, given exactly one image, then linked per user or as
 * the default. The content paths live on api-data.line.me at LINE; here they share the origin.
 * Static paths come before `:richMenuId` so `list` and `alias` are not read as ids.
 */
export function richMenuRoutes(state: EmulatorState) {
  const app = new Hono<LineEnv>();
  const changed = () => state.emit({ type: "state" });

  /** A menu that may be shown to users, or LINE's refusal. */
  const applicable = (c: LineContext, id: string): RichMenu | Response => {
    const menu = state.richMenus.get(id);
    if (!menu) return lineError(c, 404, "richmenu not found");
    if (!menu.image) return lineError(c, 400, NEEDS_IMAGE);
    return menu;
  };

  app.get("/v2/bot/richmenu/list", (c) =>
    c.json({ richmenus: [...state.richMenus.values()].map(richMenuJson) }),
  );

  app.get("/v2/bot/richmenu/alias/list", (c) =>
    c.json({
      aliases: [...state.aliases].map(([richMenuAliasId, richMenuId]) => ({ richMenuAliasId, richMenuId })),
    }),
  );
  app.post("/v2/bot/richmenu/alias", (c) => {
    const body = jsonBody(c);
    if (body instanceof Response) return body;
    const alias = body.richMenuAliasId;
    const id = body.richMenuId;
    const problems = [];
    if (typeof alias !== "string" || !ALIAS_ID.test(alias)) {
      problems.push({ property: "richMenuAliasId", message: "must match [a-zA-Z0-9_-]{1,32}" });
    }
    if (typeof id !== "string" || id === "")
      problems.push({ property: "richMenuId", message: "must be specified" });
    if (problems.length > 0) return invalidBody(c, problems);
    if (!state.richMenus.has(id as string)) return lineError(c, 400, "richmenu not found");
    if (state.aliases.has(alias as string)) return lineError(c, 400, "conflict richmenu alias id");
    state.aliases.set(alias as string, id as string);
    changed();
    return c.json({});
  });
  app.get("/v2/bot/richmenu/alias/:aliasId", (c) => {
    const id = state.aliases.get(c.req.param("aliasId"));
    return id
      ? c.json({ richMenuAliasId: c.req.param("aliasId"), richMenuId: id })
      : lineError(c, 404, "richmenu alias not found");
  });
  app.delete("/v2/bot/richmenu/alias/:aliasId", (c) => {
    if (!state.aliases.delete(c.req.param("aliasId"))) return lineError(c, 404, "richmenu alias not found");
    changed();
    return c.json({});
  });

  const bulk = (link: boolean) => (c: LineContext) => {
    const body = jsonBody(c);
    if (body instanceof Response) return body;
    const userIds = body.userIds;
    if (!Array.isArray(userIds) || userIds.length < 1 || userIds.length > 500) {
      return invalidBody(c, [{ property: "userIds", message: "Size must be between 1 and 500" }]);
    }
    let menuId: string | null = null;
    if (link) {
      const menu = applicable(c, String(body.richMenuId ?? ""));
      if (menu instanceof Response) return menu;
      menuId = menu.richMenuId;
    }
    for (const userId of userIds) {
      const user = state.users.get(String(userId));
      if (user) user.linkedRichMenuId = menuId;
    }
    changed();
    return c.json({}, 202);
  };
  app.post("/v2/bot/richmenu/bulk/link", bulk(true));
  app.post("/v2/bot/richmenu/bulk/unlink", bulk(false));

  app.post("/v2/bot/richmenu", (c) => {
    const body = jsonBody(c);
    if (body instanceof Response) return body;
    const problems = validateRichMenu(body);
    if (problems.length > 0) return invalidBody(c, problems);
    const richMenuId = `richmenu-${state.hex32()}`;
    state.richMenus.set(richMenuId, {
      richMenuId,
      size: body.size as RichMenu["size"],
      selected: body.selected as boolean,
      name: body.name as string,
      chatBarText: body.chatBarText as string,
      areas: body.areas as RichMenuArea[],
    });
    changed();
    return c.json({ richMenuId });
  });

  app.post("/v2/bot/richmenu/:richMenuId/content", async (c) => {
    const menu = state.richMenus.get(c.req.param("richMenuId"));
    if (!menu) return lineError(c, 404, "Not found");
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (type !== "image/png" && type !== "image/jpeg") {
      return lineError(c, 415, "The content type must be image/jpeg or image/png");
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length > MAX_IMAGE_BYTES) return lineError(c, 413, "Request entity too large");
    if (menu.image) return lineError(c, 400, "An image has already been uploaded to the richmenu");
    const size = imageSize(bytes);
    if (!size) return lineError(c, 400, "The image could not be read as a JPEG or PNG");
    if (size.width !== menu.size.width || size.height !== menu.size.height) {
      return lineError(
        c,
        400,
        `The image size (${size.width}x${size.height}) does not match the rich menu size (${menu.size.width}x${menu.size.height})`,
      );
    }
    menu.image = { bytes, contentType: type };
    changed();
    return c.json({});
  });
  app.get("/v2/bot/richmenu/:richMenuId/content", (c) => {
    const menu = state.richMenus.get(c.req.param("richMenuId"));
    if (!menu?.image) return lineError(c, 404, "Not found");
    return c.body(binary(menu.image.bytes), 200, { "content-type": menu.image.contentType });
  });
  app.get("/v2/bot/richmenu/:richMenuId", (c) => {
    const menu = state.richMenus.get(c.req.param("richMenuId"));
    return menu ? c.json(richMenuJson(menu)) : lineError(c, 404, "Not found");
  });
  app.delete("/v2/bot/richmenu/:richMenuId", (c) => {
    if (!state.dropRichMenu(c.req.param("richMenuId"))) return lineError(c, 404, "Not found");
    changed();
    return c.json({});
  });

  // The default menu ("all" users). Registered before `:userId` routes so "all" is not a user.
  app.post("/v2/bot/user/all/richmenu/:richMenuId", (c) => {
    const menu = applicable(c, c.req.param("richMenuId"));
    if (menu instanceof Response) return menu;
    state.defaultRichMenuId = menu.richMenuId;
    changed();
    return c.json({});
  });
  app.get("/v2/bot/user/all/richmenu", (c) =>
    state.defaultRichMenuId
      ? c.json({ richMenuId: state.defaultRichMenuId })
      : lineError(c, 404, "no default richmenu"),
  );
  app.delete("/v2/bot/user/all/richmenu", (c) => {
    state.defaultRichMenuId = null;
    changed();
    return c.json({});
  });

  app.post("/v2/bot/user/:userId/richmenu/:richMenuId", (c) => {
    const menu = applicable(c, c.req.param("richMenuId"));
    if (menu instanceof Response) return menu;
    const user = state.users.get(c.req.param("userId"));
    if (!user) return lineError(c, 400, "Invalid user ID");
    user.linkedRichMenuId = menu.richMenuId;
    changed();
    return c.json({});
  });
  app.get("/v2/bot/user/:userId/richmenu", (c) => {
    const linked = state.users.get(c.req.param("userId"))?.linkedRichMenuId;
    return linked ? c.json({ richMenuId: linked }) : lineError(c, 404, "the user has no richmenu");
  });
  app.delete("/v2/bot/user/:userId/richmenu", (c) => {
    const user = state.users.get(c.req.param("userId"));
    if (!user) return lineError(c, 400, "Invalid user ID");
    user.linkedRichMenuId = null;
    changed();
    return c.json({});
  });

  return app;
}
