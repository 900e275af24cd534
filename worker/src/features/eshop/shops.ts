/**
 * The brand's e-shops: each with its own API key (only its hash kept, answered once, like POS
 * keys), its address (staff links must point under it), where a cart link lands, and its
 * catalogue feed (products JSON or CSV, uploaded by the admin or posted by the shop).
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { shopProducts, shops } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { readCsv } from "../../lib/csv";
import { AppError, say } from "../../lib/errors";
import { sha256Hex } from "../../lib/keys";
import { randomToken } from "../../lib/random-token";

export type ShopRow = typeof shops.$inferSelect;
export type ShopProductRow = typeof shopProducts.$inferSelect;

export interface ShopInput {
  name: string;
  baseUrl: string;
  cartUrlTemplate?: string | undefined;
  platform?: "api" | "shopify" | undefined;
  domain?: string | undefined;
}

/** A new shop and its key (the key is answered this once). */
export async function createShop(deps: Pick<AppDeps, "db" | "ids">, input: ShopInput) {
  const key = `shop_${randomToken(40)}`;
  const id = deps.ids.id("shop");
  await deps.db
    .insert(shops)
    .values({
      id,
      name: input.name,
      baseUrl: input.baseUrl.replace(/\/+$/, ""),
      cartUrlTemplate: input.cartUrlTemplate ?? null,
      platform: input.platform ?? "api",
      domain: input.domain?.toLowerCase() ?? null,
      keyHash: await sha256Hex(key),
    })
    .onConflictDoNothing();
  const [row] = await deps.db.select().from(shops).where(eq(shops.id, id));
  if (!row)
    throw new AppError(
      "CONFLICT",
      say(`已有商店使用網域 ${input.domain}。`, `A shop already has the domain ${input.domain}.`),
      { field: "domain" },
    );
  return { shop: row, key };
}

export const listShops = (deps: Pick<AppDeps, "db">) =>
  deps.db.select().from(shops).where(isNull(shops.revokedAt)).orderBy(asc(shops.createdAt));

/** The shop an API key acts for, or undefined for an unknown or revoked key. */
export async function shopForKey(deps: Pick<AppDeps, "db">, key: string): Promise<ShopRow | undefined> {
  const [row] = await deps.db
    .select()
    .from(shops)
    .where(and(eq(shops.keyHash, await sha256Hex(key)), isNull(shops.revokedAt)));
  return row;
}

export async function requireShop(deps: Pick<AppDeps, "db">, id: string): Promise<ShopRow> {
  const [row] = await deps.db.select().from(shops).where(eq(shops.id, id));
  if (!row || row.revokedAt) throw new AppError("NOT_FOUND", say(`找不到商店 ${id}。`, `No shop ${id}.`));
  return row;
}

export interface CatalogueItem {
  sku: string;
  name: string;
  price: number;
  url?: string | null | undefined;
  imageUrl?: string | null | undefined;
}

/**
 * Replaces the shop's catalogue with these products (an upsert by SKU; SKUs not in the feed are
 * marked inactive), in one batch. A CSV has the header `sku,name,price[,url,imageUrl]`.
 */
export async function putCatalogue(
  deps: Pick<AppDeps, "db" | "clock">,
  shopId: string,
  items: readonly CatalogueItem[],
): Promise<{ products: number }> {
  const now = deps.clock.now();
  const skus = new Set<string>();
  for (const [i, it] of items.entries()) {
    if (skus.has(it.sku))
      throw new AppError("VALIDATION_FAILED", say(`SKU ${it.sku} 重複。`, `SKU ${it.sku} appears twice.`), {
        field: `products.${i}.sku`,
      });
    skus.add(it.sku);
  }
  const { db } = deps;
  await batch(db, [
    db.update(shopProducts).set({ active: false, updatedAt: now }).where(eq(shopProducts.shopId, shopId)),
    ...items.map((it) =>
      db
        .insert(shopProducts)
        .values({
          shopId,
          sku: it.sku,
          name: it.name,
          price: it.price,
          url: it.url ?? null,
          imageUrl: it.imageUrl ?? null,
          active: true,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: [shopProducts.shopId, shopProducts.sku],
          set: {
            name: sql`excluded.name`,
            price: sql`excluded.price`,
            url: sql`excluded.url`,
            imageUrl: sql`excluded.image_url`,
            active: true,
            updatedAt: now,
          },
        }),
    ),
  ]);
  return { products: items.length };
}

/** A catalogue CSV (`sku,name,price[,url,imageUrl]`) as items; a bad row is refused by its line. */
export function catalogueFromCsv(text: string): CatalogueItem[] {
  const rows = readCsv(text);
  const [head, ...body] = rows;
  const cols = (head ?? []).map((h) => h.trim());
  const at = (name: string) => cols.indexOf(name);
  if (at("sku") < 0 || at("name") < 0 || at("price") < 0)
    throw new AppError(
      "VALIDATION_FAILED",
      say("CSV 需要 sku、name、price 欄位。", "The CSV needs the columns sku, name and price."),
      { field: "csv" },
    );
  return body
    .filter((r) => r.some((c) => c.trim() !== ""))
    .map((r, i) => {
      const price = Number((r[at("price")] ?? "").replace(/,/g, ""));
      const sku = (r[at("sku")] ?? "").trim();
      const name = (r[at("name")] ?? "").trim();
      if (!sku || !name || !Number.isInteger(price) || price < 0)
        throw new AppError(
          "VALIDATION_FAILED",
          say(`CSV 第 ${i + 2} 行不正確。`, `Line ${i + 2} of the CSV is not valid.`),
          { field: "csv", line: i + 2 },
        );
      const opt = (name: string) => (at(name) >= 0 ? (r[at(name)] ?? "").trim() || null : null);
      return { sku, name, price, url: opt("url"), imageUrl: opt("imageUrl") };
    });
}

export const catalogue = (deps: Pick<AppDeps, "db">, shopId: string) =>
  deps.db
    .select()
    .from(shopProducts)
    .where(and(eq(shopProducts.shopId, shopId), eq(shopProducts.active, true)))
    .orderBy(asc(shopProducts.sku));
