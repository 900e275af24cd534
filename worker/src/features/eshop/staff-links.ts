/**
 * 線上推廣連結 and 代加入購物車: a staff member's link to a page of the shop, or to a cart they
 * filled from its catalogue. Each is a row (who made it, what for, until when) and an attribution
 * token naming it; the link carries the token as `omo_ref`, the shop passes it back on the order,
 * and the order counts for that staff member (attribution.ts).
 */
import { and, eq, inArray } from "drizzle-orm";
import { shopProducts, staffLinks } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { signLinkToken } from "./attribution";
import { requireShop } from "./shops";

const LINK_DAYS = 30;

export interface MadeLink {
  id: string;
  url: string;
  token: string;
  expiresAt: string;
}

async function made(
  deps: AppDeps,
  row: { shopId: string; staffId: string; kind: "page" | "cart"; targetUrl: string },
  items: Array<{ sku: string; name: string; quantity: number; price: number }> | null,
  build: (token: string) => string,
): Promise<MadeLink> {
  const id = deps.ids.id("lnk");
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + LINK_DAYS * 86_400_000);
  await deps.db.insert(staffLinks).values({ id, ...row, items, expiresAt, createdAt: now });
  const token = await signLinkToken(deps, {
    linkId: id,
    staffId: row.staffId,
    shopId: row.shopId,
    expiresAt,
  });
  return { id, url: build(token), token, expiresAt: expiresAt.toISOString() };
}

/** A link to any page under the shop's address, with the staff member's token on it. */
export async function pageLink(deps: AppDeps, staffId: string, input: { shopId: string; url: string }) {
  const shop = await requireShop(deps, input.shopId);
  let target: URL;
  try {
    target = new URL(input.url, `${shop.baseUrl}/`);
  } catch {
    target = new URL("invalid:");
  }
  if (`${target.origin}` !== new URL(shop.baseUrl).origin)
    throw new AppError(
      "VALIDATION_FAILED",
      say(
        `連結須在商店網址 ${shop.baseUrl} 之下。`,
        `The link must point under the shop's address ${shop.baseUrl}.`,
      ),
      { field: "url" },
    );
  return made(
    deps,
    { shopId: shop.id, staffId, kind: "page", targetUrl: target.toString() },
    null,
    (token) => {
      const u = new URL(target);
      u.searchParams.set("omo_ref", token);
      return u.toString();
    },
  );
}

/** A cart from the catalogue (prices as the catalogue has them), landing on the shop's cart address. */
export async function cartLink(
  deps: AppDeps,
  staffId: string,
  input: { shopId: string; items: Array<{ sku: string; quantity: number }> },
) {
  const shop = await requireShop(deps, input.shopId);
  if (!shop.cartUrlTemplate)
    throw new AppError(
      "UNPROCESSABLE",
      say("此商店尚未設定購物車連結格式。", "This shop has no cart link address set."),
      { field: "shopId" },
    );
  const skus = input.items.map((i) => i.sku);
  const rows = await deps.db
    .select()
    .from(shopProducts)
    .where(
      and(eq(shopProducts.shopId, shop.id), inArray(shopProducts.sku, skus), eq(shopProducts.active, true)),
    );
  const bySku = new Map(rows.map((r) => [r.sku, r]));
  const items = input.items.map((i, n) => {
    const p = bySku.get(i.sku);
    if (!p)
      throw new AppError(
        "NOT_FOUND",
        say(`商品 ${i.sku} 不在商店目錄中。`, `${i.sku} is not in the shop's catalogue.`),
        {
          field: `items.${n}.sku`,
        },
      );
    return { sku: p.sku, name: p.name, quantity: i.quantity, price: p.price };
  });
  const list = items.map((i) => `${encodeURIComponent(i.sku)}:${i.quantity}`).join(",");
  const template = shop.cartUrlTemplate;
  return {
    ...(await made(deps, { shopId: shop.id, staffId, kind: "cart", targetUrl: template }, items, (token) =>
      template.replaceAll("{items}", list).replaceAll("{ref}", encodeURIComponent(token)),
    )),
    items,
    total: items.reduce((n, i) => n + i.quantity * i.price, 0),
  };
}
